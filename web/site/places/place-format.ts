/**
 * Words and numbers of the places list, shared by the server-rendered page and the map's script (pure, no
 * DOM, no Node).
 */

/** `350m`, `1.2km`, `12km`. */
export function formatDistance(m: number): string {
  if (m < 1000) return `${Math.round(m / 10) * 10}m`;
  return m < 10_000 ? `${(m / 1000).toFixed(1)}km` : `${Math.round(m / 1000)}km`;
}

/** The status line above the list (announced to screen readers when it changes). */
export function resultSummary(radiusKm: number, total: number, shown: number): string {
  if (total === 0) return `반경 ${radiusKm}km 안에 찾은 장소가 없어요. 반경을 넓히거나 종류를 더 골라 보세요.`;
  return total > shown ? `반경 ${radiusKm}km 안에 ${total}곳 — 가까운 ${shown}곳을 보여 드려요.` : `반경 ${radiusKm}km 안에 ${total}곳, 가까운 순이에요.`;
}

/** The digits of a phone number for a `tel:` link. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}

/** What the page says when the search is down. */
export const SEARCH_DOWN_MESSAGE = '지금은 장소 정보를 불러올 수 없어요. 잠시 후 다시 시도해 주세요. (지도와 검색 조건은 그대로 쓸 수 있어요.)';
