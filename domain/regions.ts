/**
 * The 14 regions a member chooses from: the seven metropolitan cities, Sejong, and the provinces with their
 * north/south halves merged (충청, 전라, 경상) as the first version grouped them. Codes are stable (they are
 * stored and aggregated); labels are what users see.
 */
export const REGIONS = {
  seoul: '서울',
  busan: '부산',
  daegu: '대구',
  incheon: '인천',
  gwangju: '광주',
  daejeon: '대전',
  ulsan: '울산',
  sejong: '세종',
  gyeonggi: '경기',
  gangwon: '강원',
  chungcheong: '충청',
  jeolla: '전라',
  gyeongsang: '경상',
  jeju: '제주',
} as const;

export type RegionCode = keyof typeof REGIONS;

/** Every region code, in display order. */
export const REGION_CODES = Object.keys(REGIONS) as RegionCode[];

/** True when `code` is one of the 14 regions. */
export function isRegionCode(code: string): code is RegionCode {
  return Object.prototype.hasOwnProperty.call(REGIONS, code);
}
