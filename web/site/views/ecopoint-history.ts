/**
 * Mypage's eco-point history: the member's latest uploads with a thumbnail, date, verdict and points, and the
 * "이의 신청" (appeal) button on a model's refusal (the page script posts it).
 */
import { seoulIsoSeconds } from '../../../domain/korea-time';
import type { UploadRecord } from '../../../activities/ecopoints/upload-records';
import { canAppeal } from '../../../activities/ecopoints/appeals';
import { html, type SafeHtml } from '../../html';

function verdictText(record: UploadRecord): SafeHtml {
  if (record.stage !== 'done' || !record.verdict) return html`<span class="verdict verdict-wait">확인 중</span>`;
  const v = record.verdict;
  if (v.accepted) return html`<span class="verdict verdict-ok">+${v.points}P 적립</span>`;
  return html`<span class="verdict verdict-no">적립 안 됨</span> <span class="muted">${v.message}</span>`;
}

function appealArea(record: UploadRecord): SafeHtml {
  if (record.appealedAt !== undefined) return html`<span class="muted">이의 신청 접수됨</span>`;
  if (!canAppeal(record)) return html``;
  return html`<button type="button" class="button button-ghost button-small" data-appeal="${record._id}">이의 신청</button>`;
}

/** The history card (an empty state when there are no uploads yet). */
export function ecopointHistoryCard(uploads: readonly UploadRecord[]): SafeHtml {
  const rows = uploads.map(
    (u) => html`<li class="history-item">
    <img class="history-thumb" src="/ecopoint/uploads/${u._id}/image/thumb" alt="${u.service === 1 ? '페트병 사진' : '영수증 사진'}" width="72" height="72">
    <div class="history-body">
      <p class="history-meta"><strong>${u.service === 1 ? '페트병' : '영수증'}</strong> · <time datetime="${seoulIsoSeconds(u.receivedAt)}">${seoulIsoSeconds(u.receivedAt).slice(0, 16).replace('T', ' ')}</time></p>
      <p class="history-verdict">${verdictText(u)}</p>
      <p class="history-actions">${appealArea(u)}</p>
    </div>
  </li>`,
  );
  return html`<section class="card history-card" aria-labelledby="history-title">
  <h2 id="history-title">에코포인트 인증 기록</h2>
  ${uploads.length === 0 ? html`<p class="muted">아직 인증 기록이 없어요. <a href="/menu/ecopoint1">페트병 인증</a>으로 첫 포인트를 모아 보세요!</p>` : html`<ul class="history-list">${rows}</ul>`}
  <p class="muted" data-appeal-status role="status" aria-live="polite"></p>
</section>`;
}
