/**
 * The places tasks one by one (as the runner calls them, in an activity context) on the real HDFS and
 * OpenSearch, under names of their own: a source with rows the geocoder places, places outside Korea and cannot
 * find; and the quality gate keeping the alias when a run would shrink the map.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Geocoder } from '../../../activities/places/geocode/geocoder';
import { createPlacesActivities } from '../../../activities/places/places-activities';
import type { PlacesNaming } from '../../../activities/places/places-naming';
import { aliasTargets } from '../../../activities/search/index-admin';
import { isCiaoError } from '../../../domain/errors';
import { loadConfig } from '../../../infra/config';
import { HDFS_PATHS } from '../../../infra/contracts';
import type { TaskInvocation } from '../../../workflows/dag/task-context';
import { removePlacesIndexes } from '../../support/places';
import { uniqueSuffix, useStores } from '../../support/stores';

const suffix = uniqueSuffix();
const root = `${HDFS_PATHS.staging}/test-places-${suffix}`;
const naming: PlacesNaming = { rawRoot: `${root}/raw`, cleanRoot: `${root}/clean`, stagingRoot: `${root}/tmp`, alias: `test-lesswaste-places-geo-${suffix}`, indexPrefix: `test-lesswaste-places-geo-${suffix}-` };
const LOGICAL_DATE = '2026-11-30T03:00:00+09:00';

// Registered before useStores, so it runs while the stores are open.
after(async () => {
  await stores.hdfs.hdfs.delete(root, { recursive: true });
  await removePlacesIndexes(stores.search.client, naming.alias);
});
const { stores } = useStores();

/** A geocoder that knows three addresses (one of them abroad) and nothing else. */
const geocoder: Geocoder = {
  name: 'fixture',
  geocode: (address) =>
    Promise.resolve(
      ({
        '서울특별시 중구 세종대로 110': { lat: 37.5663, lng: 126.9779 },
        '서울특별시 성동구 왕십리로 83': { lat: 37.5447, lng: 127.0558 },
        '도쿄도 신주쿠구 1': { lat: 35.6895, lng: 139.6917 },
      } as Record<string, { lat: number; lng: number }>)[address],
    ),
};

function sourcesDir(rows: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'places-src-'));
  writeFileSync(join(dir, 'fixture.json'), JSON.stringify({ id: 'fixture', name: 'fixture', format: 'csv', location: 'fixture.csv', columns: { name: 'name', roadAddress: 'road', lotAddress: 'lot', lat: 'lat', lng: 'lng' }, defaultKind: 'refill_shop' }));
  writeFileSync(join(dir, 'fixture.csv'), `name,road,lot,lat,lng\n${rows}`);
  return dir;
}

type Activities = ReturnType<typeof createPlacesActivities>;
function run<K extends keyof Activities>(activities: Activities, name: K, args: Parameters<Activities[K]>[0]['args']): ReturnType<Activities[K]> {
  const env = new MockActivityEnvironment({ workflowExecution: { workflowId: 'dag:lesswaste_places:test', runId: 'run-1' } });
  const ctx = { dagId: 'lesswaste_places', runId: 'dag:lesswaste_places:test', taskId: String(name), logicalDate: LOGICAL_DATE, dataInterval: { start: LOGICAL_DATE, end: LOGICAL_DATE }, params: {}, tryNumber: 1 };
  const activity = activities[name] as (input: TaskInvocation<typeof args>) => ReturnType<Activities[K]>;
  return env.run(activity, { args, ctx }) as ReturnType<Activities[K]>;
}

describe('the places tasks with a geocoder', () => {
  const rows = [
    '좌표 있는 가게,서울특별시 종로구 대학로 1,,37.5822,127.0019',
    '시청 리필,서울특별시 중구 세종대로 110,,,',
    '지번만 리필,,서울특별시 성동구 왕십리로 83,,',
    '도쿄 리필,도쿄도 신주쿠구 1,,,',
    '없는 주소 리필,서울특별시 어딘가 999,,,',
  ].join('\n');
  const config = loadConfig({ ...process.env, PLACES_SOURCES_DIR: sourcesDir(rows) });

  it('places rows without coordinates through the geocoder, refuses a point abroad, reports what it cannot find', async () => {
    const activities = createPlacesActivities(stores, config, { naming, geocoder });
    const planned = await run(activities, 'planPlaceSources', { sources: [] });
    assert.deepEqual(planned.sources, ['fixture']);
    const loaded = await run(activities, 'loadPlaceSource', { item: 'fixture' });
    assert.equal(loaded.needGeocoding, 4);
    const geocoded = await run(activities, 'geocodePlaceSource', { item: loaded });
    assert.equal(geocoded.geocoder, 'fixture');
    assert.equal(geocoded.placed, 3);
    assert.equal(geocoded.geocoded, 2);
    assert.deepEqual(
      geocoded.skippedRows.map((r) => [r.name, r.reason]),
      [
        ['도쿄 리필', 'outside_korea'],
        ['없는 주소 리필', 'geocode_failed'],
      ],
    );
    const deduped = await run(activities, 'dedupePlaceSources', { geocoded: [geocoded] });
    const built = await run(activities, 'buildPlacesIndex', { deduped });
    assert.equal(built.docs, 3);
    const checked = await run(activities, 'checkPlacesIndex', { built, minRatio: 0.5 });
    const swapped = await run(activities, 'swapPlacesAlias', { checked });
    assert.deepEqual(await aliasTargets(stores.search.client, naming.alias), [swapped.index]);
  });

  it('without a geocoder the same rows are reported and skipped, and the gate keeps the alias on the bigger index', async () => {
    const activities = createPlacesActivities(stores, config, { naming, geocoder: null });
    const loaded = await run(activities, 'loadPlaceSource', { item: 'fixture' });
    const geocoded = await run(activities, 'geocodePlaceSource', { item: loaded });
    assert.equal(geocoded.geocoder, null);
    assert.equal(geocoded.placed, 1);
    assert.deepEqual([...new Set(geocoded.skippedRows.map((r) => r.reason))], ['no_coordinates']);
    const deduped = await run(activities, 'dedupePlaceSources', { geocoded: [geocoded] });
    const built = await run(activities, 'buildPlacesIndex', { deduped });
    assert.equal(built.build, 2);
    const served = await aliasTargets(stores.search.client, naming.alias);
    await assert.rejects(run(activities, 'checkPlacesIndex', { built, minRatio: 0.5 }), (err: unknown) => isCiaoError(err, 'Conflict') || /fewer than/.test(String(err)));
    assert.deepEqual(await aliasTargets(stores.search.client, naming.alias), served);
  });
});
