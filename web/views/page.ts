/**
 * The frame of every admin page: head, top bar, breadcrumbs, notices, and the one stylesheet and script.
 */
import { html, type SafeHtml } from './html';
import { dagListUrl } from './links';

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
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ciao admin · ${options.title}</title>
<link rel="stylesheet" href="${options.assets.css}">
<script src="${options.assets.script}" defer></script>
</head>
<body>
<header class="topbar">
  <a class="brand" href="${dagListUrl()}">Ciao label la <span>admin</span></a>
  <nav class="crumbs" aria-label="breadcrumbs">
    <a href="${dagListUrl()}">DAG 목록</a>
    ${crumbs.map((c, i) => html`<span class="sep">/</span>${c.href && i < crumbs.length - 1 ? html`<a href="${c.href}">${c.label}</a>` : html`<span aria-current="page">${c.label}</span>`}`)}
  </nav>
</header>
<main>
${noticeList(options.notices ?? [])}
${options.body}
</main>
</body>
</html>
`.toString();
}

/** A short error page (404, 400, 403, 500). */
export function renderErrorPage(status: number, heading: string, message: string, assets: PageAssets): string {
  return renderPage({
    title: `${status} ${heading}`,
    crumbs: [{ label: String(status) }],
    body: html`<section class="error-page"><h1>${status} · ${heading}</h1><p>${message}</p><p><a href="${dagListUrl()}">DAG 목록으로</a></p></section>`,
    assets,
  });
}
