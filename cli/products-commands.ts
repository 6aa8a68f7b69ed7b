/**
 * `ciao products …`: the no-label product pipeline's tools — the local demo shops, and rolling the search
 * alias back to the previous index.
 */
import type { Command } from 'commander';
import { registerAliasRollbackCommand } from './alias-rollback-command';
import { PRODUCTS_NAMING } from '../activities/products/pipeline-naming';
import { loadConfig } from '../infra/config';
import { startDemoShops } from '../infra/demo-shops/server';

/** Adds `ciao products demo-shops` and `ciao products rollback`. */
export function registerProductsCommands(program: Command): void {
  const products = program.command('products').description('the no-label product pipeline: demo shops, index rollback');

  products
    .command('demo-shops')
    .description('serve the local demo shops (JavaScript-rendered listings, pagination, infinite scroll, failing pages, robots.txt) until Ctrl-C')
    .option('--port <port>', 'port (default: the port of DEMO_SHOPS_URL)')
    .option('--seed <n>', 'catalogue seed', '42')
    .option('--no-failures', 'serve every page without the injected failures')
    .action(async (opts: { port?: string; seed: string; failures: boolean }) => {
      const base = new URL(loadConfig().products.demoShopsUrl);
      const port = Number(opts.port ?? (base.port || 80));
      const server = await startDemoShops({ host: base.hostname, port, seed: Number(opts.seed), failures: opts.failures });
      const counts = [...server.catalogue].map(([shop, listings]) => `${shop} ${listings.length}`).join(', ');
      console.log(`demo shops on ${server.url}/ (${counts} listings); Ctrl-C stops`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    });

  registerAliasRollbackCommand(products, { alias: PRODUCTS_NAMING.alias, indexPrefix: PRODUCTS_NAMING.indexPrefix, what: 'product' });
}
