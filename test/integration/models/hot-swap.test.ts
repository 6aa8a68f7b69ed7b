/**
 * The inference worker follows the registry without a restart: the real worker process (workers/inference.ts)
 * serves eco point uploads while a version is promoted, rolled back, and a broken version is promoted — every
 * upload gets a model verdict (none fails), later verdicts report the new registry version, and a version that
 * cannot load leaves the old one serving.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { submitUpload, waitForVerdict } from '../../../control/ecopoint-upload';
import { ensureCommittedModel } from '../../../activities/models/committed-model';
import { DETECTOR_KIND } from '../../../activities/models/model-record';
import { promoteModel, rollbackModel } from '../../../activities/models/model-promotion';
import { registerModel } from '../../../activities/models/register-model';
import { petPhoto } from '../../support/ecopoint-images';
import { removeTestUploads, startInferenceProcess, testEventContext, useEcopointWorkers } from '../../support/ecopoint';
import { resetRegistry, testBundle } from '../../support/models';
import { uniqueSuffix, useStores } from '../../support/stores';

const { config, stores } = useStores();
const db = stores.mongo.db;
const workers = useEcopointWorkers(config, stores, { inference: false });
const members: string[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const POLL_S = 0.5;
// Random scenes: a photo seen before (by any earlier test run) would be refused as a duplicate before the model ran.
const scene = () => Math.floor(Math.random() * 1e9);

describe('inference worker hot swap on the real stack', { timeout: 300_000 }, () => {
  let inference: ChildProcess | undefined;
  let cacheDir: string;
  const v2 = `swap-${uniqueSuffix()}`;
  const broken = `broken-${uniqueSuffix()}`;
  let committed = '';

  before(async () => {
    await resetRegistry(db);
    committed = (await ensureCommittedModel(db)).version;
    await registerModel(db, { version: v2, kind: DETECTOR_KIND, bundle: await testBundle(v2) });
    await registerModel(db, { version: broken, kind: DETECTOR_KIND, bundle: await testBundle(broken, { junk: true }) });
    cacheDir = await mkdtemp(path.join(tmpdir(), 'ciao-swap-cache-'));
    inference = startInferenceProcess(workers.inferenceTaskQueue, { MODEL_POLL_S: String(POLL_S), MODEL_CACHE_DIR: cacheDir });
  });
  after(async () => {
    if (inference && inference.exitCode === null) {
      inference.kill('SIGTERM');
      await new Promise((r) => inference?.once('exit', r));
    }
    await removeTestUploads(stores, members);
    await resetRegistry(db);
    await rm(cacheDir, { recursive: true, force: true });
  });

  /** One upload by a new member (the daily quota is per member); resolves with its verdict. */
  const upload = async () => {
    const userId = `swap_${uniqueSuffix()}`.slice(0, 20);
    members.push(userId);
    const id = await submitUpload(await workers.targets(), { userId, service: 1, bytes: await petPhoto({ seed: scene() }), event: testEventContext(userId) });
    return waitForVerdict(await stores.temporal.client(), id);
  };

  it('serves the active version, then the promoted one without a restart, with no request failing', async () => {
    const first = await upload();
    assert.equal(first.modelVersion, committed, 'the committed model is the first active version');
    // Requests in flight while the promotion lands.
    const during = [1, 2, 3, 4].map(() => upload());
    await sleep(300);
    await promoteModel(db, v2, { by: 'test' });
    await sleep(POLL_S * 1000 * 3);
    const later = await Promise.all([1, 2].map(() => upload()));
    const inFlight = await Promise.all(during);
    const all = [...inFlight, ...later];
    for (const v of all) assert.notEqual(v.code, 'ModelError', v.message);
    for (const v of inFlight) assert.ok(v.modelVersion === committed || v.modelVersion === v2, `in flight: ${v.modelVersion} (${v.code ?? 'accepted'}: ${v.message})`);
    assert.deepEqual(later.map((v) => v.modelVersion), [v2, v2]);
    assert.equal(inference?.exitCode, null, 'the worker was not restarted');
  });

  it('keeps serving the current version when the promoted one cannot load', async () => {
    await promoteModel(db, broken, { by: 'test' });
    await sleep(POLL_S * 1000 * 3);
    const v = await upload();
    assert.notEqual(v.code, 'ModelError', v.message);
    assert.equal(v.modelVersion, v2);
  });

  it('follows a rollback too', async () => {
    await rollbackModel(db, DETECTOR_KIND, { by: 'test' });
    await sleep(POLL_S * 1000 * 3);
    assert.equal((await upload()).modelVersion, v2, 'rolled back from the broken version to v2');
    await rollbackModel(db, DETECTOR_KIND, { by: 'test' });
    await sleep(POLL_S * 1000 * 3);
    assert.equal((await upload()).modelVersion, committed);
  });
});
