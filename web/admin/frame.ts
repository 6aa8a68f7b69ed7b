/**
 * The frame of every admin page: head, top bar (breadcrumbs, links to the areas), notices, the admin
 * stylesheet and script (plus a page's own stylesheets, and its CSRF token for scripts that post JSON).
 */
import { html, type SafeHtml } from '../html';
import type { ErrorView } from '../plugins/app/error-handler';
import type { SessionMember } from '../sessions/session-store';
import { dagListUrl, labellingQueueUrl } from './views/links';

/** URLs of the static assets (versioned by content, so they can be cached for long). */
export interface PageAssets {
  readonly css: string;
  readonly script: string;
}

/** A notice at the top of a page. */
export interface Notice {
  readonly level: 'warning' | 'error' | 'info';
  readonly text: string;
  /** Extra detail, shown smaller (e.g. the error message). */
  readonly detail?: string;
  /** Names the notice for the page script (`data-notice`), which may hide it once it no longer applies. */
  readonly name?: string;
}

/** What a page puts in the frame. */
export interface PageOptions {
  /** `<title>`, after "Ciao admin · ". */
  readonly title: string;
  /** Breadcrumb trail after the DAG list; the last item is the current page. */
  readonly crumbs?: readonly { readonly label: string; readonly href?: string }[];
  readonly notices?: readonly Notice[];
  readonly body: SafeHtml;
  readonly assets: PageAssets;
  /** False for someone who may not see the admin pages: the bar then leads back to the site. Default true. */
  readonly forAdmin?: boolean;
  /** The session's CSRF token, for pages whose script posts JSON (`<meta name="csrf-token">`). */
  readonly csrf?: string;
  /** More stylesheets, after the admin one (URLs from `app.assetUrl`). */
  readonly styles?: readonly string[];
}

/** Notices as banners. */
export function noticeList(notices: readonly Notice[]): SafeHtml {
  return html`${notices.map(
    (n) => html`<div class="notice notice-${n.level}"${n.name ? html` data-notice="${n.name}"` : ''} role="${n.level === 'info' ? 'status' : 'alert'}"><strong>${n.text}</strong>${n.detail ? html` <span class="detail">${n.detail}</span>` : ''}</div>`,
  )}`;
}

/** A whole HTML document. */
export function renderPage(options: PageOptions): string {
  const crumbs = options.crumbs ?? [];
  const forAdmin = options.forAdmin ?? true;
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ciao admin · ${options.title}</title>
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="${options.assets.css}">
${(options.styles ?? []).map((href) => html`<link rel="stylesheet" href="${href}">
`)}${options.csrf ? html`<meta name="csrf-token" content="${options.csrf}">
` : ''}<script src="${options.assets.script}" defer></script>
</head>
<body>
<header class="topbar">
  <a class="brand" href="${forAdmin ? dagListUrl() : '/'}">Ciao label la${forAdmin ? html` <span>admin</span>` : ''}</a>
  ${forAdmin
    ? html`<nav class="crumbs" aria-label="breadcrumbs">
    <a href="${dagListUrl()}">DAG 목록</a>
    ${crumbs.map((c, i) => html`<span class="sep">/</span>${c.href && i < crumbs.length - 1 ? html`<a href="${c.href}">${c.label}</a>` : html`<span aria-current="page">${c.label}</span>`}`)}
  </nav>
  <nav class="area-links" aria-label="관리 메뉴"><a href="${dagListUrl()}">DAG</a><a href="/admin/logs/live">대시보드</a><a href="${labellingQueueUrl()}">라벨링</a></nav>`
    : ''}
</header>
<main>
${noticeList(options.notices ?? [])}
${options.body}
</main>
</body>
</html>
`.toString();
}

const HEADINGS: Readonly<Record<number, string>> = {
  400: '잘못된 요청',
  401: '로그인이 필요해요',
  403: '접근 권한이 없어요',
  404: '찾을 수 없어요',
  503: '일시적으로 사용할 수 없어요',
};

/**
 * The admin area's error page. For an admin it leads back to the DAG list; for anyone else (a member without
 * the role, who gets 403) the bar and the links lead back to the site, never to another admin page.
 */
export function renderErrorPage(error: ErrorView, options: { readonly assets: PageAssets; readonly member: SessionMember | null }): string {
  const heading = HEADINGS[error.status] ?? (error.status >= 500 ? '서버 오류' : '요청을 처리할 수 없어요');
  const forAdmin = options.member?.role === 'admin';
  const links = forAdmin
    ? html`<a href="${dagListUrl()}">DAG 목록으로</a>`
    : html`<a href="/">사이트 홈으로</a>${options.member ? html` · <a href="/mypage">마이페이지</a>` : html` · <a href="/login">로그인</a>`}`;
  return renderPage({
    title: `${error.status} ${heading}`,
    crumbs: [{ label: String(error.status) }],
    body: html`<section class="error-page"><h1>${error.status} · ${heading}</h1><p>${error.message}</p><p class="error-links">${links}</p></section>`,
    assets: options.assets,
    forAdmin,
  });
}
