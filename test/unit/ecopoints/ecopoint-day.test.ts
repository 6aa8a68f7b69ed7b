import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextSeoulMidnight } from '../../../domain/ecopoint-day';

describe('the daily quota resets at midnight Korea time', () => {
  it('expires at 15:00 UTC of the same UTC day for a morning upload in Korea', () => {
    assert.equal(nextSeoulMidnight(new Date('2026-12-06T01:00:00Z')).toISOString(), '2026-12-06T15:00:00.000Z');
  });

  it('expires the next UTC day for an upload after 15:00 UTC (already tomorrow in Korea)', () => {
    assert.equal(nextSeoulMidnight(new Date('2026-12-06T15:00:00Z')).toISOString(), '2026-12-07T15:00:00.000Z');
  });

  it('crosses month and year ends', () => {
    assert.equal(nextSeoulMidnight(new Date('2026-12-31T14:59:59Z')).toISOString(), '2026-12-31T15:00:00.000Z');
  });
});
