/**
 * `dedupe`: every source's placed rows, in the run's source order, merged into one set where the same name
 * within 50 m is one place (dedupe-places.ts), written to `<cleanRoot>/dt=<day>/deduped/part-00000.jsonl`.
 */
import { InfraError } from '../../domain/errors';
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import { dedupePlaces, type Duplicate, type PlacedRow } from './dedupe-places';
import type { GeocodedSource } from './geocode-task';
import { REJECTS_IN_OUTPUT } from './load-source-task';
import { readPlaceRows, writeJsonLines } from './place-files';
import { dedupedFile, type PlacesNaming } from './places-naming';

/** Output of `dedupePlaceSources`. */
export interface DedupedSet {
  readonly day: string;
  readonly path: string;
  readonly places: number;
  readonly duplicates: number;
  /** The first duplicates dropped, with the row each merged into. */
  readonly duplicateRows: Duplicate[];
  /** Places kept per source. */
  readonly bySource: Record<string, number>;
}

/** The dedupe activity. */
export function createDedupeActivities(stores: Stores, naming: PlacesNaming) {
  const hdfs = stores.hdfs.hdfs;
  return {
    /** Merges the sources and removes duplicates. */
    async dedupePlaceSources(input: TaskInvocation<{ geocoded: readonly GeocodedSource[] }>): Promise<DedupedSet> {
      const day = input.args.geocoded[0]?.day;
      if (!day) throw new InfraError('ValidationFailed', 'no places source was loaded', {});
      const rows: PlacedRow[] = [];
      for (const source of input.args.geocoded) {
        for (const row of await readPlaceRows(hdfs, source.path)) if (row.lat !== null && row.lng !== null) rows.push({ ...row, lat: row.lat, lng: row.lng });
      }
      const { places, duplicates } = dedupePlaces(rows);
      const path = dedupedFile(naming, day);
      await writeJsonLines(hdfs, path, places, naming.stagingRoot);
      const bySource: Record<string, number> = {};
      for (const p of places) bySource[p.source] = (bySource[p.source] ?? 0) + 1;
      return { day, path, places: places.length, duplicates: duplicates.length, duplicateRows: duplicates.slice(0, REJECTS_IN_OUTPUT), bySource };
    },
  };
}
