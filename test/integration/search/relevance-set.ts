/**
 * The relevance test set of the product search: queries typed the way shoppers type them (spacing errors,
 * particles, English/Korean mixes, 초성, typos, pack sizes), each with the products it should find in the
 * fixture catalogue (test/support/search-fixture.ts, the demo shops through the refresh's transform).
 *
 * Judgments are rules over the clean product rather than lists of ids, so they read as what a shopper
 * expects and survive a change of the demo prices: `relevant` products are a right answer (grade 1),
 * `best` ones the best answer (grade 2, for nDCG). A query that fails is a bug: give it `bug: '…'` (the test
 * then reports it as a todo with that text) until it is fixed.
 */
import type { CleanProduct } from '../../../activities/products/clean-product';

/** A judgment rule. */
export type Judge = (p: CleanProduct) => boolean;

/** One query of the set. */
export interface RelevanceCase {
  /** As typed. */
  readonly q: string;
  /** What kind of typing it tests (for the report). */
  readonly kind: 'spec' | 'spacing' | 'particle' | 'synonym' | 'mixed' | 'units' | 'choseong' | 'typo' | 'plain';
  /** Right answers. */
  readonly relevant: Judge;
  /** Best answers (subset of relevant), graded 2 for nDCG. */
  readonly best?: Judge;
  /** A known failure, with what is wrong. */
  readonly bug?: string;
}

const brand = (name: string): Judge => (p) => p.brand === name;
const has = (...words: string[]): Judge => (p) => words.every((w) => p.title.toLowerCase().includes(w.toLowerCase()));
const cat = (c: CleanProduct['category']): Judge => (p) => p.category === c;
const vol = (ml: number): Judge => (p) => p.volumeMl === ml;
const qty = (n: number): Judge => (p) => p.quantity === n;
const carbonated: Judge = (p) => p.carbonated;
const all = (...judges: Judge[]): Judge => (p) => judges.every((j) => j(p));
const any = (...judges: Judge[]): Judge => (p) => judges.some((j) => j(p));

/** The set (≥ 60 queries). */
export const RELEVANCE_SET: readonly RelevanceCase[] = [
  // The issue's own examples.
  { q: '무라벨 생수 2l', kind: 'spec', relevant: all(cat('생수'), vol(2000)) },
  { q: 'ㅅㄷㅅ', kind: 'spec', relevant: brand('제주삼다수') },
  { q: '탄산수 제로', kind: 'spec', relevant: any(cat('탄산수'), all(carbonated, has('제로'))), best: all(carbonated, has('제로')) },
  { q: '스파클링', kind: 'spec', relevant: cat('탄산수'), best: all(cat('탄산수'), has('스파클링')) },

  // Spacing: missing, extra, glued to numbers.
  { q: '제주 삼다수', kind: 'spacing', relevant: brand('제주삼다수') },
  { q: '삼다수2l', kind: 'spacing', relevant: all(brand('제주삼다수'), vol(2000)) },
  { q: '무라벨생수', kind: 'spacing', relevant: cat('생수') },
  { q: '탄산 수', kind: 'spacing', relevant: cat('탄산수') },
  { q: '트레비레몬', kind: 'spacing', relevant: all(brand('트레비'), has('레몬')) },
  { q: '코카콜라제로', kind: 'spacing', relevant: all(brand('코카콜라'), has('제로')) },
  { q: '칠성 사이다', kind: 'spacing', relevant: brand('칠성사이다') },
  { q: '하늘 보리', kind: 'spacing', relevant: brand('하늘보리') },
  { q: '풀무원 샘물', kind: 'spacing', relevant: brand('풀무원샘물') },
  { q: '백산수 500 ml', kind: 'spacing', relevant: all(brand('백산수'), vol(500)) },
  { q: '옥수수 수염차', kind: 'spacing', relevant: has('옥수수수염차') },

  // Particles and the way people ask.
  { q: '삼다수를', kind: 'particle', relevant: brand('제주삼다수') },
  { q: '탄산수는', kind: 'particle', relevant: cat('탄산수') },
  { q: '물이 제일 싼 거', kind: 'particle', relevant: cat('생수') },
  { q: '보리차가', kind: 'particle', relevant: brand('하늘보리') },
  { q: '아메리카노로', kind: 'particle', relevant: cat('커피'), best: has('아메리카노') },
  { q: '삼다수랑 백산수', kind: 'particle', relevant: any(brand('제주삼다수'), brand('백산수')) },
  { q: '에비앙으로 찾아요', kind: 'particle', relevant: brand('Evian') },
  { q: '생수 추천', kind: 'particle', relevant: cat('생수') },

  // Synonyms.
  { q: '물', kind: 'synonym', relevant: cat('생수') },
  { q: '먹는샘물', kind: 'synonym', relevant: cat('생수') },
  { q: '커피', kind: 'synonym', relevant: cat('커피') },
  { q: '원두', kind: 'synonym', relevant: cat('커피') },
  { q: '아메리카노', kind: 'synonym', relevant: cat('커피'), best: has('아메리카노') },
  { q: '무설탕 콜라', kind: 'synonym', relevant: all(brand('코카콜라'), has('제로')) },
  { q: '제로 사이다', kind: 'synonym', relevant: all(brand('칠성사이다'), has('제로')) },
  { q: '제로', kind: 'synonym', relevant: has('제로') },
  { q: '스파클링 레몬', kind: 'synonym', relevant: all(carbonated, has('레몬')) },
  { q: '탄산', kind: 'synonym', relevant: cat('탄산수') },
  { q: '보리차', kind: 'synonym', relevant: brand('하늘보리') },
  { q: '녹차', kind: 'synonym', relevant: has('녹차') },
  { q: '이온음료', kind: 'synonym', relevant: any(has('이온음료'), has('포카리스웨트'), has('토레타')) },
  { q: '콜드브루', kind: 'synonym', relevant: cat('커피'), best: has('콜드브루') },

  // English, and English mixed with Korean.
  { q: 'evian', kind: 'mixed', relevant: brand('Evian') },
  { q: '에비앙', kind: 'mixed', relevant: brand('Evian') },
  { q: 'evian 500ml', kind: 'mixed', relevant: all(brand('Evian'), vol(500)) },
  { q: 'trevi', kind: 'mixed', relevant: brand('트레비') },
  { q: 'TREVI 레몬', kind: 'mixed', relevant: all(brand('트레비'), has('레몬')) },
  { q: 'perrier', kind: 'mixed', relevant: brand('Perrier') },
  { q: '페리에', kind: 'mixed', relevant: brand('Perrier') },
  { q: 'volvic 1.5L', kind: 'mixed', relevant: all(brand('Volvic'), vol(1500)) },
  { q: 'coca cola zero', kind: 'mixed', relevant: all(brand('코카콜라'), has('제로')) },
  { q: 'coffee', kind: 'mixed', relevant: cat('커피') },
  { q: 'top 아메리카노', kind: 'mixed', relevant: all(brand('TOP'), has('아메리카노')) },
  { q: 'lemon 탄산수', kind: 'mixed', relevant: all(carbonated, has('레몬')) },
  { q: 'samdasoo', kind: 'mixed', relevant: brand('제주삼다수') },
  { q: 'sparkling water', kind: 'mixed', relevant: cat('탄산수') },

  // Numbers and units.
  { q: '2리터 생수', kind: 'units', relevant: all(cat('생수'), vol(2000)) },
  { q: '생수 2000ml', kind: 'units', relevant: all(cat('생수'), vol(2000)) },
  { q: '생수 2L', kind: 'units', relevant: all(cat('생수'), vol(2000)) },
  { q: '생수 500ml 20개', kind: 'units', relevant: all(cat('생수'), vol(500), qty(20)) },
  { q: '백산수 1.5리터', kind: 'units', relevant: all(brand('백산수'), vol(1500)) },
  { q: '생수 500미리', kind: 'units', relevant: all(cat('생수'), vol(500)) },
  { q: '330ml 탄산수', kind: 'units', relevant: all(cat('탄산수'), vol(330)) },
  { q: '삼다수 2l 12개', kind: 'units', relevant: all(brand('제주삼다수'), vol(2000), qty(12)) },
  { q: '2L x 6', kind: 'units', relevant: all(vol(2000), qty(6)) },
  { q: '탄산수 350', kind: 'units', relevant: all(cat('탄산수'), vol(350)) },
  { q: '하늘보리 500', kind: 'units', relevant: all(brand('하늘보리'), vol(500)) },

  // 초성.
  { q: 'ㅌㄹㅂ', kind: 'choseong', relevant: brand('트레비') },
  { q: 'ㅂㅅㅅ', kind: 'choseong', relevant: brand('백산수') },
  { q: 'ㅍㅊㅅ', kind: 'choseong', relevant: brand('평창수') },
  { q: 'ㅌㅅㅅ', kind: 'choseong', relevant: cat('탄산수') },
  { q: 'ㅇㅇㅅㅅ', kind: 'choseong', relevant: brand('아이시스') },
  { q: 'ㅋㅋㅋㄹ', kind: 'choseong', relevant: brand('코카콜라') },
  { q: 'ㅎㄴㅂㄹ', kind: 'choseong', relevant: brand('하늘보리') },
  { q: 'ㅅㅅ', kind: 'choseong', relevant: cat('생수') },
  { q: 'ㅅㄷㅅ 2l', kind: 'choseong', relevant: all(brand('제주삼다수'), vol(2000)) },

  // Typos (fuzzy over jamo).
  { q: '삼다스', kind: 'typo', relevant: brand('제주삼다수') },
  { q: '트래비', kind: 'typo', relevant: brand('트레비') },
  { q: '아메리까노', kind: 'typo', relevant: has('아메리카노') },
  { q: '백산스', kind: 'typo', relevant: brand('백산수') },
  { q: '펑창수', kind: 'typo', relevant: brand('평창수') },
  { q: '아이시수', kind: 'typo', relevant: brand('아이시스') },
  { q: '스파클링 래몬', kind: 'typo', relevant: all(carbonated, has('레몬')) },
  { q: '칠성싸이다', kind: 'typo', relevant: brand('칠성사이다') },
  { q: '에비안', kind: 'typo', relevant: brand('Evian') },
  { q: '포카리', kind: 'typo', relevant: has('포카리스웨트') },

  // Plain product words.
  { q: '옥수수수염차', kind: 'plain', relevant: has('옥수수수염차') },
  { q: '헛개차', kind: 'plain', relevant: has('헛개차') },
  { q: '아이시스 평화공원', kind: 'plain', relevant: all(brand('아이시스'), has('평화공원')) },
  { q: '노브랜드 생수', kind: 'plain', relevant: has('노브랜드') },
  { q: '곰곰 샘물', kind: 'plain', relevant: has('곰곰') },
  { q: '몽베르', kind: 'plain', relevant: brand('몽베르') },
  { q: '토레타', kind: 'plain', relevant: has('토레타') },
  { q: '콜라', kind: 'plain', relevant: brand('코카콜라') },
  { q: '사이다', kind: 'plain', relevant: brand('칠성사이다') },

  // Longer and messier, as typed on a phone.
  { q: '삼다수 2리터 6병', kind: 'units', relevant: all(brand('제주삼다수'), vol(2000), qty(6)) },
  { q: '제주삼다수500ml', kind: 'spacing', relevant: all(brand('제주삼다수'), vol(500)) },
  { q: '아이시스8.0', kind: 'spacing', relevant: all(brand('아이시스'), has('8.0')) },
  { q: '생수2l 6개', kind: 'units', relevant: all(cat('생수'), vol(2000), qty(6)) },
  { q: '물 2리터 12병', kind: 'units', relevant: all(cat('생수'), vol(2000), qty(12)) },
  { q: '평창수 2L 6개 최저가', kind: 'units', relevant: all(brand('평창수'), vol(2000), qty(6)) },
  { q: '탄산수 레몬맛', kind: 'particle', relevant: all(carbonated, has('레몬')) },
  { q: '라인바싸 자몽맛', kind: 'particle', relevant: all(brand('라인바싸'), has('자몽')) },
  { q: '가장 저렴한 삼다수', kind: 'particle', relevant: brand('제주삼다수') },
  { q: '삼다수 물', kind: 'synonym', relevant: brand('제주삼다수') },
  { q: '코크 제로', kind: 'synonym', relevant: all(brand('코카콜라'), has('제로')) },
  { q: 'pocari', kind: 'mixed', relevant: has('포카리스웨트') },
  { q: 'seagram lime', kind: 'mixed', relevant: all(brand('씨그램'), has('라임')) },
  { q: '에비앙 생수', kind: 'mixed', relevant: brand('Evian') },
  { q: '스타벅스 커피', kind: 'mixed', relevant: cat('커피') },
  { q: 'ㅊㅅㅅㅇㄷ', kind: 'choseong', relevant: brand('칠성사이다') },
  { q: 'ㅍㅋㄹ', kind: 'choseong', relevant: has('포카리스웨트') },
  { q: 'ㅌㅅㅅ ㄹㅁ', kind: 'choseong', relevant: all(carbonated, has('레몬')) },
  { q: '하늘보리차', kind: 'spacing', relevant: brand('하늘보리') },
  { q: 'TOP 더블랙', kind: 'spacing', relevant: all(brand('TOP'), has('블랙')) },
  { q: '씨그렘', kind: 'typo', relevant: brand('씨그램') },
  { q: '초정 탄산수 플레인', kind: 'plain', relevant: all(brand('초정탄산수'), has('플레인')) },

  // Sizes in words, bare litres, 짜리, and the keyboard left in English mode (한/영).
  { q: '대용량 생수', kind: 'units', relevant: all(cat('생수'), (p) => p.volumeMl >= 1500) },
  { q: '미니 생수', kind: 'units', relevant: all(cat('생수'), (p) => p.volumeMl <= 500) },
  { q: '백산수 1.5', kind: 'units', relevant: all(brand('백산수'), vol(1500)) },
  { q: '2리터짜리 생수 묶음', kind: 'units', relevant: all(cat('생수'), vol(2000)) },
  { q: 'tkaektn', kind: 'mixed', relevant: brand('제주삼다수') },
  { q: 'xkstkstn 레몬', kind: 'mixed', relevant: all(carbonated, has('레몬')) },
  { q: 'dkdltltm 2l', kind: 'mixed', relevant: all(brand('아이시스'), vol(2000)) },
  { q: '콜라 wpfh', kind: 'mixed', relevant: all(brand('코카콜라'), has('제로')) },
];
