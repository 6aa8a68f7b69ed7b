/**
 * The web process: builds the app, listens, and closes connections cleanly on SIGINT / SIGTERM.
 */
import { loadConfig } from '../infra/config';
import { closeStores, createStores } from '../infra/stores';
import { buildApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  const stores = createStores(config);
  const app = await buildApp({ config, stores });
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app
      .close()
      .then(() => closeStores(stores))
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  await app.listen({ host: config.web.host, port: config.web.port });
}

main().catch((err: unknown) => {
  console.error('web failed to start:', err);
  process.exit(1);
});
