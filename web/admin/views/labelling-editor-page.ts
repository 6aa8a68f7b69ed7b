/**
 * `GET /admin/labelling/:uploadId`: the box editor. The server renders the sample's facts, the image and the
 * controls; `web/admin/static/labelling.ts` draws the boxes over the image and does the editing. Everything the
 * script needs travels in data attributes of `.lb-editor` (no inline script: the CSP forbids it): the upright
 * raw image size, the starting boxes (the confirmed ones, else the model's), the model's boxes (to go back
 * to), the revision, and the URLs to post to and go on to.
 */
import { LABEL_CLASSES } from '../../../domain/ground-truth';
import { html, type SafeHtml } from '../../html';
import { renderPage, type Notice, type PageAssets } from '../frame';
import type { Size } from '../labelling/box-geometry';
import { CLASS_NAMES, VIEW_NAMES, verdictText } from '../labelling/labelling-names';
import type { QueueView } from '../labelling/queue-rules';
import type { TrainingSampleDoc } from '../labelling/sample-doc';
import { koreaMinute } from './labelling-queue-page';
import { labellingApiUrl, labellingImageUrl, labellingQueueUrl, type LabellingContext } from './links';

/** A box as the editor script reads it from the page. */
export interface EditorBox {
  readonly className: string;
  readonly box: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
  /** The model's confidence (absent for confirmed boxes). */
  readonly confidence?: number;
}

/** What the editor page needs. */
export interface LabellingEditorPage {
  readonly sample: TrainingSampleDoc;
  /** Upright raw image size. */
  readonly size: Size;
  /** Size of the served editor image. */
  readonly shown: Size;
  /** The view the sample is listed under (or reached from). */
  readonly source: QueueView | null;
  readonly ctx: LabellingContext;
  /** Where N goes (the next sample of the view, or the queue). */
  readonly nextUrl: string;
  /** Where the editor goes after a confirm or a skip when the server names no next sample. */
  readonly queueUrl: string;
  /** The sample's position in its view (from 0), sent back so the reply can name the one after it. */
  readonly at: number;
  readonly csrf: string;
  readonly notices: readonly Notice[];
  readonly assets: PageAssets;
  readonly styles: readonly string[];
  readonly script: string;
}

/** The model's detections as editor boxes (classes the editor does not know are left out). */
export function modelBoxes(sample: TrainingSampleDoc): EditorBox[] {
  return (sample.detections ?? []).filter((d) => (LABEL_CLASSES as readonly string[]).includes(d.className)).map((d) => ({ className: d.className, box: { ...d.box }, confidence: d.confidence }));
}

function facts(p: LabellingEditorPage): SafeHtml {
  const s = p.sample;
  const rows: [string, SafeHtml | string][] = [
    ['출처', p.source ? VIEW_NAMES[p.source] : '—'],
    ['모델', html`<code>${s.modelVersion}</code>`],
    ['모델 판정', verdictText(s.verdict)],
    ['업로드', koreaMinute(s.createdAt)],
    ['이미지', `${p.size.width}×${p.size.height}px`],
  ];
  if (s.appeal) rows.push(['이의 신청', koreaMinute(s.appeal.at)]);
  if (s.groundTruth) rows.push(['확정', html`${s.groundTruth.confirmedBy} · ${koreaMinute(s.groundTruth.confirmedAt)} · <span data-split>${s.groundTruth.split === 'heldout' ? '평가용(held-out)' : '학습용'}</span>`]);
  if (s.appealReview) rows.push(['재판정', html`${verdictText(s.appealReview.groundTruthVerdict)}${s.appealReview.upheld ? html` <span class="lb-badge lb-upheld">이의 신청 타당</span>` : ''}`]);
  return html`<dl class="lb-facts">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

/** The help line: every shortcut. */
export function shortcutHelp(): SafeHtml {
  const keys: [string, string][] = [
    ['드래그', '새 상자'],
    ['1 / 2 / 3', `${LABEL_CLASSES.map((c) => CLASS_NAMES[c]).join(' / ')}`],
    ['Delete', '삭제'],
    ['B', '가운데에 새 상자'],
    ['화살표', '이동 (Shift: 10배)'],
    ['Alt+화살표', '크기'],
    ['Tab / Shift+Tab', '다음 / 이전 상자'],
    ['N', '다음 샘플'],
    ['Enter / Ctrl+S', '확정'],
    ['Esc', '그리기 취소'],
  ];
  return html`<p id="lb-help" class="lb-help">${keys.map(([k, v]) => html`<span><kbd>${k}</kbd> ${v}</span>`)}</p>`;
}

/** The whole page. */
export function renderLabellingEditorPage(p: LabellingEditorPage): string {
  const s = p.sample;
  const start: EditorBox[] = s.groundTruth ? s.groundTruth.boxes.map((b) => ({ className: b.className, box: { ...b.box } })) : modelBoxes(s);
  const body = html`<div class="lb-editor" data-upload-id="${s._id}" data-width="${p.size.width}" data-height="${p.size.height}"
  data-boxes="${JSON.stringify(start)}" data-model-boxes="${JSON.stringify(modelBoxes(s))}" data-revision="${s.groundTruthRevision ?? 0}"
  data-confirm-url="${labellingApiUrl(s._id, 'confirm')}" data-skip-url="${labellingApiUrl(s._id, 'skip')}" data-next-url="${p.nextUrl}" data-queue-url="${p.queueUrl}" data-at="${p.at}">
<div class="lb-head">
  <div>
    <h1>샘플 검수 <code class="lb-id">${s._id}</code></h1>
    <p class="muted small">${s.groundTruth ? '확정된 상자에서 시작합니다. 다시 확정하면 덮어쓰고, 이전 상자는 기록에 남아요.' : '모델의 상자에서 시작합니다. 고친 뒤 확정하면 학습 정답이 됩니다.'}</p>
  </div>
  <a class="lb-back" href="${labellingQueueUrl(p.ctx)}">← 대기열</a>
</div>
${facts(p)}
<div class="lb-work">
  <div class="lb-stage-col">
    <div class="lb-stage" tabindex="0" role="application" aria-roledescription="라벨 편집기" aria-label="사진 위에 드래그해서 상자를 그리고, 상자를 끌어 옮기거나 모서리로 크기를 바꿉니다" aria-describedby="lb-help" data-stage>
      <img class="lb-image" src="${labellingImageUrl(s._id, 'full')}" width="${p.shown.width}" height="${p.shown.height}" alt="업로드 ${s._id}의 사진" draggable="false">
      <svg class="lb-overlay" viewBox="0 0 ${p.size.width} ${p.size.height}" preserveAspectRatio="none" aria-hidden="true" data-overlay></svg>
    </div>
    ${shortcutHelp()}
    <noscript><p class="notice notice-warning">상자 편집기는 JavaScript가 필요해요.</p></noscript>
  </div>
  <aside class="card lb-side" aria-label="상자와 확정">
    <fieldset class="lb-classes">
      <legend>클래스 (선택한 상자 · 새 상자)</legend>
      ${LABEL_CLASSES.map((c, i) => html`<label class="lb-class lb-cls-${c}"><input type="radio" name="lb-class" value="${c}"${i === 0 ? html` checked` : ''} data-class-choice> <kbd>${i + 1}</kbd> ${CLASS_NAMES[c]}</label>`)}
    </fieldset>
    <h2>상자 <span class="count" data-box-count>${start.length}</span></h2>
    <ol class="lb-box-list" data-box-list aria-label="상자 목록"></ol>
    <div class="lb-actions">
      <button type="button" class="lb-primary" data-action="confirm">확정 <kbd>Enter</kbd></button>
      <button type="button" data-action="no-objects">객체 없음으로 확정</button>
      <button type="button" data-action="add">가운데에 상자 추가 <kbd>B</kbd></button>
      <button type="button" data-action="reset">모델 상자로 되돌리기</button>
      <button type="button" data-action="skip">건너뛰기 (학습 제외)</button>
      <a class="lb-next" href="${p.nextUrl}" data-action="next">다음 샘플 <kbd>N</kbd></a>
    </div>
    <p class="lb-status" role="status" aria-live="polite" data-status></p>
  </aside>
</div>
</div>
<script src="${p.script}" defer></script>`;
  return renderPage({ title: `라벨링 · ${s._id}`, crumbs: [{ label: '라벨링 대기열', href: labellingQueueUrl(p.ctx) }, { label: s._id }], notices: p.notices, body, assets: p.assets, styles: p.styles, csrf: p.csrf });
}
