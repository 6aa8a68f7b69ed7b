/**
 * The account-recovery pages: find my id (by e-mail), ask for a password-reset link, set a new password. The
 * answers to the first two never say whether an account exists (the mail does), so they cannot be used to
 * find out who is a member.
 */
import type { FieldErrors } from '../accounts/signup-rules';
import { html, type SafeHtml } from '../../html';
import { errorSummary, field } from './account-forms';

/** What a recovery form shows after a post: the neutral "sent" notice, or a form error. */
export interface RecoveryState {
  readonly sent?: boolean;
  readonly errors?: FieldErrors;
  readonly values?: { readonly userId?: string; readonly email?: string };
}

const SENT = '입력한 정보와 맞는 계정이 있으면 가입한 이메일로 메일을 보냈어요. 메일함(스팸함 포함)을 확인해 주세요.';

const sentNotice = (state: RecoveryState): SafeHtml => (state.sent ? html`<div class="notice notice-info" role="status">${SENT}</div>` : html``);

/** Find my id: the e-mail address the account signed up with. */
export function findIdForm(csrf: string, state: RecoveryState = {}): SafeHtml {
  const errors = state.errors ?? {};
  return html`<section class="card form-card form-narrow">
  <h1>아이디 찾기</h1>
  <p class="lead">가입할 때 쓴 이메일 주소를 입력하면 그 주소로 아이디를 보내 드려요.</p>
  ${sentNotice(state)}${errorSummary(errors, undefined)}
  <form method="post" action="/account/find-id" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}">
    ${field(errors, { name: 'email', label: '이메일', type: 'email', value: state.values?.email ?? '', autocomplete: 'email', placeholder: 'name@example.com', maxlength: 254 })}
    <button type="submit" class="button button-block">아이디 보내기</button>
  </form>
  <p class="form-foot"><a href="/login">로그인</a> · <a href="/account/reset">비밀번호 재설정</a></p>
</section>`;
}

/** Ask for a reset link: the id and its e-mail address. */
export function resetRequestForm(csrf: string, state: RecoveryState = {}): SafeHtml {
  const errors = state.errors ?? {};
  return html`<section class="card form-card form-narrow">
  <h1>비밀번호 재설정</h1>
  <p class="lead">아이디와 가입한 이메일 주소를 입력하면 비밀번호를 새로 정하는 링크를 메일로 보내 드려요.</p>
  ${sentNotice(state)}${errorSummary(errors, undefined)}
  <form method="post" action="/account/reset" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}">
    ${field(errors, { name: 'userId', label: '아이디', value: state.values?.userId ?? '', autocomplete: 'username', maxlength: 20 })}
    ${field(errors, { name: 'email', label: '이메일', type: 'email', value: state.values?.email ?? '', autocomplete: 'email', placeholder: 'name@example.com', maxlength: 254 })}
    <button type="submit" class="button button-block">재설정 링크 보내기</button>
  </form>
  <p class="form-foot"><a href="/account/find-id">아이디 찾기</a> · <a href="/login">로그인</a></p>
</section>`;
}

/** The new password, twice (the token is in the form's URL). */
export function newPasswordForm(csrf: string, token: string, errors: FieldErrors = {}): SafeHtml {
  return html`<section class="card form-card form-narrow">
  <h1>새 비밀번호 정하기</h1>
  <p class="lead">앞으로 쓸 비밀번호를 두 번 입력해 주세요.</p>
  ${errorSummary(errors, undefined)}
  <form method="post" action="/account/reset/${token}" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}">
    ${field(errors, { name: 'password', label: '새 비밀번호', type: 'password', hint: '영문과 숫자를 섞어 8자 이상', autocomplete: 'new-password', maxlength: 128 })}
    ${field(errors, { name: 'passwordConfirm', label: '새 비밀번호 확인', type: 'password', autocomplete: 'new-password', maxlength: 128 })}
    <button type="submit" class="button button-block">비밀번호 바꾸기</button>
  </form>
</section>`;
}

/** A link that expired or was used already. */
export function resetLinkInvalidBody(): SafeHtml {
  return html`<section class="card form-card form-narrow">
  <h1>링크를 쓸 수 없어요</h1>
  <p>비밀번호 재설정 링크가 만료되었거나 이미 사용되었어요. 새 링크를 받아 주세요.</p>
  <p class="actions"><a class="button" href="/account/reset">재설정 링크 다시 받기</a></p>
</section>`;
}
