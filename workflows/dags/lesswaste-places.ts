/**
 * `lesswaste_places`, Mondays 03:00 Korea time: the map's places (refill shops, zero-waste shops, recycling
 * machines), rebuilt from the configured sources (activities/places/sources/*.json, `PLACES_SOURCES_DIR`).
 *
 *   plan_sources ─► load[i] (read by format, validate) ─► geocode[i] ─► dedupe ─► build_index
 *     ─► quality_gate ─► swap_alias ─► prune
 *
 * load writes each source's valid rows to HDFS `/ciao/places/raw/dt=<day>/source=<id>/` and its rejects,
 * with reasons, to `_rejects/` and into the task's output; geocode places rows without coordinates through
 * the configured geocoder or reports and skips them; dedupe merges same-name places within 50 m; the new
 * index `lesswaste-places-<YYYYMMDD>-<n>` becomes what the alias `lesswaste-places` serves in one atomic
 * `_aliases` call; prune keeps the newest 3 indexes.
 */
import { Type } from '@sinclair/typebox';
import type { Activities } from '../../activities';
import { dag } from '../dag/dsl';

export const lesswastePlaces = dag<Activities>(
  'lesswaste_places',
  {
    description: 'Mondays 03:00: places sources → validate → geocode → dedupe (same name within 50 m) → new index → alias swap',
    // A refresh, not a history: a missed week is replaced by the next run.
    schedule: { cron: '0 3 * * 1', timezone: 'Asia/Seoul', catchup: false, overlap: 'skip', maxActiveRuns: 1 },
    params: Type.Object({
      sources: Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }), { description: 'Source ids to read (empty: every declared source)' }),
      minRatio: Type.Number({ minimum: 0, maximum: 1, description: 'Quality gate: smallest new/served place ratio' }),
      keepIndexes: Type.Integer({ minimum: 1, maximum: 20, description: 'Places indexes kept by prune (the served one included)' }),
    }),
    defaultParams: { sources: [], minRatio: 0.5, keepIndexes: 3 },
    defaults: { retry: { attempts: 3, initialInterval: '10s', maximumInterval: '2m' }, timeouts: { startToClose: '20m' } },
    runTimeout: '3h',
    tags: ['places', 'lesswaste'],
  },
  (b) => {
    const plan = b.task('plan_sources', { activity: 'planPlaceSources', args: { sources: b.param<string[]>('sources') }, doc: 'The declared sources the run reads' });
    const loaded = b.map('load', {
      activity: 'loadPlaceSource',
      over: plan.field('sources'),
      concurrency: 2,
      doc: 'Read by format (csv, geojson, data-go-kr), validate; rejects with reasons in the output and _rejects/',
    });
    const geocoded = b.map('geocode', {
      activity: 'geocodePlaceSource',
      over: loaded.output(),
      concurrency: 2,
      timeouts: { startToClose: '1h', heartbeat: '2m' },
      doc: 'Rows without coordinates through the geocoder; without one they are reported and skipped',
    });
    const deduped = b.task('dedupe', { activity: 'dedupePlaceSources', args: { geocoded: geocoded.output() }, doc: 'Same name within 50 m is one place' });
    const built = b.task('build_index', {
      activity: 'buildPlacesIndex',
      args: { deduped: deduped.output() },
      timeouts: { startToClose: '30m', heartbeat: '5m' },
      doc: 'New dated index with the geo_point mapping',
    });
    const checked = b.task('quality_gate', { activity: 'checkPlacesIndex', args: { built: built.output(), minRatio: b.param<number>('minRatio') }, retry: { attempts: 1 }, doc: 'Not empty, not far smaller than the served index' });
    const swapped = b.task('swap_alias', { activity: 'swapPlacesAlias', args: { checked: checked.output() }, doc: 'One atomic _aliases call' });
    b.task('prune', { activity: 'prunePlacesIndexes', args: { keep: b.param<number>('keepIndexes'), swapped: swapped.output() }, doc: 'Keep the newest indexes' });
  },
);
