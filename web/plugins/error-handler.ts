/**
 * The one error handler of the service: every thrown error becomes a status (by its code, through
 * `httpStatusOf` — the one code → status map), a JSON `{ code, message }` for API requests or a Korean error
 * page for browsers, and never a stack trace. Server errors are logged with their stack and shown to the user
 * as a generic message; client errors are logged at info level. Also the 404 for unknown paths.
 *
 * The admin area (`/admin`) keeps its own handler.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isCiaoError } from '../../domain/errors';
import { httpStatusOf } from '../http-status';
import { frameOf } from '../pages/send-page';
import { errorBody, errorHeading } from '../views/site/error';
import { renderSitePage } from '../views/site/frame';
import { appWide } from './app-wide';

/** Codes of errors that are not CiaoErrors (framework errors), by status. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'ValidationFailed',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'RateLimited',
  503: 'ServiceUnavailable',
};

/** What users read for framework errors (CiaoErrors carry their own message). */
const MESSAGE_BY_STATUS: Readonly<Record<number, string>> = {
  400: '입력값 중 형식이 맞지 않는 항목이 있어요.',
  404: '주소가 바뀌었거나 없는 페이지예요. 주소를 다시 확인해 주세요.',
  405: '이 주소는 그 방식의 요청을 받지 않아요.',
  413: '한 번에 보낼 수 있는 크기를 넘었어요. 내용을 줄여서 다시 보내 주세요.',
  415: '이 형식의 요청은 받을 수 없어요.',
};

const SERVER_MESSAGE = '잠시 후 다시 시도해 주세요. 문제가 계속되면 관리자에게 알려 주세요.';

/** True when the client wants JSON: `/api/…` and `/admin/api/…` paths, JSON bodies, or an Accept preferring JSON over HTML. */
export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/') || request.url.startsWith('/admin/api/')) return true;
  if ((request.headers['content-type'] ?? '').startsWith('application/json')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** Status, code and user-facing message of `err`. */
export function describeError(err: FastifyError | Error): { status: number; code: string; message: string } {
  const validation = (err as FastifyError).validation !== undefined;
  const status = validation ? 400 : httpStatusOf(err);
  const code = isCiaoError(err) ? err.code : (CODE_BY_STATUS[status] ?? (status >= 500 ? 'InternalError' : 'BadRequest'));
  let message: string;
  if (status >= 500) message = SERVER_MESSAGE;
  else if (isCiaoError(err) || validation) message = err.message;
  else message = MESSAGE_BY_STATUS[status] ?? err.message;
  return { status, code, message };
}

function sendError(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  if (wantsJson(request)) return reply.code(status).send({ code, message });
  // Validation messages name schema paths; browsers get the friendly version.
  const shown = code === 'ValidationFailed' && message.includes('/') ? (MESSAGE_BY_STATUS[400] ?? message) : message;
  const page = renderSitePage(frameOf(request), { title: errorHeading(status), body: errorBody(status, shown) });
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}

function errorHandlerPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const { status, code, message } = describeError(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code, status, url: request.url }, 'request refused');
    if (isCiaoError(err, 'RateLimited') && typeof err.details.retryAfterS === 'number') reply.header('retry-after', String(err.details.retryAfterS));
    return sendError(request, reply, status, code, message);
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, 'NotFound', MESSAGE_BY_STATUS[404] ?? 'Not found'));
  return Promise.resolve();
}

/** The error handler and 404 (app-wide). */
export const errorHandler = appWide(errorHandlerPlugin, 'ciao-error-handler');
