/**
 * Test support: a real WebHDFS client that can be made to "go away" from its n-th call on (every later call
 * throws `ServiceUnavailable`, as the client does when the NameNode does not answer), so a test can fail an
 * operation between any two of its steps against the real server.
 */
import { InfraError } from '../../domain/errors';
import type { HdfsClient } from '../../infra/hdfs';

/** A client whose calls fail from a chosen one on. */
export interface FailingHdfs {
  readonly hdfs: HdfsClient;
  /** Calls made so far. */
  readonly calls: number;
  /** Let calls `0 … n-1` (counted from now) through and fail every later one; `Infinity` never fails. */
  downAfter(n: number): void;
}

/** Wraps `real`; it starts healthy. */
export function failingHdfs(real: HdfsClient): FailingHdfs {
  let calls = 0;
  let failFrom = Infinity;
  const guard = <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) => (...args: A): Promise<R> => {
    const n = calls++;
    if (n >= failFrom) return Promise.reject(new InfraError('ServiceUnavailable', `WebHDFS ${name} failed: HDFS is down (test)`));
    return fn(...args);
  };
  const hdfs: HdfsClient = {
    mkdirs: guard('MKDIRS', (p) => real.mkdirs(p)),
    writeFile: guard('CREATE', (p, d, o) => real.writeFile(p, d, o)),
    readFile: guard('OPEN', (p) => real.readFile(p)),
    rename: guard('RENAME', (f, t, o) => real.rename(f, t, o)),
    delete: guard('DELETE', (p, o) => real.delete(p, o)),
    list: guard('LISTSTATUS', (p) => real.list(p)),
    stat: guard('GETFILESTATUS', (p) => real.stat(p)),
  };
  return {
    hdfs,
    get calls() {
      return calls;
    },
    downAfter(n) {
      failFrom = calls + n;
    },
  };
}
