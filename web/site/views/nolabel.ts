/**
 * The /nolabel page: a search form (a GET form, so the query stays in the URL and works without JavaScript;
 * /static/nolabel.js adds autocomplete and applies sort and filters as they change), up to 30 product cards,
 * and — with no query, no result or no search — today's popular words from the rankings.
 */
import { CATEGORIES } from '../../../activities/products/transform/category';
import type { RankedWord } from '../../search-ranks/rank-keys';
import { SEARCH_SORTS, VOLUME_BANDS, type SearchSort, type VolumeBand } from '../../product-search/search-body';
import { html, option, type SafeHtml } from '../../html';
import type { ProductCardOutput, SearchQueryInput } from '../schemas/products';
import { MAX_QUERY_LENGTH } from '../schemas/products';

/** What the page shows. */
export interface NolabelView {
  /** The request's parameters (as typed; echoed escaped). */
  readonly params: SearchQueryInput;
  /** Results, or null when no search ran (no query, a refused query, search unavailable). */
  readonly results: { readonly total: number; readonly exactTotal: number; readonly items: readonly ProductCardOutput[] } | null;
  /** A note for the shopper (partial matches, nothing searchable). */
  readonly notice: string | null;
  /** An error to show instead of results (search down, query too long). */
  readonly error: string | null;
  /** Today's popular words (may be empty). */
  readonly popular: readonly RankedWord[];
}

const SORT_LABELS: Readonly<Record<SearchSort, string>> = { relevance: '정확도순', unit_price: '100ml당 가격 낮은순', volume: '용량 큰순' };

/** `1,234원`. */
export function won(n: number): string {
  return `${Math.round(n).toLocaleString('ko-KR')}원`;
}

/** `2L`, `1.5L`, `500ml`. */
export function volumeLabel(ml: number): string {
  return ml >= 1000 && ml % 100 === 0 ? `${ml / 1000}L` : `${ml}ml`;
}

/** `54.2원`: price per 100 ml, one decimal under 100 won. */
export function per100ml(price: number): string {
  return price < 100 ? `${price.toFixed(1)}원` : won(price);
}

function card(item: ProductCardOutput, rank: number): SafeHtml {
  return html`<li class="product-card${item.exact ? '' : ' is-loose'}" data-product-id="${item.id}">
  <a class="product-link" href="${item.clickUrl}" rel="nofollow" data-rank="${rank}">
    <img class="product-image" src="${item.imageUrl}" alt="" width="96" height="96" loading="lazy">
    <span class="product-body">
      <span class="product-title">${item.title}</span>
      <span class="product-size">${volumeLabel(item.volumeMl)} × ${item.quantity}개</span>
      <span class="product-price"><strong>${won(item.price)}</strong> <span class="muted">(개당 ${won(item.unitPrice)})</span></span>
      <span class="product-unit">100ml당 <strong>${per100ml(item.pricePer100ml)}</strong></span>
      <span class="product-shop">${item.shop}${item.shops > 1 ? html` <span class="muted">외 ${item.shops - 1}곳</span>` : ''}</span>
    </span>
  </a>
</li>`;
}

function popularWords(popular: readonly RankedWord[], heading: string): SafeHtml {
  if (popular.length === 0) {
    return html`<div class="popular"><h2>${heading}</h2><p class="muted">오늘은 아직 검색한 사람이 없어요. <a href="/nolabel?q=${encodeURIComponent('생수')}">생수</a>나 <a href="/nolabel?q=${encodeURIComponent('탄산수')}">탄산수</a>로 시작해 보세요.</p></div>`;
  }
  return html`<div class="popular"><h2>${heading}</h2><ol class="popular-words">${popular.map(
    (w, i) => html`<li><a href="/nolabel?q=${encodeURIComponent(w.word)}"><span class="rank-no">${i + 1}</span> ${w.word}</a></li>`,
  )}</ol></div>`;
}

function filters(params: SearchQueryInput): SafeHtml {
  const sort = params.sort ?? 'relevance';
  return html`<div class="search-filters">
  <label>정렬 <select name="sort" data-autosubmit>${SEARCH_SORTS.map((s) => option(s, SORT_LABELS[s], s === sort))}</select></label>
  <label>종류 <select name="category" data-autosubmit>${option('', '전체', !params.category)}${CATEGORIES.map((c) => option(c, c, c === params.category))}</select></label>
  <label>용량 <select name="volume" data-autosubmit>${option('', '전체', !params.volume)}${(Object.keys(VOLUME_BANDS) as VolumeBand[]).map((b) => option(b, VOLUME_BANDS[b].label, b === params.volume))}</select></label>
  <label>탄산 <select name="carbonated" data-autosubmit>${option('', '전체', !params.carbonated)}${option('yes', '탄산 있음', params.carbonated === 'yes')}${option('no', '탄산 없음', params.carbonated === 'no')}</select></label>
  <noscript><button type="submit" class="button button-ghost button-small">적용</button></noscript>
</div>`;
}

/** The page body. */
export function nolabelBody(view: NolabelView): SafeHtml {
  const q = view.params.q ?? '';
  const results = view.results;
  let main: SafeHtml;
  if (view.error) {
    main = html`<div class="notice notice-error" role="alert">${view.error}</div>${popularWords(view.popular, '오늘 많이 찾은 검색어')}`;
  } else if (!results) {
    main = popularWords(view.popular, '오늘 많이 찾은 검색어');
  } else if (results.items.length === 0) {
    main = html`<div class="empty-box"><p><strong>“${q}”</strong>에 맞는 무라벨 상품을 찾지 못했어요.</p><p class="muted">띄어쓰기를 바꾸거나, 용량(예: 2L)을 빼고 검색해 보세요.</p></div>${popularWords(view.popular, '이런 검색어는 어때요?')}`;
  } else {
    main = html`<p class="result-count" aria-live="polite">${q ? html`<strong>“${q}”</strong> ` : ''}검색 결과 ${results.total.toLocaleString('ko-KR')}개${results.total > results.items.length ? html` 중 ${results.items.length}개` : ''}</p>
<ol class="product-cards">${results.items.map((item, i) => card(item, i + 1))}</ol>`;
  }
  return html`<section class="nolabel">
  <div class="page-head">
    <p class="eyebrow">무라벨 상품 찾기</p>
    <h1>라벨 없는 생수·음료, 단위 가격까지 비교해요</h1>
  </div>
  <form class="search-form" method="get" action="/nolabel" role="search">
    <div class="search-box">
      <label class="sr-only" for="search-q">검색어</label>
      <input id="search-q" type="search" name="q" value="${q}" maxlength="${MAX_QUERY_LENGTH}" placeholder="예: 무라벨 생수 2L, ㅅㄷㅅ, 탄산수 제로" autocomplete="off" spellcheck="false"
        role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="search-suggestions">
      <button type="submit" class="button">검색</button>
      <ul id="search-suggestions" class="suggestions" role="listbox" hidden></ul>
    </div>
    ${filters(view.params)}
  </form>
  ${view.notice ? html`<div class="notice notice-info">${view.notice}</div>` : ''}
  ${main}
</section>`;
}
