/**
 * `detector_retrain` end to end on the real stack, with a training run small enough for a test (20 synthetic
 * images, one epoch): a confirmed upload is exported with the synthetic set to HDFS in YOLO layout, the
 * training worker trains (heartbeating) and registers the candidate, both versions are measured, the rule
 * refuses (no real held-out photos), and the registry and the run note say so. A rerun of the same interval
 * trains nothing and adds no record. With a confirmed held-out photo, both versions are measured on it and the
 * rule decides on real photos.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { clearRun } from '../../../control/clear';
import { getRunNotes } from '../../../control/run-notes';
import { ensureCommittedModel } from '../../../activities/models/committed-model';
import { DETECTOR_KIND } from '../../../activities/models/model-record';
import { findActive } from '../../../activities/models/model-promotion';
import { NO_REAL_PHOTOS } from '../../../activities/models/promotion-rule';
import { findModel, listModels } from '../../../activities/models/register-model';
import { retrainDataPath } from '../../../activities/models/retrain-export';
import { candidateVersionFor } from '../../../activities/models/retrain-version';
import { detectorRetrain } from '../../../workflows/dags/detector-retrain';
import { dagRunWorkflowId } from '../../../workflows/dag/ids';
import type { RunResult } from '../../../workflows/dag/run-state';
import { randomMinuteIn, startTestDag, taskOf, testCopyOf, waitForState } from '../../support/dag-runs';
import { petPhoto } from '../../support/ecopoint-images';
import { confirmedSample, removeSamples, resetRegistry } from '../../support/models';
import { uniqueSuffix, useStores } from '../../support/stores';
import { useWorker } from '../../support/worker';

const { config, stores } = useStores();
const db = stores.mongo.db;
const queue = `test-retrain-${uniqueSuffix()}`;
// Every task on the test's own queue: one in-process worker plays the dags and the training worker.
const dag = testCopyOf(detectorRetrain, { id: `test_detector_retrain_${uniqueSuffix()}`, taskQueue: queue });
useWorker(config, stores); // runDag itself, on the `dags` queue
useWorker(config, stores, queue);
const tiny = { syntheticTrain: 16, syntheticVal: 4, epochs: 1, batch: 8, evalSyntheticImages: 8, maxConfirmed: 50 };

describe('detector_retrain on the real stack', { timeout: 600_000 }, () => {
  const samples: string[] = [];
  let committed = '';
  before(async () => {
    await resetRegistry(db);
    committed = (await ensureCommittedModel(db)).version;
    const photo = await petPhoto({ seed: 11 });
    const { width = 0, height = 0 } = await sharp(photo).metadata();
    samples.push(await confirmedSample(db, photo, { width, height }, [{ className: 'plastic', box: { x1: 90, y1: 60, x2: 420, y2: 620 } }], 'train', 'retrain_test'));
  });
  after(async () => {
    await removeSamples(db, samples);
    await resetRegistry(db);
  });

  let logicalDate = '';
  let version = '';

  it('exports, trains, measures both versions, refuses without real held-out photos, and records it all', async () => {
    const client = await stores.temporal.client();
    const run = await startTestDag(client, dag, { date: randomMinuteIn(2100, 50), conf: tiny });
    logicalDate = run.logicalDate;
    version = candidateVersionFor(logicalDate);
    const workflowId = dagRunWorkflowId(dag.id, logicalDate);
    // Watch the training task while it runs: its heartbeats (epoch, loss) show on the pending activity.
    let finished = false;
    let heartbeatSeen = false;
    const handle = client.workflow.getHandle(workflowId);
    const watching = (async () => {
      while (!finished) {
        const d = await handle.describe().catch(() => null);
        for (const p of d?.raw.pendingActivities ?? []) if (p.activityType?.name === 'trainRetrainCandidate' && p.lastHeartbeatTime) heartbeatSeen = true;
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();
    const state = await waitForState(client, workflowId, (s) => s.status !== 'running', 540_000);
    finished = true;
    await watching;
    assert.equal(state.status, 'success', JSON.stringify(state.tasks.map((t) => [t.taskId, t.state, t.error])));
    assert.ok(heartbeatSeen, 'the training task heartbeated while it ran');
    for (const id of ['export_data', 'train', 'evaluate', 'decide', 'record']) assert.equal(taskOf(state, id).state, 'success', id);

    const record = await findModel(db, version);
    assert.ok(record, 'the candidate is in the registry');
    assert.equal(record.status, 'candidate');
    assert.equal(record.dataSnapshot?.hdfsPath, retrainDataPath(version));
    assert.ok((record.dataSnapshot?.counts.confirmed ?? 0) >= 1, 'the confirmed upload was trained on');
    assert.equal(record.trainingParams?.epochs, 1);
    assert.equal(record.metrics.synthetic?.images, 8);
    assert.ok(record.retrain, 'the decision is recorded');
    // The committed real photos show no bottle: they cannot decide (a model finding nothing is right on them).
    assert.ok(record.retrain.reason.startsWith(NO_REAL_PHOTOS), record.retrain.reason);
    assert.equal(record.retrain.promote, false, record.retrain.reason);
    assert.equal(record.retrain.comparedWith, committed);
    assert.equal((await findActive(db, DETECTOR_KIND))?.version, committed, 'the active model stays');

    const listing = await stores.hdfs.hdfs.list(`${retrainDataPath(version)}/train/images`);
    assert.ok(listing.some((f) => f.pathSuffix === `up-${samples[0]}.jpg`), 'the confirmed upload is in the HDFS training set');
    assert.equal(listing.length, tiny.syntheticTrain + (record.dataSnapshot?.counts.confirmed ?? 0));

    const note = (await getRunNotes(db, [workflowId])).get(workflowId)?.note ?? '';
    assert.match(note, new RegExp(`candidate ${version}: not promoted`));
    assert.match(note, new RegExp(`synthetic test \\(8 images\\): candidate mAP@0\\.5 [0-9.]+, verdict accuracy [0-9.]+ .* \\| current ${committed.replace(/\./g, '\\.')} mAP@0\\.5`));
  });

  it('a rerun of the same interval trains nothing and adds no registry record', async () => {
    assert.ok(version, 'the first run ran');
    const client = await stores.temporal.client();
    const before = (await listModels(db, DETECTOR_KIND)).length;
    const decidedAt = (await findModel(db, version))?.retrain?.decidedAt;
    await clearRun(client, dag.id, logicalDate, { taskIds: ['export_data'] }, { dag });
    const workflowId = dagRunWorkflowId(dag.id, logicalDate);
    const state = await waitForState(client, workflowId, (s) => s.status !== 'running', 300_000);
    assert.equal(state.status, 'success', JSON.stringify(state.tasks.map((t) => [t.taskId, t.state, t.error])));
    assert.equal((await listModels(db, DETECTOR_KIND)).length, before);
    const record = await findModel(db, version);
    assert.deepEqual(record?.retrain?.decidedAt, decidedAt, 'the decision was not taken again');
    const result = (await client.workflow.getHandle(workflowId).result()) as RunResult;
    assert.equal((result.outputs.train as { trained?: boolean }).trained, false, 'the candidate was registered: nothing trained again');
    assert.equal((result.outputs.export_data as { reused?: boolean }).reused, true, 'the registered data snapshot was reused');
  });

  it('with a confirmed held-out photo, compares both versions on it and decides by the rule', async () => {
    const photo = await petPhoto({ seed: 12 });
    const { width = 0, height = 0 } = await sharp(photo).metadata();
    samples.push(await confirmedSample(db, photo, { width, height }, [{ className: 'plastic', box: { x1: 90, y1: 60, x2: 420, y2: 620 } }], 'heldout', 'retrain_test'));
    const client = await stores.temporal.client();
    // One held-out photo with a bottle is enough for this run (the default asks for ten).
    const run = await startTestDag(client, dag, { date: randomMinuteIn(2150, 50), conf: { ...tiny, minRealBottlePhotos: 1 } });
    const workflowId = dagRunWorkflowId(dag.id, run.logicalDate);
    const state = await waitForState(client, workflowId, (s) => s.status !== 'running', 540_000);
    assert.equal(state.status, 'success', JSON.stringify(state.tasks.map((t) => [t.taskId, t.state, t.error])));
    const record = await findModel(db, candidateVersionFor(run.logicalDate));
    const real = record?.metrics.real;
    const compared = record?.retrain?.comparedMetrics?.real;
    assert.ok(real && compared, 'both versions measured on real photos');
    assert.equal(real.setHash, compared.setHash, 'on the same photos');
    assert.ok(real.images >= 1);
    const gain = real.verdict.accuracy - compared.verdict.accuracy;
    assert.equal(record.retrain?.promote, gain >= 0.02, record.retrain?.reason);
    assert.match(record.retrain?.reason ?? '', /on real photos: verdictAccuracy/);
    const note = (await getRunNotes(db, [workflowId])).get(workflowId)?.note ?? '';
    assert.match(note, new RegExp(`real held-out \\(${real.images} photos\\): candidate mAP@0\\.5`));
    assert.equal((await findActive(db, DETECTOR_KIND))?.version, record.retrain?.promote ? record.version : committed);
  });
});
