/**
 * scrypt on threads of their own at a lower priority (`PASSWORD_HASH_NICE`, default 10): a login's ~160 ms of
 * hashing then takes the CPU the pages leave, not the CPU they need. Node's own `crypto.scrypt` also runs off
 * the event loop, but on libuv's pool at the process's priority, where it competes with the pages as an equal.
 *
 * `size` threads, started on first use; a derivation goes to an idle one or waits for one (the web tier's
 * {@link HashLimiter} keeps at most `size` running anyway). A thread that dies is replaced; its derivation
 * fails. The threads do not keep the process alive (`unref`).
 */
import type { ScryptOptions } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ScryptDerive } from './password';

/** One derivation asked of a thread. */
interface ScryptRequest {
  readonly id: number;
  readonly password: string;
  readonly salt: Uint8Array;
  readonly keylen: number;
  readonly options: ScryptOptions;
}

/** Its answer: the key, or the error's message. */
type ScryptReply = { readonly id: number; readonly key: Uint8Array } | { readonly id: number; readonly error: string };

/**
 * The thread's code, evaluated as a CommonJS script (a file would need the TypeScript loader, which worker
 * threads do not inherit under tsx): lower its own priority — on Linux the nice value is per thread, so the
 * rest of the process keeps its own — then answer each {@link ScryptRequest} with a {@link ScryptReply}. Only
 * Node built-ins.
 */
const WORKER_SOURCE = `
const { scryptSync } = require('node:crypto');
const { setPriority } = require('node:os');
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.nice) {
  try { setPriority(workerData.nice); } catch { /* not allowed here: hash at normal priority */ }
}
parentPort.on('message', (m) => {
  let reply;
  try { reply = { id: m.id, key: scryptSync(m.password, m.salt, m.keylen, m.options) }; }
  catch (err) { reply = { id: m.id, error: String((err && err.message) || err) }; }
  parentPort.postMessage(reply);
});
`;

interface Pending {
  readonly resolve: (key: Buffer) => void;
  readonly reject: (err: Error) => void;
}

class ScryptThread {
  private readonly worker: Worker;
  readonly pending = new Map<number, Pending>();

  constructor(nice: number, onExit: (thread: ScryptThread) => void) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { nice } });
    this.worker.unref();
    this.worker.on('message', (reply: ScryptReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if ('key' in reply) pending.resolve(Buffer.from(reply.key));
      else pending.reject(new Error(`scrypt failed: ${reply.error}`));
    });
    const fail = (err: Error) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      onExit(this);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`scrypt thread exited with ${code}`)));
  }

  post(request: ScryptRequest, pending: Pending): void {
    this.pending.set(request.id, pending);
    this.worker.postMessage(request);
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** See the module comment. */
export class ScryptWorkers {
  private threads: ScryptThread[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    /** Threads (`PASSWORD_HASH_CONCURRENCY`). */
    private readonly size: number,
    /** Nice value of the threads, -20 … 19 (`PASSWORD_HASH_NICE`; higher = lower priority). */
    private readonly nice: number,
  ) {}

  /** scrypt on the pool, with the signature the password functions take. */
  readonly derive: ScryptDerive = (password, salt, keylen, options) =>
    new Promise<Buffer>((resolve, reject) => {
      if (this.closed) return reject(new Error('the scrypt threads are closed'));
      const thread = this.pick();
      thread.post({ id: this.nextId++, password, salt, keylen, options }, { resolve, reject });
    });

  /** Stops the threads (derivations in flight fail). */
  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads;
    this.threads = [];
    await Promise.all(threads.map((t) => t.terminate()));
  }

  /** The least busy thread, starting one while there are fewer than `size`. */
  private pick(): ScryptThread {
    const idle = this.threads.find((t) => t.pending.size === 0);
    if (idle) return idle;
    if (this.threads.length < this.size) {
      const thread = new ScryptThread(this.nice, (gone) => {
        this.threads = this.threads.filter((t) => t !== gone);
      });
      this.threads.push(thread);
      return thread;
    }
    return this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }
}
