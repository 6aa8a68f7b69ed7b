/**
 * Eco point 1 and 2 (issue 14): the upload pages, the multipart upload (type by the bytes, 16 MB limit), the
 * status the page polls, the member's images (EXIF and GPS stripped), and the appeal. Members only; every
 * upload route finds the upload by id AND the session's member, so another member's id answers 404 (no IDOR).
 *
 * @fastify/multipart is registered inside this plugin only, so multipart bodies are accepted nowhere else.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import sharp from 'sharp';
import { appealUpload, canAppeal } from '../../../activities/ecopoints/appeals';
import { remainingToday } from '../../../activities/ecopoints/daily-quota';
import { findImage, findOwnUpload, readDecodableUpload, readImage, type UploadRecord } from '../../../activities/ecopoints/upload-records';
import { DEFAULT_MAX_BYTES } from '../../../activities/images/detector/decode-image';
import { submitUpload, uploadStage } from '../../../control/ecopoint-upload';
import { EcoPointError, InfraError, isCiaoError } from '../../../domain/errors';
import { refusalMessage, type EcoPointService } from '../../../domain/ecopoint-verdicts';
import { ERROR_RESPONSES } from '../../schemas/errors';
import { pagePath, requestUser } from '../../plugins/app/events';
import { requireMember } from '../../sessions/require-member';
import {
  AppealReply,
  ImageParams,
  ServiceParams,
  UploadAccepted,
  UploadParams,
  UploadStatus,
  type AppealReplyOutput,
  type ImageParamsInput,
  type ServiceParamsInput,
  type UploadAcceptedOutput,
  type UploadParamsInput,
  type UploadStatusOutput,
} from '../schemas/ecopoint';
import { sendPage } from '../send-page';
import { ecopointPageBody } from '../views/ecopoint-page';

/** After this long waiting for a model, the page says the upload is queued. */
const QUEUED_AFTER_MS = 5000;

function memberOf(request: FastifyRequest): string {
  const member = request.session?.data.member;
  if (!member) throw new InfraError('Unauthorized', '로그인이 필요해요.');
  return member.userId;
}

/** The verdict part of the status reply. */
export function verdictView(record: UploadRecord): UploadStatusOutput['verdict'] {
  const v = record.verdict;
  if (record.stage !== 'done' || !v) return null;
  return {
    accepted: v.accepted,
    points: v.points,
    code: v.code,
    message: v.message,
    matchedLines: [...(v.matchedLines ?? [])],
    annotatedUrl: v.annotated ? `/ecopoint/uploads/${record._id}/image/annotated` : null,
    canAppeal: canAppeal(record),
    appealed: record.appealedAt !== undefined,
  };
}

/** The eco-point routes plugin. */
export async function ecopointRoutes(app: FastifyInstance): Promise<void> {
  const db = app.stores.mongo.db;
  const redis = app.stores.redis.redis;
  await app.register(multipart, { limits: { fileSize: DEFAULT_MAX_BYTES, files: 1, fields: 4, parts: 5, headerPairs: 200 } });

  app.get<{ Params: ServiceParamsInput }>('/ecopoint/:service', { schema: { params: ServiceParams }, preHandler: requireMember }, async (request, reply) => {
    const service = Number(request.params.service) as EcoPointService;
    const remaining = await remainingToday(redis, memberOf(request), service);
    return sendPage(request, reply, {
      title: service === 1 ? '에코포인트 ① 페트병 인증' : '에코포인트 ② 영수증 인증',
      nav: service === 1 ? 'ecopoint1' : 'ecopoint2',
      body: ecopointPageBody({ service, remainingToday: remaining }),
      scripts: [app.assetUrl('ecopoint.js')],
    });
  });

  const refuse = (request: FastifyRequest, service: EcoPointService, err: EcoPointError): never => {
    request.publishEvent('ecopoint', { service, points: 0, imageId: null, failCode: err.code }, { page: `/ecopoint/${service}` });
    throw err;
  };

  app.post<{ Params: ServiceParamsInput }>(
    '/api/ecopoint/:service/uploads',
    { schema: { params: ServiceParams, response: { 202: UploadAccepted, ...ERROR_RESPONSES } }, preHandler: requireMember, bodyLimit: DEFAULT_MAX_BYTES + 1024 * 1024 },
    async (request, reply): Promise<UploadAcceptedOutput> => {
      const userId = memberOf(request);
      const service = Number(request.params.service) as EcoPointService;
      if (!request.isMultipart()) throw new InfraError('ValidationFailed', '사진 파일을 골라서 올려 주세요.');
      let bytes: Buffer;
      try {
        const file = await request.file();
        if (!file) throw new InfraError('ValidationFailed', '사진 파일을 골라서 올려 주세요.');
        bytes = await file.toBuffer();
        if (file.file.truncated) refuse(request, service, new EcoPointError('ImgOverSize', refusalMessage('ImgOverSize')));
      } catch (err) {
        if (isCiaoError(err)) throw err;
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' || (err as { statusCode?: number }).statusCode === 413) {
          return refuse(request, service, new EcoPointError('ImgOverSize', refusalMessage('ImgOverSize')));
        }
        throw new InfraError('ValidationFailed', '사진을 받지 못했어요. 다시 올려 주세요.', {}, { cause: err });
      }
      let uploadId: string;
      try {
        uploadId = await submitUpload(
          { db, temporal: await app.stores.temporal.client(), taskQueue: app.config.ecopointTaskQueue, inferenceTaskQueue: app.config.inferenceTaskQueue, redis },
          { userId, service, bytes, event: { sessionId: request.session?.id ?? 'nosession', page: pagePath(`/ecopoint/${service}`), user: requestUser(request) } },
        );
      } catch (err) {
        if (err instanceof EcoPointError) return refuse(request, service, err);
        // A store is down: say so plainly (the app's handler would answer 5xx with a generic sentence).
        if (isCiaoError(err, 'ServiceUnavailable')) {
          request.log.warn({ err }, 'eco-point upload refused: a store is down');
          return reply.code(503).send({ code: err.code, message: err.message }) as never;
        }
        throw err;
      }
      return reply.code(202).send({ uploadId, statusUrl: `/api/ecopoint/uploads/${uploadId}` }) as never;
    },
  );

  app.get<{ Params: UploadParamsInput }>(
    '/api/ecopoint/uploads/:uploadId',
    { schema: { params: UploadParams, response: { 200: UploadStatus, ...ERROR_RESPONSES } }, preHandler: requireMember },
    async (request): Promise<UploadStatusOutput> => {
      const userId = memberOf(request);
      const record = await findOwnUpload(db, userId, request.params.uploadId);
      if (!record) throw new InfraError('NotFound', '찾는 인증 기록이 없어요.');
      const remaining = await remainingToday(redis, userId, record.service);
      const base = { uploadId: record._id, service: record.service, photoUrl: `/ecopoint/uploads/${record._id}/image/photo`, remainingToday: remaining };
      const verdict = verdictView(record);
      if (verdict) return { ...base, state: 'done', message: verdict.message, verdict };
      const stage = await uploadStage(await app.stores.temporal.client(), record._id);
      const queued = stage?.stage === 'inference' && Date.now() - stage.since > QUEUED_AFTER_MS;
      return queued
        ? { ...base, state: 'queued', message: '확인할 사진이 많아 순서를 기다리고 있어요. 이 화면을 닫아도 결과는 마이페이지에 남아요.', verdict: null }
        : { ...base, state: 'checking', message: '확인 중이에요…', verdict: null };
    },
  );

  const sendImage = async (reply: FastifyReply, bytes: Buffer) => reply.header('cache-control', 'private, max-age=86400').type('image/jpeg').send(bytes);

  app.get<{ Params: ImageParamsInput }>('/ecopoint/uploads/:uploadId/image/:kind', { schema: { params: ImageParams }, preHandler: requireMember }, async (request, reply) => {
    const record = await findOwnUpload(db, memberOf(request), request.params.uploadId);
    if (!record) throw new InfraError('NotFound', '찾는 사진이 없어요.');
    const { kind } = request.params;
    if (kind === 'annotated') {
      if (!record.verdict?.annotated) throw new InfraError('NotFound', '찾는 사진이 없어요.');
      // Written by sharp without metadata: no EXIF, no GPS.
      return sendImage(reply, await readImage(db, 'detections', record._id));
    }
    // The preview (≤ 1600 px, upright) when there is one, else the raw upload; re-encoded either way: sharp
    // writes no EXIF (GPS, camera, dates) unless asked to.
    const source = (await findImage(db, 'previews', record._id))?.bytes ?? (await readDecodableUpload(db, record._id));
    const pipeline = sharp(source, { failOn: 'none', limitInputPixels: 40_000_000 }).autoOrient();
    const out = kind === 'thumb' ? pipeline.resize(144, 144, { fit: 'cover' }).jpeg({ quality: 75 }) : pipeline.resize(1600, 1600, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 85 });
    return sendImage(reply, await out.toBuffer());
  });

  app.post<{ Params: UploadParamsInput }>(
    '/api/ecopoint/uploads/:uploadId/appeal',
    { schema: { params: UploadParams, response: { 200: AppealReply, ...ERROR_RESPONSES } }, preHandler: requireMember },
    async (request): Promise<AppealReplyOutput> => {
      await appealUpload(db, memberOf(request), request.params.uploadId, new Date(), { redis });
      return { appealed: true, message: '이의 신청을 받았어요. 사람이 직접 다시 확인할게요.' };
    },
  );
}
