import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayWidth, renderTable } from '../../../cli/table';

describe('renderTable', () => {
  it('aligns columns and counts Hangul as two columns wide', () => {
    const out = renderTable(['word', 'n'], [['생수', 3], ['water', 10]]).split('\n');
    assert.equal(out[0], 'word   n');
    assert.equal(out[2], '생수   3');
    assert.equal(out[3], 'water  10');
  });

  it('shows missing cells as a dash', () => {
    assert.match(renderTable(['a', 'b'], [[undefined, null]]), /-\s+-/);
  });
});

describe('displayWidth', () => {
  it('is 2 per Hangul syllable and 1 per ASCII character', () => {
    assert.equal(displayWidth('무라벨 ab'), 9);
  });
});
