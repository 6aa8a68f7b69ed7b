import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { aliasTargets, countDocs } from '../../../activities/search/index-admin';
import { ensurePlacesAlias } from '../../../infra/search-indexes';
import { SEARCH } from '../../../infra/contracts';
import { removePlacesIndexes } from '../../support/places';
import { uniqueSuffix, useStores } from '../../support/stores';

const alias = `${SEARCH.placesIndex}-mig-${uniqueSuffix()}`;
const names = { alias, prefix: `${alias}-` };

// Registered before useStores, so it runs while the stores are open.
after(async () => {
  // The dated indexes first (the alias goes with them), then the plain index if a failed run left it.
  await removePlacesIndexes(stores.search.client, alias);
  await stores.search.client.indices.delete({ index: alias }, { ignore: [404] });
});
const { stores } = useStores();
const client = stores.search.client;

describe('stack init and the places alias', () => {
  it('turns the plain index of older versions into an alias over a dated index, documents included, and a rerun changes nothing', async () => {
    // What older versions created: a plain index with the old mapping (address, no road/lot split).
    await client.indices.create({ index: alias, body: { mappings: { properties: { id: { type: 'keyword' }, name: { type: 'text' }, kind: { type: 'keyword' }, address: { type: 'text' }, location: { type: 'geo_point' }, source: { type: 'keyword' }, updatedAt: { type: 'date' } } } } });
    await client.bulk({
      refresh: true,
      body: [
        { index: { _index: alias, _id: 'a' } },
        { id: 'a', name: '옛 리필숍', kind: 'refill_shop', address: '서울특별시 중구 세종대로 110', location: { lat: 37.5663, lon: 126.9779 }, source: 'old', updatedAt: '2026-01-01T00:00:00+09:00' },
        { index: { _index: alias, _id: 'b' } },
        { id: 'b', name: '옛 회수기', kind: 'recycling_machine', address: '서울특별시 중구 을지로 1', location: { lat: 37.566, lon: 126.991 }, source: 'old', updatedAt: '2026-01-01T00:00:00+09:00' },
      ],
    });
    const setup = await ensurePlacesAlias(client, new Date('2026-12-06T00:00:00Z'), names);
    assert.deepEqual(setup, { action: 'migrated', index: `${alias}-20261206-init`, docs: 2 });
    assert.equal((await client.indices.existsAlias({ name: alias })).body, true);
    assert.deepEqual(await aliasTargets(client, alias), [`${alias}-20261206-init`]);
    assert.equal(await countDocs(client, alias), 2);
    const { body } = await client.get({ index: `${alias}-20261206-init`, id: 'a' });
    assert.equal((body._source as { roadAddress?: string }).roadAddress, '서울특별시 중구 세종대로 110');
    assert.deepEqual(await ensurePlacesAlias(client, new Date('2026-12-07T00:00:00Z'), names), { action: 'present' });
  });

  it('creates the alias over an empty dated index on a fresh stack', async () => {
    const fresh = { alias: `${alias}-fresh`, prefix: `${alias}-fresh-` };
    assert.deepEqual(await ensurePlacesAlias(client, new Date('2026-12-06T00:00:00Z'), fresh), { action: 'created', index: `${alias}-fresh-20261206-init` });
    assert.deepEqual(await aliasTargets(client, fresh.alias), [`${alias}-fresh-20261206-init`]);
  });
});
