/**
 * The body of an error page: a friendly Korean heading for the status, the message, and ways back.
 */
import { html, type SafeHtml } from '../../html';

const HEADINGS: Readonly<Record<number, string>> = {
  400: '입력한 내용을 다시 확인해 주세요',
  401: '로그인이 필요해요',
  403: '요청을 처리할 수 없어요',
  404: '페이지를 찾을 수 없어요',
  409: '이미 등록된 정보예요',
  413: '보낸 내용이 너무 커요',
  415: '지원하지 않는 형식이에요',
  429: '잠시 후 다시 시도해 주세요',
  503: '잠시 후 다시 시도해 주세요',
};

/** Korean heading of an HTTP error status. */
export function errorHeading(status: number): string {
  return HEADINGS[status] ?? (status >= 500 ? '일시적인 문제가 생겼어요' : '요청을 처리할 수 없어요');
}

/** The error page body. */
export function errorBody(status: number, message: string): SafeHtml {
  return html`<section class="card error-card">
  <p class="error-status">${status}</p>
  <h1>${errorHeading(status)}</h1>
  <p>${message}</p>
  <p class="actions"><a class="button" href="/">홈으로 가기</a> <a class="button button-ghost" href="/about">서비스 소개</a></p>
</section>`;
}
