/**
 * Which version serves: the `model_active` pointer of a kind (one document — the one thing workers read), its
 * history (the versions active before, so a rollback returns to the previous one, and a second rollback to the
 * one before), the versions' `status` fields and the append-only `model_promotions` log.
 *
 * Changes are optimistic: the pointer is updated only if it still names the version (and time) read, so two
 * admins promoting at once cannot lose one change silently — the second gets `Conflict` and tries again.
 */
import type { Db } from 'mongodb';
import { InfraError } from '../../domain/errors';
import { type ActiveModelDoc, type ModelKind, type PromotionEvent, registryCollections } from './model-record';

/** Versions kept in the rollback history of a kind. */
export const MAX_HISTORY = 50;

/** What a promotion or rollback changed. */
export interface PromotionResult {
  readonly kind: ModelKind;
  /** The version active before (null when none was). */
  readonly from: string | null;
  readonly to: string;
  /** False when `to` was already active (nothing changed). */
  readonly changed: boolean;
}

/** Who asked and why, for the log. */
export interface PromotionAuthor {
  readonly by: string;
  readonly reason?: string;
}

/** The active pointer of `kind`, or null when no version was ever activated. */
export async function findActive(db: Db, kind: ModelKind): Promise<ActiveModelDoc | null> {
  return registryCollections(db).active.findOne({ _id: kind });
}

/** The promotions and rollbacks of `kind`, newest first. */
export async function promotionHistory(db: Db, kind: ModelKind, limit = 20): Promise<PromotionEvent[]> {
  return registryCollections(db).promotions.find({ kind }).sort({ at: -1 }).limit(limit).toArray();
}

async function moveActive(db: Db, kind: ModelKind, current: ActiveModelDoc | null, to: string, history: readonly string[], event: Omit<PromotionEvent, 'at' | 'kind' | 'from' | 'to'>): Promise<void> {
  const { active, models, promotions } = registryCollections(db);
  const now = new Date();
  if (current) {
    const res = await active.updateOne({ _id: kind, version: current.version, updatedAt: current.updatedAt }, { $set: { version: to, history: history.slice(-MAX_HISTORY), updatedAt: now } });
    if (res.matchedCount === 0) throw new InfraError('Conflict', `The active ${kind} changed meanwhile (it was ${current.version}); look again and retry.`, { kind });
  } else {
    try {
      await active.insertOne({ _id: kind, version: to, history: [], updatedAt: now });
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw new InfraError('Conflict', `A ${kind} version was activated meanwhile; look again and retry.`, { kind }, { cause: err });
      throw err;
    }
  }
  await models.updateOne({ _id: to }, { $set: { status: 'active', promotedAt: now, retiredAt: null } });
  if (current && current.version !== to) await models.updateOne({ _id: current.version }, { $set: { status: 'retired', retiredAt: now } });
  await promotions.insertOne({ kind, from: current?.version ?? null, to, at: now, ...event });
}

/**
 * Makes `version` the active one of its kind; the previous active version becomes `retired` and goes on the
 * rollback history.
 * @throws InfraError `NotFound` for an unknown version; `Conflict` when the pointer changed meanwhile
 */
export async function promoteModel(db: Db, version: string, author: PromotionAuthor): Promise<PromotionResult> {
  const record = await registryCollections(db).models.findOne({ _id: version });
  if (!record) throw new InfraError('NotFound', `No model version ${version} in the registry (\`ciao model list\` shows them).`, { version });
  const current = await findActive(db, record.kind);
  if (current?.version === version) return { kind: record.kind, from: version, to: version, changed: false };
  const history = current ? [...current.history.filter((v) => v !== version), current.version] : [];
  await moveActive(db, record.kind, current, version, history, { action: current ? 'promote' : 'initial', by: author.by, reason: author.reason ?? '' });
  return { kind: record.kind, from: current?.version ?? null, to: version, changed: true };
}

/**
 * Returns `kind` to the version active before the current one (the current one becomes `retired`).
 * @throws InfraError `Conflict` when there is nothing to roll back to, or the pointer changed meanwhile
 */
export async function rollbackModel(db: Db, kind: ModelKind, author: PromotionAuthor): Promise<PromotionResult> {
  const current = await findActive(db, kind);
  const previous = current?.history.at(-1);
  if (!current || previous === undefined) {
    throw new InfraError('Conflict', current ? `No ${kind} version was active before ${current.version}: nothing to roll back to.` : `No ${kind} version is active.`, { kind });
  }
  await moveActive(db, kind, current, previous, current.history.slice(0, -1), { action: 'rollback', by: author.by, reason: author.reason ?? '' });
  return { kind, from: current.version, to: previous, changed: true };
}
