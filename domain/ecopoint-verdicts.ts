/**
 * What a member is told about an eco-point upload, and the shape of a verdict the pipeline records. Pure and
 * workflow-safe: the workflow builds verdicts, the web tier shows them.
 */
import type { EcoPointCode } from './errors';

/** An upload id: 24 hex digits (an ObjectId, which is also its GridFS file id). */
export const UPLOAD_ID_PATTERN = '^[0-9a-f]{24}$';

/** Eco-point services: 1 = PET bottle photo, 2 = receipt. */
export type EcoPointService = 1 | 2;

/** The final outcome of one upload. */
export interface UploadVerdict {
  /** True when points were granted. */
  readonly accepted: boolean;
  /** Points granted (0 when refused). */
  readonly points: number;
  /** Why it was refused (null when accepted). */
  readonly code: EcoPointCode | null;
  /** The Korean sentence shown to the member. */
  readonly message: string;
  /** Eco point 1: counts of confident detections. */
  readonly counts?: { readonly plastics: number; readonly labels: number; readonly cans: number };
  /** Eco point 2: the receipt lines that named a label-free product. */
  readonly matchedLines?: readonly string[];
  /** Whether an annotated image exists (GridFS `detections`, same id as the upload). */
  readonly annotated: boolean;
  /** Version of the model that decided (null when no model ran). */
  readonly modelVersion: string | null;
}

/** The Korean explanation of each refusal code; `{n}` is replaced by a number where the code has one. */
export const REFUSAL_MESSAGES: Readonly<Record<EcoPointCode, string>> = {
  ImgOverSize: '사진이 너무 커요. 16MB 이하의 사진을 올려 주세요.',
  ImgInvalid: '사진 파일이 아니거나 읽을 수 없는 파일이에요. JPG나 PNG 사진을 올려 주세요.',
  ImgNoMeta: '사진에 촬영 날짜 정보(EXIF)가 없어요. 카메라로 직접 찍은 원본 사진을 올려 주세요.',
  ImgNotToday: '오늘 찍은 사진만 인증할 수 있어요. 오늘 새로 찍어서 올려 주세요.',
  ImgDuplicated: '이미 올라온 적이 있는 사진이에요. 새로 찍은 사진을 올려 주세요.',
  OverCount: '오늘은 이미 2번 적립했어요. 내일 다시 도전해 주세요.',
  ModelError: '사진을 확인하는 중에 문제가 생겼어요. 포인트는 적립되지 않았어요. 잠시 후 다시 올려 주세요.',
  ModelNoPlastic: '페트병을 찾지 못했어요. 페트병이 잘 보이게 다시 찍어 주세요.',
  ModelYesLabel: '라벨 등 이물질 {n}개가 보여요. 라벨을 떼고 다시 찍어 주세요.',
  OcrNoDetect: '영수증에서 무라벨 상품을 찾지 못했어요. 글자가 잘 보이게 다시 찍어 주세요.',
};

/** The refusal sentence of `code` (with `n` filled in for ModelYesLabel). */
export function refusalMessage(code: EcoPointCode, n = 0): string {
  return REFUSAL_MESSAGES[code].replace('{n}', String(n));
}

/** The sentence of an accepted upload. */
export function acceptedMessage(service: EcoPointService, points: number, detail: number): string {
  return service === 1 ? `라벨 없는 페트병 ${detail}개를 확인했어요. ${points}포인트를 적립했어요!` : `무라벨 상품 ${detail}건을 확인했어요. ${points}포인트를 적립했어요!`;
}

/** Codes that end an upload before any model ran. */
export const CHECK_CODES: ReadonlySet<EcoPointCode> = new Set<EcoPointCode>(['ImgOverSize', 'ImgInvalid', 'ImgNoMeta', 'ImgNotToday', 'ImgDuplicated', 'OverCount']);
