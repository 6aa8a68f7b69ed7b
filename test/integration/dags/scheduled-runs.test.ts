import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import { getDag } from '../../../control/registry';
import { getRunState, startRun, waitForRun } from '../../../control/runs';
import { TASK_QUEUES } from '../../../infra/contracts';
import { formatInterval, intervalEndingAt, nextFire } from '../../../schedules/cron';
import { formatInZone } from '../../../schedules/zone-time';
import { dagRunWorkflowId } from '../../../workflows/dag/ids';
import { useStores, uniqueSuffix } from '../../support/stores';
import { useWorker } from '../../support/worker';

const { config, stores } = useStores();
useWorker(config, stores);

const SEOUL = 'Asia/Seoul';
/**
 * Every 10 seconds, so the test is quick: for our timetable a six-field cron (seconds first, as cron-parser
 * reads it); for Temporal the same times as a calendar spec (its six-field cron strings mean something else).
 */
const EVERY_10S = '*/10 * * * * *';
const EVERY_10S_CALENDAR = { second: [{ start: 0, end: 59, step: 10 }], minute: [{ start: 0, end: 59 }], hour: [{ start: 0, end: 23 }] };

/** The runDag workflow ids scheduledDagRun children of `scheduleId` started, by polling the visibility store. */
async function childRunsOf(client: Client, scheduleId: string, want: number, timeoutMs: number): Promise<{ parent: string; status: string; result: unknown }[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found: { parent: string; status: string; result: unknown }[] = [];
    for await (const wf of client.workflow.list({ query: `WorkflowType = "scheduledDagRun" AND TemporalScheduledById = "${scheduleId}"` })) {
      if (wf.status.name !== 'COMPLETED') continue;
      found.push({ parent: wf.workflowId, status: wf.status.name, result: await client.workflow.getHandle(wf.workflowId, wf.runId).result() });
    }
    if (found.length >= want || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe('a real Temporal Schedule firing scheduledDagRun', () => {
  it('runs the interval that just ended, with the id a manual run of it has, and never runs an interval twice', { timeout: 120_000 }, async () => {
    const client = await stores.temporal.client();
    const scheduleId = `test-scheduled-interval-${uniqueSuffix()}`;
    // The interval the Schedule's first fire will cover, taken manually first: that fire must find it.
    const firstFire = nextFire(EVERY_10S, SEOUL, new Date(Date.now() + 3000));
    const preTaken = formatInterval(intervalEndingAt(EVERY_10S, SEOUL, firstFire), SEOUL);
    const manualDag = 'example_features';
    const handle = await client.schedule.create({
      scheduleId,
      spec: { calendars: [EVERY_10S_CALENDAR], timezone: SEOUL },
      action: { type: 'startWorkflow', workflowType: 'scheduledDagRun', taskQueue: TASK_QUEUES.dags, workflowId: `test-schedule:${scheduleId}`, args: [{ dagId: manualDag, cron: EVERY_10S, timezone: SEOUL }] },
      policies: { overlap: 'ALLOW_ALL', catchupWindow: '1 minute' },
    });
    try {
      // Taken as a backfill takes an interval (startRun with the interval's start as logical date).
      const manual = await startRun(client, getDag(manualDag), { logicalDate: preTaken.start, dataInterval: preTaken, params: { items: 0, gateRequired: false, readyAfterPokes: 1 } });
      assert.equal(manual.started, true);

      const fired = await childRunsOf(client, scheduleId, 2, 60_000);
      await handle.pause('test done');
      assert.ok(fired.length >= 2, `the schedule fired at least twice (got ${fired.length})`);
      const results = fired.map((f) => f.result as { logicalDate: string; dataInterval: { start: string; end: string } } | null | undefined);
      const duplicates = results.filter((r) => r == null);
      assert.equal(duplicates.length, 1, 'exactly one fire found its interval already run (the manual run) and ran nothing');

      const ran = results.filter((r): r is NonNullable<typeof r> => r != null);
      assert.ok(ran.length >= 1);
      for (const r of ran) {
        const start = new Date(r.dataInterval.start);
        const end = new Date(r.dataInterval.end);
        assert.equal(end.getTime() - start.getTime(), 10_000, `a 10-second interval, not an empty one: ${JSON.stringify(r.dataInterval)}`);
        assert.equal(r.logicalDate, r.dataInterval.start, 'the logical date is the interval start');
        assert.equal(r.logicalDate, formatInZone(start, SEOUL), 'with the +09:00 offset');
        assert.ok(end.getTime() <= Date.now(), 'the interval had ended when it ran');
        const state = await getRunState(client, dagRunWorkflowId(manualDag, r.logicalDate));
        assert.deepEqual(state.dataInterval, r.dataInterval);
      }
      assert.ok(!ran.some((r) => r.logicalDate === preTaken.start), 'the pre-taken interval was not run again');
      const manualResult = await waitForRun(client, manual.workflowId, manual.runId);
      assert.equal(manualResult.status, 'success');
    } finally {
      await handle.delete().catch(() => undefined);
    }
  });
});
