/**
 * `ciao dags pause | unpause`: pausing a DAG pauses its Temporal Schedule (runs already started go on).
 */
import type { Client } from '@temporalio/client';
import { DagError } from '../domain/errors';
import { scheduleIdOf } from '../schedules/sync';
import { getDag } from './registry';

/** Pauses or unpauses the schedule of `dagId`. */
export async function setDagPaused(client: Client, dagId: string, paused: boolean, note = paused ? 'paused with ciao' : 'unpaused with ciao'): Promise<void> {
  const dag = getDag(dagId);
  if (!dag.schedule) throw new DagError('DagInvalid', `DAG "${dagId}" has no schedule to pause`, { dagId });
  const handle = client.schedule.getHandle(scheduleIdOf(dagId));
  if (paused) await handle.pause(note);
  else await handle.unpause(note);
}
