import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { LoadedSource } from '../../../activities/places/load-source-task';
import type { GeocodedSource } from '../../../activities/places/geocode-task';
import type { DedupedSet } from '../../../activities/places/dedupe-task';
import type { SwappedPlacesAlias } from '../../../activities/places/places-index-tasks';
import { aliasTargets, countDocs } from '../../../activities/search/index-admin';
import { waitForRun } from '../../../control/runs';
import { triggerDag } from '../../../control/trigger';
import { SEARCH } from '../../../infra/contracts';
import { ensurePlacesAlias } from '../../../infra/search-indexes';
import { useStores } from '../../support/stores';
import { randomMinuteIn } from '../../support/dag-runs';
import { useWorker } from '../../support/worker';

const { config, stores } = useStores();
useWorker(config, stores);

before(async () => {
  // What `ciao stack init` does: the test namespace's places index becomes an alias (once).
  await ensurePlacesAlias(stores.search.client);
});

/** A logical date no earlier test run used: a random time in 2004–2053. */
function freshDate(): Date {
  // A weekly DAG has 52 intervals a year: draw from 50 years, so reruns on a long-lived stack do not meet an earlier run.
  return randomMinuteIn(2004, 50);
}

describe('lesswaste_places through Temporal (the demo sources)', { timeout: 300_000 }, () => {
  it('loads the sources, lists rejects with reasons, skips rows without coordinates, dedupes, and swaps the alias; a second run swaps again', async () => {
    const client = await stores.temporal.client();
    const before = await aliasTargets(stores.search.client, SEARCH.placesIndex);
    const run = await triggerDag(client, 'lesswaste_places', { date: freshDate() });
    const result = await waitForRun(client, run.workflowId, run.runId);
    assert.equal(result.status, 'success', JSON.stringify(result.tasks.filter((t) => t.state !== 'success')));

    const loaded = result.outputs.load as LoadedSource[];
    const refill = loaded.find((l) => l.source === 'demo-seoul-refill');
    assert.deepEqual(refill?.byReason, { missing_name: 1, outside_korea: 1, bad_coordinates: 1, unknown_kind: 1 });
    assert.deepEqual(
      refill?.rejects.map((r) => [r.line, r.reason]),
      [
        [7, 'missing_name'],
        [13, 'outside_korea'],
        [19, 'bad_coordinates'],
        [31, 'unknown_kind'],
      ],
    );
    assert.equal(loaded.find((l) => l.source === 'demo-seoul-markets')?.byReason.malformed_row, 1);
    const geocoded = result.outputs.geocode as GeocodedSource[];
    const skipped = geocoded.find((g) => g.source === 'demo-seoul-refill');
    assert.equal(skipped?.geocoder, null);
    assert.deepEqual(skipped?.skippedRows.map((r) => [r.name, r.reason]), [['채움리필 주소만점', 'no_coordinates']]);
    const deduped = result.outputs.dedupe as DedupedSet;
    assert.equal(deduped.duplicates, 1);

    const swapped = result.outputs.swap_alias as SwappedPlacesAlias;
    assert.match(swapped.index, new RegExp(`^${SEARCH.placesIndexPrefix}\\d{8}-\\d+$`));
    assert.deepEqual(swapped.previous, before);
    assert.deepEqual(await aliasTargets(stores.search.client, SEARCH.placesIndex), [swapped.index]);
    assert.equal(await countDocs(stores.search.client, SEARCH.placesIndex), deduped.places);

    const second = await triggerDag(client, 'lesswaste_places', { date: freshDate() });
    const again = await waitForRun(client, second.workflowId, second.runId);
    assert.equal(again.status, 'success');
    const swappedAgain = again.outputs.swap_alias as SwappedPlacesAlias;
    assert.notEqual(swappedAgain.index, swapped.index);
    assert.deepEqual(swappedAgain.previous, [swapped.index]);
    assert.deepEqual(await aliasTargets(stores.search.client, SEARCH.placesIndex), [swappedAgain.index]);
  });
});
