/**
 * The account forms: signup, login and the profile editor. Every form posts back to the same path with the
 * session's CSRF token in `_csrf`; on a mistake the form is shown again with the values kept (passwords never)
 * and one message per field.
 */
import { seoulDate } from '../../../domain/korea-time';
import { REGIONS, REGION_CODES } from '../../../domain/regions';
import type { AccountField, FieldErrors } from '../accounts/signup-rules';
import { html, type SafeHtml } from '../../html';

/** Untrusted values to show again (whatever was posted). */
export type FormValues = Readonly<Record<string, unknown>>;

const text = (values: FormValues, key: string): string => {
  const v = values[key];
  return typeof v === 'string' ? v : '';
};

/** Today in Seoul, for the date picker's max. */
const todaySeoul = (): string => seoulDate(new Date());

/** The banner above a refused form: the form's own message, or how many fields need a look. */
export function errorSummary(errors: FieldErrors, formError: string | undefined): SafeHtml {
  const count = Object.keys(errors).length;
  if (!formError && count === 0) return html``;
  return html`<div class="notice notice-error" role="alert">${formError ?? `입력한 내용 중 ${count}개 항목을 확인해 주세요.`}</div>`;
}

/** One text input of an account form. */
export interface FieldOptions {
  readonly name: AccountField;
  readonly label: string;
  readonly type?: string;
  readonly value?: string;
  readonly hint?: string;
  readonly autocomplete?: string;
  readonly inputmode?: string;
  readonly placeholder?: string;
  readonly max?: string;
  readonly maxlength?: number;
  readonly readonly?: boolean;
}

/** A labelled input with its hint and its error (if any). */
export function field(errors: FieldErrors, o: FieldOptions): SafeHtml {
  const error = errors[o.name];
  const described = [o.hint ? `${o.name}-hint` : '', error ? `${o.name}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' has-error' : ''}">
  <label for="f-${o.name}">${o.label}</label>
  <input id="f-${o.name}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${o.placeholder ? html` placeholder="${o.placeholder}"` : ''}${o.max ? html` max="${o.max}"` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${o.readonly ? html` readonly` : html` required`}${described ? html` aria-describedby="${described}"` : ''}${error ? html` aria-invalid="true"` : ''}>
  ${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : ''}
  ${error ? html`<p class="field-error" id="${o.name}-error">${error}</p>` : ''}
</div>`;
}

function genderField(errors: FieldErrors, value: string): SafeHtml {
  const error = errors.gender;
  const option = (code: string, label: string) => html`<label class="choice"><input type="radio" name="gender" value="${code}"${value === code ? html` checked` : ''} required><span>${label}</span></label>`;
  return html`<fieldset class="field${error ? ' has-error' : ''}">
  <legend>성별</legend>
  <div class="choices">${option('W', '여성')}${option('M', '남성')}</div>
  ${error ? html`<p class="field-error">${error}</p>` : ''}
</fieldset>`;
}

function regionField(errors: FieldErrors, value: string): SafeHtml {
  const error = errors.region;
  return html`<div class="field${error ? ' has-error' : ''}">
  <label for="f-region">사는 지역</label>
  <select id="f-region" name="region" required${error ? html` aria-invalid="true" aria-describedby="region-error"` : ''}>
    <option value="">지역을 선택해 주세요</option>
    ${REGION_CODES.map((code) => html`<option value="${code}"${value === code ? html` selected` : ''}>${REGIONS[code]}</option>`)}
  </select>
  ${error ? html`<p class="field-error" id="region-error">${error}</p>` : ''}
</div>`;
}

/** The signup form. */
export function signupForm(csrf: string, values: FormValues = {}, errors: FieldErrors = {}, formError?: string): SafeHtml {
  return html`<section class="card form-card">
  <h1>회원가입</h1>
  <p class="lead">가입하면 페트병·영수증 인증으로 에코포인트를 모을 수 있어요.</p>
  ${errorSummary(errors, formError)}
  <form method="post" action="/signup" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}">
    ${field(errors, { name: 'userId', label: '아이디', value: text(values, 'userId'), hint: '영문 소문자, 숫자, 밑줄(_) 4~20자', autocomplete: 'username', maxlength: 20 })}
    ${field(errors, { name: 'password', label: '비밀번호', type: 'password', hint: '영문과 숫자를 섞어 8자 이상', autocomplete: 'new-password', maxlength: 128 })}
    ${field(errors, { name: 'passwordConfirm', label: '비밀번호 확인', type: 'password', autocomplete: 'new-password', maxlength: 128 })}
    ${field(errors, { name: 'name', label: '이름', value: text(values, 'name'), autocomplete: 'name', maxlength: 30 })}
    ${field(errors, { name: 'birthDate', label: '생년월일', type: 'date', value: text(values, 'birthDate'), autocomplete: 'bday', max: todaySeoul(), placeholder: '1995-03-21' })}
    ${genderField(errors, text(values, 'gender'))}
    ${field(errors, { name: 'email', label: '이메일', type: 'email', value: text(values, 'email'), autocomplete: 'email', placeholder: 'name@example.com', maxlength: 254 })}
    ${field(errors, { name: 'phone', label: '휴대폰 번호', type: 'tel', value: text(values, 'phone'), autocomplete: 'tel', inputmode: 'numeric', placeholder: '010-1234-5678', maxlength: 13 })}
    ${regionField(errors, text(values, 'region'))}
    <button type="submit" class="button button-block">가입하기</button>
  </form>
  <p class="form-foot">이미 회원이신가요? <a href="/login">로그인</a></p>
</section>`;
}

/** What the login page says above the form. */
export interface LoginNotice {
  readonly level: 'info' | 'error';
  readonly text: string;
}

/** The login form. */
export function loginForm(csrf: string, options: { userId?: string; next?: string | null; notice?: LoginNotice } = {}): SafeHtml {
  const notice = options.notice;
  return html`<section class="card form-card form-narrow">
  <h1>로그인</h1>
  <p class="lead">다시 만나서 반가워요! 아이디와 비밀번호를 입력해 주세요.</p>
  ${notice ? html`<div class="notice notice-${notice.level}" role="${notice.level === 'error' ? 'alert' : 'status'}">${notice.text}</div>` : ''}
  <form method="post" action="/login">
    <input type="hidden" name="_csrf" value="${csrf}">
    ${options.next ? html`<input type="hidden" name="next" value="${options.next}">` : ''}
    <div class="field">
      <label for="f-userId">아이디</label>
      <input id="f-userId" name="userId" value="${options.userId ?? ''}" autocomplete="username" maxlength="40" required autofocus>
    </div>
    <div class="field">
      <label for="f-password">비밀번호</label>
      <input id="f-password" name="password" type="password" autocomplete="current-password" maxlength="128" required>
    </div>
    <button type="submit" class="button button-block">로그인</button>
  </form>
  <p class="form-foot"><a href="/account/find-id">아이디 찾기</a> · <a href="/account/reset">비밀번호 재설정</a></p>
  <p class="form-foot">아직 회원이 아니신가요? <a href="/signup">회원가입</a></p>
</section>`;
}

/** The profile editor (user id, birth date and gender are shown, not editable). */
export function profileForm(csrf: string, values: FormValues, errors: FieldErrors = {}, fixed: { userId: string }): SafeHtml {
  return html`<section class="card form-card">
  <h1>회원 정보 수정</h1>
  <p class="lead"><strong>${fixed.userId}</strong> 계정의 정보를 바꿀 수 있어요.</p>
  ${errorSummary(errors, undefined)}
  <form method="post" action="/mypage/profile" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}">
    ${field(errors, { name: 'name', label: '이름', value: text(values, 'name'), autocomplete: 'name', maxlength: 30 })}
    ${field(errors, { name: 'email', label: '이메일', type: 'email', value: text(values, 'email'), autocomplete: 'email', maxlength: 254 })}
    ${field(errors, { name: 'phone', label: '휴대폰 번호', type: 'tel', value: text(values, 'phone'), autocomplete: 'tel', inputmode: 'numeric', maxlength: 13 })}
    ${regionField(errors, text(values, 'region'))}
    <div class="form-actions"><button type="submit" class="button">저장하기</button> <a class="button button-ghost" href="/mypage">취소</a></div>
  </form>
</section>`;
}
