/**
 * The inference worker's side of the registry: open the active detector version at start, then follow the
 * `model_active` pointer — every `pollMs` it reads one small document, and when the version changed it
 * materialises the new files and swaps them into the {@link DetectorSlot} (requests in flight finish on the old
 * model). A version that fails to load (corrupt file, wrong layout) keeps the old model serving; the failure is
 * logged once and tried again at the next change or after `retryMs`.
 */
import type { Db } from 'mongodb';
import { DetectorSlot } from '../images/detector/model-slot';
import { ensureCommittedModel } from './committed-model';
import { materialiseModel } from './materialise-model';
import { DETECTOR_KIND, type ModelKind } from './model-record';
import { findActive } from './model-promotion';
import { findModel } from './register-model';

/** Where log lines go. */
export type ModelLog = (line: string) => void;

/** Options of {@link openActiveDetector} and {@link followActiveModel}. */
export interface FollowOptions {
  readonly db: Db;
  /** Folder for materialised versions (config `models.cacheDir`). */
  readonly cacheDir: string;
  /** onnxruntime threads per run. Default: onnxruntime's choice. */
  readonly intraOpThreads?: number;
  readonly log?: ModelLog;
  /** Model kind followed. Default `detector`. */
  readonly kind?: ModelKind;
}

/** A detector slot and the registry version it serves. */
export interface OpenedDetector {
  readonly slot: DetectorSlot;
  /** The registry version loaded (null when the registry could not be read and the committed file was loaded). */
  readonly version: string | null;
}

async function loadOptionsOf(options: FollowOptions, version: string): Promise<{ modelPath: string; metadataPath: string; intraOpThreads?: number }> {
  const record = await findModel(options.db, version);
  if (!record) throw new Error(`the active version ${version} has no registry record`);
  const files = await materialiseModel(options.db, record, options.cacheDir);
  return { modelPath: files.modelPath, metadataPath: files.metadataPath, ...(options.intraOpThreads === undefined ? {} : { intraOpThreads: options.intraOpThreads }) };
}

/**
 * Registers the committed model when needed (first start), then opens the registry's active version. When the
 * registry cannot be read or its version cannot be loaded, the committed model serves (and the follower moves
 * to the active version as soon as it can): a worker that starts during a MongoDB outage still answers.
 */
export async function openActiveDetector(options: FollowOptions): Promise<OpenedDetector> {
  const log = options.log ?? (() => undefined);
  const kind = options.kind ?? DETECTOR_KIND;
  try {
    try {
      const committed = await ensureCommittedModel(options.db);
      if (committed.registered) log(`registry: registered the committed model as version ${committed.version}${committed.activated ? ' (active)' : ''}`);
    } catch (err) {
      // E.g. the committed files changed without a new version: the registry's active version still serves.
      log(`registry: cannot register the committed model (${(err as Error).message})`);
    }
    const active = await findActive(options.db, kind);
    if (!active) throw new Error(`no ${kind} version is active`);
    const slot = await DetectorSlot.open(await loadOptionsOf(options, active.version));
    return { slot, version: active.version };
  } catch (err) {
    log(`registry: cannot open the active ${kind} (${(err as Error).message}); serving the committed model until it can`);
    const slot = await DetectorSlot.open(options.intraOpThreads === undefined ? {} : { intraOpThreads: options.intraOpThreads });
    return { slot, version: null };
  }
}

/** Options of {@link followActiveModel}. */
export interface FollowLoopOptions extends FollowOptions {
  readonly slot: DetectorSlot;
  /** The version the slot serves now (null: unknown, swap to the active one at the first look). */
  readonly version: string | null;
  /** Milliseconds between looks at the pointer (config `models.pollMs`). */
  readonly pollMs: number;
  /** Milliseconds before a version that failed to load is tried again. Default 60 000. */
  readonly retryMs?: number;
}

/** A running follower. */
export interface ModelFollower {
  /** The registry version served now (null until the first successful look when it started unknown). */
  readonly version: () => string | null;
  /** Looks at the pointer now (and swaps when it moved); resolves when done. */
  readonly checkNow: () => Promise<void>;
  /** Stops looking (a look in progress finishes first). */
  readonly stop: () => Promise<void>;
}

/** Starts following the registry's active version for `slot`. */
export function followActiveModel(options: FollowLoopOptions): ModelFollower {
  const log = options.log ?? (() => undefined);
  const kind = options.kind ?? DETECTOR_KIND;
  const retryMs = options.retryMs ?? 60_000;
  let version = options.version;
  let failed: { version: string; at: number } | null = null;
  let lastReadError = '';
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function look(): Promise<void> {
    let active: string | null;
    try {
      active = (await findActive(options.db, kind))?.version ?? null;
      lastReadError = '';
    } catch (err) {
      const message = (err as Error).message;
      if (message !== lastReadError) log(`registry: cannot read the active ${kind} (${message}); serving ${version ?? 'the committed model'} meanwhile`);
      lastReadError = message;
      return;
    }
    if (active === null || active === version) return;
    if (failed?.version === active && Date.now() - failed.at < retryMs) return;
    try {
      const meta = await options.slot.swap(await loadOptionsOf(options, active));
      log(`registry: now serving ${kind} ${active} (was ${version ?? 'the committed model'}; metadata version ${meta.version})`);
      version = active;
      failed = null;
    } catch (err) {
      if (failed?.version !== active) log(`registry: cannot load ${kind} ${active} (${(err as Error).message}); still serving ${version ?? 'the committed model'}`);
      failed = { version: active, at: Date.now() };
    }
  }

  function checkNow(): Promise<void> {
    running = running.then(look);
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void checkNow().finally(schedule);
    }, options.pollMs);
    timer.unref();
  }
  schedule();

  return {
    version: () => version,
    checkNow,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
