import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backfillDag, cancelBackfill, listBackfills, type BackfillProgress } from '../../../control/backfill';
import { setDagPaused } from '../../../control/pause';
import { manualRunInterval } from '../../../control/run-interval';
import { getDag } from '../../../control/registry';
import { getRunState, waitForRun } from '../../../control/runs';
import { syncSchedules } from '../../../schedules/sync';
import type { BackfillState } from '../../../workflows/dag/backfill';
import { DAGS } from '../../../workflows/dags';
import { useStores } from '../../support/stores';
import { useWorker } from '../../support/worker';

const { config, stores } = useStores();
useWorker(config, stores);

const DAG = 'example_features';
/** A random run of `days` days in 1970–2000 (Seoul's 1987–88 summer time included), so reruns of the test hardly ever meet their own earlier runs. */
function freshRange(days: number): { from: Date; to: Date } {
  const start = Date.UTC(1970, 0, 1) + Math.floor(Math.random() * 11_000) * 86_400_000;
  return { from: new Date(start), to: new Date(start + days * 86_400_000 - 1) };
}

describe('backfills as objects, and unpausing as Airflow does it', () => {
  it('runs only intervals that have ended, newest first when asked, and lists the backfill with its progress', { timeout: 120_000 }, async () => {
    const client = await stores.temporal.client();
    const { from } = freshRange(3);
    // Four daily intervals start in the range; with "now" inside the third one, only the first two have ended.
    const now = new Date(from.getTime() + 2 * 86_400_000 + 20 * 3_600_000);
    const events: BackfillProgress[] = [];
    const result = await backfillDag(client, DAG, { from, to: new Date(from.getTime() + 4 * 86_400_000 - 1), now, newestFirst: true, conf: { items: 0 }, onProgress: (p) => events.push(p), pollMs: 200 });
    assert.equal(result.total, 2, 'the two ended intervals');
    assert.equal(result.notEnded, 2, 'the two that had not ended are counted, not run');
    assert.equal(result.succeeded, 2);
    assert.equal(result.status, 'completed');
    const started = events.filter((e) => e.last?.event === 'started').map((e) => e.last?.logicalDate ?? '');
    assert.equal(started.length, 2);
    assert.ok(started[0]! > started[1]!, `newest first: ${started.join(', ')}`);

    const listed = (await listBackfills(client, DAG)).find((b) => b.backfillId === result.backfillId);
    assert.ok(listed, 'the backfill is listed as one object');
    assert.equal(listed.progress?.succeeded, 2);
    assert.match(result.backfillId, /^backfill:example_features:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00:/);

    const again = await backfillDag(client, DAG, { from, to: new Date(from.getTime() + 4 * 86_400_000 - 1), now, conf: { items: 0 }, pollMs: 200 });
    assert.equal(again.skipped, 2, 'a second backfill of the range skips what ran');
  });

  it('a cancelled backfill starts no more runs, and the runs it started finish', { timeout: 180_000 }, async () => {
    const client = await stores.temporal.client();
    const { from, to } = freshRange(20);
    // Each run waits for its sensor (3 pokes, 1 s apart), one run at a time.
    const started = await backfillDag(client, DAG, { from, to, conf: { items: 0, readyAfterPokes: 3 }, maxActive: 1, wait: false });
    assert.equal(started.total, 20);
    const handle = client.workflow.getHandle(started.backfillId);
    const deadline = Date.now() + 60_000;
    let state = await handle.query<BackfillState>('backfill');
    while (state.counts.running + state.counts.success < 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      state = await handle.query<BackfillState>('backfill');
    }
    await cancelBackfill(client, started.backfillId);
    const final = (await handle.result()) as BackfillState;
    assert.equal(final.status, 'cancelled');
    assert.ok(final.counts.not_started >= 15, `most intervals were never started (${JSON.stringify(final.counts)})`);
    assert.equal(final.counts.running, 0, 'the started runs finished');
    assert.ok(final.counts.success >= 1);
    for (const item of final.items.filter((i) => i.state === 'success')) assert.equal((await getRunState(client, `dag:${DAG}:${item.logicalDate}`)).status, 'success');
    await assert.rejects(cancelBackfill(client, started.backfillId), /is not running/);
  });

  it('unpausing a DAG with catch-up off runs its latest complete interval at once', { timeout: 120_000 }, async () => {
    const client = await stores.temporal.client();
    await syncSchedules(client, DAGS);
    assert.equal(getDag(DAG).schedule?.catchup ?? false, false);
    const now = new Date();
    const out = await setDagPaused(client, DAG, false, { now });
    try {
      const expected = manualRunInterval(getDag(DAG), undefined, now);
      assert.equal(out.latest?.logicalDate, expected.logicalDate);
      assert.ok(new Date(expected.dataInterval.end).getTime() <= now.getTime(), 'the interval has ended');
      assert.ok(new Date(expected.dataInterval.end).getTime() > now.getTime() - 86_400_000, 'and it is the latest one');
      const result = await waitForRun(client, out.latest?.workflowId ?? '');
      assert.equal(result.dataInterval.start, expected.dataInterval.start);
    } finally {
      await setDagPaused(client, DAG, true, { note: 'test done' });
    }
  });
});
