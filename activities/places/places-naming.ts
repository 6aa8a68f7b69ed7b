/**
 * Where the places pipeline reads and writes. Production uses {@link PLACES_NAMING} (the data contracts,
 * which carry the test prefix in tests); tests may pass names of their own to the activities.
 */
import { seoulDate } from '../../domain/korea-time';
import { HDFS_PATHS, SEARCH } from '../../infra/contracts';

/** Names used by one instance of the pipeline. */
export interface PlacesNaming {
  /** `<rawRoot>/dt=<day>/source=<id>/part-00000.jsonl` and `_rejects/`. */
  readonly rawRoot: string;
  /** `<cleanRoot>/dt=<day>/source=<id>/part-00000.jsonl` and `<cleanRoot>/dt=<day>/deduped/part-00000.jsonl`. */
  readonly cleanRoot: string;
  readonly stagingRoot: string;
  readonly alias: string;
  /** Dated indexes are `<indexPrefix><YYYYMMDD>-<build>`. */
  readonly indexPrefix: string;
}

/** The contract names. */
export const PLACES_NAMING: PlacesNaming = {
  rawRoot: HDFS_PATHS.placesRaw,
  cleanRoot: HDFS_PATHS.placesClean,
  stagingRoot: `${HDFS_PATHS.staging}/places`,
  alias: SEARCH.placesIndex,
  indexPrefix: SEARCH.placesIndexPrefix,
};

/** The Korea-time day (`YYYY-MM-DD`) of a run's logical date. */
export function placesDayOf(logicalDate: string): string {
  return seoulDate(new Date(logicalDate));
}

/** `<rawRoot>/dt=<day>/source=<id>` */
export function rawSourcePath(naming: PlacesNaming, day: string, source: string): string {
  return `${naming.rawRoot}/dt=${day}/source=${source}`;
}

/** `<cleanRoot>/dt=<day>/source=<id>/part-00000.jsonl` */
export function cleanSourceFile(naming: PlacesNaming, day: string, source: string): string {
  return `${naming.cleanRoot}/dt=${day}/source=${source}/part-00000.jsonl`;
}

/** `<cleanRoot>/dt=<day>/deduped/part-00000.jsonl` */
export function dedupedFile(naming: PlacesNaming, day: string): string {
  return `${naming.cleanRoot}/dt=${day}/deduped/part-00000.jsonl`;
}
