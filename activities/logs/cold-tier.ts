/**
 * Activities of `logs_cold_tier`: wait for the hour to close, find its messages in `logs.raw` by produce
 * time, and write its events — those whose *event* time is in the hour, once per event id — to HDFS as one
 * CSV that a rerun replaces.
 */
import { Context } from '@temporalio/activity';
import { InfraError } from '../../domain/errors';
import { parseLogEvent, type LogEvent } from '../../domain/events';
import { HDFS_PATHS, TOPICS } from '../../infra/contracts';
import type { Stores } from '../../infra/stores';
import { formatInZone } from '../../schedules/zone-time';
import type { SensorResult, TaskInvocation } from '../../workflows/dag/task-context';
import { buildColdTierCsv, countColdTierRows } from './cold-tier-csv';
import { coldTierHourOf, scanWindowOf } from './cold-tier-hour';
import { replaceHdfsFile } from './hdfs-replace';
import { locateOffsetRanges } from './locate-offsets';
import type { OffsetRange } from './offset-ranges';
import { readOffsetRanges } from './read-offset-ranges';

const ZONE = 'Asia/Seoul';

/** Arguments of `locateHourOffsets` (the DAG passes its params). */
export interface LocateHourArgs {
  /** Minutes of produce time before the hour to scan (default param 15). */
  readonly scanBeforeMinutes: number;
  /** Minutes of produce time after the hour to scan (default param 60). */
  readonly scanAfterMinutes: number;
  /** Explicit produce-time window start (ISO-8601 with offset), for replayed or re-published events. */
  readonly scanFrom: string | null;
  /** Explicit produce-time window end (ISO-8601 with offset). */
  readonly scanTo: string | null;
}

/** Output of `locateHourOffsets`: the hour and the exact offsets to read (small: one range per partition). */
export interface LocatedHour {
  readonly dt: string;
  readonly hour: number;
  /** The produce-time window scanned. */
  readonly window: { readonly from: string; readonly to: string };
  readonly ranges: OffsetRange[];
  /** Messages in the ranges (events of the hour and of its neighbours). */
  readonly messages: number;
  /** Partitions where retention may already have deleted messages of the window. */
  readonly possiblyTruncated: number[];
}

/** Arguments of `exportColdTierHour`. */
export interface ExportHourArgs {
  readonly located: LocatedHour;
  /**
   * Replace the hour's file even with fewer events than it holds (default false). Fewer means the events are
   * no longer in Kafka (retention) or not in the scanned window — replacing would lose them.
   */
  readonly allowShrink: boolean;
}

/** Output of `exportColdTierHour`. */
export interface ColdTierExport {
  readonly path: string;
  /** Events written (header excluded). */
  readonly rows: number;
  readonly bytes: number;
  /** Messages read from Kafka. */
  readonly scanned: number;
  /** Messages whose event id was already written (re-sent events). */
  readonly duplicates: number;
  /** Messages that are not valid events (the aggregator sends them to `logs.dlq`). */
  readonly malformed: number;
  /** Events of other hours met in the window. */
  readonly outside: number;
  /** Events in the file this one replaced (null: there was none). */
  readonly previousRows: number | null;
}

/** The cold-tier activities, bound to the worker's stores. */
export function createColdTierActivities(stores: Stores) {
  return {
    /** Sensor: done once the run's hour has closed and `graceMinutes` more have passed (at once for old hours). */
    logsHourClosed(input: TaskInvocation<{ graceMinutes: number }>): Promise<SensorResult<{ readyAt: string }>> {
      const hour = coldTierHourOf(input.ctx.dataInterval.start);
      const readyAt = hour.endMs + input.args.graceMinutes * 60_000;
      const at = formatInZone(new Date(readyAt), ZONE);
      return Promise.resolve(Date.now() >= readyAt ? { done: true, value: { readyAt: at } } : { done: false, detail: `the hour closes and its grace ends at ${at}` });
    },

    /** Finds the offsets of `logs.raw` to read for the run's hour, by Kafka's timestamp index. */
    async locateHourOffsets(input: TaskInvocation<LocateHourArgs>): Promise<LocatedHour> {
      const hour = coldTierHourOf(input.ctx.dataInterval.start);
      const { scanBeforeMinutes, scanAfterMinutes, scanFrom, scanTo } = input.args;
      const window = scanWindowOf(hour, { beforeMinutes: scanBeforeMinutes, afterMinutes: scanAfterMinutes, from: scanFrom, to: scanTo });
      const plan = await locateOffsetRanges(stores.kafka, TOPICS.logsRaw, window.fromMs, window.toMs);
      return {
        dt: hour.dt,
        hour: hour.hour,
        window: { from: formatInZone(new Date(window.fromMs), ZONE), to: formatInZone(new Date(window.toMs), ZONE) },
        ...plan,
      };
    },

    /** Reads the located offsets, keeps the hour's events once each, and puts the hour's CSV in place. */
    async exportColdTierHour(input: TaskInvocation<ExportHourArgs>): Promise<ColdTierExport> {
      const hour = coldTierHourOf(input.ctx.dataInterval.start);
      const { located, allowShrink } = input.args;
      const events = new Map<string, LogEvent>();
      let duplicates = 0;
      let malformed = 0;
      let outside = 0;
      const ctx = Context.current();
      const scanned = await readOffsetRanges(
        stores.kafka,
        TOPICS.logsRaw,
        located.ranges,
        (_partition, message) => {
          const parsed = parseLogEvent(message.value ?? '');
          if (!parsed.ok) {
            malformed++;
            return;
          }
          const t = Date.parse(parsed.event.time);
          if (t < hour.startMs || t >= hour.endMs) outside++;
          else if (events.has(parsed.event.id)) duplicates++;
          else events.set(parsed.event.id, parsed.event);
        },
        { onProgress: (read) => ctx.heartbeat({ read }) },
      );
      const previousRows = (await stores.hdfs.hdfs.stat(hour.path)) ? countColdTierRows((await stores.hdfs.hdfs.readFile(hour.path)).toString('utf8')) : null;
      if (previousRows !== null && events.size < previousRows && !allowShrink) {
        const truncated = located.possiblyTruncated.length > 0 ? ` Kafka retention may already have deleted part of the window (partitions ${located.possiblyTruncated.join(', ')}).` : '';
        throw new InfraError(
          'Conflict',
          `${hour.path} holds ${previousRows} events but ${located.window.from} – ${located.window.to} yields ${events.size}: keeping the file.${truncated} ` +
            'Widen the window (scanFrom/scanTo) or rerun with {"allowShrink": true} to replace it anyway',
          { path: hour.path, previousRows, rows: events.size },
        );
      }
      const csv = buildColdTierCsv([...events.values()]);
      const written = await replaceHdfsFile(stores.hdfs.hdfs, hour.path, csv, `${HDFS_PATHS.staging}/logs_cold_tier`);
      return { path: written.path, rows: events.size, bytes: written.bytes, scanned, duplicates, malformed, outside, previousRows };
    },
  };
}
