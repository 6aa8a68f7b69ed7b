import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PLACES_INDEX_BODY, productsIndexBody } from '../../../infra/search-indexes';
import { useStores, uniqueSuffix } from '../../support/stores';

const { stores } = useStores();
const { client } = stores.search;

/** Creates a throwaway index, runs `body`, and deletes the index. */
async function withIndex(prefix: string, settings: Parameters<typeof client.indices.create>[0]['body'], body: (index: string) => Promise<void>): Promise<void> {
  const index = `${prefix}-${uniqueSuffix()}`;
  await client.indices.create({ index, body: settings });
  try {
    await body(index);
  } finally {
    await client.indices.delete({ index });
  }
}

describe('search (real OpenSearch)', () => {
  it('finds Korean product titles by word, with the project analyzers', () => withIndex('test-products', productsIndexBody(), async (index) => {
    const docs = [
      { id: 'p1', title: '무라벨 생수 2L 6개' },
      { id: 'p2', title: '라벨프리 탄산수 500ml 20개' },
      { id: 'p3', title: '유라벨 오렌지 주스 1.5L' },
    ];
    await client.bulk({ refresh: true, body: docs.flatMap((d) => [{ index: { _index: index, _id: d.id } }, d]) });

    const search = async (field: string, text: string): Promise<string[]> => {
      const { body } = await client.search({ index, body: { query: { match: { [field]: { query: text, operator: 'and' } } } } });
      return body.hits.hits.map((h) => String(h._id)).sort();
    };
    assert.deepEqual(await search('title', '생수'), ['p1']);
    assert.deepEqual(await search('title', '탄산수'), ['p2']);
    assert.deepEqual(await search('title.bigram', '무라벨'), ['p1'], 'bigrams keep the prefix 무');
  }));

  it('answers a geo_distance query around Seoul City Hall', () => withIndex('test-places', PLACES_INDEX_BODY, async (index) => {
    const places = [
      { id: 'seoul', name: '알맹상점 망원', location: { lat: 37.556, lon: 126.91 } },
      { id: 'city-hall', name: '서울시청 리필스테이션', location: { lat: 37.5663, lon: 126.9779 } },
      { id: 'busan', name: '부산 제로웨이스트샵', location: { lat: 35.1796, lon: 129.0756 } },
    ];
    await client.bulk({ refresh: true, body: places.flatMap((p) => [{ index: { _index: index, _id: p.id } }, p]) });
    const within = async (distance: string): Promise<string[]> => {
      const { body } = await client.search({
        index,
        body: { query: { bool: { filter: { geo_distance: { distance, location: { lat: 37.5665, lon: 126.978 } } } } } },
      });
      return body.hits.hits.map((h) => String(h._id)).sort();
    };
    assert.deepEqual(await within('1km'), ['city-hall']);
    assert.deepEqual(await within('20km'), ['city-hall', 'seoul']);
  }));
});
