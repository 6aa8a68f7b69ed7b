/**
 * The web app in its own process for the read benchmarks (search, places), so the load generator keeps its own
 * event loop: `buildApp` on the real stores, events off (their cost is bench/web's subject), reading the index
 * or alias it is given, on a spare loopback port reported to the parent over IPC (`{ port }`). SIGTERM closes it.
 *
 *   node --import tsx bench/support/search-app-child.ts products <index>
 *   node --import tsx bench/support/search-app-child.ts places <alias>
 *
 * (bench/web/server-child.ts stays apart: bench/web/mypage-logins.ts runs an older tree's copy of it.)
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../infra/config';
import { closeStores, createStores } from '../../infra/stores';
import { buildApp } from '../../web/app';

async function main(): Promise<void> {
  const [kind, name] = process.argv.slice(2);
  if ((kind !== 'products' && kind !== 'places') || !name) throw new Error('usage: search-app-child.ts <products|places> <index or alias>');
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const stores = createStores(config);
  const app = await buildApp({ config, stores, logger: false, events: { enabled: false }, ...(kind === 'products' ? { productsIndex: name } : { placesAlias: name }) });
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
  console.error(`bench ${process.argv[2] ?? ''} server failed:`, err);
  process.exit(1);
});
