/**
 * Brands of label-free drinks sold in Korea, with the spellings shops use. The display name is the brand's
 * own casing ("Evian", not "EVIAN" or "evian"); aliases are matched without regard to case or spaces.
 */

/** One brand: how titles show it, and how shops spell it. */
export interface Brand {
  /** Display name, in the brand's own casing. */
  readonly name: string;
  /** Other spellings (matched case- and space-insensitively); the name itself always matches. */
  readonly aliases: readonly string[];
}

/** The known brands. Add a spelling here when a shop writes a brand in a new way. */
export const BRANDS: readonly Brand[] = [
  { name: '제주삼다수', aliases: ['삼다수', 'samdasoo', 'jeju samdasoo'] },
  { name: '아이시스', aliases: ['icis', '롯데 아이시스'] },
  { name: '백산수', aliases: ['농심 백산수', 'baeksansoo'] },
  { name: '평창수', aliases: ['해태 평창수'] },
  { name: '몽베르', aliases: ['montbert'] },
  { name: '풀무원샘물', aliases: ['풀무원 샘물', 'pulmuone'] },
  { name: '동원샘물', aliases: ['동원 샘물'] },
  { name: '석수', aliases: ['하이트 석수'] },
  { name: '강원평창수', aliases: [] },
  { name: '트레비', aliases: ['trevi', '롯데 트레비'] },
  { name: '씨그램', aliases: ["seagram's", 'seagram', 'seagrams'] },
  { name: '초정탄산수', aliases: ['일화 초정탄산수', '초정 탄산수'] },
  { name: '라인바싸', aliases: ['linebacha'] },
  { name: '탐사', aliases: ['tamsaa'] },
  { name: '하늘보리', aliases: ['웅진 하늘보리'] },
  { name: '광동', aliases: ['광동제약'] },
  { name: '코카콜라', aliases: ['coca-cola', 'coca cola', 'cocacola'] },
  { name: '칠성사이다', aliases: ['롯데 칠성사이다', '칠성 사이다'] },
  { name: 'Evian', aliases: ['에비앙'] },
  { name: 'Volvic', aliases: ['볼빅'] },
  { name: 'Perrier', aliases: ['페리에'] },
  { name: 'S.Pellegrino', aliases: ['산펠레그리노', 'san pellegrino', 'sanpellegrino', 's. pellegrino'] },
  { name: 'Fiji', aliases: ['피지워터', 'fiji water'] },
  { name: 'TOP', aliases: ['맥심 top', 'maxim top'] },
  { name: 'Starbucks', aliases: ['스타벅스'] },
  { name: '빙그레', aliases: [] },
];
