/**
 * Search helper fields of a title: 초성 (initial consonants, `ㅈㅈㅅㄷㅅ` for 제주삼다수) and jamo
 * (`ㅈㅔㅈㅜ…`), computed with es-hangul. Characters that are not Hangul syllables stay as they are.
 */
import { disassemble, getChoseong } from 'es-hangul';

/** 초성 and jamo of a title. */
export interface HangulFields {
  readonly titleChoseong: string;
  readonly titleJamo: string;
}

/** Computes the 초성 and jamo fields of a normalised title. */
export function hangulFieldsOf(title: string): HangulFields {
  // getChoseong drops what is not Hangul; keep Latin and digits so "ㅌㄹㅂ 350ml" still says 350ml.
  const titleChoseong = title
    .split(' ')
    .map((word) => word.replace(/[가-힣]+/g, (run) => getChoseong(run)))
    .join(' ');
  return { titleChoseong, titleJamo: disassemble(title) };
}
