/**
 * `ciao <products|places> rollback`: points a dated-index alias back at the index before the one it serves,
 * in one atomic `_aliases` call — one command shape for every alias the pipelines swap.
 */
import type { Command } from 'commander';
import { rollbackAlias } from '../activities/search/index-admin';
import { loadConfig } from '../infra/config';
import { createSearchStore } from '../infra/search';

/** Adds `rollback` to `group` for the alias `alias` over the indexes named `<indexPrefix>…`; `what` names them. */
export function registerAliasRollbackCommand(group: Command, target: { readonly alias: string; readonly indexPrefix: string; readonly what: string }): void {
  group
    .command('rollback')
    .description(`point the alias ${target.alias} back at the ${target.what} index before the one it serves (one atomic _aliases call)`)
    .option('--to <index>', 'the index to serve instead (default: the newest one older than the current)')
    .action(async (opts: { to?: string }) => {
      const search = createSearchStore(loadConfig());
      try {
        const { from, to } = await rollbackAlias(search.client, target.alias, target.indexPrefix, opts.to);
        console.log(`${target.alias}: ${from} → ${to}`);
      } finally {
        await search.close();
      }
    });
}
