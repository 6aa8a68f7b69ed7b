/**
 * The main page: a short welcome and the four service cards (About, Eco Point, No Label, Less Waste).
 */
import type { SessionMember } from '../../sessions/session-store';
import { html, type SafeHtml } from '../../html';

interface Card {
  readonly tag: string;
  readonly title: string;
  readonly text: string;
  readonly tone: string;
  readonly links: readonly { readonly label: string; readonly href: string }[];
}

const CARDS: readonly Card[] = [
  { tag: 'About', title: '서비스 소개', tone: 'about', text: 'Ciao label la가 하려는 일, 에코포인트 적립 규칙, 등급별 북극 온도를 알려 드려요.', links: [{ label: '자세히 보기', href: '/about' }] },
  {
    tag: 'Eco Point',
    title: '에코포인트',
    tone: 'eco',
    text: '라벨을 뗀 페트병 사진이나 무라벨 제품 영수증을 올리면 포인트가 쌓여요.',
    links: [
      { label: '페트병 인증', href: '/menu/ecopoint1' },
      { label: '영수증 인증', href: '/menu/ecopoint2' },
    ],
  },
  { tag: 'No Label', title: '무라벨 상품 찾기', tone: 'nolabel', text: '생수, 탄산수처럼 라벨 없는 제품을 모아 보고 단위 가격까지 비교해요.', links: [{ label: '상품 찾아보기', href: '/menu/nolabel' }] },
  { tag: 'Less Waste', title: '리필숍 지도', tone: 'lesswaste', text: '가까운 제로웨이스트·리필 가게와 재활용 수거기를 지도에서 찾아요.', links: [{ label: '지도 열기', href: '/menu/lesswaste' }] },
];

/** The main page body. */
export function homeBody(member: SessionMember | null): SafeHtml {
  return html`<section class="hero">
  <p class="eyebrow">무라벨 페트병으로 시작하는 작은 실천</p>
  <h1>라벨은 떼고,<br>북극은 시원하게</h1>
  <p class="lead">깨끗이 헹궈 라벨을 뗀 페트병을 인증하고 에코포인트를 모아 보세요. 포인트가 쌓일수록 나의 북극 온도가 내려가요.</p>
  <div class="hero-actions">
    ${
      member
        ? html`<a class="button" href="/mypage">내 포인트 보기</a><a class="button button-ghost" href="/menu/ecopoint1">페트병 인증하기</a>`
        : html`<a class="button" href="/signup">회원가입하고 시작하기</a><a class="button button-ghost" href="/about">어떤 서비스인가요?</a>`
    }
  </div>
</section>
<section class="cards" aria-label="서비스 둘러보기">
  ${CARDS.map(
    (card) => html`<article class="card service-card tone-${card.tone}">
    <p class="card-tag">${card.tag}</p>
    <h2>${card.title}</h2>
    <p>${card.text}</p>
    <p class="card-links">${card.links.map((l) => html`<a href="${l.href}">${l.label} <span aria-hidden="true">→</span></a>`)}</p>
  </article>`,
  )}
</section>`;
}
