import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getRunNotes, setRunNote } from '../../../control/run-notes';
import { getDag } from '../../../control/registry';
import { waitForRun } from '../../../control/runs';
import { triggerDag } from '../../../control/trigger';
import { COLLECTIONS } from '../../../infra/contracts';
import { EXAMPLE_SUMMARY_ASSET } from '../../../workflows/dags/example-asset-consumer';
import { useStores } from '../../support/stores';
import { useWorker } from '../../support/worker';

const { config, stores } = useStores();
useWorker(config, stores);

/** A random past day of 2001–2025 for example_features (daily). */
const freshDay = (): string => new Date(Date.UTC(2001, 0, 1) + Math.floor(Math.random() * 9_000) * 86_400_000).toISOString().slice(0, 10);

describe('asset-triggered runs, DAG versions and run notes (real Temporal and MongoDB)', () => {
  it('a task that produces an asset starts the DAG that runs on it, once', { timeout: 120_000 }, async () => {
    const client = await stores.temporal.client();
    const events = stores.mongo.db.collection<{ _id: string; asset: string; runId: string }>(COLLECTIONS.assetEvents);
    const run = await triggerDag(client, 'example_features', { date: freshDay(), conf: { items: 1 } });
    const result = await waitForRun(client, run.workflowId, run.runId);
    assert.equal(result.status, 'success');
    const summarize = result.tasks.find((t) => t.taskId === 'summarize');
    assert.match(summarize?.note ?? '', /produced example\/summary; started dag:example_asset_consumer:/);
    const consumerRunId = /started (dag:example_asset_consumer:\S+)/.exec(summarize?.note ?? '')?.[1] ?? '';
    const consumer = await waitForRun(client, consumerRunId);
    assert.equal(consumer.status, 'success');
    assert.equal(consumer.dagId, 'example_asset_consumer');
    assert.equal(await events.countDocuments({ asset: EXAMPLE_SUMMARY_ASSET, runId: run.workflowId }), 1, 'one event for the producing task');
  });

  it('records the DAG version on each run', { timeout: 60_000 }, async () => {
    const client = await stores.temporal.client();
    const run = await triggerDag(client, 'example_features', { date: freshDay(), conf: { items: 0 } });
    const result = await waitForRun(client, run.workflowId, run.runId);
    assert.equal(result.dagVersion, getDag('example_features').version);
    assert.match(result.dagVersion ?? '', /^[0-9a-f]{12}$/);
  });

  it('keeps a note per run, replaces it, removes it when empty, and refuses control characters', async () => {
    const runId = `dag:example_features:${freshDay()}T03:00:00+09:00`;
    await setRunNote(stores.mongo.db, runId, '  rerun after the HDFS outage  ', 'cli:test');
    assert.equal((await getRunNotes(stores.mongo.db, [runId])).get(runId)?.note, 'rerun after the HDFS outage');
    await setRunNote(stores.mongo.db, runId, '확인 완료', 'admin');
    const note = (await getRunNotes(stores.mongo.db, [runId])).get(runId);
    assert.deepEqual({ note: note?.note, author: note?.author }, { note: '확인 완료', author: 'admin' });
    await assert.rejects(setRunNote(stores.mongo.db, runId, 'bad\u0007bell', 'admin'), /control characters/);
    await setRunNote(stores.mongo.db, runId, '', 'admin');
    assert.equal((await getRunNotes(stores.mongo.db, [runId])).has(runId), false);
  });
});
