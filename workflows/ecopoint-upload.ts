/**
 * `ecopointUpload`, workflow id `ecopoint:<uploadId>`: one eco-point upload from the raw image in GridFS to the
 * verdict. Checks (task queue `ecopoint`) → the model on the `inference` queue (detector for eco point 1,
 * OCR for eco point 2, whose text is then claimed: receipts are told apart by what they say) → finish (training sample, points once, quota, record, `ecopoint` event).
 *
 * A refusal by a check or by the model is an outcome, not a failure: the workflow completes with the verdict.
 * When the model cannot run (its activity fails for good, or no inference worker takes it within
 * {@link INFERENCE_PATIENCE}), the verdict is `ModelError`, nothing is granted and the member is asked to retry.
 * The `stage` query tells the web tier where the upload is (e.g. waiting for an inference worker).
 */
import { ActivityFailure, ApplicationFailure, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { EcopointActivities, UploadRef } from '../activities/ecopoints/pipeline-activities';
import type { UploadInspection } from '../activities/ecopoints/inspect-upload';
import type { UploadEventContext } from '../activities/ecopoints/ecopoint-event';
import type { InferenceActivities } from '../activities/images/inference-activities';
import type { EcoPointCode } from '../domain/errors';
import { acceptedMessage, refusalMessage, type UploadVerdict } from '../domain/ecopoint-verdicts';

/** Input of {@link ecopointUpload}. */
export interface EcopointUploadInput extends UploadRef {
  readonly event: UploadEventContext;
  /** Hashes and capture time, read from the bytes at ingestion. */
  readonly inspection: UploadInspection;
  /** Task queue of the checks and the finish (default `ecopoint`). */
  readonly taskQueue?: string;
  /** Task queue of the models (default `inference`). */
  readonly inferenceTaskQueue?: string;
}

/** Where an upload is. */
export interface EcopointStage {
  readonly stage: 'checking' | 'inference' | 'finishing' | 'done';
  /** Workflow time the stage began (epoch ms). */
  readonly since: number;
}

/** Query: the upload's stage. */
export const stageQuery = defineQuery<EcopointStage>('stage');

/** How long the workflow waits for the model (queued and running, all tries) before answering ModelError. */
export const INFERENCE_PATIENCE = '10 minutes';

const ECOPOINT_CODES = new Set<string>(['ImgOverSize', 'ImgInvalid', 'ImgNoMeta', 'ImgNotToday', 'ImgDuplicated', 'OverCount', 'ModelError', 'ModelNoPlastic', 'ModelYesLabel', 'OcrNoDetect']);

/** The eco-point code carried by an activity failure, if any. */
function codeOf(err: unknown): EcoPointCode | null {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type && ECOPOINT_CODES.has(cause.type)) return cause.type as EcoPointCode;
  return null;
}

const refused = (code: EcoPointCode, n = 0, extra: Partial<UploadVerdict> = {}): UploadVerdict => ({ accepted: false, points: 0, code, message: refusalMessage(code, n), annotated: false, modelVersion: null, ...extra });

/** See the module comment. */
export async function ecopointUpload(input: EcopointUploadInput): Promise<UploadVerdict> {
  let stage: EcopointStage = { stage: 'checking', since: Date.now() };
  setHandler(stageQuery, () => stage);
  const io = proxyActivities<EcopointActivities>({
    taskQueue: input.taskQueue ?? 'ecopoint',
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  });
  const models = proxyActivities<InferenceActivities>({
    taskQueue: input.inferenceTaskQueue ?? 'inference',
    // One photo takes well under a second, a receipt a few seconds; a worker killed mid-run is noticed after this.
    startToCloseTimeout: '20 seconds',
    scheduleToCloseTimeout: INFERENCE_PATIENCE,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 4, nonRetryableErrorTypes: ['ImgInvalid', 'ImgOverSize'] },
  });
  const ref: UploadRef = { uploadId: input.uploadId, userId: input.userId, service: input.service, receivedAt: input.receivedAt };
  const finish = async (verdict: UploadVerdict, sample: Parameters<EcopointActivities['finishUpload']>[0]['sample'], fingerprint: Parameters<EcopointActivities['finishUpload']>[0]['fingerprint']) => {
    stage = { stage: 'finishing', since: Date.now() };
    const result = await io.finishUpload({ ref, event: input.event, verdict, sample, fingerprint });
    stage = { stage: 'done', since: Date.now() };
    return result;
  };

  let checked: Awaited<ReturnType<EcopointActivities['checkUpload']>>;
  try {
    checked = await io.checkUpload({ ...ref, inspection: input.inspection });
  } catch (err) {
    const code = codeOf(err);
    if (code === null) throw err;
    return finish(refused(code), null, null);
  }

  stage = { stage: 'inference', since: Date.now() };
  try {
    if (input.service === 1) {
      const found = await models.detectBottles({ uploadId: input.uploadId });
      const sample = { modelVersion: found.modelVersion, detections: found.detections };
      const counts = { plastics: found.plastics, labels: found.labels, cans: found.cans };
      const common = { counts, annotated: found.annotated, modelVersion: found.modelVersion };
      if (found.code !== null) return await finish(refused(found.code, found.labels, common), sample, checked.fingerprint);
      return await finish({ accepted: true, points: found.points, code: null, message: acceptedMessage(1, found.points, found.plastics), ...common }, sample, checked.fingerprint);
    }
    const read = await models.readReceipt({ uploadId: input.uploadId });
    const sample = { modelVersion: read.modelVersion, ocrText: read.text };
    const common = { matchedLines: read.matchedLines, annotated: false, modelVersion: read.modelVersion };
    if (read.points === 0) return await finish(refused('OcrNoDetect', 0, common), sample, checked.fingerprint);
    stage = { stage: 'finishing', since: Date.now() };
    try {
      await io.claimReceipt({ uploadId: input.uploadId, textSha256: read.textSha256 });
    } catch (err) {
      if (codeOf(err) !== 'ImgDuplicated') throw err;
      return await finish(refused('ImgDuplicated', 0, common), sample, checked.fingerprint);
    }
    return await finish({ accepted: true, points: read.points, code: null, message: acceptedMessage(2, read.points, read.matchedLines.length), ...common }, sample, checked.fingerprint);
  } catch (err) {
    // Only a failure of the model itself becomes ModelError; the recording steps retry until they succeed.
    if (stage.stage !== 'inference') throw err;
    const code = codeOf(err);
    return finish(refused(code === 'ImgInvalid' || code === 'ImgOverSize' ? code : 'ModelError'), null, checked.fingerprint);
  }
}
