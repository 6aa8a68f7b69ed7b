/**
 * Ranking metrics of the relevance test (pure).
 *
 * - recall@k: the relevant products in the first k results ÷ min(k, all relevant products) — capped, so a
 *   broad query ("물": 117 products) is measured on the page the shopper sees, and 1.0 means "the first page
 *   is all right answers" (or all the right answers there are).
 * - nDCG@k: DCG of the grades of the first k results (2 best, 1 relevant, 0 other; gain 2^g − 1,
 *   discount log2(rank + 1)) ÷ the DCG of the best possible order.
 */

/** recall@k, capped (see the module comment); 1 when nothing is relevant and nothing was expected. */
export function recallAt(k: number, ranked: readonly number[], relevantTotal: number): number {
  if (relevantTotal === 0) return 1;
  const found = ranked.slice(0, k).filter((g) => g > 0).length;
  return found / Math.min(k, relevantTotal);
}

function dcg(grades: readonly number[]): number {
  return grades.reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
}

/** nDCG@k of the grades in result order, against all the judged grades. */
export function ndcgAt(k: number, ranked: readonly number[], allGrades: readonly number[]): number {
  const ideal = dcg([...allGrades].sort((a, b) => b - a).slice(0, k));
  return ideal === 0 ? 1 : dcg(ranked.slice(0, k)) / ideal;
}
