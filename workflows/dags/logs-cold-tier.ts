/**
 * `logs_cold_tier`, hourly: the raw events of the hour that just closed, from Kafka `logs.raw` to HDFS
 * `/ciao/logs/raw/dt=YYYY-MM-DD/hour=HH/part-0000.csv` (header row, one row per event id).
 *
 *   wait_hour_closed (sensor: the hour's end + graceMinutes) ──► locate_offsets ──► export_hour
 *
 * The run covers the Korea-time hour in which its data interval starts — the interval itself, for scheduled
 * and backfilled runs. Events are found in Kafka by *produce* time — [hour start − scanBeforeMinutes, hour end +
 * scanAfterMinutes) — and kept by *event* time, so late-sent events land in their own hour. For events
 * produced far from their hour (a replay of old events), give the produce-time window: `--conf
 * '{"scanFrom": "2026-11-25T09:00:00+09:00", "scanTo": "2026-11-25T10:00:00+09:00"}'`. A rerun replaces the
 * hour's file, but never with fewer events than it holds (Kafka's retention, 7 days, may have deleted them;
 * or the window misses them) unless `allowShrink` is set.
 *
 * Backfilling: `ciao dags backfill logs_cold_tier --from 2026-11-20T00:00 --to 2026-11-20T23:00` with the
 * default window works while Kafka still holds those hours (7 days); an hour whose messages were produced
 * at another time (a replay, a publisher that buffered through a long outage) needs `scanFrom`/`scanTo`.
 */
import { Type } from '@sinclair/typebox';
import type { Activities } from '../../activities';
import { dag } from '../dag/dsl';

const IsoOrNull = Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$' }), Type.Null()]);

export const logsColdTier = dag<Activities>(
  'logs_cold_tier',
  {
    description: 'Hourly: the closed hour’s raw events, Kafka logs.raw → HDFS CSV (a rerun replaces the hour)',
    // Catch-up: hours missed while the scheduler was down are exported in order afterwards (the cold tier keeps
    // everything; Kafka holds raw events 7 days).
    schedule: { cron: '0 * * * *', timezone: 'Asia/Seoul', catchup: true, overlap: 'buffer_all', maxActiveRuns: 2 },
    params: Type.Object({
      graceMinutes: Type.Integer({ minimum: 0, maximum: 120, description: 'Minutes to wait after the hour closes for events still in flight' }),
      scanBeforeMinutes: Type.Integer({ minimum: 0, maximum: 1440, description: 'Produce-time minutes scanned before the hour' }),
      scanAfterMinutes: Type.Integer({ minimum: 0, maximum: 10_080, description: 'Produce-time minutes scanned after the hour (publisher buffering, outages)' }),
      scanFrom: { ...IsoOrNull, description: 'Explicit produce-time window start (ISO-8601 with offset), e.g. for replayed events' },
      scanTo: { ...IsoOrNull, description: 'Explicit produce-time window end (ISO-8601 with offset)' },
      allowShrink: Type.Boolean({ description: 'Replace the hour’s file even with fewer events than it holds' }),
    }),
    defaultParams: { graceMinutes: 5, scanBeforeMinutes: 15, scanAfterMinutes: 60, scanFrom: null, scanTo: null, allowShrink: false },
    defaults: { timeouts: { startToClose: '10m' } },
    runTimeout: '3h',
    tags: ['logs', 'cold'],
  },
  (b) => {
    const closed = b.sensor('wait_hour_closed', { activity: 'logsHourClosed', args: { graceMinutes: b.param<number>('graceMinutes') }, pokeInterval: '1m', timeout: '2h', doc: 'Waits for the hour to close plus the grace' });
    const located = b.task('locate_offsets', {
      activity: 'locateHourOffsets',
      after: [closed],
      args: {
        scanBeforeMinutes: b.param<number>('scanBeforeMinutes'),
        scanAfterMinutes: b.param<number>('scanAfterMinutes'),
        scanFrom: b.param<string | null>('scanFrom'),
        scanTo: b.param<string | null>('scanTo'),
      },
      doc: 'Kafka offsets of the produce-time window, by timestamp lookup',
    });
    b.task('export_hour', {
      activity: 'exportColdTierHour',
      args: { located: located.output(), allowShrink: b.param<boolean>('allowShrink') },
      timeouts: { startToClose: '1h', heartbeat: '2m' },
      doc: 'Reads the offsets, keeps the hour’s events once each, writes the CSV via staging + rename',
    });
  },
);
