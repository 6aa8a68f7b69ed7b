/**
 * The placeholder of a menu whose feature comes later.
 */
import { html, type SafeHtml } from '../../html';

/** A "준비 중" page body. */
export function comingSoonBody(title: string, description: string): SafeHtml {
  return html`<section class="card coming-soon">
  <p class="eyebrow">${title}</p>
  <h1>준비 중이에요</h1>
  <p>${description}</p>
  <p class="muted">조금만 기다려 주세요. 더 좋은 모습으로 곧 찾아올게요.</p>
  <p class="actions"><a class="button" href="/">홈으로 가기</a> <a class="button button-ghost" href="/about">적립 규칙 보기</a></p>
</section>`;
}
