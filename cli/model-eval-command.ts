/**
 * `ciao model eval`: a registered version (the active one by default) measured on the synthetic test split and
 * the real held-out photos, printed side by side (AP@0.5 per class, mAP@0.5, verdict accuracy) and recorded on
 * its registry record. An empty real split is said to be empty — never shown as a figure.
 */
import path from 'node:path';
import type { Db } from 'mongodb';
import { DEFAULT_DATA_DIR } from '../activities/images/detector/evaluate-split';
import { ensureTestSplit } from '../activities/images/detector/ml-python';
import { evaluateVersion, loadEvalSets } from '../activities/models/evaluate-version';
import { DETECTOR_KIND, type ModelMetrics, type SplitMetrics } from '../activities/models/model-record';
import { findActive } from '../activities/models/model-promotion';
import { NO_REAL_PHOTOS } from '../activities/models/promotion-rule';
import { InfraError } from '../domain/errors';
import type { Config } from '../infra/config';
import { renderTable } from './table';

/** Options of `ciao model eval`. */
export interface RegistryEvalOptions {
  readonly version?: string;
  readonly images?: number;
  readonly data?: string;
  readonly real?: string;
  readonly json?: boolean;
}

const cell = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : v.toFixed(3));

/** The side-by-side table of a version's figures. */
export function metricsTable(metrics: ModelMetrics, classes: readonly string[]): string {
  const s = metrics.synthetic;
  const r = metrics.real;
  const col = (m: SplitMetrics | null, f: (m: SplitMetrics) => string) => (m ? f(m) : '—');
  const rows = [
    ...classes.map((c) => [`${c} AP@0.5`, col(s, (m) => cell(m.ap50[c])), col(r, (m) => cell(m.ap50[c]))]),
    ['mAP@0.5', col(s, (m) => cell(m.map50)), col(r, (m) => cell(m.map50))],
    ['verdict accuracy', col(s, (m) => `${cell(m.verdict.accuracy)} (${m.verdict.correct}/${m.verdict.images})`), col(r, (m) => `${cell(m.verdict.accuracy)} (${m.verdict.correct}/${m.verdict.images})`)],
  ];
  return renderTable(['', `synthetic test (${s?.images ?? 0} images)`, r ? `real held-out (${r.images} photos)` : 'real held-out (none)'], rows);
}

/**
 * Measures and records a version; prints the table (or JSON).
 * @throws InfraError `NotFound` when no version is active and none was named
 */
export async function runRegistryEval(db: Db, config: Config, opts: RegistryEvalOptions): Promise<void> {
  const version = opts.version ?? (await findActive(db, DETECTOR_KIND))?.version;
  if (!version) throw new InfraError('NotFound', 'No detector version is active; name one with --version.');
  const syntheticDir = path.resolve(opts.data ?? DEFAULT_DATA_DIR);
  if (opts.data === undefined) await ensureTestSplit(syntheticDir);
  const sets = await loadEvalSets(db, { syntheticDir, ...(opts.images ? { syntheticLimit: opts.images } : {}), ...(opts.real ? { realDir: path.resolve(opts.real) } : {}) });
  let shown = 0;
  const metrics = await evaluateVersion(db, version, sets, {
    cacheDir: config.models.cacheDir,
    onImage: (set, done, total) => {
      if (done === total || Date.now() - shown > 5000) {
        shown = Date.now();
        process.stderr.write(`  ${set}: ${done}/${total} images\n`);
      }
    },
  });
  if (opts.json) {
    console.log(JSON.stringify({ version, ...metrics }, null, 2));
    return;
  }
  const classes = Object.keys(metrics.synthetic?.ap50 ?? metrics.real?.ap50 ?? { plastic: 0, label: 0, can: 0 });
  console.log(`detector ${version}: mAP@0.5 per class and verdict accuracy (accepted / ModelYesLabel / ModelNoPlastic vs the ground truth's)`);
  console.log(metricsTable(metrics, classes));
  console.log(
    metrics.real
      ? `real held-out: ${metrics.real.source}`
      : `real held-out split: empty — ${NO_REAL_PHOTOS} (no photo in ${opts.real ?? 'ml/detector/data/real'}, no confirmed held-out upload in training_samples); no real-photo figure exists yet.`,
  );
  console.log(`recorded on registry version ${version} (\`ciao model list\`).`);
}
