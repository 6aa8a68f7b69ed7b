/**
 * The less-waste map page: search controls (radius 1–20 km, kinds, "my position"), the map, and beside it
 * (below it on a phone) the list of places nearest first — the list is the accessible view of the map:
 * headings per place, the distance, address, hours and phone in text, announced counts. Rendered on the
 * server for the first search (so the page works without script; its result also travels in `data-initial`
 * for the map's markers, so opening the page is not logged as a search), then redrawn by `lesswaste-map.js`.
 */
import { PLACE_KINDS, PLACE_KIND_LABELS, RADIUS_KM, type PlaceKind } from '../../../domain/places';
import { html, type SafeHtml } from '../../html';
import { formatDistance, resultSummary, telHref } from '../places/place-format';
import type { PlaceItemOutput, PlacesReplyOutput } from '../schemas/places';

/** What the page shows. */
export interface LesswasteView {
  readonly lat: number;
  readonly lng: number;
  /** True when the position is the default one (Seoul City Hall). */
  readonly isDefaultPosition: boolean;
  readonly radiusKm: number;
  readonly kinds: readonly PlaceKind[];
  /** The first search's result, or null when it failed. */
  readonly result: PlacesReplyOutput | null;
  /** Why the list is missing or the query was not used (Korean), or null. */
  readonly notice: string | null;
  readonly map: { readonly tileUrl: string; readonly attribution: string };
}

function placeItem(p: PlaceItemOutput): SafeHtml {
  const headingId = `place-${p.id}`;
  return html`<li class="place-item" data-id="${p.id}">
<article aria-labelledby="${headingId}">
<h3 class="place-name" id="${headingId}">${p.name}${p.demo ? html` <span class="badge badge-demo" title="데모 데이터: 실제 장소가 아니에요">데모</span>` : ''}</h3>
<p class="place-meta"><span class="kind kind-${p.kind}">${PLACE_KIND_LABELS[p.kind]}</span> · <span class="place-distance">${formatDistance(p.distanceM)}</span></p>
${p.roadAddress || p.lotAddress ? html`<p class="place-address">${p.roadAddress ?? p.lotAddress}</p>` : ''}
${p.hours ? html`<p class="place-hours">운영시간 ${p.hours}</p>` : ''}
${p.phone ? html`<p class="place-phone">전화 <a href="${telHref(p.phone)}">${p.phone}</a></p>` : ''}
<button type="button" class="link-button place-show" data-show="${p.id}">지도에서 보기</button>
</article>
</li>`;
}

/** The page body. */
export function lesswasteBody(view: LesswasteView): SafeHtml {
  const places = view.result?.places ?? [];
  return html`<section class="lesswaste" data-places-map data-lat="${view.lat}" data-lng="${view.lng}" data-default-position="${view.isDefaultPosition ? '1' : '0'}" data-tile-url="${view.map.tileUrl}" data-tile-attribution="${view.map.attribution}" data-initial="${view.result ? JSON.stringify(view.result) : ''}">
<header class="lesswaste-head">
  <p class="eyebrow">Less waste</p>
  <h1>리필숍 지도</h1>
  <p class="muted">내 주변의 리필숍, 제로웨이스트숍, 투명페트·캔 재활용 수거기를 가까운 순으로 찾아보세요.</p>
</header>
<form class="place-filters" action="/lesswaste" method="get" aria-label="장소 검색 조건">
  <div class="radius-field">
    <label for="place-radius">반경 <output id="place-radius-value" for="place-radius" data-radius-value>${view.radiusKm}</output>km</label>
    <input type="range" id="place-radius" name="radiusKm" min="${RADIUS_KM.min}" max="${RADIUS_KM.max}" step="1" value="${view.radiusKm}" aria-describedby="place-radius-hint">
    <span id="place-radius-hint" class="muted small">${RADIUS_KM.min}km ~ ${RADIUS_KM.max}km</span>
  </div>
  <fieldset class="kind-filters">
    <legend>종류</legend>
    ${PLACE_KINDS.map((k) => html`<label class="kind-choice"><input type="checkbox" name="kind" value="${k}"${view.kinds.length === 0 || view.kinds.includes(k) ? html` checked` : ''}> <span class="kind kind-${k}">${PLACE_KIND_LABELS[k]}</span></label>`)}
  </fieldset>
  <input type="hidden" name="lat" value="${view.lat}" data-lat-field>
  <input type="hidden" name="lng" value="${view.lng}" data-lng-field>
  <div class="filter-actions">
    <button type="button" class="button button-ghost button-small" data-locate hidden>내 위치로 찾기</button>
    <button type="submit" class="button button-small" data-submit>다시 찾기</button>
  </div>
</form>
<p class="place-position" data-position>${view.isDefaultPosition ? '기준 위치: 서울시청 (기본 위치)' : '기준 위치: 선택한 위치'}</p>
<p class="place-notice" role="alert" data-notice${view.notice ? '' : html` hidden`}>${view.notice ?? ''}</p>
<div class="places-layout">
  <div class="place-map" id="place-map" data-map role="region" aria-label="장소 지도 (오른쪽 목록과 같은 장소)"><p class="place-map-fallback muted">지도를 불러오는 중이에요. 목록에서도 같은 장소를 볼 수 있어요.</p></div>
  <section class="place-results" aria-labelledby="place-results-title">
    <h2 id="place-results-title">가까운 장소</h2>
    <p class="place-summary" role="status" aria-live="polite" data-summary>${view.result ? resultSummary(view.radiusKm, view.result.total, places.length) : ''}</p>
    <ol class="place-list" data-list>
      ${places.map(placeItem)}
    </ol>
  </section>
</div>
</section>`;
}
