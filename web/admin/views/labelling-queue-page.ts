/**
 * `GET /admin/labelling`: the labelling queue — tabs per view with their counts, the confidence band and the
 * random pick's day, and one page of samples as cards (thumbnail with the model's boxes, source, model
 * version, verdict, time, most and least confident detection), each opening the editor.
 */
import { seoulIsoSeconds } from '../../../domain/korea-time';
import { html, type SafeHtml } from '../../html';
import { renderPage, type Notice, type PageAssets } from '../frame';
import type { QueueItem, QueuePage } from '../labelling/queue-reader';
import { QUEUE_VIEWS, RANDOM_PER_DAY, RANDOM_WINDOW_DAYS, type ConfidenceBand, type QueueView } from '../labelling/queue-rules';
import { VIEW_NAMES, verdictText } from '../labelling/labelling-names';
import { labellingImageUrl, labellingQueueUrl, labellingSampleUrl, type LabellingContext } from './links';

/** What the queue page needs. */
export interface LabellingQueuePage {
  readonly page: QueuePage;
  readonly view: QueueView;
  readonly band: ConfidenceBand;
  /** Korea day of the random pick. */
  readonly day: string;
  /** The query's context, carried into links. */
  readonly ctx: LabellingContext;
  /** Page number, from 1. */
  readonly pageNo: number;
  readonly pageSize: number;
  readonly notices: readonly Notice[];
  readonly assets: PageAssets;
  readonly styles: readonly string[];
}

/** `2026-12-06 16:50` in Korea time. */
export function koreaMinute(at: Date | string | undefined): string {
  if (!at) return '';
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? '' : seoulIsoSeconds(d).slice(0, 16).replace('T', ' ');
}

function tabs(p: LabellingQueuePage): SafeHtml {
  const { counts } = p.page;
  return html`<nav class="tabs lb-views" aria-label="대기열 보기">${QUEUE_VIEWS.map(
    (v) => html`<a href="${labellingQueueUrl({ ...p.ctx, view: v === 'all' ? undefined : v })}" class="${v === p.view ? 'active' : ''}"${v === p.view ? html` aria-current="page"` : ''} data-view="${v}">${VIEW_NAMES[v]} <span class="count" data-count="${v}">${counts[v]}</span></a>`,
  )}</nav>`;
}

function bandForm(p: LabellingQueuePage): SafeHtml {
  return html`<form class="card lb-filters" method="get" action="/admin/labelling" aria-label="대기열 조건">
  ${p.view !== 'all' ? html`<input type="hidden" name="view" value="${p.view}">` : ''}
  <label>불확실 구간 하한 <input type="number" name="lo" min="0" max="1" step="0.05" value="${p.band.lo}" inputmode="decimal"></label>
  <label>상한 <input type="number" name="hi" min="0" max="1" step="0.05" value="${p.band.hi}" inputmode="decimal"></label>
  <label>무작위 기준일 <input type="date" name="day" value="${p.day}"></label>
  <span class="filter-actions"><button type="submit">적용</button> <a href="${labellingQueueUrl({ view: p.ctx.view })}">초기화</a></span>
  <p class="muted small lb-filter-hint">불확실: 모델이 신뢰도 ${p.band.lo}–${p.band.hi} 사이로 본 객체가 하나라도 있는 사진 · 무작위: 기준일까지 ${RANDOM_WINDOW_DAYS}일 동안 올라온 나머지 사진에서 하루 ${RANDOM_PER_DAY}장 (id와 날짜의 해시로 고정)</p>
</form>`;
}

function confidenceRange(item: QueueItem): string {
  const c = (item.sample.detections ?? []).map((d) => d.confidence);
  if (c.length === 0) return '검출 없음';
  return `검출 ${c.length}개 · 신뢰도 ${Math.min(...c).toFixed(2)}–${Math.max(...c).toFixed(2)}`;
}

function reviewBadge(item: QueueItem): SafeHtml {
  const s = item.sample;
  if (s.review === 'confirmed') {
    const upheld = s.appealReview?.upheld ? html` <span class="lb-badge lb-upheld" title="확정한 상자로 다시 판정하면 모델과 다른 결과">이의 신청 타당</span>` : '';
    return html`<span class="lb-badge lb-confirmed">확정 · 상자 ${s.groundTruth?.boxes.length ?? 0}개</span>${upheld}`;
  }
  if (s.review === 'skipped') return html`<span class="lb-badge lb-skipped">건너뜀</span>`;
  return html``;
}

function card(p: LabellingQueuePage, item: QueueItem, index: number): SafeHtml {
  const s = item.sample;
  const at = (p.pageNo - 1) * p.pageSize + index;
  const source = item.source === 'reviewed' ? (s.appeal ? 'appealed' : null) : item.source;
  return html`<li class="lb-card" data-sample="${s._id}" data-source="${item.source}">
  <a class="lb-card-link" href="${labellingSampleUrl(s._id, p.ctx, at)}">
    <img class="lb-thumb" src="${labellingImageUrl(s._id, 'thumb')}" alt="업로드 ${s._id}의 사진과 모델 상자" loading="lazy" width="320" height="240">
    <span class="lb-card-body">
      <span class="lb-card-top">${source ? html`<span class="lb-badge lb-src-${source}">${VIEW_NAMES[source]}</span>` : ''}${reviewBadge(item)}</span>
      <span class="lb-verdict">${verdictText(s.verdict)}</span>
      <span class="muted small">${confidenceRange(item)}</span>
      <span class="muted small">모델 <code>${s.modelVersion}</code> · ${koreaMinute(s.createdAt)}</span>
    </span>
  </a>
</li>`;
}

function pager(p: LabellingQueuePage): SafeHtml {
  const total = p.page.total;
  const first = total === 0 ? 0 : (p.pageNo - 1) * p.pageSize + 1;
  const last = Math.min(total, p.pageNo * p.pageSize);
  const pages = Math.max(1, Math.ceil(total / p.pageSize));
  return html`<nav class="lb-pager" aria-label="페이지">
  ${p.pageNo > 1 ? html`<a href="${labellingQueueUrl(p.ctx, p.pageNo - 1)}" rel="prev">← 이전</a>` : html`<span class="muted">← 이전</span>`}
  <span data-range>${first}–${last} / ${total} (${p.pageNo}/${pages}쪽)</span>
  ${p.pageNo < pages ? html`<a href="${labellingQueueUrl(p.ctx, p.pageNo + 1)}" rel="next">다음 →</a>` : html`<span class="muted">다음 →</span>`}
</nav>`;
}

/** The whole page. */
export function renderLabellingQueuePage(p: LabellingQueuePage): string {
  const items = p.page.items;
  const body = html`<div class="lb-queue">
<div class="live-head">
  <div>
    <h1>라벨링 대기열</h1>
    <p class="muted">에코포인트 1 사진 중 사람이 확인할 것 — 모델이 확신하지 못한 사진, 이의 신청된 사진, 매일 무작위로 고른 사진. 확정한 상자는 <code>training_samples</code>의 학습 정답이 됩니다.</p>
  </div>
</div>
${tabs(p)}
${bandForm(p)}
${items.length === 0
  ? html`<p class="card lb-empty" data-empty>${p.view === 'reviewed' ? '아직 검수한 샘플이 없어요.' : '검수할 샘플이 없어요.'}</p>`
  : html`<ol class="lb-grid" aria-label="${VIEW_NAMES[p.view]} 샘플">${items.map((item, i) => card(p, item, i))}</ol>`}
${pager(p)}
</div>`;
  return renderPage({ title: '라벨링 대기열', crumbs: [{ label: '라벨링 대기열' }], notices: p.notices, body, assets: p.assets, styles: p.styles });
}
