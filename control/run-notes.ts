/**
 * Run notes, as Airflow 2.5+ has them: a free text on a DAG run ("rerun after the HDFS outage", "checked by
 * hand"), set from the CLI or the admin graph page, kept in MongoDB `dag_run_notes` (one document per run id)
 * because a closed Temporal workflow can no longer change.
 */
import type { Db } from 'mongodb';
import { InfraError } from '../domain/errors';
import { COLLECTIONS } from '../infra/contracts';

/** Longest note, in characters. */
export const MAX_NOTE_CHARS = 2000;

/** A run's note. */
export interface RunNote {
  readonly runId: string;
  readonly note: string;
  /** Who wrote it (user id, or `cli:<os user>`). */
  readonly author: string;
  readonly updatedAt: string;
}

interface NoteDoc {
  _id: string;
  note: string;
  author: string;
  updatedAt: string;
}

/**
 * Sets (or, with an empty text, removes) the note of the run `runId` (`dag:<dagId>:<logicalDate>`).
 * @throws InfraError `ValidationFailed` for a note over {@link MAX_NOTE_CHARS} characters or with control characters
 */
export async function setRunNote(db: Db, runId: string, note: string, author: string): Promise<RunNote | undefined> {
  const text = note.trim();
  if (text.length > MAX_NOTE_CHARS) throw new InfraError('ValidationFailed', `a run note has at most ${MAX_NOTE_CHARS} characters (got ${text.length})`);
  // Line breaks and tabs are fine; other control characters would only hide text.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) throw new InfraError('ValidationFailed', 'a run note may not contain control characters');
  const notes = db.collection<NoteDoc>(COLLECTIONS.dagRunNotes);
  if (text === '') {
    await notes.deleteOne({ _id: runId });
    return undefined;
  }
  const doc = { note: text, author, updatedAt: new Date().toISOString() };
  await notes.updateOne({ _id: runId }, { $set: doc }, { upsert: true });
  return { runId, ...doc };
}

/** The notes of the given runs, by run id (runs without a note are absent). */
export async function getRunNotes(db: Db, runIds: readonly string[]): Promise<Map<string, RunNote>> {
  if (runIds.length === 0) return new Map();
  const docs = await db.collection<NoteDoc>(COLLECTIONS.dagRunNotes).find({ _id: { $in: [...runIds] } }).toArray();
  return new Map(docs.map((d) => [d._id, { runId: d._id, note: d.note, author: d.author, updatedAt: d.updatedAt }]));
}
