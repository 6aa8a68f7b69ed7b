/**
 * The upload pages `/ecopoint/1` (PET bottle photo) and `/ecopoint/2` (receipt): mobile-first, one file input
 * that opens the camera (`capture`), the rules, today's remaining tries, and a result area the page script
 * (`/static/ecopoint.js`) fills while it polls the verdict.
 */
import { DAILY_CREDIT_LIMIT } from '../../../domain/ecopoint-day';
import type { EcoPointService } from '../../../domain/ecopoint-verdicts';
import { html, type SafeHtml } from '../../html';

/** What the page shows. */
export interface EcopointPageView {
  readonly service: EcoPointService;
  readonly remainingToday: number;
}

const COPY = {
  1: {
    eyebrow: '에코포인트 ① 페트병 인증',
    title: '라벨 뗀 페트병을 찍어 주세요',
    lead: '깨끗이 헹구고 라벨을 뗀 페트병을 오늘 찍어서 올리면, AI가 확인하고 페트병 1개당 10포인트를 드려요.',
    button: '페트병 사진 찍기',
    rules: ['오늘 찍은 원본 사진만 인정돼요 (촬영 날짜 정보가 필요해요).', '라벨이나 이물질이 보이면 적립되지 않아요.', '이미 올라온 사진(다른 사람 사진 포함)은 다시 쓸 수 없어요.'],
  },
  2: {
    eyebrow: '에코포인트 ② 영수증 인증',
    title: '무라벨 제품 영수증을 찍어 주세요',
    lead: '무라벨 생수·음료를 산 영수증을 오늘 찍어서 올리면, 영수증에서 무라벨 상품을 찾아 1건당 10포인트(최대 50포인트)를 드려요.',
    button: '영수증 사진 찍기',
    rules: ['오늘 찍은 원본 사진만 인정돼요 (촬영 날짜 정보가 필요해요).', '상품 이름에 "무라벨", "라벨프리" 같은 말이 보여야 해요.', '글자가 흐리지 않게, 영수증 전체가 나오게 찍어 주세요.'],
  },
} as const;

/** The page body. */
export function ecopointPageBody(view: EcopointPageView): SafeHtml {
  const copy = COPY[view.service];
  return html`<section class="card ecopoint-card" aria-labelledby="ecopoint-title">
  <p class="eyebrow">${copy.eyebrow}</p>
  <h1 id="ecopoint-title">${copy.title}</h1>
  <p>${copy.lead}</p>
  <p class="ecopoint-remaining">오늘 남은 적립 횟수 <strong data-remaining>${view.remainingToday}</strong>/${DAILY_CREDIT_LIMIT}번</p>
  <form class="ecopoint-form" id="ecopoint-form" data-service="${view.service}" action="/api/ecopoint/${view.service}/uploads" method="post" enctype="multipart/form-data">
    <label class="upload-picker">
      <span class="upload-picker-title">${copy.button}</span>
      <span class="muted">눌러서 카메라를 열거나 사진을 골라 주세요 (16MB 이하)</span>
      <input type="file" name="photo" accept="image/*" capture="environment" required>
    </label>
    <p class="upload-file muted" data-file-name hidden></p>
    <p class="form-actions"><button type="submit" class="button">인증하기</button></p>
  </form>
  <div class="ecopoint-result" id="ecopoint-result" role="status" aria-live="polite" hidden></div>
  <details class="ecopoint-rules"><summary>인증 규칙 보기</summary>
    <ul>${copy.rules.map((r) => html`<li>${r}</li>`)}<li>서비스별로 하루 ${DAILY_CREDIT_LIMIT}번까지 적립돼요 (자정에 다시 채워져요).</li></ul>
  </details>
</section>`;
}
