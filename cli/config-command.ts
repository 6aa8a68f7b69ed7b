/**
 * `ciao config`: the configuration variables, their defaults and current values.
 */
import type { Command } from 'commander';
import { EnvSchema, PROJECT_ROOT, loadConfig } from '../infra/config';
import { renderTable } from './table';

/** Adds `ciao config [--markdown]`. */
export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .option('--markdown', 'print the README table')
    .description('show every configuration variable with its default and current value')
    .action((opts: { markdown?: boolean }) => {
      const config = loadConfig();
      const rows = Object.entries(EnvSchema.properties).map(([name, schema]) => {
        const s = schema as { default?: unknown; description?: string };
        return [name, String(s.default), String((config.env as Record<string, unknown>)[name]), s.description ?? ''];
      });
      if (opts.markdown) {
        console.log('| variable | default | meaning |\n|---|---|---|');
        for (const [name, def, , desc] of rows) console.log(`| \`${name}\` | \`${def?.startsWith(PROJECT_ROOT) ? `<repo>${def.slice(PROJECT_ROOT.length)}` : def}\` | ${desc} |`);
      } else {
        console.log(renderTable(['variable', 'current', 'meaning'], rows.map(([n, , cur, d]) => [n, cur, d])));
      }
    });
}
