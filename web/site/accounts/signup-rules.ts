/**
 * The account rules a JSON schema cannot express, and the Korean messages for every field. Pure functions.
 */
import { ageOn, seoulDate } from '../../../domain/age-band';

/** Oldest age accepted at signup. */
export const MAX_AGE = 120;

/** The fields of the signup / profile forms. */
export type AccountField = 'userId' | 'password' | 'passwordConfirm' | 'name' | 'birthDate' | 'gender' | 'email' | 'phone' | 'region';

/** What to tell the user about each field. */
export const FIELD_MESSAGES: Readonly<Record<AccountField, string>> = {
  userId: '아이디는 영문 소문자, 숫자, 밑줄(_)로 4~20자로 입력해 주세요.',
  password: '비밀번호는 영문과 숫자를 섞어 8자 이상으로 입력해 주세요.',
  passwordConfirm: '비밀번호가 서로 달라요. 한 번 더 확인해 주세요.',
  name: '이름을 30자 이내로 입력해 주세요.',
  birthDate: '생년월일을 확인해 주세요. (예: 1995-03-21)',
  gender: '성별을 선택해 주세요.',
  email: '이메일 주소를 확인해 주세요. (예: name@example.com)',
  phone: '휴대폰 번호를 확인해 주세요. (예: 010-1234-5678)',
  region: '사는 지역을 선택해 주세요.',
};

/** What to tell the user about a field left empty (it says the field is required). */
export const REQUIRED_MESSAGES: Readonly<Record<AccountField, string>> = {
  userId: '아이디는 꼭 입력해야 해요.',
  password: '비밀번호는 꼭 입력해야 해요.',
  passwordConfirm: '비밀번호를 한 번 더 입력해 주세요.',
  name: '이름은 꼭 입력해야 해요.',
  birthDate: '생년월일은 꼭 입력해야 해요.',
  gender: '성별은 꼭 선택해야 해요.',
  email: '이메일 주소는 꼭 입력해야 해요.',
  phone: '휴대폰 번호는 꼭 입력해야 해요.',
  region: '사는 지역은 꼭 선택해야 해요.',
};

/** Field errors: field → message. */
export type FieldErrors = Partial<Record<AccountField, string>>;

/**
 * Null when `birthDate` (`YYYY-MM-DD`) is a real calendar day, before today (Asia/Seoul) and at most
 * {@link MAX_AGE} years ago; otherwise why not.
 */
export function birthDateProblem(birthDate: string, now: Date = new Date()): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return '형식이 YYYY-MM-DD가 아니에요.';
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return '없는 날짜예요.';
  if (birthDate >= seoulDate(now)) return '오늘 이전 날짜여야 해요.';
  if (ageOn(birthDate, now) > MAX_AGE) return `${MAX_AGE}세 이하만 가입할 수 있어요.`;
  return null;
}

/** `010-1234-5678` from a mobile number with or without dashes (already checked by the schema). */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const head = digits.slice(0, 3);
  const tail = digits.slice(-4);
  return `${head}-${digits.slice(3, digits.length - 4)}-${tail}`;
}

/** One validation error as Fastify reports it (Ajv's shape). */
export interface SchemaIssue {
  readonly instancePath?: string;
  readonly params?: Record<string, unknown>;
}

/** True when a posted value counts as not given: absent, or only white space. */
const isBlank = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * Field messages for schema validation issues (unknown fields are ignored): "꼭 입력해야 해요" for a field
 * left empty or missing, the field's rule otherwise.
 * @param body what was posted, to tell an empty field from a wrong one
 */
export function fieldErrorsOf(issues: readonly SchemaIssue[], body: unknown = {}): FieldErrors {
  const values = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const missing = issue.params?.missingProperty;
    const field = (typeof missing === 'string' ? missing : (issue.instancePath ?? '').split('/')[1]) ?? '';
    if (!(field in FIELD_MESSAGES)) continue;
    const key = field as AccountField;
    errors[key] = isBlank(values[key]) ? REQUIRED_MESSAGES[key] : FIELD_MESSAGES[key];
  }
  return errors;
}

/** One sentence of every field problem, for a JSON error message (the same words as the forms). */
export function fieldErrorsMessage(errors: FieldErrors): string {
  return Object.values(errors).join(' ') || '입력값 중 형식이 맞지 않는 항목이 있어요.';
}

/** Rules beyond the schema for a signup: the birth date and the password confirmation. */
export function signupProblems(input: { birthDate: string; password: string; passwordConfirm?: string | undefined }, now: Date = new Date()): FieldErrors {
  const errors: FieldErrors = {};
  const birth = birthDateProblem(input.birthDate, now);
  if (birth) errors.birthDate = `${FIELD_MESSAGES.birthDate} ${birth}`;
  if (input.passwordConfirm !== undefined && input.passwordConfirm !== input.password) errors.passwordConfirm = FIELD_MESSAGES.passwordConfirm;
  return errors;
}

const LOCAL = 'http://local.invalid';

/**
 * A same-site path to go to after login, or null for anything else (absolute, protocol-relative, odd). The
 * path comes back percent-encoded as a URL parser writes it (`/Ā` → `/%C4%80`), so it is always a valid
 * ASCII `Location` header (a raw character above U+00FF there made Node refuse the response).
 */
export function safeNextPath(next: string | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (/[\u0000-\u001f\u007f\\]/.test(next) || next.length > 200) return null;
  let url: URL;
  try {
    url = new URL(next, LOCAL);
  } catch {
    return null;
  }
  if (url.origin !== LOCAL) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('//') || path.length > 600 ? null : path;
}
