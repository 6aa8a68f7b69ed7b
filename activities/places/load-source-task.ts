/**
 * `plan_sources` and `load[source]`: which configured sources the run reads, and for each one its file read
 * by its format, every row validated — valid rows to `<rawRoot>/dt=<day>/source=<id>/part-00000.jsonl`,
 * rejects with their reasons to `…/_rejects/part-00000.jsonl` and, the first {@link REJECTS_IN_OUTPUT}, into
 * the task's output, so the run shows what was refused and why.
 */
import { InfraError } from '../../domain/errors';
import type { Config } from '../../infra/config';
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import { writeJsonLines } from './place-files';
import type { PlaceRow } from './place';
import { placesDayOf, rawSourcePath, type PlacesNaming } from './places-naming';
import { listPlaceSources, readSourceBytes } from './source-catalog';
import { decodeSource, readSourceRows, type PlaceReject, type RejectReason } from './source-formats';
import { validatePlaceRow } from './validate-row';

/** Rejects listed in a task's output (all of them are in HDFS). */
export const REJECTS_IN_OUTPUT = 50;

/** Output of `planPlaceSources`. */
export interface PlannedSources {
  readonly sources: string[];
}

/** Output of `loadPlaceSource`. */
export interface LoadedSource {
  readonly source: string;
  readonly name: string;
  readonly demo: boolean;
  readonly day: string;
  /** Valid rows (with or without coordinates). */
  readonly path: string;
  readonly rejectsPath: string;
  readonly read: number;
  readonly valid: number;
  /** Valid rows that still need coordinates. */
  readonly needGeocoding: number;
  readonly rejected: number;
  readonly byReason: Partial<Record<RejectReason, number>>;
  /** The first rejects, with line and reason. */
  readonly rejects: PlaceReject[];
}

/** Counts rejects by reason. */
export function countByReason(rejects: readonly PlaceReject[]): Partial<Record<RejectReason, number>> {
  const out: Partial<Record<RejectReason, number>> = {};
  for (const r of rejects) out[r.reason] = (out[r.reason] ?? 0) + 1;
  return out;
}

/** The plan and load activities. */
export function createLoadSourceActivities(stores: Stores, config: Config, naming: PlacesNaming) {
  const hdfs = stores.hdfs.hdfs;
  return {
    /**
     * The sources of the run: `sources` when given (each must be declared), else every declared one.
     * @throws InfraError `NotFound` naming an unknown source and the declared ones
     */
    async planPlaceSources(input: TaskInvocation<{ sources: readonly string[] }>): Promise<PlannedSources> {
      const declared = await listPlaceSources(config.places.sourcesDir);
      const ids = declared.map((s) => s.id);
      const unknown = input.args.sources.filter((s) => !ids.includes(s));
      if (unknown.length > 0) throw new InfraError('NotFound', `unknown places source ${unknown.join(', ')} (declared in ${config.places.sourcesDir}: ${ids.join(', ') || 'none'})`, { unknown });
      return { sources: input.args.sources.length > 0 ? [...input.args.sources] : ids };
    },

    /** Reads and validates one source. */
    async loadPlaceSource(input: TaskInvocation<{ item: string }>): Promise<LoadedSource> {
      const source = (await listPlaceSources(config.places.sourcesDir)).find((s) => s.id === input.args.item);
      if (!source) throw new InfraError('NotFound', `places source ${input.args.item} is no longer declared in ${config.places.sourcesDir}`, { source: input.args.item });
      const day = placesDayOf(input.ctx.logicalDate);
      const read = readSourceRows(source, decodeSource(source, await readSourceBytes(source)));
      const valid: PlaceRow[] = [];
      const rejects: PlaceReject[] = [...read.rejects];
      for (const raw of read.rows) {
        const checked = validatePlaceRow(source, raw);
        if (checked.ok) valid.push(checked.row);
        else rejects.push(checked.reject);
      }
      rejects.sort((a, b) => a.line - b.line);
      const folder = rawSourcePath(naming, day, source.id);
      const path = `${folder}/part-00000.jsonl`;
      const rejectsPath = `${folder}/_rejects/part-00000.jsonl`;
      await writeJsonLines(hdfs, path, valid, naming.stagingRoot);
      await writeJsonLines(hdfs, rejectsPath, rejects, naming.stagingRoot);
      return {
        source: source.id,
        name: source.name,
        demo: source.demo ?? false,
        day,
        path,
        rejectsPath,
        read: read.rows.length + read.rejects.length,
        valid: valid.length,
        needGeocoding: valid.filter((r) => r.lat === null).length,
        rejected: rejects.length,
        byReason: countByReason(rejects),
        rejects: rejects.slice(0, REJECTS_IN_OUTPUT),
      };
    },
  };
}
