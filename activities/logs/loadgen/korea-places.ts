/**
 * Where synthetic members live and search from: the 14 regions weighted by population, and a few cities per
 * region with their centre coordinates (for less-waste searches around the user).
 */
import type { RegionCode } from '../../../domain/regions';

/**
 * Resident population per region, in ten-thousands (rounded, 2023 resident registration); the merged
 * provinces add their north and south halves (충북 + 충남, 전북 + 전남, 경북 + 경남).
 */
export const REGION_POPULATION: Readonly<Record<RegionCode, number>> = {
  seoul: 939,
  busan: 330,
  daegu: 237,
  incheon: 300,
  gwangju: 142,
  daejeon: 144,
  ulsan: 110,
  sejong: 39,
  gyeonggi: 1363,
  gangwon: 153,
  chungcheong: 373,
  jeolla: 356,
  gyeongsang: 580,
  jeju: 68,
};

/** A city centre. */
export interface City {
  readonly name: string;
  readonly lat: number;
  readonly lng: number;
}

/** The default point of the less-waste map when the browser gives no location: Seoul City Hall. */
export const DEFAULT_POINT: City = { name: '서울시청', lat: 37.5663, lng: 126.9779 };

/** Cities per region (the first is the regional centre and the most likely). */
export const REGION_CITIES: Readonly<Record<RegionCode, readonly City[]>> = {
  seoul: [
    { name: '서울 중구', lat: 37.5641, lng: 126.9979 },
    { name: '서울 강남구', lat: 37.5172, lng: 127.0473 },
    { name: '서울 마포구', lat: 37.5663, lng: 126.9016 },
  ],
  busan: [
    { name: '부산 부산진구', lat: 35.1631, lng: 129.0532 },
    { name: '부산 해운대구', lat: 35.1631, lng: 129.1635 },
  ],
  daegu: [{ name: '대구 중구', lat: 35.8694, lng: 128.6062 }],
  incheon: [
    { name: '인천 남동구', lat: 37.4475, lng: 126.7313 },
    { name: '인천 연수구', lat: 37.4102, lng: 126.6783 },
  ],
  gwangju: [{ name: '광주 서구', lat: 35.152, lng: 126.8895 }],
  daejeon: [{ name: '대전 서구', lat: 36.3555, lng: 127.3838 }],
  ulsan: [{ name: '울산 남구', lat: 35.5437, lng: 129.3302 }],
  sejong: [{ name: '세종', lat: 36.48, lng: 127.289 }],
  gyeonggi: [
    { name: '수원', lat: 37.2636, lng: 127.0286 },
    { name: '성남', lat: 37.42, lng: 127.1267 },
    { name: '고양', lat: 37.6584, lng: 126.832 },
    { name: '용인', lat: 37.2411, lng: 127.1776 },
  ],
  gangwon: [
    { name: '춘천', lat: 37.8813, lng: 127.7298 },
    { name: '원주', lat: 37.3422, lng: 127.9202 },
    { name: '강릉', lat: 37.7519, lng: 128.8761 },
  ],
  chungcheong: [
    { name: '청주', lat: 36.6424, lng: 127.489 },
    { name: '천안', lat: 36.8151, lng: 127.1139 },
  ],
  jeolla: [
    { name: '전주', lat: 35.8242, lng: 127.148 },
    { name: '순천', lat: 34.9506, lng: 127.4872 },
    { name: '목포', lat: 34.8118, lng: 126.3922 },
  ],
  gyeongsang: [
    { name: '창원', lat: 35.228, lng: 128.6811 },
    { name: '포항', lat: 36.019, lng: 129.3435 },
    { name: '김해', lat: 35.2285, lng: 128.8894 },
    { name: '구미', lat: 36.1195, lng: 128.3446 },
  ],
  jeju: [
    { name: '제주시', lat: 33.4996, lng: 126.5312 },
    { name: '서귀포', lat: 33.2541, lng: 126.56 },
  ],
};
