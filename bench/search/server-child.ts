/**
 * The web app in its own process for the search benchmark (the load generator does not share its event
 * loop): `buildApp` on the real stores, searching the benchmark's index, events off (the publishing cost is
 * bench/web's figure), listening on a spare loopback port reported to the parent over IPC (`{ port }`).
 *
 *   node --import tsx bench/search/server-child.ts <index>
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../infra/config';
import { closeStores, createStores } from '../../infra/stores';
import { buildApp } from '../../web/app';

async function main(): Promise<void> {
  const [index] = process.argv.slice(2);
  if (!index) throw new Error('usage: server-child.ts <index>');
  const config = loadConfig();
  const stores = createStores(config);
  const app = await buildApp({ config, stores, logger: false, events: { enabled: false }, productsIndex: index });
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
  console.error('bench search server failed:', err);
  process.exit(1);
});
