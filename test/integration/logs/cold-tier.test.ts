import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { Partitioners } from 'kafkajs';
import Papa from 'papaparse';
import type { ColdTierExport, LocatedHour } from '../../../activities/logs/cold-tier';
import { COLD_TIER_COLUMNS } from '../../../activities/logs/cold-tier-csv';
import { waitForRun } from '../../../control/runs';
import { clearRun } from '../../../control/clear';
import { triggerDag } from '../../../control/trigger';
import { eventKey, type LogEvent } from '../../../domain/events';
import { TOPICS, coldTierHourPath } from '../../../infra/contracts';
import { formatInZone } from '../../../schedules/zone-time';
import type { RunResult } from '../../../workflows/dag/run-state';
import { useStores } from '../../support/stores';
import { useWorker } from '../../support/worker';

const { config, stores } = useStores();
useWorker(config, stores);

const HOUR_MS = 3_600_000;
const KST = 'Asia/Seoul';

/** A Korea-time hour of 2005 that no earlier run of this test used (its events are this run's alone). */
function randomHour(): number {
  return Date.UTC(2005, 0, 1) - 9 * HOUR_MS + Math.floor(Math.random() * 365 * 24) * HOUR_MS;
}

/** An event at `ms` (event time), written in Korea time. */
function eventAt(ms: number, i: number): LogEvent {
  const time = `${new Date(ms + 9 * HOUR_MS).toISOString().slice(0, 19)}+09:00`;
  const sessionId = `cold-session-${i % 17}`;
  if (i % 4 === 0) return { id: randomUUID(), type: 'page_view', time, sessionId, page: '/', user: { userId: null, gender: null, ageBand: null, region: null }, data: {} };
  return { id: randomUUID(), type: 'search', time, sessionId, page: '/nolabel', user: { userId: `cold${i % 9}`, gender: i % 2 ? 'M' : 'W', ageBand: 30, region: 'jeju' }, data: { word: `무라벨, "${i}"` } };
}

async function produce(values: readonly { key: string; value: string }[]): Promise<void> {
  const producer = stores.kafka.kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({ topic: TOPICS.logsRaw, messages: [...values], acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

const asMessages = (events: readonly LogEvent[]) => events.map((e) => ({ key: eventKey(e), value: JSON.stringify(e) }));

async function readHourIds(path: string): Promise<string[]> {
  const csv = (await stores.hdfs.hdfs.readFile(path)).toString('utf8');
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.meta.fields, [...COLD_TIER_COLUMNS], 'the header row');
  return parsed.data.map((row) => row.id ?? '');
}

async function runHour(date: Date, conf: Record<string, unknown>): Promise<RunResult> {
  const client = await stores.temporal.client();
  const run = await triggerDag(client, 'logs_cold_tier', { date, conf });
  assert.equal(run.started, true);
  return waitForRun(client, run.workflowId, run.runId);
}

describe('logs_cold_tier on the real stack (Kafka logs.raw → HDFS CSV)', () => {
  it('writes each event of the hour once, and a second run for the same hour replaces the file', { timeout: 240_000 }, async () => {
    const hourStart = randomHour();
    const started = Date.now();
    // The events were produced now, years after their event time: a replay. The operator names the window
    // the replay was produced in; Kafka's timestamp index finds its offsets.
    const window = () => ({ scanFrom: formatInZone(new Date(started - 60_000), KST), scanTo: formatInZone(new Date(Date.now() + 60_000), KST) });

    const first = Array.from({ length: 200 }, (_, i) => eventAt(hourStart + Math.floor(Math.random() * HOUR_MS), i));
    const neighbours = [...Array.from({ length: 5 }, (_, i) => eventAt(hourStart - 1 - i * 1000, i)), ...Array.from({ length: 5 }, (_, i) => eventAt(hourStart + HOUR_MS + i * 1000, i))];
    await produce([...asMessages(first), ...asMessages(neighbours), ...asMessages(first.slice(0, 20)), { key: 'bad', value: 'not an event' }]);

    const result = await runHour(new Date(hourStart), window());
    assert.equal(result.status, 'success', JSON.stringify(result.tasks.map((t) => [t.taskId, t.state, t.error])));
    const located = result.outputs.locate_offsets as LocatedHour;
    const exported = result.outputs.export_hour as ColdTierExport;
    const path = `${coldTierHourPath(new Date(hourStart + 9 * HOUR_MS).toISOString().slice(0, 10), new Date(hourStart + 9 * HOUR_MS).getUTCHours())}/part-0000.csv`;
    assert.equal(exported.path, path);
    assert.equal(exported.rows, 200);
    assert.ok(exported.duplicates >= 20, `re-sent events are dropped (${exported.duplicates})`);
    assert.ok(exported.outside >= 10, 'events of the neighbouring hours are left to their runs');
    assert.ok(exported.malformed >= 1);
    assert.equal(exported.previousRows, null);
    assert.ok(located.messages >= 226, 'the offsets found by timestamp cover everything produced');
    let ids = await readHourIds(path);
    assert.equal(ids.length, 200);
    assert.deepEqual(new Set(ids), new Set(first.map((e) => e.id)));

    // More events of the hour arrive, and every earlier one is sent again; a second run for the same hour.
    const second = Array.from({ length: 50 }, (_, i) => eventAt(hourStart + Math.floor(Math.random() * HOUR_MS), 1000 + i));
    await produce([...asMessages(second), ...asMessages(first)]);
    // A trigger at half past the hour finds the hour's run (one run per interval); clearing it reruns the hour.
    const client = await stores.temporal.client();
    const sameHour = await triggerDag(client, 'logs_cold_tier', { date: new Date(hourStart + 30 * 60_000), conf: window() });
    assert.equal(sameHour.started, false, 'a time inside the hour means the hour’s own run');
    const cleared = await clearRun(client, 'logs_cold_tier', sameHour.logicalDate, { taskIds: ['wait_hour_closed'] }, { conf: window() });
    assert.equal(cleared.mode, 'restarted');
    const rerun = await waitForRun(client, cleared.workflowId, cleared.runId);
    assert.equal(rerun.status, 'success', JSON.stringify(rerun.tasks.map((t) => [t.taskId, t.state, t.error])));
    const again = rerun.outputs.export_hour as ColdTierExport;
    assert.equal(again.path, path, 'the rerun covers the same hour');
    assert.equal(again.previousRows, 200);
    assert.equal(again.rows, 250);
    ids = await readHourIds(path);
    assert.equal(ids.length, 250, 'each event exactly once');
    assert.deepEqual(new Set(ids), new Set([...first, ...second].map((e) => e.id)));
    const folder = await stores.hdfs.hdfs.list(path.slice(0, path.lastIndexOf('/')));
    assert.deepEqual(folder.map((f) => f.pathSuffix), ['part-0000.csv'], 'one file, nothing half-written beside it');
  });

  it('refuses to replace an hour with fewer events, as a backfill beyond Kafka’s reach would', { timeout: 120_000 }, async () => {
    const hourStart = randomHour();
    const started = Date.now();
    const events = Array.from({ length: 30 }, (_, i) => eventAt(hourStart + i * 60_000, i));
    await produce(asMessages(events));
    const ok = await runHour(new Date(hourStart), { scanFrom: formatInZone(new Date(started - 60_000), KST), scanTo: formatInZone(new Date(Date.now() + 60_000), KST) });
    assert.equal(ok.status, 'success');
    const path = (ok.outputs.export_hour as ColdTierExport).path;

    // Rerun without the replay's window: the default window (around the hour in 2005) holds none of them.
    const client = await stores.temporal.client();
    const cleared = await clearRun(client, 'logs_cold_tier', formatInZone(new Date(hourStart), KST), { taskIds: ['wait_hour_closed'] }, { conf: { scanFrom: null, scanTo: null } });
    const refused = await waitForRun(client, cleared.workflowId, cleared.runId);
    assert.equal(refused.status, 'failed');
    const task = refused.tasks.find((t) => t.taskId === 'export_hour');
    assert.equal(task?.attempts, 2, 'one try in the first run, one in the rerun: not retried, as retrying cannot fix it');
    assert.match(task?.error ?? '', /holds 30 events but .* yields 0: keeping the file.*allowShrink/);
    assert.equal((await readHourIds(path)).length, 30, 'the file is untouched');
  });
});
