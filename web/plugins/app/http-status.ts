/**
 * The one place the web tier turns error codes into HTTP statuses.
 */
import { isCiaoError, type ErrorCode } from '../../../domain/errors';

const STATUS: Record<ErrorCode, number> = {
  ImgOverSize: 413,
  ImgInvalid: 422,
  ImgNoMeta: 422,
  ImgNotToday: 422,
  ImgDuplicated: 409,
  OverCount: 429,
  ModelError: 502,
  ModelNoPlastic: 422,
  ModelYesLabel: 422,
  OcrNoDetect: 422,
  DagCycle: 500,
  DagUnknownTask: 500,
  DagDuplicateTask: 500,
  DagInvalid: 500,
  DagNotFound: 404,
  DagParamsInvalid: 400,
  DagRunAmbiguous: 400,
  XcomTooLarge: 500,
  ConfigInvalid: 500,
  ServiceUnavailable: 503,
  StackInstallFailed: 500,
  StackStartFailed: 500,
  ValidationFailed: 400,
  NotFound: 404,
  Unauthorized: 401,
  Forbidden: 403,
  Conflict: 409,
  RateLimited: 429,
};

/** HTTP status for `err`: by its code for a CiaoError, its own `statusCode` for a Fastify error, else 500. */
export function httpStatusOf(err: unknown): number {
  if (isCiaoError(err)) return STATUS[err.code];
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
