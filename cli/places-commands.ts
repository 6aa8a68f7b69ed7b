/**
 * `ciao places …`: the less-waste places pipeline's tools — a run's report (rejects with reasons, skipped
 * rows, duplicates, the swap) and rolling the places alias back to the previous index.
 */
import type { Command } from 'commander';
import { registerAliasRollbackCommand } from './alias-rollback-command';
import { PLACES_NAMING } from '../activities/places/places-naming';
import { placesRunReport } from '../activities/places/run-report';
import { DagError } from '../domain/errors';
import { logicalDateOf } from '../control/run-interval';
import { finalResult } from '../control/runs';
import { getDag } from '../control/registry';
import { dagRunWorkflowId } from '../workflows/dag/ids';
import { loadConfig } from '../infra/config';
import { createTemporalStore } from '../infra/temporal';

/** Adds `ciao places report` and `ciao places rollback`. */
export function registerPlacesCommands(program: Command): void {
  const places = program.command('places').description('the less-waste places pipeline: run report, index rollback');

  places
    .command('report')
    .argument('<logical-date>', 'the lesswaste_places run\'s logical date (as for `dags state`)')
    .description('what a lesswaste_places run read, rejected (line and reason), skipped, merged and swapped')
    .action(async (date: string) => {
      const config = loadConfig();
      const temporal = createTemporalStore(config);
      try {
        const runId = dagRunWorkflowId('lesswaste_places', logicalDateOf(getDag('lesswaste_places'), date));
        const result = await finalResult(await temporal.client(), runId);
        if (!result) throw new DagError('DagRunAmbiguous', `${runId} is still running; try again when it has ended`, { runId });
        console.log(`${runId}  ${result.status.toUpperCase()}`);
        for (const line of placesRunReport(result.outputs)) console.log(line);
      } finally {
        await temporal.close();
      }
    });

  registerAliasRollbackCommand(places, { alias: PLACES_NAMING.alias, indexPrefix: PLACES_NAMING.indexPrefix, what: 'places' });
}
