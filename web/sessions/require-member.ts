/**
 * Route guards: `preHandler: requireMember` lets only logged-in members through (browsers are sent to the
 * login page and come back afterwards; API calls get 401), `requireAdmin` only members with the admin role.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InfraError } from '../../domain/errors';
import { wantsJson } from '../plugins/app/error-handler';

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

/** preHandler: members only. */
export async function requireMember(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.session?.data.member) return;
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
