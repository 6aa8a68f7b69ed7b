/**
 * The one error handler of the web tier (site and admin area): every thrown error becomes a status (by its
 * code, through `httpStatusOf` — the one code → status map), then either the JSON `{ code, message }` (API
 * requests) or an HTML error page drawn by the area the URL belongs to, and never a stack trace. Messages are
 * Korean: a CiaoError carries its own (written for its readers), framework errors get one per status, server errors a generic one (the
 * log has the details). Server errors are logged with their stack, client errors at info level. Also the 404
 * for unknown paths.
 *
 * Each area registers its page with `app.setErrorPage(render)` from its own context; the page of the area
 * whose prefix is the longest match of the URL is used (the site's, prefix '', otherwise).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isCiaoError } from '../../../domain/errors';
import { isStoreFailure, STORE_DOWN_MESSAGE } from '../../stores/store-guard';
import { httpStatusOf } from './http-status';

/** What an error page shows. */
export interface ErrorView {
  readonly status: number;
  readonly code: string;
  /** The Korean message for the user (never internal detail for a 5xx). */
  readonly message: string;
}

/** Draws an area's error page (a whole HTML document). */
export type ErrorPageRenderer = (request: FastifyRequest, error: ErrorView) => string;

declare module 'fastify' {
  interface FastifyInstance {
    /** Sets the HTML error page of the area this instance is (its prefix; '' for the site). */
    setErrorPage(render: ErrorPageRenderer): void;
    /** Answers `err` as the error handler does (for Fastify's framework errors, which skip it). */
    replyError(request: FastifyRequest, reply: FastifyReply, err: Error): void;
  }
}

/** Codes of errors that are not CiaoErrors (framework errors), by status. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'ValidationFailed',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  408: 'RequestTimeout',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  414: 'UriTooLong',
  415: 'UnsupportedMediaType',
  429: 'RateLimited',
  431: 'HeadersTooLarge',
  503: 'ServiceUnavailable',
};

/** What users read for framework errors (CiaoErrors carry their own message). */
export const MESSAGE_BY_STATUS: Readonly<Record<number, string>> = {
  400: '입력값 중 형식이 맞지 않는 항목이 있어요.',
  401: '로그인이 필요해요.',
  403: '이 요청을 처리할 권한이 없어요.',
  404: '주소가 바뀌었거나 없는 페이지예요. 주소를 다시 확인해 주세요.',
  405: '이 주소는 그 방식의 요청을 받지 않아요.',
  408: '요청이 제시간에 끝나지 않았어요. 다시 시도해 주세요.',
  413: '한 번에 보낼 수 있는 크기를 넘었어요. 내용을 줄여서 다시 보내 주세요.',
  414: '주소가 너무 길어요.',
  415: '이 형식의 요청은 받을 수 없어요.',
  429: '요청이 너무 많아요. 잠시 후 다시 시도해 주세요.',
  431: '요청 헤더가 너무 커요.',
};

/** The message of every 5xx but 503: what went wrong stays in the server log. */
export const SERVER_MESSAGE = '잠시 후 다시 시도해 주세요. 문제가 계속되면 관리자에게 알려 주세요.';

/** Seconds a 503 asks the client to wait (`Retry-After`). */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

/** True when the client wants JSON: `/api/…` and `/admin/api/…` paths, JSON bodies, or an Accept preferring JSON over HTML. */
export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/') || request.url.startsWith('/admin/api/')) return true;
  if ((request.headers['content-type'] ?? '').startsWith('application/json')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** True for a Korean message (at least one Hangul syllable): the validator's English never reaches users. */
const isKorean = (text: string): boolean => /[\uAC00-\uD7A3]/.test(text);

/**
 * Status, code and user-facing message of `err`. A store that did not answer — a guard's `ServiceUnavailable`,
 * or a driver's connection error that escaped every guard — is a 503 with the "잠시 후 다시" message, never a
 * 500.
 */
export function describeError(err: FastifyError | Error): ErrorView {
  const validation = (err as FastifyError).validation !== undefined;
  const outage = !validation && !isCiaoError(err) && isStoreFailure(err);
  const status = validation ? 400 : outage ? 503 : httpStatusOf(err);
  const code = isCiaoError(err) ? err.code : (CODE_BY_STATUS[status] ?? (status >= 500 ? 'InternalError' : 'BadRequest'));
  let message: string;
  // A 503 says "잠시 후 다시" — in the error's own words when they were written for users (Korean).
  if (status === 503) message = isCiaoError(err) && isKorean(err.message) ? err.message : STORE_DOWN_MESSAGE;
  else if (status >= 500) message = SERVER_MESSAGE;
  else if (isCiaoError(err) || (validation && isKorean(err.message))) message = err.message;
  else message = MESSAGE_BY_STATUS[status] ?? MESSAGE_BY_STATUS[400] ?? '';
  return { status, code, message };
}

function errorHandlerPlugin(app: FastifyInstance): Promise<void> {
  const pages = new Map<string, ErrorPageRenderer>();
  app.decorate('setErrorPage', function setErrorPage(this: FastifyInstance, render: ErrorPageRenderer) {
    pages.set(this.prefix, render);
  });
  const pageOf = (url: string): ErrorPageRenderer | undefined => {
    let best: { prefix: string; render: ErrorPageRenderer } | undefined;
    for (const [prefix, render] of pages) {
      const matches = prefix === '' || url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`);
      if (matches && (!best || prefix.length > best.prefix.length)) best = { prefix, render };
    }
    return best?.render;
  };

  const send = (request: FastifyRequest, reply: FastifyReply, view: ErrorView): FastifyReply => {
    const render = pageOf(request.url);
    if (wantsJson(request) || !render) return reply.code(view.status).type('application/json; charset=utf-8').send({ code: view.code, message: view.message });
    return reply.code(view.status).type('text/html; charset=utf-8').send(render(request, view));
  };

  const handle = (err: Error, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const view = describeError(err);
    // A guard's fail-fast refusal is expected while a store is down: one line, no stack.
    if (isCiaoError(err, 'ServiceUnavailable') && typeof err.details.store === 'string') request.log.warn({ store: err.details.store, cause: (err.cause as Error | undefined)?.message }, 'store unavailable');
    else if (view.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: view.code, status: view.status, reason: (err as FastifyError).code ?? err.name }, 'request refused');
    if (isCiaoError(err, 'RateLimited') && typeof err.details.retryAfterS === 'number') reply.header('retry-after', String(err.details.retryAfterS));
    if (view.status === 503) reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S));
    return send(request, reply, view);
  };
  app.decorate('replyError', (request: FastifyRequest, reply: FastifyReply, err: Error) => {
    void handle(err, request, reply);
  });
  app.setErrorHandler((err: FastifyError, request, reply) => handle(err, request, reply));
  app.setNotFoundHandler((request, reply) => send(request, reply, { status: 404, code: 'NotFound', message: MESSAGE_BY_STATUS[404] ?? '' }));
  return Promise.resolve();
}

/** The error handler and 404 (app-wide). Register before the areas, which set their pages. */
export const errorHandler = fp(errorHandlerPlugin, { name: 'ciao-error-handler', fastify: '5.x' });
