import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../../../activities/accounts/password';

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

  it('uses the default cost when none is given', async () => {
    const stored = await hashPassword('greenbottle1');
    assert.match(stored, /^scrypt\$32768\$8\$1\$/);
    assert.equal(await verifyPassword('greenbottle1', stored), true);
  });

  it('treats a malformed stored hash as a mismatch', async () => {
    assert.equal(await verifyPassword('x', 'plaintext'), false);
    assert.equal(await verifyPassword('x', 'scrypt$abc$8$1$AAAA$BBBB'), false);
  });

  it('answers false for the dummy verification', async () => {
    assert.equal(await verifyAgainstDummy('anything1'), false);
  });
});
