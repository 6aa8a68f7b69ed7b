/**
 * Test support: a TCP proxy in front of a real server that a test can cut (the server looks down: refused
 * connections, dropped sockets) and restore, without stopping the shared server itself. Counts the HTTP
 * requests it forwards, so a test can cut in the middle of a task.
 */
import net from 'node:net';

/** A running proxy. */
export interface TcpProxy {
  /** Port the proxy listens on (127.0.0.1). */
  readonly port: number;
  /** HTTP requests forwarded so far (request lines seen). */
  readonly requests: number;
  /** Cut the proxy once `n` requests have been forwarded (the n-th itself goes through). */
  cutAfter(n: number): void;
  /** Refuse new connections and drop the open ones. */
  cut(): Promise<void>;
  /** Accept connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy to `host:port` on a free local port. */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let requests = 0;
  let cutAt = Infinity;
  let listening = false;
  let server: net.Server;
  let proxyPort = 0;

  const proxy: TcpProxy = {
    get port() {
      return proxyPort;
    },
    get requests() {
      return requests;
    },
    cutAfter(n) {
      cutAt = n;
    },
    async cut() {
      cutAt = Infinity;
      if (listening) {
        listening = false;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const s of sockets) s.destroy();
        });
      }
    },
    async restore() {
      if (listening) return;
      await listen(proxyPort);
    },
    close: () => proxy.cut(),
  };

  const listen = (onPort: number) =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(port, host);
        sockets.add(client);
        sockets.add(upstream);
        client.on('data', (chunk: Buffer) => {
          requests += (chunk.toString('latin1').match(/^[A-Z]+ \S+ HTTP\/1\.[01]\r$/gm) ?? []).length;
          upstream.write(chunk);
          if (requests >= cutAt) void proxy.cut();
        });
        upstream.on('data', (chunk: Buffer) => client.write(chunk));
        const end = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('close', end).on('error', end);
        upstream.on('close', end).on('error', end);
      });
      server.once('error', reject);
      server.listen(onPort, '127.0.0.1', () => {
        proxyPort = (server.address() as net.AddressInfo).port;
        listening = true;
        resolve();
      });
    });
  await listen(0);
  return proxy;
}
