/**
 * Asset events, as Airflow records them: when a task with `outlets` succeeds, each asset gets an event
 * (MongoDB `asset_events`), and every registered DAG that runs on assets and is now due — each of its assets
 * has an event newer than its last asset-triggered run — gets a run (`dag:<dagId>:<now>`), recorded in
 * `asset_triggers`. Idempotent: a retried activity writes the same event ids and triggers nothing twice.
 */
import { log } from '@temporalio/activity';
import { COLLECTIONS } from '../../infra/contracts';
import type { Stores } from '../../infra/stores';
import { resolveParams, listDags, timezoneOf } from '../../control/registry';
import { startRun } from '../../control/runs';
import { formatInZone } from '../../schedules/zone-time';
import { assetReadiness } from './asset-readiness';

/** Input of {@link emitAssetEvents}: who produced which assets. */
export interface EmitAssetEventsInput {
  readonly assets: readonly string[];
  readonly dagId: string;
  readonly runId: string;
  readonly taskId: string;
  /** The producing task's try number, so a cleared and rerun task records a new event. */
  readonly tryNumber: number;
}

/** What {@link emitAssetEvents} did. */
export interface EmitAssetEventsResult {
  readonly events: number;
  /** Runs started on these assets (workflow ids). */
  readonly triggered: readonly string[];
  /** Consumers that still wait, with the assets they wait for. */
  readonly waiting: readonly { readonly dagId: string; readonly waitingFor: readonly string[] }[];
}

interface AssetEventDoc {
  _id: string;
  asset: string;
  dagId: string;
  runId: string;
  taskId: string;
  at: Date;
}

interface AssetTriggerDoc {
  _id: string;
  lastTriggeredAt: Date;
  lastRunId: string;
}

/** Builds the asset activities on the worker's stores. */
export function createAssetActivities(stores: Stores) {
  return {
    /** Records the events of `assets` and starts the runs of every DAG now due on them. */
    async emitAssetEvents(input: EmitAssetEventsInput): Promise<EmitAssetEventsResult> {
      const { db } = stores.mongo;
      const events = db.collection<AssetEventDoc>(COLLECTIONS.assetEvents);
      const triggers = db.collection<AssetTriggerDoc>(COLLECTIONS.assetTriggers);
      const now = new Date();
      for (const asset of input.assets) {
        const _id = `${input.runId}|${input.taskId}|${input.tryNumber}|${asset}`;
        // Upsert on the id: a retried activity finds its event and keeps the first time.
        await events.updateOne({ _id }, { $setOnInsert: { asset, dagId: input.dagId, runId: input.runId, taskId: input.taskId, at: now } }, { upsert: true });
      }

      const triggered: string[] = [];
      const waiting: { dagId: string; waitingFor: string[] }[] = [];
      const client = await stores.temporal.client();
      for (const consumer of listDags().filter((d) => d.runsOnAssets?.some((a) => input.assets.includes(a)))) {
        const assets = consumer.runsOnAssets ?? [];
        const latestEventMs = new Map<string, number>();
        for (const asset of assets) {
          const [latest] = await events.find({ asset }).sort({ at: -1 }).limit(1).toArray();
          if (latest) latestEventMs.set(asset, latest.at.getTime());
        }
        const previous = await triggers.findOne({ _id: consumer.id });
        const readiness = assetReadiness({ assets, latestEventMs, lastTriggeredMs: previous?.lastTriggeredAt.getTime() ?? 0 });
        if (!readiness.due) {
          waiting.push({ dagId: consumer.id, waitingFor: [...readiness.waitingFor] });
          continue;
        }
        const tz = timezoneOf(consumer);
        const logicalDate = formatInZone(new Date(Math.floor(now.getTime() / 1000) * 1000), tz);
        // Claim the trigger first (compare-and-set on the previous time), so two producers finishing together
        // start one run, not two.
        const claim = previous
          ? await triggers.updateOne({ _id: consumer.id, lastTriggeredAt: previous.lastTriggeredAt }, { $set: { lastTriggeredAt: now, lastRunId: `dag:${consumer.id}:${logicalDate}` } })
          : await triggers.updateOne({ _id: consumer.id }, { $setOnInsert: { lastTriggeredAt: now, lastRunId: `dag:${consumer.id}:${logicalDate}` } }, { upsert: true });
        if (claim.modifiedCount + (claim.upsertedCount ?? 0) === 0) continue;
        const dataInterval = { start: formatInZone(new Date(readiness.intervalStartMs ?? now.getTime()), tz), end: formatInZone(new Date(readiness.intervalEndMs ?? now.getTime()), tz) };
        const run = await startRun(client, consumer, { logicalDate, dataInterval, params: resolveParams(consumer) });
        log.info('asset-triggered run', { consumer: consumer.id, workflowId: run.workflowId, assets });
        triggered.push(run.workflowId);
      }
      return { events: input.assets.length, triggered, waiting };
    },
  };
}
