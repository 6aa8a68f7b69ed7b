/**
 * The web app in its own process for the places benchmark (the load generator keeps its own event loop):
 * `buildApp` on the real stores, searching the alias given, events off (their cost is bench/web's subject),
 * on a spare loopback port reported to the parent over IPC (`{ port }`). SIGTERM closes it.
 *
 *   node --import tsx bench/places/server-child.ts <alias>
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../infra/config';
import { closeStores, createStores } from '../../infra/stores';
import { buildApp } from '../../web/app';

async function main(): Promise<void> {
  const [alias] = process.argv.slice(2);
  if (!alias) throw new Error('usage: server-child.ts <alias>');
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const stores = createStores(config);
  const app = await buildApp({ config, stores, logger: false, placesAlias: alias, events: { enabled: false } });
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
  console.error('bench places server failed:', err);
  process.exit(1);
});
