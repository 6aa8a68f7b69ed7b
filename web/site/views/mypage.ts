/**
 * Mypage: the member's profile, eco grade with its Arctic temperature, total points, points per month against
 * the average of all members (a Chart.js chart drawn by /static/mypage-chart.js from data attributes, with the
 * same numbers in a table), and today's top search words for the member's gender × age band.
 */
import type { UserProfile } from '../../../activities/accounts/users';
import type { MonthlyPoints } from '../../../activities/ecopoints/ledger';
import { ageBandLabel, type AgeBand } from '../../../domain/age-band';
import { MAX_GRADE } from '../../../domain/eco-grade';
import { REGIONS } from '../../../domain/regions';
import type { RankList } from '../search-ranks';
import { html, type SafeHtml } from '../../html';
import { formatCelsius } from './about';

/** Everything mypage shows. */
export interface MypageView {
  readonly profile: UserProfile;
  readonly ageBand: AgeBand;
  readonly totalPoints: number;
  readonly grade: number;
  readonly temperatureC: number;
  /** Points still needed for the next grade; null at the top. */
  readonly toNextGrade: number | null;
  readonly months: readonly MonthlyPoints[];
  readonly ranks: readonly RankList[];
  /** Show the "saved" notice (after a profile change). */
  readonly saved?: boolean;
  /** Show the welcome notice (right after the signup, which logs the member in). */
  readonly welcome?: boolean;
  /** The eco-point upload history card (views/ecopoint-history.ts). */
  readonly history?: SafeHtml;
}

/** `3월` from `2026-03`. */
export function monthLabel(month: string): string {
  return `${Number(month.slice(5, 7))}월`;
}

const points = (n: number): string => `${n.toLocaleString('ko-KR')}P`;

function profileCard(view: MypageView): SafeHtml {
  const p = view.profile;
  return html`<section class="card profile-card" aria-labelledby="profile-title">
  <div class="card-head"><h2 id="profile-title">내 정보</h2><a class="button button-ghost button-small" href="/mypage/profile">수정</a></div>
  <dl class="profile">
    <div><dt>아이디</dt><dd>${p.userId}</dd></div>
    <div><dt>이름</dt><dd>${p.name}</dd></div>
    <div><dt>생년월일</dt><dd>${p.birthDate} <span class="muted">(${ageBandLabel(view.ageBand)})</span></dd></div>
    <div><dt>성별</dt><dd>${p.gender === 'W' ? '여성' : '남성'}</dd></div>
    <div><dt>이메일</dt><dd>${p.email}</dd></div>
    <div><dt>휴대폰</dt><dd>${p.phone}</dd></div>
    <div><dt>지역</dt><dd>${REGIONS[p.region]}</dd></div>
  </dl>
</section>`;
}

function gradeCard(view: MypageView): SafeHtml {
  const progress = view.toNextGrade === null ? 100 : Math.round(((100 - view.toNextGrade) / 100) * 100);
  return html`<section class="card grade-card" aria-labelledby="grade-title">
  <h2 id="grade-title">나의 에코 등급</h2>
  <div class="grade-figures">
    <p class="grade"><span class="big">${view.grade}</span>등급</p>
    <p class="temperature"><span class="label">나의 북극 온도</span><span class="big">${formatCelsius(view.temperatureC)}</span></p>
    <p class="total"><span class="label">누적 포인트</span><span class="big">${points(view.totalPoints)}</span></p>
  </div>
  <div class="progress" role="progressbar" aria-label="다음 등급까지" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${progress}"><span class="progress-bar w-${Math.round(progress / 5) * 5}"></span></div>
  <p class="muted">${view.toNextGrade === null ? `최고 등급(${MAX_GRADE}등급)이에요. 북극이 고마워해요!` : `다음 등급까지 ${points(view.toNextGrade)} 남았어요.`} <a href="/about#grade-title">등급 기준 보기</a></p>
  <div class="earn">
    <h3>포인트 모으기</h3>
    <p class="actions"><a class="button button-small" href="/menu/ecopoint1">페트병 인증</a><a class="button button-ghost button-small" href="/menu/ecopoint2">영수증 인증</a></p>
  </div>
</section>`;
}

function chartCard(view: MypageView): SafeHtml {
  const labels = view.months.map((m) => monthLabel(m.month));
  const summary = view.months.map((m) => `${monthLabel(m.month)} 나 ${m.points}P, 평균 ${m.averagePoints}P`).join(', ');
  return html`<section class="card chart-card" aria-labelledby="chart-title">
  <h2 id="chart-title">월별 적립 포인트</h2>
  <p class="muted">최근 4개월 동안 내가 모은 포인트와 전체 회원 평균을 비교해 보세요.</p>
  <div class="chart-box">
    <canvas id="points-chart" role="img" aria-label="${`최근 4개월 포인트: ${summary}`}" data-labels="${JSON.stringify(labels)}" data-mine="${JSON.stringify(view.months.map((m) => m.points))}" data-average="${JSON.stringify(view.months.map((m) => m.averagePoints))}"></canvas>
  </div>
  <details class="chart-table">
    <summary>표로 보기</summary>
    <table>
      <thead><tr><th scope="col">월</th><th scope="col">나</th><th scope="col">회원 평균</th></tr></thead>
      <tbody>${view.months.map((m) => html`<tr><th scope="row">${m.month}</th><td>${points(m.points)}</td><td>${points(m.averagePoints)}</td></tr>`)}</tbody>
    </table>
  </details>
</section>`;
}

function ranksCard(view: MypageView): SafeHtml {
  const first = view.ranks[0];
  return html`<section class="card ranks-card" aria-labelledby="ranks-title">
  <h2 id="ranks-title">오늘의 인기 검색어</h2>
  <p class="muted">${first ? `나와 같은 ${first.label} 회원들이 오늘 무라벨 상품에서 많이 찾은 단어예요.` : ''}</p>
  ${
    view.ranks.every((list) => list.words.length === 0)
      ? html`<p class="empty empty-box">아직 오늘의 검색 기록이 없어요. <a href="/menu/nolabel">무라벨 상품에서 첫 검색을 해 보세요!</a></p>`
      : html`<div class="rank-grid">
    ${view.ranks.map(
      (list) => html`<div class="rank-list">
      <h3>${list.label}</h3>
      ${
        list.words.length === 0
          ? html`<p class="empty">아직 오늘의 검색 기록이 없어요.<br><a href="/menu/nolabel">첫 검색을 해 보세요!</a></p>`
          : html`<ol>${list.words.map((w, i) => html`<li><span class="rank-no">${i + 1}</span><span class="rank-word">${w.word}</span><span class="rank-count">${w.count.toLocaleString('ko-KR')}회</span></li>`)}</ol>`
      }
    </div>`,
    )}
  </div>`
  }
</section>`;
}

/** The mypage body. */
export function mypageBody(view: MypageView): SafeHtml {
  return html`<div class="page-head">
  <p class="eyebrow">My page</p>
  <h1>${view.profile.name}님, 반가워요!</h1>
</div>
${view.saved ? html`<div class="notice notice-info" role="status">회원 정보를 저장했어요.</div>` : ''}
${view.welcome ? html`<div class="notice notice-info" role="status">가입을 환영해요! 로그인되어 있어요. 라벨을 뗀 페트병으로 첫 에코포인트를 모아 보세요.</div>` : ''}
<div class="mypage-grid">
  ${gradeCard(view)}
  ${chartCard(view)}
  ${view.history ?? ''}
  ${ranksCard(view)}
  ${profileCard(view)}
</div>`;
}
