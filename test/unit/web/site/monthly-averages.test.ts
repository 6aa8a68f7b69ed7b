import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MonthlyAverages } from '../../../../web/site/mypage/monthly-averages';

const at = (iso: string) => new Date(`${iso}+09:00`);

describe('MonthlyAverages', () => {
  it('computes once per TTL, shares a computation in flight, and computes again for a new Korea month', async () => {
    let calls = 0;
    const averages = new MonthlyAverages(
      (months, now) => {
        calls++;
        return Promise.resolve([{ month: now.toISOString().slice(0, 7), averagePoints: calls }]);
      },
      60_000,
      4,
    );
    const [a, b] = await Promise.all([averages.get(at('2026-03-10T12:00:00')), averages.get(at('2026-03-10T12:00:00'))]);
    assert.equal(calls, 1);
    assert.equal(a, b);
    await averages.get(at('2026-03-10T12:00:59'));
    assert.equal(calls, 1, 'within the TTL');
    await averages.get(at('2026-03-10T12:01:01'));
    assert.equal(calls, 2, 'after the TTL');
    await averages.get(at('2026-04-01T00:00:10'));
    assert.equal(calls, 3, 'a new Korea month is a new window');
  });

  it('serves the last figures when the store fails, for at most ten TTLs', async () => {
    let fail = false;
    const averages = new MonthlyAverages(() => (fail ? Promise.reject(new Error('down')) : Promise.resolve([{ month: '2026-03', averagePoints: 12.5 }])), 1000, 4);
    assert.equal((await averages.get(at('2026-03-10T12:00:00'))).get('2026-03'), 12.5);
    fail = true;
    assert.equal((await averages.get(at('2026-03-10T12:00:05'))).get('2026-03'), 12.5);
    await assert.rejects(averages.get(at('2026-03-10T12:00:11')), /down/);
  });
});
