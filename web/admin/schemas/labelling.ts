/**
 * Schemas of the labelling queue's routes: the queue's query (view, band, day, page), sample ids, the image
 * kinds, and the confirm body and replies. The body schema checks the shape (classes from the enum, at most
 * {@link MAX_BOXES} boxes, non-negative finite coordinates); whether the boxes fit the image and x1 < x2,
 * y1 < y2 is checked against the image's size by the route (`boxProblems`).
 */
import { Type, type Static } from '@sinclair/typebox';
import { UPLOAD_ID_PATTERN } from '../../../domain/ecopoint-verdicts';
import { LABEL_CLASSES } from '../../../domain/ground-truth';
import { MAX_BOXES } from '../labelling/box-geometry';

/** A confidence in [0, 1] with up to 3 decimals, as typed in the band form ('' = default). */
const CONFIDENCE = Type.String({ pattern: '^(|0(\\.\\d{1,3})?|1(\\.0{1,3})?|\\.\\d{1,3})$' });
const DAY = Type.String({ pattern: '^(\\d{4}-\\d{2}-\\d{2})?$' });

/** `GET /labelling?view&lo&hi&day&page`. */
export const QueueQuerySchema = Type.Object(
  {
    view: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('appealed'), Type.Literal('unsure'), Type.Literal('random'), Type.Literal('reviewed')])),
    lo: Type.Optional(CONFIDENCE),
    hi: Type.Optional(CONFIDENCE),
    day: Type.Optional(DAY),
    page: Type.Optional(Type.String({ pattern: '^[1-9]\\d{0,4}$' })),
  },
  { additionalProperties: false },
);
/** {@link QueueQuerySchema} as a type. */
export type QueueQueryInput = Static<typeof QueueQuerySchema>;

/** `GET /labelling/:uploadId?view&lo&hi&day&at`: the queue context, and the sample's position in it (`at`, from 0). */
export const EditorQuerySchema = Type.Object(
  {
    view: QueueQuerySchema.properties.view,
    lo: Type.Optional(CONFIDENCE),
    hi: Type.Optional(CONFIDENCE),
    day: Type.Optional(DAY),
    at: Type.Optional(Type.String({ pattern: '^\\d{1,6}$' })),
  },
  { additionalProperties: false },
);
/** {@link EditorQuerySchema} as a type. */
export type EditorQueryInput = Static<typeof EditorQuerySchema>;

/** `/labelling/:uploadId…`. */
export const SampleParams = Type.Object({ uploadId: Type.String({ pattern: UPLOAD_ID_PATTERN }) });
/** {@link SampleParams} as a type. */
export type SampleParamsInput = Static<typeof SampleParams>;

/** `/labelling/:uploadId/image/:kind`: the editor's image or the queue's thumbnail. */
export const SampleImageParams = Type.Object({ uploadId: Type.String({ pattern: UPLOAD_ID_PATTERN }), kind: Type.Union([Type.Literal('full'), Type.Literal('thumb')]) });
/** {@link SampleImageParams} as a type. */
export type SampleImageParamsInput = Static<typeof SampleImageParams>;

const COORD = Type.Number({ minimum: 0, maximum: 100_000 });

/** One box an admin confirms, in pixels of the upright raw image. */
export const GroundTruthBoxSchema = Type.Object(
  {
    className: Type.Union(LABEL_CLASSES.map((c) => Type.Literal(c))),
    box: Type.Object({ x1: COORD, y1: COORD, x2: COORD, y2: COORD }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

/** `POST /api/labelling/:uploadId/confirm`: the boxes (an empty list: "no objects"). */
export const ConfirmBody = Type.Object(
  {
    boxes: Type.Array(GroundTruthBoxSchema, { maxItems: MAX_BOXES }),
    /** The revision the editor loaded (0: never reviewed): a confirm based on an older one is a 409. */
    revision: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
/** {@link ConfirmBody} as a type. */
export type ConfirmBodyInput = Static<typeof ConfirmBody>;

/** `POST /api/labelling/:uploadId/skip`. */
export const SkipBody = Type.Object({ revision: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });
/** {@link SkipBody} as a type. */
export type SkipBodyInput = Static<typeof SkipBody>;

const Verdict = Type.Object({ accepted: Type.Boolean(), points: Type.Integer(), code: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false });

/** The reply to a confirm or a skip: what was written and where the editor goes next. */
export const ReviewReply = Type.Object(
  {
    review: Type.Union([Type.Literal('confirmed'), Type.Literal('skipped')]),
    boxes: Type.Integer(),
    split: Type.Union([Type.Literal('train'), Type.Literal('heldout'), Type.Null()]),
    /** For an appealed sample: whether the confirmed boxes prove the member right, and the verdict they imply. */
    appeal: Type.Union([Type.Object({ upheld: Type.Boolean(), groundTruthVerdict: Verdict }, { additionalProperties: false }), Type.Null()]),
    message: Type.String(),
    /** The next sample of the same queue view, or the queue page when none is left. */
    next: Type.String(),
  },
  { additionalProperties: false },
);
/** {@link ReviewReply} as a type. */
export type ReviewReplyOutput = Static<typeof ReviewReply>;
