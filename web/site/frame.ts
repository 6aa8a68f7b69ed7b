/**
 * The frame of every service page: head, header with the brand, account links and the main menu, footer. The
 * menu links go through `/menu/<menu>` so each click is logged (menu_click) before the redirect.
 */
import type { Menu } from '../../domain/events';
import type { SessionMember } from '../sessions/session-store';
import { html, type SafeHtml } from '../html';

/** URLs of the files every page loads. */
export interface FrameAssets {
  readonly css: string;
  /** The page script (beacons, menu scroll hint). */
  readonly script: string;
  readonly icon: string;
}

/** What the request contributes to the frame. */
export interface Frame {
  readonly member: SessionMember | null;
  /** CSRF token of the session (logout button, beacons); null without a session. */
  readonly csrf: string | null;
  readonly assets: FrameAssets;
  /** How often a member's visible page tells the server it is still open, in ms (half the browser-closed grace). */
  readonly heartbeatMs: number;
}

/** Which menu entry is highlighted. */
export type NavKey = 'home' | 'about' | Menu | 'mypage' | 'login' | 'signup';

/** A page to put in the frame. */
export interface SitePage {
  /** `<title>` before " · Ciao label la". */
  readonly title: string;
  readonly body: SafeHtml;
  readonly nav?: NavKey;
  /** Extra script URLs (loaded deferred, after the body). */
  readonly scripts?: readonly string[];
  /** Extra stylesheet URLs (after the site's own, e.g. the map's). */
  readonly styles?: readonly string[];
}

/** Menu entries: key, label, short label for narrow screens, target. */
export const MENU_ITEMS: readonly { readonly key: NavKey; readonly label: string; readonly href: string }[] = [
  { key: 'about', label: '소개', href: '/about' },
  { key: 'ecopoint1', label: '페트병 인증', href: '/menu/ecopoint1' },
  { key: 'ecopoint2', label: '영수증 인증', href: '/menu/ecopoint2' },
  { key: 'nolabel', label: '무라벨 상품', href: '/menu/nolabel' },
  { key: 'lesswaste', label: '리필숍 지도', href: '/menu/lesswaste' },
];

const LEAF = html`<svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M20 3C10 3 4 8 4 15c0 2 .6 3.8 1.6 5.2C7 14 11 10 16 8c-4 3-7.4 7.3-8.6 12.6C8.6 21.5 10 22 12 22c6 0 9-6 8-19z"/></svg>`;

function accountArea(frame: Frame, nav: NavKey | undefined): SafeHtml {
  if (!frame.member) {
    return html`<a class="account-link${nav === 'login' ? ' is-current' : ''}" href="/login">로그인</a><a class="button button-small" href="/signup">회원가입</a>`;
  }
  return html`<a class="account-link${nav === 'mypage' ? ' is-current' : ''}" href="/mypage"><span class="account-greeting"><span class="account-name">${frame.member.name}</span>님 · </span>마이페이지</a>
<form class="logout-form" method="post" action="/logout"><input type="hidden" name="_csrf" value="${frame.csrf ?? ''}"><button type="submit" class="button button-ghost button-small">로그아웃</button></form>`;
}

/** A whole HTML document. */
export function renderSitePage(frame: Frame, page: SitePage): string {
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${frame.csrf ?? ''}">
<title>${page.title} · Ciao label la</title>
<link rel="icon" type="image/svg+xml" href="${frame.assets.icon}">
${(page.styles ?? []).map((href) => html`<link rel="stylesheet" href="${href}">\n`)}<link rel="stylesheet" href="${frame.assets.css}">
<script src="${frame.assets.script}" defer></script>
${(page.scripts ?? []).map((src) => html`<script src="${src}" defer></script>\n`)}
</head>
<body data-member="${frame.member ? '1' : '0'}" data-heartbeat-ms="${frame.heartbeatMs}">
<a class="skip-link" href="#content">본문 바로가기</a>
<header class="site-header">
  <div class="header-bar">
    <a class="brand" href="/">${LEAF}<span>Ciao label la</span></a>
    <div class="account">${accountArea(frame, page.nav)}</div>
  </div>
  <nav class="menu" aria-label="주요 메뉴">
    <ul>
      ${MENU_ITEMS.map((item) => html`<li><a href="${item.href}"${item.key === page.nav ? html` aria-current="page"` : ''}>${item.label}</a></li>`)}
    </ul>
  </nav>
</header>
<main id="content" class="page">
${page.body}
</main>
<footer class="site-footer">
  <p><strong>Ciao label la</strong> · 라벨은 떼고, 북극은 시원하게.</p>
  <p class="muted">분리배출을 바르게 하고 무라벨 제품을 고르는 작은 습관을 응원합니다.</p>
</footer>
</body>
</html>
`.toString();
}
