/**
 * Listings that are not (reliably) label-free products: bottles with a label, offers where the buyer picks
 * label or no label, and "random" shipping that may send labelled bottles. Checked on the NFKC-folded raw
 * title, decorations included (`[유라벨]` is a decoration that matters).
 */

/** Why a listing is noise. */
export type NoiseReason = 'labelled' | 'label_choice' | 'random_shipping' | 'not_a_drink';

const RULES: readonly { readonly reason: NoiseReason; readonly pattern: RegExp }[] = [
  // "유/무라벨", "유무 선택", "라벨 선택", "라벨유무" — the buyer chooses, so the listing is not label-free.
  { reason: 'label_choice', pattern: /(?<![가-힣])유\s*[/·,]?\s*무\s*라벨|유무\s*(?:라벨\s*)?선택|라벨\s*(?:유무|선택)|무라벨\s*[/]\s*유라벨/ },
  { reason: 'labelled', pattern: /유라벨|라벨\s*(?:있음|부착)|with\s*label/i },
  { reason: 'random_shipping', pattern: /랜덤\s*(?:발송|배송|출고)|디자인\s*랜덤|라벨\s*랜덤|random/i },
  // Accessories sold next to bottles in the same listings.
  { reason: 'not_a_drink', pattern: /거치대|디스펜서|케이스|정수기|필터|빈\s*(?:병|pet)|공병|펌프/i },
];

/** The noise reason of a folded title, or null when it looks like a label-free drink. */
export function noiseReasonOf(foldedTitle: string): NoiseReason | null {
  return RULES.find((rule) => rule.pattern.test(foldedTitle))?.reason ?? null;
}
