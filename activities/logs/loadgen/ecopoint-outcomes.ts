/**
 * Outcomes of synthetic eco-point attempts, with the service's real rejection codes (SPEC §1) in plausible
 * proportions, and the daily limit of two credited uploads per member and service enforced (`OverCount`).
 */
import { seoulDate } from '../../../domain/age-band';
import type { LogEventOf } from '../../../domain/events';
import type { SeededRandom } from './seeded-random';

/** What an attempt logs. */
export type EcopointData = LogEventOf<'ecopoint'>['data'];

/** Credited uploads per `userId|service|day`, shared by all sessions of a run. */
export type CreditLedger = Map<string, number>;

/** Most credited uploads per member, service and Seoul day. */
export const DAILY_CREDIT_LIMIT = 2;

/** Rejections of the photo itself, decided before it is stored: the event carries no image id. */
const PHOTO_CHECKS = new Set(['ImgOverSize', 'ImgInvalid', 'ImgNoMeta', 'ImgNotToday', 'ImgDuplicated']);

/** Share of each outcome per service (`ok` = credited). */
export const OUTCOME_SHARE: Readonly<Record<1 | 2, Readonly<Record<string, number>>>> = {
  1: { ok: 0.55, ModelYesLabel: 0.12, ModelNoPlastic: 0.06, ImgNotToday: 0.08, ImgNoMeta: 0.06, ImgDuplicated: 0.06, ImgOverSize: 0.03, ImgInvalid: 0.02, ModelError: 0.02 },
  2: { ok: 0.6, OcrNoDetect: 0.2, ImgNotToday: 0.07, ImgNoMeta: 0.05, ImgDuplicated: 0.05, ImgOverSize: 0.01, ImgInvalid: 0.01, ModelError: 0.01 },
};

/** Bottles in an accepted PET photo (10 points each): mostly 2–4. */
const BOTTLES = [1, 2, 3, 4, 5, 6, 8] as const;
const BOTTLE_WEIGHT: Readonly<Record<number, number>> = { 1: 12, 2: 22, 3: 24, 4: 18, 5: 10, 6: 9, 8: 5 };
/** Receipt grants: 10–50 points, smaller ones likelier. */
const RECEIPT_POINTS = [10, 20, 30, 40, 50] as const;
const RECEIPT_WEIGHT: Readonly<Record<number, number>> = { 10: 30, 20: 25, 30: 20, 40: 15, 50: 10 };

/**
 * Decides one attempt by `userId` on `service` at `at` (epoch ms), recording a credit in `ledger`.
 */
export function attemptEcopoint(userId: string, service: 1 | 2, at: number, ledger: CreditLedger, rng: SeededRandom): EcopointData {
  const key = `${userId}|${service}|${seoulDate(new Date(at))}`;
  const credited = ledger.get(key) ?? 0;
  const shares = OUTCOME_SHARE[service];
  const outcome = rng.weighted(Object.keys(shares), (k) => shares[k] ?? 0);
  const imageId = rng.hex(24);
  // The daily limit is checked once the photo itself is acceptable, before the model runs.
  const photoRejected = PHOTO_CHECKS.has(outcome);
  if (!photoRejected && credited >= DAILY_CREDIT_LIMIT) return { service, points: 0, imageId: null, failCode: 'OverCount' };
  if (outcome !== 'ok') return { service, points: 0, imageId: photoRejected ? null : imageId, failCode: outcome };
  ledger.set(key, credited + 1);
  const points = service === 1 ? 10 * rng.weighted(BOTTLES, (b) => BOTTLE_WEIGHT[b] ?? 0) : rng.weighted(RECEIPT_POINTS, (p) => RECEIPT_WEIGHT[p] ?? 0);
  return { service, points, imageId, failCode: null };
}
