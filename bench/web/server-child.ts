/**
 * The web app in its own process for the web benchmark, so the load generator does not share its event loop:
 * `buildApp` on the real stores, events on or off, listening on a spare loopback port that it reports to the
 * parent over IPC (`{ port }`). SIGTERM closes it (flushing events for at most EVENTS_FLUSH_TIMEOUT_S).
 *
 *   node --import tsx bench/web/server-child.ts <on|off> <topic>
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../infra/config';
import { closeStores, createStores } from '../../infra/stores';
import { buildApp } from '../../web/app';

async function main(): Promise<void> {
  const [mode, topic] = process.argv.slice(2);
  if ((mode !== 'on' && mode !== 'off') || !topic) throw new Error('usage: server-child.ts <on|off> <topic>');
  const config = loadConfig();
  const stores = createStores(config);
  const app = await buildApp({ config, stores, logger: false, events: { enabled: mode === 'on', publisher: { topic } } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.once('SIGTERM', () => {
    void app
      .close()
      .then(() => closeStores(stores))
      .finally(() => process.exit(0));
  });
  process.send?.({ port: (app.server.address() as AddressInfo).port });
}

main().catch((err: unknown) => {
  console.error('bench web server failed:', err);
  process.exit(1);
});
