/**
 * A small typed WebHDFS client over `fetch`.
 *
 * Why not the npm `webhdfs` package: it is built on the deprecated `request` library, untyped, and buffers
 * its redirects in ways that break with Node's fetch-era streams; the REST API we need is six calls.
 * Writes follow WebHDFS's two-step protocol: the NameNode answers 307 with a DataNode location, and the
 * data is sent there.
 */
import http from 'node:http';
import type { Config } from './config';
import { InfraError } from '../domain/errors';
import { probe, type StoreClient } from './health';

/** One entry of a directory listing (`FileStatus` of the WebHDFS API). */
export interface HdfsFileStatus {
  readonly pathSuffix: string;
  readonly type: 'FILE' | 'DIRECTORY' | 'SYMLINK';
  /** Bytes. */
  readonly length: number;
  /** Milliseconds since the epoch. */
  readonly modificationTime: number;
  readonly owner: string;
  readonly permission: string;
  readonly replication: number;
}

/** The WebHDFS operations the project uses. Paths are absolute HDFS paths (`/ciao/...`). */
export interface HdfsClient {
  /** Creates the directory and its parents; true when it exists afterwards. */
  mkdirs(path: string): Promise<boolean>;
  /** Writes a file in one request, replacing it when `overwrite` (default true). */
  writeFile(path: string, data: Uint8Array | string, options?: { overwrite?: boolean }): Promise<void>;
  /** Reads a whole file. @throws InfraError `NotFound` when missing */
  readFile(path: string): Promise<Buffer>;
  /**
   * Renames (moves) `from` to `to`; false when HDFS refused (e.g. `to` exists). With `overwrite` (default
   * false) a file at `to` is replaced in the same atomic NameNode step (WebHDFS `renameoptions=OVERWRITE`;
   * a directory `to` only when empty) and a refusal throws instead of answering false.
   */
  rename(from: string, to: string, options?: { overwrite?: boolean }): Promise<boolean>;
  /** Deletes a file or directory; false when it did not exist. */
  delete(path: string, options?: { recursive?: boolean }): Promise<boolean>;
  /** Lists a directory. @throws InfraError `NotFound` when missing */
  list(path: string): Promise<HdfsFileStatus[]>;
  /** Status of one path, or undefined when it does not exist. */
  stat(path: string): Promise<HdfsFileStatus | undefined>;
}

/** The HDFS client plus health and close. */
export interface HdfsStore extends StoreClient {
  readonly hdfs: HdfsClient;
}

/**
 * Sends the bytes of a write to the DataNode. Not `fetch`: the DataNode answers every write with an
 * unsolicited `100 Continue` before its real status, which Node's fetch (undici) rejects as a bad response;
 * `node:http` treats it as the informational response it is.
 */
function sendToDataNode(method: string, target: string, body: Uint8Array, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method, timeout: timeoutMs, headers: { 'content-type': 'application/octet-stream', 'content-length': body.byteLength } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => reject(new InfraError('ServiceUnavailable', `WebHDFS ${method} to DataNode failed: ${err.message}`, { target }, { cause: err })));
    req.end(body);
  });
}

interface RemoteExceptionBody {
  RemoteException?: { exception?: string; message?: string };
}

/** Creates a WebHDFS client for `config.hdfs.url`, acting as `config.hdfs.user`. */
export function createHdfsStore(config: Config, options: { timeoutMs?: number } = {}): HdfsStore {
  const base = `${config.hdfs.url}/webhdfs/v1`;
  const timeoutMs = options.timeoutMs ?? 30_000;

  const url = (path: string, op: string, params: Record<string, string> = {}): string => {
    if (!path.startsWith('/')) throw new InfraError('ValidationFailed', `HDFS path must be absolute: ${path}`);
    const q = new URLSearchParams({ op, 'user.name': config.hdfs.user, ...params });
    return `${base}${encodeURI(path)}?${q.toString()}`;
  };

  const call = async (method: string, target: string, init: RequestInit = {}): Promise<Response> => {
    try {
      return await fetch(target, { method, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), ...init });
    } catch (err) {
      throw new InfraError('ServiceUnavailable', `WebHDFS ${method} failed: ${(err as Error).message}`, { target }, { cause: err });
    }
  };

  const fail = async (res: Response, what: string, path: string): Promise<never> => {
    const text = await res.text();
    let exception = 'HttpError';
    let message = text.slice(0, 300);
    try {
      const body = JSON.parse(text) as RemoteExceptionBody;
      exception = body.RemoteException?.exception ?? exception;
      message = body.RemoteException?.message ?? message;
    } catch {
      // not JSON: keep the raw text
    }
    const code = res.status === 404 || exception === 'FileNotFoundException' ? 'NotFound' : 'ServiceUnavailable';
    throw new InfraError(code, `HDFS ${what} ${path}: ${exception}: ${message}`, { status: res.status, exception, path });
  };

  const json = async <T>(res: Response, what: string, path: string): Promise<T> => {
    if (!res.ok) return fail(res, what, path);
    return (await res.json()) as T;
  };

  /** Follows the NameNode's 307 to the DataNode that takes the bytes. */
  const sendData = async (method: string, first: string, data: Uint8Array | string, path: string): Promise<void> => {
    const redirect = await call(method, first);
    const location = redirect.headers.get('location');
    if (redirect.status !== 307 || !location) return fail(redirect, `${method} (redirect)`, path);
    await redirect.arrayBuffer();
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const res = await sendToDataNode(method, location, body, timeoutMs);
    if (res.status < 200 || res.status >= 300) return fail(new Response(res.body, { status: res.status }), method, path);
  };

  const hdfs: HdfsClient = {
    async mkdirs(path) {
      const body = await json<{ boolean: boolean }>(await call('PUT', url(path, 'MKDIRS')), 'MKDIRS', path);
      return body.boolean;
    },
    async writeFile(path, data, opts = {}) {
      await sendData('PUT', url(path, 'CREATE', { overwrite: String(opts.overwrite ?? true) }), data, path);
    },
    async readFile(path) {
      let res = await call('GET', url(path, 'OPEN'));
      const location = res.headers.get('location');
      if (res.status === 307 && location) {
        await res.arrayBuffer();
        res = await call('GET', location);
      }
      if (!res.ok) return fail(res, 'OPEN', path);
      return Buffer.from(await res.arrayBuffer());
    },
    async rename(from, to, opts = {}) {
      if (opts.overwrite) {
        // rename2 answers an empty 200 on success and a RemoteException otherwise.
        const res = await call('PUT', url(from, 'RENAME', { destination: to, renameoptions: 'OVERWRITE' }));
        if (!res.ok) return fail(res, 'RENAME', from);
        await res.arrayBuffer();
        return true;
      }
      const body = await json<{ boolean: boolean }>(await call('PUT', url(from, 'RENAME', { destination: to })), 'RENAME', from);
      return body.boolean;
    },
    async delete(path, opts = {}) {
      const body = await json<{ boolean: boolean }>(
        await call('DELETE', url(path, 'DELETE', { recursive: String(opts.recursive ?? false) })),
        'DELETE',
        path,
      );
      return body.boolean;
    },
    async list(path) {
      const body = await json<{ FileStatuses: { FileStatus: HdfsFileStatus[] } }>(await call('GET', url(path, 'LISTSTATUS')), 'LISTSTATUS', path);
      return body.FileStatuses.FileStatus;
    },
    async stat(path) {
      const res = await call('GET', url(path, 'GETFILESTATUS'));
      if (res.status === 404) {
        await res.arrayBuffer();
        return undefined;
      }
      const body = await json<{ FileStatus: HdfsFileStatus }>(res, 'GETFILESTATUS', path);
      return body.FileStatus;
    },
  };

  return {
    name: 'hdfs',
    hdfs,
    // WebHDFS answers before a DataNode has registered, when reads and writes still fail: ready means the
    // NameNode is operational *and* has a live DataNode.
    health: () =>
      probe('hdfs', async () => {
        const res = await call('GET', `${config.hdfs.url}/jmx?qry=Hadoop:service=NameNode,name=FSNamesystemState`);
        if (!res.ok) return fail(res, 'JMX', '/');
        const body = (await res.json()) as { beans?: { FSState?: string; NumLiveDataNodes?: number }[] };
        const state = body.beans?.[0];
        if (state?.FSState !== 'Operational' || (state.NumLiveDataNodes ?? 0) < 1) {
          throw new Error(`namenode ${state?.FSState ?? 'unknown'}, ${state?.NumLiveDataNodes ?? 0} live datanode(s)`);
        }
        return `namenode operational, ${state.NumLiveDataNodes} live datanode(s)`;
      }),
    close: () => Promise.resolve(),
  };
}
