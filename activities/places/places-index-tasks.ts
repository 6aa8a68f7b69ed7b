/**
 * `build_index`, `quality_gate`, `swap_alias`, `prune` of the places DAG, on the shared dated-index helpers
 * (activities/search/): a new `<prefix><YYYYMMDD>-<n>` index filled from the de-duplicated set (a failed
 * build deletes it); a gate that keeps the alias where it is when the new index lost too many places; one
 * atomic `_aliases` call; then all but the newest `keep` indexes deleted, never the served one.
 */
import { Context } from '@temporalio/activity';
import { InfraError } from '../../domain/errors';
import { seoulIsoTime } from '../../domain/korea-time';
import { PLACES_INDEX_BODY } from '../../infra/search-indexes';
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import { bulkIndexDocs } from '../search/bulk-index';
import { datedIndexName, indexesToPrune, nextBuildNumber } from '../search/dated-index-names';
import { aliasTargets, countDocs, listIndexes, pointAlias } from '../search/index-admin';
import type { DedupedSet } from './dedupe-task';
import { readPlaceRows } from './place-files';
import { placeDocOf } from './place-id';
import type { PlacesNaming } from './places-naming';

/** Output of `buildPlacesIndex`. */
export interface BuiltPlacesIndex {
  readonly index: string;
  readonly day: string;
  readonly build: number;
  readonly docs: number;
}

/** Output of `checkPlacesIndex`. */
export interface CheckedPlacesIndex {
  readonly index: string;
  readonly docs: number;
  /** Documents of the index the alias served before (0 when none). */
  readonly servedDocs: number;
}

/** Output of `swapPlacesAlias`. */
export interface SwappedPlacesAlias {
  readonly alias: string;
  readonly index: string;
  readonly previous: readonly string[];
}

/** Output of `prunePlacesIndexes`. */
export interface PrunedPlacesIndexes {
  readonly deleted: readonly string[];
  readonly kept: readonly string[];
}

/** The index activities. */
export function createPlacesIndexActivities(stores: Stores, naming: PlacesNaming) {
  const client = stores.search.client;
  return {
    /** Builds the run's new index from the de-duplicated set. */
    async buildPlacesIndex(input: TaskInvocation<{ deduped: DedupedSet }>): Promise<BuiltPlacesIndex> {
      const { day, path } = input.args.deduped;
      const build = nextBuildNumber(naming.indexPrefix, await listIndexes(client, naming.indexPrefix), day);
      const index = datedIndexName(naming.indexPrefix, day, build);
      await client.indices.create({ index, body: PLACES_INDEX_BODY });
      try {
        const updatedAt = seoulIsoTime(new Date());
        const docs = (await readPlaceRows(stores.hdfs.hdfs, path)).flatMap((row) => (row.lat !== null && row.lng !== null ? [placeDocOf({ ...row, lat: row.lat, lng: row.lng }, updatedAt)] : []));
        await bulkIndexDocs(client, index, docs, (indexed) => Context.current().heartbeat({ indexed }));
        await client.indices.refresh({ index });
        const count = await countDocs(client, index);
        if (count !== new Set(docs.map((d) => d.id)).size) throw new InfraError('ServiceUnavailable', `${index} holds ${count} documents, ${docs.length} were indexed`, { index });
        return { index, day, build, docs: count };
      } catch (err) {
        await client.indices.delete({ index }, { ignore: [404] }).catch(() => undefined);
        throw err;
      }
    },

    /**
     * Refuses the swap (the alias keeps serving) when the new index is empty or holds fewer than `minRatio` of
     * the served index's documents — a source that failed silently should not empty the map.
     * @throws InfraError `Conflict` naming both counts
     */
    async checkPlacesIndex(input: TaskInvocation<{ built: BuiltPlacesIndex; minRatio: number }>): Promise<CheckedPlacesIndex> {
      const { built, minRatio } = input.args;
      const served = (await aliasTargets(client, naming.alias)).filter((i) => i !== built.index);
      const servedDocs = served.length > 0 ? await countDocs(client, served.join(',')) : 0;
      if (built.docs === 0) throw new InfraError('Conflict', `${built.index} has no places; ${naming.alias} keeps serving ${served.join(', ') || 'nothing'}`, { index: built.index });
      if (built.docs < servedDocs * minRatio) {
        throw new InfraError('Conflict', `${built.index} has ${built.docs} places, fewer than ${minRatio} × the ${servedDocs} served now; the alias stays (lower minRatio to accept)`, { index: built.index });
      }
      return { index: built.index, docs: built.docs, servedDocs };
    },

    /** Points the alias at the checked index (atomic). */
    async swapPlacesAlias(input: TaskInvocation<{ checked: CheckedPlacesIndex }>): Promise<SwappedPlacesAlias> {
      const previous = await pointAlias(client, naming.alias, input.args.checked.index);
      return { alias: naming.alias, index: input.args.checked.index, previous };
    },

    /** Keeps the newest `keep` places indexes (the served one always). */
    async prunePlacesIndexes(input: TaskInvocation<{ keep: number; swapped: SwappedPlacesAlias }>): Promise<PrunedPlacesIndexes> {
      const all = await listIndexes(client, naming.indexPrefix);
      const aliased = new Set(await aliasTargets(client, naming.alias));
      const deleted = indexesToPrune(naming.indexPrefix, all, aliased, input.args.keep);
      if (deleted.length > 0) await client.indices.delete({ index: deleted.join(',') });
      return { deleted, kept: all.filter((i) => !deleted.includes(i)) };
    },
  };
}
