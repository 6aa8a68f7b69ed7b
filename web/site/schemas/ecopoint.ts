/**
 * Schemas of the eco-point routes: the service in the path, upload ids, the status reply the page polls.
 */
import { Type, type Static } from '@sinclair/typebox';
import { UPLOAD_ID_PATTERN } from '../../../domain/ecopoint-verdicts';

/** `/ecopoint/:service`, `/api/ecopoint/:service/uploads`: 1 (PET photo) or 2 (receipt). */
export const ServiceParams = Type.Object({ service: Type.Union([Type.Literal('1'), Type.Literal('2')]) });
export type ServiceParamsInput = Static<typeof ServiceParams>;

/** `/api/ecopoint/uploads/:uploadId`. */
export const UploadParams = Type.Object({ uploadId: Type.String({ pattern: UPLOAD_ID_PATTERN }) });
export type UploadParamsInput = Static<typeof UploadParams>;

/** `/ecopoint/uploads/:uploadId/image/:kind`: the photo as sent (without EXIF), the model's drawing, or a thumbnail. */
export const ImageParams = Type.Object({ uploadId: Type.String({ pattern: UPLOAD_ID_PATTERN }), kind: Type.Union([Type.Literal('photo'), Type.Literal('annotated'), Type.Literal('thumb')]) });
export type ImageParamsInput = Static<typeof ImageParams>;

/** The reply to an accepted upload (202). */
export const UploadAccepted = Type.Object({ uploadId: Type.String(), statusUrl: Type.String() }, { additionalProperties: false });
export type UploadAcceptedOutput = Static<typeof UploadAccepted>;

/** The verdict as the page shows it. */
export const VerdictView = Type.Object(
  {
    accepted: Type.Boolean(),
    points: Type.Integer(),
    code: Type.Union([Type.String(), Type.Null()]),
    message: Type.String(),
    matchedLines: Type.Array(Type.String()),
    annotatedUrl: Type.Union([Type.String(), Type.Null()]),
    /** True when the member may appeal (a model refused it and no appeal was made yet). */
    canAppeal: Type.Boolean(),
    appealed: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type VerdictViewOutput = Static<typeof VerdictView>;

/** `GET /api/ecopoint/uploads/:uploadId`. */
export const UploadStatus = Type.Object(
  {
    uploadId: Type.String(),
    service: Type.Union([Type.Literal(1), Type.Literal(2)]),
    /** `checking` while the checks run, `queued` while waiting for a free model worker, `done` with a verdict. */
    state: Type.Union([Type.Literal('checking'), Type.Literal('queued'), Type.Literal('done')]),
    /** What to tell the member now (Korean). */
    message: Type.String(),
    verdict: Type.Union([VerdictView, Type.Null()]),
    photoUrl: Type.String(),
    /** Uploads the member may still make today for this service. */
    remainingToday: Type.Integer(),
  },
  { additionalProperties: false },
);
export type UploadStatusOutput = Static<typeof UploadStatus>;

/** `POST /api/ecopoint/uploads/:uploadId/appeal`. */
export const AppealReply = Type.Object({ appealed: Type.Boolean(), message: Type.String() }, { additionalProperties: false });
export type AppealReplyOutput = Static<typeof AppealReply>;
