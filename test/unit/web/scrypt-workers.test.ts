import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from '../../../activities/accounts/password';
import { ScryptWorkers } from '../../../activities/accounts/scrypt-workers';

const FAST = { N: 1024, r: 8, p: 1 };

/** Nice values of this process's threads (Linux). */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe('ScryptWorkers', () => {
  it('derives the same keys as Node on threads of their own at the given nice value, the rest of the process unchanged', async () => {
    const workers = new ScryptWorkers(2, 10);
    try {
      const onThreads = await hashPassword('greenbottle1', FAST, workers.derive);
      assert.equal(await verifyPassword('greenbottle1', onThreads), true, 'Node verifies what the threads hashed');
      const byNode = await hashPassword('greenbottle1', FAST);
      assert.equal(await verifyPassword('greenbottle1', byNode, workers.derive), true);
      assert.equal(await verifyPassword('greenbottle2', byNode, workers.derive), false);
      const nices = threadNices();
      assert.ok(nices.includes(10), `a thread runs at nice 10 (${nices.join(', ')})`);
      assert.equal(nices[0], 0, 'the main thread keeps its priority');
    } finally {
      await workers.close();
    }
  });

  it('runs concurrent derivations on up to `size` threads and refuses work once closed', async () => {
    const workers = new ScryptWorkers(2, 0);
    const stored = await Promise.all(Array.from({ length: 5 }, (_, i) => hashPassword(`pw${i}xxxxxx`, FAST, workers.derive)));
    for (const [i, s] of stored.entries()) assert.equal(await verifyPassword(`pw${i}xxxxxx`, s, workers.derive), true);
    await workers.close();
    await assert.rejects(hashPassword('x', FAST, workers.derive), /closed/);
  });
});
