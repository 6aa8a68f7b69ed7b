/**
 * `ciao schedules sync | list`: the Temporal Schedules of the DAGs.
 */
import type { Command } from 'commander';
import { loadConfig, type Config } from '../infra/config';
import { createTemporalStore } from '../infra/temporal';
import { listDagSchedules, syncSchedules } from '../schedules/sync';
import { DAGS } from '../workflows/dags';
import { formatInZone, isKnownTimezone } from '../schedules/zone-time';
import { renderTable } from './table';

/** Applies every DAG's schedule to Temporal and prints the diff. */
export async function syncAllSchedules(config: Config, options: { dryRun?: boolean } = {}): Promise<void> {
  const temporal = createTemporalStore(config);
  try {
    const diff = await syncSchedules(await temporal.client(), DAGS, options);
    if (diff.length === 0) console.log(`schedules: ${DAGS.filter((d) => d.schedule).length} in sync, nothing to change`);
    for (const d of diff) console.log(`schedules: ${options.dryRun ? 'would ' : ''}${d.action} ${d.scheduleId}${d.detail ? ` (${d.detail})` : ''}`);
  } finally {
    await temporal.close();
  }
}

/** Adds the `schedules` command group. */
export function registerScheduleCommands(program: Command): void {
  const schedules = program.command('schedules').description('Temporal Schedules of the DAGs');
  schedules
    .command('sync')
    .option('--dry-run', 'print the diff without applying it')
    .description('create, update and delete Temporal Schedules so they match the DAG definitions (idempotent)')
    .action(async (opts: { dryRun?: boolean }) => syncAllSchedules(loadConfig(), opts));
  schedules
    .command('list')
    .option('--json', 'machine-readable output')
    .description('the DAG schedules Temporal has, with their next run')
    .action(async (opts: { json?: boolean }) => {
      const temporal = createTemporalStore(loadConfig());
      try {
        const rows = await listDagSchedules(await temporal.client());
        if (opts.json) console.log(JSON.stringify(rows, null, 2));
        // Next runs in each schedule's own zone with its offset, as every CLI table shows times.
        else console.log(renderTable(['schedule', 'cron', 'timezone', 'paused', 'next run'], rows.map((r) => [r.scheduleId, r.cron, r.timezone, r.paused, r.nextRun && isKnownTimezone(r.timezone) ? formatInZone(new Date(r.nextRun), r.timezone) : r.nextRun])));
      } finally {
        await temporal.close();
      }
    });
}
