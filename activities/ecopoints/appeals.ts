/**
 * The member's appeal ("이의 신청") of a model's refusal: the training sample is marked for review
 * (`review: 'pending'`, `appeal: { at, userId }`), which the detector's labelling queue reads (issue 15).
 */
import type { Db } from 'mongodb';
import { InfraError } from '../../domain/errors';
import { COLLECTIONS } from '../../infra/contracts';
import { dropHistory, type HistoryWriteOptions } from './upload-history-cache';
import { findOwnUpload, uploadRecords, type UploadRecord } from './upload-records';

/** Codes a member may appeal: the model's refusals (the other checks are facts, not judgements). */
export const APPEALABLE_CODES: ReadonlySet<string> = new Set(['ModelNoPlastic', 'ModelYesLabel', 'OcrNoDetect']);

/** True when `record` may be appealed now. */
export function canAppeal(record: UploadRecord): boolean {
  return record.stage === 'done' && record.verdict?.accepted === false && APPEALABLE_CODES.has(record.verdict.code ?? '') && record.appealedAt === undefined;
}

/**
 * Appeals the member's own upload.
 * @throws InfraError `NotFound` (not theirs or unknown), `Conflict` (not appealable, or appealed already)
 */
export async function appealUpload(db: Db, userId: string, uploadId: string, at: Date = new Date(), options: HistoryWriteOptions = {}): Promise<void> {
  const record = await findOwnUpload(db, userId, uploadId);
  if (!record) throw new InfraError('NotFound', '찾는 인증 기록이 없어요.');
  if (record.appealedAt !== undefined) throw new InfraError('Conflict', '이미 이의 신청을 했어요. 검토 후 알려 드릴게요.');
  if (!canAppeal(record)) throw new InfraError('Conflict', '이 결과에는 이의 신청을 할 수 없어요.');
  const marked = await db.collection<{ _id: string }>(COLLECTIONS.trainingSamples).updateOne({ _id: uploadId }, { $set: { appeal: { at, userId }, review: 'pending' } });
  if (marked.matchedCount === 0) throw new InfraError('Conflict', '이 결과에는 이의 신청을 할 수 없어요.');
  await uploadRecords(db).updateOne({ _id: uploadId }, { $set: { appealedAt: at } });
  await dropHistory(options, userId);
}
