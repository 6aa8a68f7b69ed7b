/**
 * The one error hierarchy of Ciao label la.
 *
 * Every error that crosses a boundary carries a stable `code` (e.g. `ImgNotToday`, `DagCycle`). The web tier
 * maps codes to HTTP statuses in one place, activities mark codes as non-retryable, and logs / dashboards
 * group by code. Subclasses exist per domain so `instanceof` can select a family; the code selects the case.
 *
 * This module is pure (no Node built-ins, no I/O) so workflow code may import it.
 */

/** Codes of the eco-point abuse rules and model verdicts (SPEC §1). */
export type EcoPointCode =
  | 'ImgOverSize'
  | 'ImgInvalid'
  | 'ImgNoMeta'
  | 'ImgNotToday'
  | 'ImgDuplicated'
  | 'OverCount'
  | 'ModelError'
  | 'ModelNoPlastic'
  | 'ModelYesLabel'
  | 'OcrNoDetect';

/** Codes of the DAG layer. */
export type DagCode =
  | 'DagCycle'
  | 'DagUnknownTask'
  | 'DagDuplicateTask'
  | 'DagInvalid'
  | 'DagNotFound'
  | 'DagParamsInvalid'
  | 'DagRunAmbiguous'
  | 'XcomTooLarge';

/** Codes of configuration, infrastructure and input validation. */
export type InfraCode =
  | 'ConfigInvalid'
  | 'ServiceUnavailable'
  | 'StackInstallFailed'
  | 'StackStartFailed'
  | 'ValidationFailed'
  | 'NotFound'
  | 'Unauthorized'
  | 'Forbidden'
  | 'Conflict'
  | 'RateLimited';

/** Every stable error code of the project. */
export type ErrorCode = EcoPointCode | DagCode | InfraCode;

/** Base class: an error with a stable machine-readable code and optional structured details. */
export class CiaoError extends Error {
  /** Stable identifier of the failure case; never reworded once released. */
  readonly code: ErrorCode;
  /** Structured context (ids, limits, offending values) for logs and API bodies. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}

/** An image, a model or an OCR verdict refused an eco-point attempt. */
export class EcoPointError extends CiaoError {
  declare readonly code: EcoPointCode;
  constructor(code: EcoPointCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(code, message, details, options);
  }
}

/** A DAG definition or run request is invalid. */
export class DagError extends CiaoError {
  declare readonly code: DagCode;
  constructor(code: DagCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(code, message, details, options);
  }
}

/** Configuration, a backing service or an outside input is wrong or unavailable. */
export class InfraError extends CiaoError {
  declare readonly code: InfraCode;
  constructor(code: InfraCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(code, message, details, options);
  }
}

/** Codes that retrying cannot fix: activities raise these as non-retryable failures. */
export const NON_RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ImgOverSize',
  'ImgInvalid',
  'ImgNoMeta',
  'ImgNotToday',
  'ImgDuplicated',
  'OverCount',
  'ModelNoPlastic',
  'ModelYesLabel',
  'OcrNoDetect',
  'DagCycle',
  'DagUnknownTask',
  'DagDuplicateTask',
  'DagInvalid',
  'DagNotFound',
  'DagParamsInvalid',
  'DagRunAmbiguous',
  'XcomTooLarge',
  'ConfigInvalid',
  'ValidationFailed',
  'NotFound',
  'Unauthorized',
  'Forbidden',
  'Conflict',
]);

/** True when `err` is a {@link CiaoError} (optionally with the given code). */
export function isCiaoError(err: unknown, code?: ErrorCode): err is CiaoError {
  return err instanceof CiaoError && (code === undefined || err.code === code);
}
