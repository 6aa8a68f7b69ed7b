/**
 * `geocode[source]`: rows without coordinates get them from the configured {@link Geocoder} (road address
 * first, then the lot address); a position it returns must be inside Korea too. Without a geocoder — or when
 * it finds no match — the row is reported (reason `no_coordinates` / `geocode_failed`) and skipped: a place
 * is never put at a guessed point. Placed rows go to `<cleanRoot>/dt=<day>/source=<id>/part-00000.jsonl`,
 * the skipped ones to the source's `_rejects/geocode-00000.jsonl`.
 */
import { Context } from '@temporalio/activity';
import { isInsideKorea, type LatLng } from '../../domain/places';
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import type { PlacedRow } from './dedupe-places';
import type { Geocoder } from './geocode/geocoder';
import { REJECTS_IN_OUTPUT, countByReason, type LoadedSource } from './load-source-task';
import { readPlaceRows, writeJsonLines } from './place-files';
import { cleanSourceFile, rawSourcePath, type PlacesNaming } from './places-naming';
import type { PlaceReject, RejectReason } from './source-formats';

/** Output of `geocodePlaceSource`. */
export interface GeocodedSource {
  readonly source: string;
  readonly day: string;
  /** Rows with coordinates. */
  readonly path: string;
  readonly placed: number;
  /** Of them, placed by the geocoder in this run. */
  readonly geocoded: number;
  readonly skipped: number;
  readonly byReason: Partial<Record<RejectReason, number>>;
  /** The first skipped rows with their reasons. */
  readonly skippedRows: PlaceReject[];
  /** The geocoder used, or null when none is configured. */
  readonly geocoder: string | null;
}

/** The line number of a row's origin (`source:line`). */
const lineOf = (origin: string): number => Number(origin.slice(origin.lastIndexOf(':') + 1)) || 0;

/** The geocode activity. */
export function createGeocodeActivities(stores: Stores, naming: PlacesNaming, geocoder: Geocoder | undefined) {
  const hdfs = stores.hdfs.hdfs;
  return {
    /** Places the rows of one loaded source that lack coordinates. */
    async geocodePlaceSource(input: TaskInvocation<{ item: LoadedSource }>): Promise<GeocodedSource> {
      const { source, day, path } = input.args.item;
      const rows = await readPlaceRows(hdfs, path);
      const placed: PlacedRow[] = [];
      const skipped: PlaceReject[] = [];
      let geocoded = 0;
      for (const row of rows) {
        if (row.lat !== null && row.lng !== null) {
          placed.push({ ...row, lat: row.lat, lng: row.lng });
          continue;
        }
        const skip = (reason: RejectReason, detail: string) => skipped.push({ source, line: lineOf(row.origin), reason, detail, name: row.name });
        if (!geocoder) {
          skip('no_coordinates', 'no coordinates and no geocoder configured (GEOCODER_KAKAO_KEY)');
          continue;
        }
        let found: LatLng | undefined;
        for (const address of [row.roadAddress, row.lotAddress]) {
          if (!address) continue;
          found = await geocoder.geocode(address);
          if (found) break;
        }
        Context.current().heartbeat({ row: row.origin });
        if (!found) skip('geocode_failed', `${geocoder.name} found no position for "${row.roadAddress ?? row.lotAddress ?? ''}"`);
        else if (!isInsideKorea(found)) skip('outside_korea', `${geocoder.name} placed it at ${found.lat}, ${found.lng}, outside Korea`);
        else {
          placed.push({ ...row, lat: found.lat, lng: found.lng });
          geocoded++;
        }
      }
      const out = cleanSourceFile(naming, day, source);
      await writeJsonLines(hdfs, out, placed, naming.stagingRoot);
      await writeJsonLines(hdfs, `${rawSourcePath(naming, day, source)}/_rejects/geocode-00000.jsonl`, skipped, naming.stagingRoot);
      return { source, day, path: out, placed: placed.length, geocoded, skipped: skipped.length, byReason: countByReason(skipped), skippedRows: skipped.slice(0, REJECTS_IN_OUTPUT), geocoder: geocoder?.name ?? null };
    },
  };
}
