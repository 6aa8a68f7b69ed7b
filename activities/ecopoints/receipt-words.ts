/**
 * Eco point 2 (SPEC §1): does the OCR text of a receipt name a label-free ("무라벨") product? Pure.
 *
 * The first version matched one exact word. Here the text is normalised first — Unicode NFKC, lower case, and
 * the spaces and punctuation OCR puts inside words removed (`무 라벨`, `무-라벨` → `무라벨`) — and each line
 * is then searched for the variants ({@link NO_LABEL_VARIANTS}: 무라벨, 라벨프리, 라벨없는, no label, label free …;
 * compounds such as 무라벨생수 contain one) allowing one wrong jamo (consonant or vowel) per word, which is how
 * Tesseract's Korean model usually errs (`무라밸`, `무라뻘`, `우라벨`). `유라벨` ("with label") is two jamo away from
 * 무라벨 and never matches.
 */
import { disassemble } from 'es-hangul';

/** Words that mean "label-free" on Korean receipts, normalised (no spaces, lower case). */
export const NO_LABEL_VARIANTS: readonly string[] = ['무라벨', '라벨프리', '라벨없는', '라벨없음', '논라벨', 'nolabel', 'labelfree', 'labelless'];
/** Points per receipt line naming a label-free product. */
export const POINTS_PER_RECEIPT_LINE = 10;
/** Most points one receipt earns (SPEC: 10–50). */
export const MAX_RECEIPT_POINTS = 50;

/** A receipt line that names a label-free product. */
export interface ReceiptMatch {
  /** The line as OCR read it (trimmed). */
  readonly line: string;
  /** The variant it matched. */
  readonly variant: string;
  /** What in the line matched it (normalised), e.g. `무라밸`. */
  readonly found: string;
}

/** Normalises one line of OCR text: NFKC, lower case, no whitespace or punctuation. */
export function normaliseOcrLine(line: string): string {
  return line.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

function editDistanceAtMost(a: readonly string[], b: readonly string[], limit: number): number {
  // Levenshtein distance of jamo sequences, stopping early once every cell exceeds the limit.
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length] ?? limit + 1;
}

const jamo = (text: string): string[] => [...disassemble(text)];

/**
 * The part of normalised `text` matching `variant` with at most `maxJamoErrors` wrong, missing or extra jamo
 * (default 1; exact for the Latin variants), or null.
 */
export function findVariant(text: string, variant: string, maxJamoErrors = 1): string | null {
  if (text.includes(variant)) return variant;
  const latin = /^[a-z]+$/.test(variant);
  if (latin) return null;
  const target = jamo(variant);
  const chars = [...text];
  const len = [...variant].length;
  for (const width of [len, len - 1, len + 1]) {
    if (width <= 0) continue;
    for (let start = 0; start + width <= chars.length; start++) {
      const window = chars.slice(start, start + width).join('');
      if (editDistanceAtMost(jamo(window), target, maxJamoErrors) <= maxJamoErrors) return window;
    }
  }
  return null;
}

/** The lines of an OCR text that name a label-free product (each line once, with the first variant it matched). */
export function findNoLabelLines(ocrText: string): ReceiptMatch[] {
  const matches: ReceiptMatch[] = [];
  for (const raw of ocrText.split(/\r?\n/)) {
    const line = raw.trim();
    const text = normaliseOcrLine(line);
    if (text.length === 0 || text.includes('유라벨')) continue;
    for (const variant of NO_LABEL_VARIANTS) {
      const found = findVariant(text, variant);
      if (found !== null) {
        matches.push({ line, variant, found });
        break;
      }
    }
  }
  return matches;
}

/** Points of a receipt: 10 per matching line, at most 50; 0 when none matched (`OcrNoDetect`). */
export function receiptPoints(matches: readonly ReceiptMatch[]): number {
  return Math.min(MAX_RECEIPT_POINTS, POINTS_PER_RECEIPT_LINE * matches.length);
}
