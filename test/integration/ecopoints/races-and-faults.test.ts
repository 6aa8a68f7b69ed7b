import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { uploadRecords } from '../../../activities/ecopoints/upload-records';
import { submitUpload, uploadStage, waitForVerdict } from '../../../control/ecopoint-upload';
import { loadConfig } from '../../../infra/config';
import { COLLECTIONS } from '../../../infra/contracts';
import { createMongoStore } from '../../../infra/mongo';
import { petPhoto, receiptImage } from '../../support/ecopoint-images';
import { removeTestUploads, startInferenceProcess, testEventContext, useEcopointWorkers } from '../../support/ecopoint';
import { useStores, uniqueSuffix } from '../../support/stores';

const { config, stores } = useStores();
// The models run in the real worker process (workers/inference.ts), started and killed by the tests.
const workers = useEcopointWorkers(config, stores, { inference: false });
const members: string[] = [];
const member = () => {
  const id = `eco_${uniqueSuffix()}`.slice(0, 20);
  members.push(id);
  return id;
};
const randomSeed = () => Math.floor(Math.random() * 1e9);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const grantsOf = (userId: string) => stores.mongo.db.collection(COLLECTIONS.ecopoints).find({ userId }).toArray();

describe('eco point races and faults on the real stack', () => {
  let inference = startInferenceProcess(workers.inferenceTaskQueue);
  after(async () => {
    inference.kill('SIGTERM');
    await removeTestUploads(stores, members);
  });

  const send = async (userId: string, bytes: Buffer, service: 1 | 2 = 1) => submitUpload(await workers.targets(), { userId, service, bytes, event: testEventContext(userId, `/ecopoint/${service}`) });

  it('three uploads of one member at the same moment: exactly two credited, the third OverCount', { timeout: 180_000 }, async () => {
    const userId = member();
    const photos = await Promise.all([1, 2, 3].map(() => petPhoto({ seed: randomSeed() })));
    const ids = await Promise.all(photos.map((p) => send(userId, p)));
    const client = await stores.temporal.client();
    const verdicts = await Promise.all(ids.map((id) => waitForVerdict(client, id)));
    assert.equal(verdicts.filter((v) => v.accepted).length, 2, JSON.stringify(verdicts.map((v) => v.code)));
    assert.deepEqual(verdicts.filter((v) => !v.accepted).map((v) => v.code), ['OverCount']);
    assert.equal((await grantsOf(userId)).length, 2);
  });

  it('the same image by two members at the same moment: exactly one credited, the other ImgDuplicated', { timeout: 180_000 }, async () => {
    const a = member();
    const b = member();
    const photo = await petPhoto({ seed: randomSeed() });
    const ids = await Promise.all([send(a, photo), send(b, photo)]);
    const client = await stores.temporal.client();
    const verdicts = await Promise.all(ids.map((id) => waitForVerdict(client, id)));
    assert.equal(verdicts.filter((v) => v.accepted).length, 1, JSON.stringify(verdicts.map((v) => v.code)));
    assert.deepEqual(verdicts.filter((v) => !v.accepted).map((v) => v.code), ['ImgDuplicated']);
    assert.equal((await grantsOf(a)).length + (await grantsOf(b)).length, 1);
  });

  it('the inference worker killed with -9 mid-run: the upload finishes on a restarted worker, one grant, one training sample', { timeout: 240_000 }, async () => {
    const userId = member();
    const receipt = await receiptImage({ shop: `리필가게 ${Math.floor(Math.random() * 1_000_000)}호점`, items: [['무라벨 생수 2L', 1200], ['무라벨 탄산수 500ml', 1100], ['라벨프리 보리차', 1500]] });
    const client = await stores.temporal.client();
    // Let the worker load its model first, so the kill lands during OCR, not during start-up.
    await sleep(4000);
    const uploadId = await send(userId, receipt, 2);
    const handle = client.workflow.getHandle(`ecopoint:${uploadId}`);
    const deadline = Date.now() + 60_000;
    let started = false;
    while (!started && Date.now() < deadline) {
      const d = await handle.describe();
      started = (d.raw.pendingActivities ?? []).some((a) => a.activityType?.name === 'readReceipt' && String(a.state) !== 'PENDING_ACTIVITY_STATE_SCHEDULED' && Number(a.state) !== 1);
      if (!started) await sleep(50);
    }
    assert.ok(started, 'the OCR activity started');
    inference.kill('SIGKILL');
    await sleep(1000);
    assert.equal((await uploadRecords(stores.mongo.db).findOne({ _id: uploadId }))?.stage, 'checking', 'no verdict while the worker is dead');
    inference = startInferenceProcess(workers.inferenceTaskQueue);
    const verdict = await waitForVerdict(client, uploadId);
    assert.equal(verdict.accepted, true, verdict.message);
    assert.equal(verdict.points, 30);
    assert.equal((await grantsOf(userId)).length, 1, 'one grant');
    assert.equal(await stores.mongo.db.collection(COLLECTIONS.trainingSamples).countDocuments({ uploadId }), 1, 'one training sample');
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).filter((e) => e.activityTaskStartedEventAttributes).map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 1);
    assert.ok(attempts.some((n) => n >= 2), `the OCR ran again after the kill (attempts ${attempts.join(',')})`);
  });

  it('with no inference worker the upload waits in the queue ("inference" stage) and finishes once one starts', { timeout: 180_000 }, async () => {
    inference.kill('SIGTERM');
    await new Promise((r) => inference.once('exit', r));
    const userId = member();
    const uploadId = await send(userId, await petPhoto({ seed: randomSeed() }));
    const client = await stores.temporal.client();
    let stage = await uploadStage(client, uploadId);
    for (let i = 0; i < 50 && stage?.stage !== 'inference'; i++) {
      await sleep(200);
      stage = await uploadStage(client, uploadId);
    }
    assert.equal(stage?.stage, 'inference', 'queued for the model');
    await sleep(2000);
    assert.equal((await uploadRecords(stores.mongo.db).findOne({ _id: uploadId }))?.stage, 'checking');
    inference = startInferenceProcess(workers.inferenceTaskQueue);
    assert.equal((await waitForVerdict(client, uploadId)).accepted, true);
  });

  it('with MongoDB down the upload is refused with a clear message and nothing is stored or started', { timeout: 60_000 }, async () => {
    const userId = member();
    const down = createMongoStore(loadConfig({ ...process.env, MONGO_URL: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=500&connectTimeoutMS=500' }));
    try {
      const targets = { ...(await workers.targets()), db: down.db };
      await assert.rejects(submitUpload(targets, { userId, service: 1, bytes: await petPhoto({ seed: randomSeed() }), event: testEventContext(userId) }), (err: { code?: string; message?: string }) => {
        assert.equal(err.code, 'ServiceUnavailable');
        assert.match(err.message ?? '', /저장되지 않았어요/);
        return true;
      });
    } finally {
      await down.close();
    }
    assert.equal(await uploadRecords(stores.mongo.db).countDocuments({ userId }), 0);
    const client = await stores.temporal.client();
    let started = 0;
    for await (const _ of client.workflow.list({ query: `WorkflowType = "ecopointUpload" AND TaskQueue = "${workers.taskQueue}" AND ExecutionStatus = "Running"` })) started++;
    assert.equal(started, 0, 'no workflow left running');
  });
});
