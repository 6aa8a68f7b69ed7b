import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findNoLabelLines, normaliseOcrLine, receiptPoints } from '../../../activities/ecopoints/receipt-words';

const matched = (text: string) => findNoLabelLines(text).map((m) => m.variant);

describe('무라벨 on a receipt', () => {
  it('normalises spaces, punctuation and full-width forms', () => {
    assert.equal(normaliseOcrLine(' 무 라벨-생수 ２Ｌ '), '무라벨생수2l');
  });

  it('finds 무라벨 and its variants', () => {
    assert.deepEqual(matched('무라벨 생수 2L 1,200'), ['무라벨']);
    assert.deepEqual(matched('무라벨생수500ml'), ['무라벨']);
    assert.deepEqual(matched('무 라 벨 탄산수'), ['무라벨']);
    assert.deepEqual(matched('라벨프리 제주삼다수'), ['라벨프리']);
    assert.deepEqual(matched('라벨 없는 생수'), ['라벨없는']);
    assert.deepEqual(matched('NO LABEL water'), ['nolabel']);
  });

  it('forgives one OCR mistake per word (a wrong consonant or vowel)', () => {
    assert.deepEqual(matched('무라밸 생수'), ['무라벨']);
    assert.deepEqual(matched('우라벨생수'), ['무라벨']);
    assert.deepEqual(matched('라벨프라 생수'), ['라벨프리']);
  });

  it('does not take 유라벨 (with a label) or unrelated lines', () => {
    assert.deepEqual(matched('유라벨 생수 2L'), []);
    assert.deepEqual(matched('바나나우유 240ml\n종량제봉투 20L\n라면 5입'), []);
    assert.deepEqual(matched('무선 라우터'), []);
  });

  it('counts each line once and grants 10 per line, at most 50', () => {
    const lines = Array.from({ length: 7 }, (_, i) => `무라벨 생수 ${i + 1}`).join('\n');
    assert.equal(findNoLabelLines(lines).length, 7);
    assert.equal(receiptPoints(findNoLabelLines(lines)), 50);
    assert.equal(receiptPoints(findNoLabelLines('무라벨 생수\n라벨프리 탄산수')), 20);
    assert.equal(receiptPoints([]), 0);
  });
});
