/**
 * Route guards: `preHandler: requireMember` lets only logged-in members through (browsers are sent to the
 * login page and come back afterwards; API calls get 401), `requireAdmin` only members with the admin role.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InfraError } from '../../domain/errors';
import { wantsJson } from '../plugins/app/error-handler';
import { STORE_DOWN_MESSAGE } from '../stores/store-guard';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** True: anyone may fetch this route inside a guarded area (static files). Default false. */
    public?: boolean;
  }
}

/** The login URL that returns to `url` afterwards (and says the session expired, when it did). */
export function loginUrlFor(url: string, expired: boolean): string {
  return `/login?next=${encodeURIComponent(url.slice(0, 200))}${expired ? '&expired=1' : ''}`;
}

/**
 * The error for a request whose session could not be read because Redis is down (503, "잠시 후 다시 시도해
 * 주세요"): the visitor may well be logged in, so neither the login page nor a 401 would be true.
 */
export function sessionStoreDown(): InfraError {
  return new InfraError('ServiceUnavailable', STORE_DOWN_MESSAGE, { store: 'redis' });
}

/** preHandler: members only (503 while the session store is down, see {@link sessionStoreDown}). */
export async function requireMember(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.session?.data.member) return;
  if (request.sessionUnavailable) throw sessionStoreDown();
  if (wantsJson(request)) throw new InfraError('Unauthorized', '로그인이 필요해요.');
  await reply.redirect(loginUrlFor(request.url, request.expiredSession !== null), 303);
}

/**
 * preHandler (or onRequest hook, as for all of `/admin`): admins only. Not logged in: the login page, or 401 for
 * API calls; a member without the role: 403.
 */
export async function requireAdmin(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const member = request.session?.data.member;
  if (!member) return requireMember(request, reply);
  if (member.role !== 'admin') throw new InfraError('Forbidden', '관리자만 볼 수 있는 페이지예요.');
}
