import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatInZone, instantsOfWallClock, parseDateInZone, resolveWallClock } from '../../../schedules/zone-time';

const SEOUL = 'Asia/Seoul';
const wall = (text: string): number => Date.parse(`${text}Z`);

describe('formatInZone', () => {
  it('renders times with the zone offset, never as Z', () => {
    assert.equal(formatInZone(new Date('2026-11-28T17:00:00Z'), SEOUL), '2026-11-29T02:00:00+09:00');
    assert.equal(formatInZone(new Date('2026-12-31T15:30:00Z'), SEOUL), '2027-01-01T00:30:00+09:00');
    assert.equal(formatInZone(new Date('2026-07-01T12:00:00Z'), 'UTC'), '2026-07-01T12:00:00+00:00');
    assert.equal(formatInZone(new Date('2026-07-01T12:00:00Z'), 'Australia/Lord_Howe'), '2026-07-01T22:30:00+10:30');
  });
});

describe('wall-clock times a zone skips or repeats', () => {
  it('finds both instants of a repeated wall time and none of a skipped one', () => {
    assert.deepEqual(instantsOfWallClock(wall('2026-11-01T01:30:00'), 'America/New_York').map((d) => d.toISOString()), ['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']);
    assert.deepEqual(instantsOfWallClock(wall('2026-03-08T02:30:00'), 'America/New_York'), []);
    assert.deepEqual(instantsOfWallClock(wall('2026-10-04T02:15:00'), 'Australia/Lord_Howe'), []);
  });

  it('moves a skipped wall time forward by the gap and picks the asked occurrence of a repeated one', () => {
    assert.equal(formatInZone(resolveWallClock(wall('2026-03-08T02:30:00'), 'America/New_York', 'earlier'), 'America/New_York'), '2026-03-08T03:30:00-04:00');
    assert.equal(formatInZone(resolveWallClock(wall('2026-10-04T02:15:00'), 'Australia/Lord_Howe', 'later'), 'Australia/Lord_Howe'), '2026-10-04T02:45:00+11:00');
    assert.equal(formatInZone(resolveWallClock(wall('2026-11-01T01:30:00'), 'America/New_York', 'earlier'), 'America/New_York'), '2026-11-01T01:30:00-04:00');
    assert.equal(formatInZone(resolveWallClock(wall('2026-11-01T01:30:00'), 'America/New_York', 'later'), 'America/New_York'), '2026-11-01T01:30:00-05:00');
  });
});

describe('parseDateInZone', () => {
  it('reads a bare date as midnight in the zone', () => {
    assert.equal(parseDateInZone('2026-03-01', SEOUL)?.toISOString(), '2026-02-28T15:00:00.000Z');
  });

  it('reads wall times and full ISO times', () => {
    assert.equal(parseDateInZone('2026-11-24T13:00', SEOUL)?.toISOString(), '2026-11-24T04:00:00.000Z');
    assert.equal(parseDateInZone('2026-11-24T13:00:00+09:00', 'UTC')?.toISOString(), '2026-11-24T04:00:00.000Z');
    assert.equal(parseDateInZone('2026-07-01T02:30', 'America/New_York')?.toISOString(), '2026-07-01T06:30:00.000Z');
    assert.equal(parseDateInZone('2026-01-15T02:30', 'America/New_York')?.toISOString(), '2026-01-15T07:30:00.000Z');
    assert.equal(parseDateInZone('2026-11-24T13:00:00', 'UTC')?.toISOString(), '2026-11-24T13:00:00.000Z');
  });

  it('takes the first occurrence of a repeated wall time and moves a skipped one forward', () => {
    assert.equal(parseDateInZone('2026-11-01T01:30', 'America/New_York')?.toISOString(), '2026-11-01T05:30:00.000Z');
    assert.equal(parseDateInZone('2026-03-08T02:30', 'America/New_York')?.toISOString(), '2026-03-08T07:30:00.000Z');
  });

  it('refuses impossible dates and words', () => {
    assert.equal(parseDateInZone('2026-02-30', SEOUL), undefined);
    assert.equal(parseDateInZone('2026-11-24T24:00', SEOUL), undefined);
    assert.equal(parseDateInZone('yesterday', SEOUL), undefined);
  });
});
