import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arcticTemperatureOf, ecoGradeOf, ecoGradeTable, pointsToNextGrade } from '../../../domain/eco-grade';

describe('eco grade', () => {
  it('starts at grade 0 with no points', () => {
    assert.equal(ecoGradeOf(0), 0);
    assert.equal(ecoGradeOf(99), 0);
  });

  it('rises one grade per 100 points', () => {
    assert.equal(ecoGradeOf(100), 1);
    assert.equal(ecoGradeOf(250), 2);
    assert.equal(ecoGradeOf(999), 9);
  });

  it('is capped at grade 10', () => {
    assert.equal(ecoGradeOf(1000), 10);
    assert.equal(ecoGradeOf(123_456), 10);
  });

  it('treats negative and non-finite totals as 0', () => {
    assert.equal(ecoGradeOf(-50), 0);
    assert.equal(ecoGradeOf(Number.NaN), 0);
  });
});

describe('arctic temperature', () => {
  it('is 14.5 °C at grade 0 and 13.5 °C at grade 10', () => {
    assert.equal(arcticTemperatureOf(0), 14.5);
    assert.equal(arcticTemperatureOf(10), 13.5);
  });

  it('drops linearly by 0.1 °C per grade, without float noise', () => {
    assert.equal(arcticTemperatureOf(3), 14.2);
    assert.equal(arcticTemperatureOf(7), 13.8);
  });

  it('clamps grades outside 0 … 10', () => {
    assert.equal(arcticTemperatureOf(-1), 14.5);
    assert.equal(arcticTemperatureOf(12), 13.5);
  });
});

describe('grade table and next grade', () => {
  it('lists grades 0 … 10 with contiguous point ranges', () => {
    const table = ecoGradeTable();
    assert.equal(table.length, 11);
    assert.deepEqual(table[0], { grade: 0, minPoints: 0, maxPoints: 99, temperatureC: 14.5 });
    assert.deepEqual(table[10], { grade: 10, minPoints: 1000, maxPoints: null, temperatureC: 13.5 });
    for (let i = 1; i < table.length; i++) assert.equal(table[i]!.minPoints, table[i - 1]!.maxPoints! + 1);
  });

  it('says how many points the next grade needs, and null at the top', () => {
    assert.equal(pointsToNextGrade(0), 100);
    assert.equal(pointsToNextGrade(260), 40);
    assert.equal(pointsToNextGrade(1000), null);
  });
});
