/**
 * `ciao model list | promote <version> | rollback | register <dir> | eval`: the model registry from the command
 * line. Every command first makes sure the committed model is registered (as the inference worker does), so a
 * fresh database shows its first version. Times are Korea time.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Db } from 'mongodb';
import { ensureCommittedModel } from '../activities/models/committed-model';
import { DETECTOR_KIND, type ModelRecord, type SplitMetrics } from '../activities/models/model-record';
import { findActive, promoteModel, rollbackModel } from '../activities/models/model-promotion';
import { checkModelLoads } from '../activities/models/check-loads';
import { findModel, listModels, registerModel } from '../activities/models/register-model';
import { InfraError } from '../domain/errors';
import { DEFAULT_TIMEZONE } from '../domain/scheduling';
import { loadConfig, type Config } from '../infra/config';
import { createMongoStore } from '../infra/mongo';
import { formatInZone } from '../schedules/zone-time';
import { runRegistryEval, type RegistryEvalOptions } from './model-eval-command';
import { renderTable } from './table';

/** Runs `fn` with the registry's database (the committed model registered first). */
export async function withRegistry<T>(fn: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const mongo = createMongoStore(config);
  try {
    await ensureCommittedModel(mongo.db).catch((err: unknown) => console.error(`warning: the committed model cannot be registered: ${(err as Error).message}`));
    return await fn(mongo.db, config);
  } finally {
    await mongo.close();
  }
}

/** A time in Korea for people, or `-`. */
export function koreaTime(at: Date | null | undefined): string {
  return at ? formatInZone(new Date(at), DEFAULT_TIMEZONE).slice(0, 16).replace('T', ' ') : '-';
}

/** `acc 0.900 · mAP 0.889 (400)` of a split, or why there is no figure. */
export function figuresOf(m: SplitMetrics | null | undefined, empty: string): string {
  if (!m) return empty;
  return `acc ${m.verdict.accuracy.toFixed(3)} · mAP ${m.map50.toFixed(3)} (${m.images})`;
}

function author(): string {
  return `cli:${userInfo().username}`;
}

/** The rows of `ciao model list`. */
export function listRows(records: readonly ModelRecord[], active: string | null): string[][] {
  return records.map((r) => [
    r.version,
    r.version === active ? 'active' : r.status === 'active' ? 'retired' : r.status,
    figuresOf(r.metrics.real, 'no real photos'),
    figuresOf(r.metrics.synthetic, 'not measured'),
    koreaTime(r.createdAt),
    koreaTime(r.promotedAt),
    r.retrain ? `${r.retrain.promote ? 'promoted' : 'refused'}: ${r.retrain.reason}`.slice(0, 80) : r.notes.slice(0, 80),
  ]);
}

/** Adds `list`, `promote`, `rollback`, `register` and `eval` to the `model` command group. */
export function registerModelRegistryCommands(model: Command): void {
  model
    .command('list')
    .description('registered versions: status, figures on real held-out photos and the synthetic test split, times (Korea)')
    .option('--json', 'print the records as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withRegistry(async (db) => {
        const [records, active] = await Promise.all([listModels(db, DETECTOR_KIND), findActive(db, DETECTOR_KIND)]);
        if (opts.json) {
          console.log(JSON.stringify({ active: active?.version ?? null, history: active?.history ?? [], versions: records }, null, 2));
          return;
        }
        console.log(renderTable(['version', 'status', 'real (verdict acc · mAP@0.5)', 'synthetic', 'created (KST)', 'promoted (KST)', 'notes'], listRows(records, active?.version ?? null)));
        if (active?.history.length) console.log(`rollback goes to ${active.history.at(-1)}`);
      });
    });

  model
    .command('promote')
    .argument('<version>', 'a registered version (`ciao model list`)')
    .option('--reason <text>', 'why, for the promotion log', '')
    .option('--no-check', 'skip loading the version once before promoting it')
    .description('make a version the active one (after checking it loads); inference workers switch within MODEL_POLL_S, without a restart')
    .action(async (version: string, opts: { reason: string; check: boolean }) => {
      await withRegistry(async (db, config) => {
        const record = await findModel(db, version);
        if (!record) throw new InfraError('NotFound', `No model version ${version} in the registry (\`ciao model list\` shows them).`, { version });
        if (opts.check) {
          try {
            await checkModelLoads(db, record, config.models.cacheDir);
          } catch (err) {
            throw new InfraError('ValidationFailed', `${version} does not load, so it was not promoted: ${(err as Error).message}`, { version }, { cause: err });
          }
        }
        const res = await promoteModel(db, version, { by: author(), reason: opts.reason });
        if (!res.changed) console.log(`${version} is already the active ${res.kind}: nothing changed`);
        else console.log(`active ${res.kind}: ${res.from ?? '(none)'} → ${res.to}${res.from ? ` (${res.from} retired; \`ciao model rollback\` returns to it)` : ''}; inference workers switch within ${config.models.pollMs / 1000} s`);
      });
    });

  model
    .command('rollback')
    .option('--reason <text>', 'why, for the promotion log', '')
    .description('return to the version that was active before the current one')
    .action(async (opts: { reason: string }) => {
      await withRegistry(async (db, config) => {
        const res = await rollbackModel(db, DETECTOR_KIND, { by: author(), reason: opts.reason });
        console.log(`active ${res.kind}: ${res.from ?? '(none)'} → ${res.to} (rolled back; ${res.from} retired); inference workers switch within ${config.models.pollMs / 1000} s`);
      });
    });

  model
    .command('register')
    .argument('<dir>', 'folder of the bundle: its .onnx and .json files are registered')
    .option('--main <file>', 'the file onnxruntime loads', 'detector.onnx')
    .option('--metadata <file>', 'the metadata JSON (its "version" is the registered version)', 'detector.json')
    .option('--notes <text>', 'free text on the record', '')
    .description('register a model bundle as a candidate (promote it with `ciao model promote`)')
    .action(async (dir: string, opts: { main: string; metadata: string; notes: string }) => {
      await withRegistry(async (db) => {
        const full = path.resolve(dir);
        const files = (await readdir(full)).filter((n) => /\.(onnx|json)$/i.test(n)).sort();
        const meta = JSON.parse(await readFile(path.join(full, opts.metadata), 'utf8')) as { version?: unknown };
        const version = String(meta.version);
        const { record, created } = await registerModel(db, { version, kind: DETECTOR_KIND, bundle: { dir: full, files, main: opts.main, metadata: opts.metadata }, notes: opts.notes });
        console.log(created ? `registered ${record.version} (${record.format}; ${record.files.map((f) => f.name).join(', ')}) as a candidate` : `${record.version} was registered already with the same files: nothing changed`);
      });
    });

  model
    .command('eval')
    .description('mAP@0.5 per class and verdict accuracy of the active model (or --version) on the synthetic test split and the real held-out photos, side by side; recorded in the registry')
    .option('--version <version>', 'a registered version (default: the active one)')
    .option('--images <n>', 'synthetic test images to measure (default: all 400)', (v) => Number.parseInt(v, 10))
    .option('--data <dir>', 'synthetic data folder whose test/ split is measured (default ml/detector/data, drawn when missing)')
    .option('--real <dir>', 'real photo folder (default ml/detector/data/real)')
    .option('--json', 'print the figures as JSON')
    .action(async (opts: RegistryEvalOptions) => {
      await withRegistry((db, config) => runRegistryEval(db, config, opts));
    });
}
