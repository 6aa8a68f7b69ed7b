import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from '../../../activities/accounts/password';

const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('greenbottle1', FAST);
    assert.equal(await verifyPassword('greenbottle1', stored), true);
    assert.equal(await verifyPassword('greenbottle2', stored), false);
  });

  it('stores the parameters and a per-password salt, never the password', async () => {
    const a = await hashPassword('greenbottle1', FAST);
    const b = await hashPassword('greenbottle1', FAST);
    assert.match(a, /^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    assert.notEqual(a, b);
    assert.ok(!a.includes('greenbottle1'));
  });

  it("uses OWASP's N=2^15 r=8 p=3 when no cost is given, and still verifies hashes of the earlier p=1", async () => {
    const stored = await hashPassword('greenbottle1');
    assert.match(stored, /^scrypt\$32768\$8\$3\$/);
    assert.equal(await verifyPassword('greenbottle1', stored), true);
    const earlier = await hashPassword('greenbottle1', { N: 2 ** 15, r: 8, p: 1 });
    assert.equal(await verifyPassword('greenbottle1', earlier), true);
  });

  it('asks for a new hash when the stored one is weaker than the default (or not ours)', async () => {
    assert.equal(needsRehash(await hashPassword('greenbottle1', { N: 2 ** 15, r: 8, p: 1 })), true);
    assert.equal(needsRehash(await hashPassword('greenbottle1', FAST)), true);
    assert.equal(needsRehash('plaintext'), true);
    assert.equal(needsRehash(['scrypt', DEFAULT_SCRYPT.N, DEFAULT_SCRYPT.r, DEFAULT_SCRYPT.p, 'AAAA', 'BBBB'].join('$')), false);
    assert.equal(needsRehash(['scrypt', 2 ** 17, 8, 1, 'AAAA', 'BBBB'].join('$')), false, 'a stronger OWASP setting is kept');
  });

  it('hashes off the event loop (Node\'s scrypt on libuv\'s pool): timers keep firing while a default-cost hash runs', async () => {
    let last = performance.now();
    let longestGap = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 1);
    const started = performance.now();
    await hashPassword('greenbottle1');
    const took = performance.now() - started;
    clearInterval(tick);
    // On the event loop the longest gap would be the whole hash; off it, the loop only waits for other work.
    assert.ok(took > 40, `the hash took ${took.toFixed(0)} ms`);
    assert.ok(longestGap < took / 2, `the event loop stalled for ${longestGap.toFixed(0)} ms of a ${took.toFixed(0)} ms hash`);
  });

  it('treats a malformed stored hash as a mismatch', async () => {
    assert.equal(await verifyPassword('x', 'plaintext'), false);
    assert.equal(await verifyPassword('x', 'scrypt$abc$8$1$AAAA$BBBB'), false);
  });

  it('answers false for the dummy verification', async () => {
    assert.equal(await verifyAgainstDummy('anything1'), false);
  });
});
