/**
 * The about page: the mission, the eco-point rules (SPEC §1) and the eco grade table with its Arctic
 * temperature, generated from the one grade rule in domain/eco-grade.ts.
 */
import { ecoGradeTable, MAX_GRADE, POINTS_PER_GRADE, WARMEST_C, COOLEST_C } from '../../../domain/eco-grade';
import { html, type SafeHtml } from '../../html';

/** `14.5 °C`. */
export function formatCelsius(value: number): string {
  return `${value.toFixed(1)} °C`;
}

/** The about page body. */
export function aboutBody(): SafeHtml {
  const step = (WARMEST_C - COOLEST_C) / MAX_GRADE;
  return html`<section class="intro">
  <p class="eyebrow">About</p>
  <h1>안녕, 라벨! Ciao label la</h1>
  <p class="lead">페트병에 붙은 비닐 라벨은 재활용을 어렵게 만들어요. Ciao label la는 라벨 없는 제품을 고르고, 라벨을 떼어 깨끗하게 분리배출하는 습관을 에코포인트와 등급으로 응원하는 서비스예요.</p>
</section>

<section class="card">
  <h2>우리가 하는 일</h2>
  <ul class="check-list">
    <li><strong>바르게 버리기</strong> — 헹구고 라벨을 뗀 페트병을 인증하면 포인트를 드려요.</li>
    <li><strong>처음부터 덜 만들기</strong> — 무라벨 제품을 사면 영수증으로 포인트를 드리고, 무라벨 상품을 쉽게 찾도록 도와요.</li>
    <li><strong>가까운 곳에서 실천하기</strong> — 리필숍과 재활용 수거기를 지도로 알려 드려요.</li>
  </ul>
</section>

<section class="card" aria-labelledby="rules-title">
  <h2 id="rules-title">에코포인트 적립 규칙</h2>
  <div class="rule-grid">
    <div class="rule">
      <h3>① 페트병 인증</h3>
      <p>깨끗이 헹구고 라벨을 뗀 페트병을 <strong>오늘</strong> 찍어 올려 주세요. AI가 사진 속 페트병을 찾아요.</p>
      <ul>
        <li>라벨 없는 페트병 <strong>1개당 10포인트</strong></li>
        <li>라벨이 남아 있으면 0포인트 (라벨을 떼고 다시 찍어 주세요)</li>
        <li>페트병이 보이지 않으면 0포인트</li>
      </ul>
    </div>
    <div class="rule">
      <h3>② 영수증 인증</h3>
      <p>무라벨 제품을 산 <strong>영수증</strong> 사진을 올려 주세요. 영수증에서 ‘무라벨’(라벨프리, 무라벨생수 등)을 찾으면 포인트를 드려요.</p>
      <ul>
        <li>인증되면 <strong>10~50포인트</strong></li>
        <li>‘무라벨’ 표시를 찾지 못하면 0포인트</li>
      </ul>
    </div>
  </div>
  <h3>함께 지켜 주세요</h3>
  <ul class="plain-list">
    <li>서비스마다 <strong>하루 2번</strong>까지 적립돼요 (한국 시간 자정에 초기화).</li>
    <li><strong>오늘 찍은 사진</strong>만 인정돼요. 촬영 정보(EXIF)가 없는 사진은 확인할 수 없어요.</li>
    <li>이미 올라온 사진은 누가 다시 올려도 인정되지 않아요. 크기나 화질만 바꾼 사진도 마찬가지예요.</li>
    <li>사진은 16MB 이하의 이미지 파일만 올릴 수 있어요.</li>
  </ul>
</section>

<section class="card" aria-labelledby="grade-title">
  <h2 id="grade-title">에코 등급과 북극 온도</h2>
  <p>누적 포인트 <strong>${POINTS_PER_GRADE}점마다 1등급</strong>씩 올라가요 (최고 ${MAX_GRADE}등급). 등급이 하나 오를 때마다 나의 북극 온도가 <strong>${step.toFixed(1)} °C</strong>씩 내려가서, 0등급 ${formatCelsius(WARMEST_C)}에서 ${MAX_GRADE}등급 ${formatCelsius(COOLEST_C)}까지 시원해져요.</p>
  <div class="table-wrap">
    <table class="grade-table">
      <thead><tr><th scope="col">등급</th><th scope="col">누적 포인트</th><th scope="col">북극 온도</th></tr></thead>
      <tbody>
        ${ecoGradeTable().map(
          (row) => html`<tr><th scope="row">${row.grade}등급</th><td>${row.maxPoints === null ? `${row.minPoints.toLocaleString('ko-KR')}P 이상` : `${row.minPoints.toLocaleString('ko-KR')} ~ ${row.maxPoints.toLocaleString('ko-KR')}P`}</td><td>${formatCelsius(row.temperatureC)}</td></tr>`,
        )}
      </tbody>
    </table>
  </div>
</section>`;
}
