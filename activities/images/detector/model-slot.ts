/**
 * Holds the detector model a process uses: loaded once, shared by concurrent requests, and swappable at run
 * time (by path / version) without dropping requests in flight — the retraining loop publishes a new model and
 * calls {@link DetectorSlot.swap}.
 */
import { EcoPointError } from '../../../domain/errors';
import { type DetectorModel, type LoadModelOptions, loadDetectorModel } from './session';

interface Entry {
  readonly model: DetectorModel;
  users: number;
  retired: boolean;
}

/** The active model plus reference counts, so a replaced model is released only after its last run. */
export class DetectorSlot {
  private entry: Entry;
  private closed = false;

  private constructor(model: DetectorModel) {
    this.entry = { model, users: 0, retired: false };
  }

  /**
   * Loads a model into a new slot.
   * @throws EcoPointError `ModelError`
   */
  static async open(options: LoadModelOptions = {}): Promise<DetectorSlot> {
    return new DetectorSlot(await loadDetectorModel(options));
  }

  /** The active model (for metadata; run it through {@link use}). */
  get model(): DetectorModel {
    return this.entry.model;
  }

  /**
   * Runs `fn` with the active model; a swap during `fn` does not release that model until `fn` settles.
   * @throws EcoPointError `ModelError` when the slot is closed
   */
  async use<T>(fn: (model: DetectorModel) => Promise<T>): Promise<T> {
    if (this.closed) throw new EcoPointError('ModelError', 'The detector has been closed.');
    const entry = this.entry;
    entry.users++;
    try {
      return await fn(entry.model);
    } finally {
      entry.users--;
      if (entry.retired && entry.users === 0) await entry.model.release();
    }
  }

  /**
   * Loads another model and makes it active; the previous one is released once idle. If loading fails the
   * active model stays.
   * @returns the metadata of the new model
   * @throws EcoPointError `ModelError`
   */
  async swap(options: LoadModelOptions): Promise<DetectorModel['metadata']> {
    if (this.closed) throw new EcoPointError('ModelError', 'The detector has been closed.');
    const model = await loadDetectorModel(options);
    const old = this.entry;
    this.entry = { model, users: 0, retired: false };
    old.retired = true;
    if (old.users === 0) await old.model.release();
    return model.metadata;
  }

  /** Releases the active model (after its running calls finish); later calls fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.entry.retired = true;
    if (this.entry.users === 0) await this.entry.model.release();
  }
}
