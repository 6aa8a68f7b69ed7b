import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAggregateMessage } from '../../../domain/aggregate-messages';
import { dailyCountMessages, dailyRankingMessage, rankDimLabel, rankDimensions, toWarmTierDocument } from '../../../activities/logs/daily-aggregates';

describe('dailyCountMessages', () => {
  it('turns each field of agg:1d into a record with nulls for unknown dimensions', () => {
    const { messages, skipped } = dailyCountMessages('2026-03-01', { 'menu_click:nolabel|W|20|seoul': '4', 'search|-|-|-': '2', 'login|Q|20|seoul': '1' }, 'b#1');
    assert.deepEqual(skipped, ['login|Q|20|seoul']);
    assert.deepEqual(messages, [
      { kind: 'daily_aggregates', day: '2026-03-01', metric: 'menu_click:nolabel', gender: 'W', ageBand: 20, region: 'seoul', value: 4, batch: 'b#1' },
      { kind: 'daily_aggregates', day: '2026-03-01', metric: 'search', gender: null, ageBand: null, region: null, value: 2, batch: 'b#1' },
    ]);
    for (const m of messages) assert.ok(parseAggregateMessage(JSON.stringify(m)).ok);
  });
});

describe('search rankings', () => {
  it('covers all, each gender, each age band and each pair', () => {
    const labels = rankDimensions().map(rankDimLabel);
    assert.equal(labels.length, 1 + 2 + 6 + 12);
    assert.ok(['all', 'g:W', 'a:60', 'ga:M:10'].every((l) => labels.includes(l)));
  });

  it('keeps the words in rank order and skips an empty ranking', () => {
    const m = dailyRankingMessage('2026-03-01', { kind: 'gender_age', gender: 'W', ageBand: 20 }, ['생수', '5', '탄산', '2'], 'b#1');
    assert.deepEqual(m?.words, [
      { word: '생수', count: 5 },
      { word: '탄산', count: 2 },
    ]);
    assert.equal(m?.dim, 'ga:W:20');
    assert.ok(parseAggregateMessage(JSON.stringify(m)).ok);
    assert.equal(dailyRankingMessage('2026-03-01', { kind: 'all' }, [], 'b#1'), undefined);
  });
});

describe('toWarmTierDocument', () => {
  it('keys a document by day, metric and dimensions, with the day in the indexed date field', () => {
    const at = new Date();
    const [count] = dailyCountMessages('2026-03-01', { 'login|M|30|busan': '1' }, 'b#1').messages;
    assert.deepEqual(toWarmTierDocument(count!, at), { _id: '2026-03-01|login|M|30|busan', date: '2026-03-01', loadedAt: at, metric: 'login', gender: 'M', ageBand: 30, region: 'busan', value: 1, batch: 'b#1' });
    const rank = dailyRankingMessage('2026-03-01', { kind: 'all' }, ['물', '1'], 'b#1');
    assert.equal(toWarmTierDocument(rank!, at)._id, '2026-03-01|search_rank|all');
  });
});

describe('parseAggregateMessage', () => {
  it('names what is wrong with a message', () => {
    const bad = parseAggregateMessage({ kind: 'daily_aggregates', day: '2026-3-1', metric: 'login', gender: null, ageBand: null, region: null, value: 1, batch: 'b' });
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.errors.join(), /\/day/);
    assert.equal(parseAggregateMessage('{').ok, false);
    assert.equal(parseAggregateMessage({ kind: 'other' }).ok, false);
  });
});
