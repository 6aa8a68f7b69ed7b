import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seoulMonths } from '../../../activities/ecopoints/ledger';

const kst = (iso: string) => new Date(`${iso}+09:00`);

describe('seoulMonths', () => {
  it('lists the last months oldest first, crossing a year boundary', () => {
    assert.deepEqual(seoulMonths(3, kst('2026-01-01T00:30:00')).map((m) => m.month), ['2025-11', '2025-12', '2026-01']);
  });

  it('starts and ends each month at 00:00 Korea time', () => {
    const [month] = seoulMonths(1, kst('2026-01-15T12:00:00'));
    assert.equal(month!.start.toISOString(), '2025-12-31T15:00:00.000Z');
    assert.equal(month!.end.toISOString(), '2026-01-31T15:00:00.000Z');
  });

  it('places 00:30 on the 1st (Seoul) in the new month although it is still the previous month in UTC', () => {
    const months = seoulMonths(1, kst('2026-03-01T00:30:00'));
    assert.equal(months[0]!.month, '2026-03');
  });
});
