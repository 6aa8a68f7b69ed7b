import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { WarmRetention } from '../../../activities/logs/warm-tier';
import { rankDimensions } from '../../../activities/logs/daily-aggregates';
import { addDays } from '../../../activities/logs/retention';
import { backfillDag } from '../../../control/backfill';
import { clearRun } from '../../../control/clear';
import { waitForRun } from '../../../control/runs';
import type { EventUser } from '../../../domain/events';
import { COLLECTIONS, aggKey, searchRankKey } from '../../../infra/contracts';
import { parseDateInZone } from '../../../schedules/zone-time';
import { dagRunWorkflowId } from '../../../workflows/dag/ids';
import { useStores } from '../../support/stores';
import { useWorker } from '../../support/worker';
import { fillHotTier, hotEvent } from './fill-hot-tier';
import { forgetRuns } from './forget-runs';

const { config, stores } = useStores();
useWorker(config, stores);

const DAG = 'logs_warm_tier';
/** The test's days are synthetic (2004–2007) and no aggregator reads logs.raw here: skip the sensor (tested on its own). */
const NO_WAIT = { waitForAggregator: false };
const kim: EventUser = { userId: 'kim01', gender: 'W', ageBand: 20, region: 'seoul' };
const lee: EventUser = { userId: 'lee02', gender: 'M', ageBand: 20, region: 'busan' };
const logsDaily = () => stores.mongo.db.collection<{ _id: string; date: string; metric: string; value?: number; words?: { word: string; count: number }[]; batch: string }>(COLLECTIONS.logsDaily);
const logicalDate = (day: string) => `${day}T00:20:00+09:00`;

function daysFrom(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}

/**
 * Fresh hot-tier data for `days` (the i-th day: i+1 logins and i+2 searches for 생수 by one member, one
 * anonymous search for 탄산, one menu click), no warm documents and no earlier DAG runs for them.
 */
async function prepare(days: readonly string[]): Promise<void> {
  const redis = stores.redis.redis;
  await redis.del(...days.flatMap((day) => [aggKey('1d', day), ...rankDimensions().map((dim) => searchRankKey(day, dim))]));
  await fillHotTier(
    redis,
    days.flatMap((day, i) => [
      ...Array.from({ length: i + 1 }, (_, k) => hotEvent('login', `${day}T08:${String(k).padStart(2, '0')}:00`, {}, kim)),
      ...Array.from({ length: i + 2 }, (_, k) => hotEvent('search', `${day}T09:${String(k).padStart(2, '0')}:00`, { word: '생수' }, kim)),
      hotEvent('search', `${day}T10:00:00`, { word: '탄산' }),
      hotEvent('menu_click', `${day}T11:00:00`, { menu: 'nolabel' }, lee),
    ]),
  );
  await logsDaily().deleteMany({ date: { $gte: days[0]!, $lte: days[days.length - 1]! } });
  await forgetRuns(await stores.temporal.client(), config.temporal.namespace, DAG, days.map(logicalDate));
}

async function backfill(days: readonly string[]) {
  const client = await stores.temporal.client();
  const progress = await backfillDag(client, DAG, { from: parseDateInZone(days[0]!, 'Asia/Seoul')!, to: parseDateInZone(`${days[days.length - 1]!}T23:59`, 'Asia/Seoul')!, conf: NO_WAIT });
  assert.deepEqual({ total: progress.total, succeeded: progress.succeeded, failed: progress.failed }, { total: days.length, succeeded: days.length, failed: 0 });
  const last = await waitForRun(client, dagRunWorkflowId(DAG, logicalDate(days[days.length - 1]!)));
  return last.outputs.retention as WarmRetention;
}

async function daysBetween(from: string, to: string): Promise<string[]> {
  const days: unknown[] = await logsDaily().distinct('date', { date: { $gte: from, $lte: to } });
  return days.map(String).sort();
}

describe('logs_warm_tier on the real stack (Redis → Kafka → MongoDB, 7-day retention)', () => {
  // The test days are fixed (a month end, a year end; days that have ended, as backfills run only those):
  // leave none of them behind in the tests' warm tier.
  after(async () => {
    await logsDaily().deleteMany({ date: { $gte: '2026-02-22', $lte: '2026-03-03' } });
    await logsDaily().deleteMany({ date: { $gte: '2025-12-26', $lte: '2026-01-02' } });
  });

  it('keeps exactly the last 7 days across the end of February, and each day holds what Redis had', { timeout: 300_000 }, async () => {
    const days = daysFrom('2026-02-22', 10); // … 02-28, 03-01, 03-02, 03-03
    await prepare(days);
    const retention = await backfill(days);
    assert.equal(retention.cutoff, '2026-02-25');
    assert.deepEqual(await daysBetween('2026-02-01', '2026-03-31'), ['2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03']);

    const docs = await logsDaily().find({ date: '2026-03-01' }).toArray();
    const byId = new Map(docs.map((d) => [d._id, d]));
    assert.equal(docs.length, 8, 'four counters and four non-empty rankings');
    assert.equal(byId.get('2026-03-01|login|W|20|seoul')?.value, 8);
    assert.equal(byId.get('2026-03-01|search|W|20|seoul')?.value, 9);
    assert.equal(byId.get('2026-03-01|search|-|-|-')?.value, 1);
    assert.equal(byId.get('2026-03-01|menu_click:nolabel|M|20|busan')?.value, 1);
    assert.deepEqual(byId.get('2026-03-01|search_rank|all')?.words, [
      { word: '생수', count: 9 },
      { word: '탄산', count: 1 },
    ]);
    assert.deepEqual(byId.get('2026-03-01|search_rank|ga:W:20')?.words, [{ word: '생수', count: 9 }]);
  });

  it('replaces a day when its run is cleared and run again', { timeout: 120_000 }, async () => {
    const day = '2026-03-03';
    await fillHotTier(stores.redis.redis, Array.from({ length: 5 }, (_, k) => hotEvent('login', `${day}T20:${String(k).padStart(2, '0')}:00`, {}, kim)));
    await logsDaily().insertOne({ _id: `${day}|gone|-|-|-`, date: day, metric: 'gone', value: 1, batch: 'an earlier load' });
    const client = await stores.temporal.client();
    const cleared = await clearRun(client, DAG, logicalDate(day), { taskIds: ['publish_aggregates'] });
    const result = await waitForRun(client, cleared.workflowId, cleared.runId);
    assert.equal(result.status, 'success');
    const docs = await logsDaily().find({ date: day }).toArray();
    assert.equal(docs.length, 8, 'no duplicates, and the stale document is gone');
    assert.equal(docs.find((d) => d._id === `${day}|login|W|20|seoul`)?.value, 10 + 5);
    assert.equal(new Set(docs.map((d) => d.batch)).size, 1, 'every document from the new load');
  });

  it('keeps exactly the last 7 days across the end of the year', { timeout: 300_000 }, async () => {
    const days = daysFrom('2025-12-26', 8); // … 12-31, 2026-01-01, 01-02
    await prepare(days);
    const retention = await backfill(days);
    assert.equal(retention.cutoff, '2025-12-27');
    assert.deepEqual(await daysBetween('2025-12-01', '2026-01-31'), ['2025-12-27', '2025-12-28', '2025-12-29', '2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
    assert.deepEqual(retention.days.filter((d) => d >= '2025-12-01' && d <= '2026-01-31'), ['2025-12-27', '2025-12-28', '2025-12-29', '2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
  });
});
