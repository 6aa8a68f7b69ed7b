/**
 * The labelling queue of the admin pages (mounted under `/admin`, behind the admin guard; issue 15):
 *
 * | route | what |
 * |---|---|
 * | `GET /labelling?view&lo&hi&day&page` | the queue: eco point 1 samples by source (appealed, unsure, random), counts, paging |
 * | `GET /labelling/:uploadId?view&lo&hi&day&at` | the box editor of one sample |
 * | `GET /labelling/:uploadId/image/full\|thumb` | its image, re-encoded without metadata (thumb: with the model's boxes) |
 * | `POST /api/labelling/:uploadId/confirm` | confirm boxes as ground truth (JSON, CSRF header) |
 * | `POST /api/labelling/:uploadId/skip` | mark the sample unusable for training |
 *
 * Images are never the member's bytes: sharp re-encodes them, so EXIF (GPS, camera, time) stays on the server.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InfraError } from '../../../domain/errors';
import { seoulDate } from '../../../domain/korea-time';
import type { PageAssets } from '../frame';
import { boxProblems } from '../labelling/box-geometry';
import { confirmGroundTruth, skipSample } from '../labelling/ground-truth-store';
import { readQueue, readSample } from '../labelling/queue-reader';
import { bandOf, hasDetectionInBand, type ConfidenceBand, type QueueView } from '../labelling/queue-rules';
import { editorImage, fittedSize, readRawUpload, thumbnailImage, uploadSize, EDITOR_MAX_SIDE } from '../labelling/sample-image';
import type { TrainingSampleDoc } from '../labelling/sample-doc';
import { ERROR_RESPONSES } from '../../schemas/errors';
import {
  ConfirmBody,
  EditorQuerySchema,
  QueueQuerySchema,
  ReviewReply,
  SampleImageParams,
  SampleParams,
  SkipBody,
  type ConfirmBodyInput,
  type EditorQueryInput,
  type QueueQueryInput,
  type ReviewReplyOutput,
  type SampleImageParamsInput,
  type SampleParamsInput,
  type SkipBodyInput,
} from '../schemas/labelling';
import { renderLabellingEditorPage } from '../views/labelling-editor-page';
import { renderLabellingQueuePage } from '../views/labelling-queue-page';
import { labellingQueueUrl, labellingSampleUrl, type LabellingContext } from '../views/links';

/** Samples per queue page. */
export const QUEUE_PAGE_SIZE = 24;

/** Options of {@link labellingRoutes}. */
export interface LabellingOptions {
  readonly assets: PageAssets;
  /** The labelling stylesheet's URL. */
  readonly style: string;
  /** The editor script's URL. */
  readonly script: string;
}

/** Reads of a queue page or a sample (several queries, a GridFS image) may take longer than a page's default. */
const READ_TIMEOUT_MS = 5000;

/** The queue context of a request: view, band and day, with their defaults. */
interface QueueContext {
  readonly view: QueueView;
  readonly band: ConfidenceBand;
  readonly day: string;
  /** As typed, for links (defaults left out). */
  readonly ctx: LabellingContext;
}

function contextOf(query: { view?: QueueView; lo?: string; hi?: string; day?: string }): QueueContext {
  const view = query.view ?? 'all';
  return {
    view,
    band: bandOf(query.lo, query.hi),
    day: query.day || seoulDate(new Date()),
    ctx: { view: view === 'all' ? undefined : view, lo: query.lo, hi: query.hi, day: query.day },
  };
}

/** The view a sample belongs to, for its badge. */
function sourceOf(sample: TrainingSampleDoc, band: ConfidenceBand): QueueView {
  if (sample.review === 'confirmed' || sample.review === 'skipped') return 'reviewed';
  if (sample.appeal) return 'appealed';
  return hasDetectionInBand(sample.detections, band) ? 'unsure' : 'random';
}

function adminOf(request: FastifyRequest): string {
  const member = request.session?.data.member;
  if (!member) throw new InfraError('Unauthorized', '로그인이 필요해요.');
  return member.userId;
}

const noStore = (reply: FastifyReply): FastifyReply => reply.header('cache-control', 'no-store');

/** Registers the labelling routes; mount it under `/admin` behind the admin guard. */
export function labellingRoutes(app: FastifyInstance, opts: LabellingOptions): Promise<void> {
  const db = app.stores.mongo.db;
  const read = <T>(op: () => Promise<T>): Promise<T> => app.storeGuards.mongo.run(op, { timeoutMs: READ_TIMEOUT_MS });
  const write = <T>(op: () => Promise<T>): Promise<T> => app.storeGuards.mongo.run(op, { timeoutMs: Math.max(READ_TIMEOUT_MS, app.config.web.stores.mongoWriteTimeoutMs) });
  const styles = [opts.style];

  /** The sample, or 404 (unknown id, or not an eco point 1 photo). */
  const sampleOr404 = async (uploadId: string): Promise<TrainingSampleDoc> => {
    const sample = await read(() => readSample(db, uploadId));
    if (!sample) throw new InfraError('NotFound', '찾는 샘플이 없어요.', { uploadId });
    return sample;
  };

  /** The URL of the sample at position `at` of the view (or the queue page when there is none). */
  const urlAt = async (q: QueueContext, at: number, notId?: string): Promise<string> => {
    const page = await read(() => readQueue(db, { view: q.view, band: q.band, day: q.day, offset: at, limit: 2 }));
    const next = page.items.find((i) => i.sample._id !== notId);
    if (!next) return labellingQueueUrl(q.ctx);
    return labellingSampleUrl(next.sample._id, q.ctx, at + page.items.indexOf(next));
  };

  app.get<{ Querystring: QueueQueryInput }>('/labelling', { schema: { querystring: QueueQuerySchema } }, async (request, reply) => {
    const q = contextOf(request.query);
    const pageNo = Number(request.query.page ?? '1');
    const page = await read(() => readQueue(db, { view: q.view, band: q.band, day: q.day, offset: (pageNo - 1) * QUEUE_PAGE_SIZE, limit: QUEUE_PAGE_SIZE }));
    const html = renderLabellingQueuePage({ page, view: q.view, band: q.band, day: q.day, ctx: q.ctx, pageNo, pageSize: QUEUE_PAGE_SIZE, notices: [], assets: opts.assets, styles });
    return noStore(reply).type('text/html; charset=utf-8').send(html);
  });

  app.get<{ Params: SampleParamsInput; Querystring: EditorQueryInput }>(
    '/labelling/:uploadId',
    { schema: { params: SampleParams, querystring: EditorQuerySchema } },
    async (request, reply) => {
      const q = contextOf(request.query);
      const sample = await sampleOr404(request.params.uploadId);
      const size = await read(() => uploadSize(db, sample._id));
      const at = Number(request.query.at ?? '0');
      const html = renderLabellingEditorPage({
        sample,
        size,
        shown: fittedSize(size, EDITOR_MAX_SIDE),
        source: request.query.view && request.query.view !== 'all' ? request.query.view : sourceOf(sample, q.band),
        ctx: q.ctx,
        nextUrl: await urlAt(q, at + 1, sample._id),
        queueUrl: labellingQueueUrl(q.ctx),
        at,
        csrf: request.session?.data.csrf ?? '',
        notices: [],
        assets: opts.assets,
        styles,
        script: opts.script,
      });
      return noStore(reply).type('text/html; charset=utf-8').send(html);
    },
  );

  app.get<{ Params: SampleImageParamsInput }>('/labelling/:uploadId/image/:kind', { schema: { params: SampleImageParams } }, async (request, reply) => {
    const sample = await sampleOr404(request.params.uploadId);
    const { raw, size } = await read(() => readRawUpload(db, sample._id));
    // Re-encoded by sharp, which writes no metadata: the member's EXIF (GPS) never leaves the server.
    const bytes = request.params.kind === 'thumb' ? await thumbnailImage(raw, size, sample.detections ?? []) : await editorImage(raw, size);
    return reply.header('cache-control', 'private, max-age=3600').type('image/jpeg').send(bytes);
  });

  /** Checks the revision the editor read against the stored one (409 when someone else reviewed since). */
  const current = async (uploadId: string, revision: number): Promise<TrainingSampleDoc> => {
    const sample = await sampleOr404(uploadId);
    if ((sample.groundTruthRevision ?? 0) !== revision) throw new InfraError('Conflict', '다른 관리자가 방금 이 샘플을 검수했어요. 새로고침한 뒤 다시 확인해 주세요.', { uploadId, revision });
    return sample;
  };

  app.post<{ Params: SampleParamsInput; Querystring: EditorQueryInput; Body: ConfirmBodyInput }>(
    '/api/labelling/:uploadId/confirm',
    { schema: { params: SampleParams, querystring: EditorQuerySchema, body: ConfirmBody, response: { 200: ReviewReply, ...ERROR_RESPONSES } } },
    async (request, reply): Promise<ReviewReplyOutput> => {
      const adminId = adminOf(request);
      const q = contextOf(request.query);
      const sample = await current(request.params.uploadId, request.body.revision);
      const size = await read(() => uploadSize(db, sample._id));
      const problems = boxProblems(request.body.boxes, size);
      if (problems.length > 0) throw new InfraError('ValidationFailed', problems.join(' '), { problems });
      const result = await write(() => confirmGroundTruth(db, sample, { boxes: request.body.boxes, size, adminId }));
      const n = result.groundTruth.boxes.length;
      const appeal = result.appealReview ? { upheld: result.appealReview.upheld, groundTruthVerdict: result.appealReview.groundTruthVerdict } : null;
      noStore(reply);
      return {
        review: 'confirmed',
        boxes: n,
        split: result.groundTruth.split,
        appeal,
        message: `${n === 0 ? '객체 없음으로' : `상자 ${n}개로`} 확정했어요.${appeal?.upheld ? ' 이 판정으로는 모델과 결과가 달라요: 이의 신청이 타당해요.' : ''}`,
        next: await urlAt(q, Number(request.query.at ?? '0'), sample._id),
      };
    },
  );

  app.post<{ Params: SampleParamsInput; Querystring: EditorQueryInput; Body: SkipBodyInput }>(
    '/api/labelling/:uploadId/skip',
    { schema: { params: SampleParams, querystring: EditorQuerySchema, body: SkipBody, response: { 200: ReviewReply, ...ERROR_RESPONSES } } },
    async (request, reply): Promise<ReviewReplyOutput> => {
      const adminId = adminOf(request);
      const q = contextOf(request.query);
      const sample = await current(request.params.uploadId, request.body.revision);
      await write(() => skipSample(db, sample, adminId));
      noStore(reply);
      return { review: 'skipped', boxes: 0, split: null, appeal: null, message: '건너뛰었어요. 이 샘플은 학습에 쓰지 않아요.', next: await urlAt(q, Number(request.query.at ?? '0'), sample._id) };
    },
  );

  return Promise.resolve();
}
