import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { EventSpill, type SpilledChunk } from '../../../web/events/event-spill';

const root = mkdtempSync(path.join(tmpdir(), 'ciao-spill-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const folder = (): string => path.join(root, `s${n++}`);
const chunk = (from: number, count: number): SpilledChunk => ({
  keys: Array.from({ length: count }, (_, i) => `k${from + i}`),
  values: Array.from({ length: count }, (_, i) => JSON.stringify({ n: from + i, text: '무라벨 생수\n줄바꿈' })).join('\n'),
  types: Array.from({ length: count }, () => 'page_view'),
});
const keysOf = (chunks: readonly SpilledChunk[]): string[] => chunks.flatMap((c) => c.keys);

describe('the event spill (on-disk overflow of the publisher)', () => {
  it('gives chunks back in the order they were appended, segment by segment', async () => {
    const spill = EventSpill.open({ dir: folder(), maxBytes: 10_000_000, segmentBytes: 2000 });
    for (let i = 0; i < 20; i++) assert.equal(spill.append(chunk(i * 10, 10)), true);
    assert.equal(spill.spilledEvents, 200);
    const back: SpilledChunk[] = [];
    while (spill.nextEvents > 0) back.push(...(await spill.shift()));
    assert.deepEqual(keysOf(back), Array.from({ length: 200 }, (_, i) => `k${i}`));
    assert.equal(back[0]?.values.split('\n').length, 10, 'values keep their separators');
    assert.equal(spill.spilledEvents, 0);
    assert.equal(spill.spilledBytes, 0);
  });

  it('refuses what would pass its bound in bytes, and takes more once read back', async () => {
    const spill = EventSpill.open({ dir: folder(), maxBytes: 3000, segmentBytes: 1000 });
    let taken = 0;
    while (spill.append(chunk(taken, 5))) taken += 5;
    assert.ok(taken > 0 && spill.spilledBytes <= 3000, `${taken} events in ${spill.spilledBytes} bytes`);
    await spill.shift();
    assert.equal(spill.append(chunk(taken, 5)), true);
  });

  it('adopts the segments a stopped process left, skipping a line cut short by a crash', async () => {
    const dir = folder();
    const first = EventSpill.open({ dir, maxBytes: 10_000_000, segmentBytes: 500 });
    for (let i = 0; i < 6; i++) first.append(chunk(i * 3, 3));
    await first.close();
    const files = readdirSync(dir).sort();
    appendFileSync(path.join(dir, files[files.length - 1] ?? ''), '{"keys":["cut');
    const second = EventSpill.open({ dir, maxBytes: 10_000_000 });
    assert.equal(second.spilledEvents, 18);
    second.append(chunk(100, 2));
    const back: SpilledChunk[] = [];
    while (second.nextEvents > 0) back.push(...(await second.shift()));
    assert.deepEqual(keysOf(back), [...Array.from({ length: 18 }, (_, i) => `k${i}`), 'k100', 'k101']);
  });

  it('removes a private folder when closed empty, and keeps one with events in it', async () => {
    const dir = folder();
    const spill = EventSpill.open({ dir, maxBytes: 1_000_000, removeDirOnClose: true });
    spill.append(chunk(0, 1));
    await spill.close();
    assert.equal(existsSync(dir), true, 'events still on disk: kept');
    await spill.shift();
    await spill.close();
    assert.equal(existsSync(dir), false);
  });
});
