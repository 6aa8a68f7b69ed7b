import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCiaoError } from '../../../domain/errors';
import { addDays, retentionCutoff } from '../../../activities/logs/retention';

describe('addDays', () => {
  it('crosses month ends, year ends and leap days', () => {
    assert.equal(addDays('2026-02-28', 1), '2026-03-01');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2027-01-01', -7), '2026-12-25');
  });

  it('rejects a day that does not exist', () => {
    assert.throws(() => addDays('2026-02-30', 1), (err: unknown) => isCiaoError(err, 'ValidationFailed'));
    assert.throws(() => addDays('20260301', 1), (err: unknown) => isCiaoError(err, 'ValidationFailed'));
  });
});

describe('retentionCutoff', () => {
  it('keeps the run’s day and the six before it', () => {
    // yyyymmdd arithmetic would give 20260297 here and keep every February day.
    assert.equal(retentionCutoff('2026-03-03', 7), '2026-02-25');
    assert.equal(retentionCutoff('2027-01-02', 7), '2026-12-27');
    assert.equal(retentionCutoff('2026-03-01', 1), '2026-03-01');
  });

  it('refuses to keep no days', () => {
    assert.throws(() => retentionCutoff('2026-03-03', 0), (err: unknown) => isCiaoError(err, 'ValidationFailed'));
  });
});
