import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageBandOf, ageBandLabel, ageOn, seoulDate } from '../../../domain/age-band';
import { REGION_CODES, isRegionCode } from '../../../domain/regions';

describe('age band', () => {
  it('uses the international age on the Seoul day: a birthday counts from Seoul midnight', () => {
    // 2026-11-24T15:30Z is already 2026-11-25 in Seoul.
    assert.equal(seoulDate(new Date('2026-11-24T15:30:00Z')), '2026-11-25');
    assert.equal(ageOn('2000-11-25', new Date('2026-11-24T14:59:59Z')), 25);
    assert.equal(ageOn('2000-11-25', new Date('2026-11-24T15:00:00Z')), 26);
  });

  it('maps ages to decades clamped to 10 … 60', () => {
    const at = new Date('2026-06-01T00:00:00+09:00');
    assert.equal(ageBandOf('2015-01-01', at), 10, 'a child is in the youngest band');
    assert.equal(ageBandOf('2006-06-02', at), 10, '19 the day before the 20th birthday');
    assert.equal(ageBandOf('2006-06-01', at), 20);
    assert.equal(ageBandOf('1990-03-15', at), 30);
    assert.equal(ageBandOf('1950-01-01', at), 60, '76 is 60+');
  });

  it('labels bands in Korean', () => {
    assert.equal(ageBandLabel(10), '10대 이하');
    assert.equal(ageBandLabel(30), '30대');
    assert.equal(ageBandLabel(60), '60대 이상');
  });
});

describe('regions', () => {
  it('has exactly 14 regions and validates codes', () => {
    assert.equal(REGION_CODES.length, 14);
    assert.ok(isRegionCode('seoul'));
    assert.ok(!isRegionCode('tokyo'));
    assert.ok(!isRegionCode('toString'));
  });
});
