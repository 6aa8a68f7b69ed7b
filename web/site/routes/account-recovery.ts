/**
 * Account recovery — the way out of a forgotten id or password (and of the failed-login lock):
 *
 * | route | what |
 * |---|---|
 * | `GET/POST /account/find-id` | mails the ids that signed up with an e-mail address to that address |
 * | `GET/POST /account/reset` | mails a one-time password-reset link for an id and its e-mail address |
 * | `GET/POST /account/reset/:token` | the new password, twice; the link works once, for `PASSWORD_RESET_TTL_S` |
 *
 * The answer to a find-id or reset request is the same whether or not an account matches (only the mail
 * tells), and the requests are rate-limited per client (5 per 15 minutes), so neither finds out who is a member
 * nor floods a mailbox. A new password also forgives the id's failed logins (the lock ends).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findUser, findUsersByEmail, setPasswordHash } from '../../../activities/accounts/users';
import { InfraError } from '../../../domain/errors';
import { wantsJson } from '../../plugins/app/error-handler';
import { FIELD_MESSAGES, REQUIRED_MESSAGES, fieldErrorsMessage, type FieldErrors } from '../accounts/signup-rules';
import { PasswordResets } from '../accounts/password-resets';
import { FindIdBody, NewPasswordBody, ResetParams, ResetRequestBody, type FindIdInput, type NewPasswordInput, type ResetParamsInput, type ResetRequestInput } from '../schemas/account-recovery';
import { sendPage } from '../send-page';
import { findIdForm, newPasswordForm, resetLinkInvalidBody, resetRequestForm, type RecoveryState } from '../views/account-recovery';

/** Requests per client and window for the two routes that send mail. */
const MAIL_LIMIT = { max: 5, timeWindow: 15 * 60_000 } as const;

const text = (body: unknown, key: string): string => {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : '';
};

/** Field errors of a refused recovery form (required vs. wrong), for the fields it has. */
function recoveryErrors(body: unknown, fields: readonly ('userId' | 'email' | 'password')[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of fields) {
    const value = text(body, f).trim();
    if (!value) errors[f] = REQUIRED_MESSAGES[f];
  }
  if (Object.keys(errors).length === 0) for (const f of fields) errors[f] = FIELD_MESSAGES[f];
  return errors;
}

/** The account-recovery routes plugin. */
export function accountRecoveryRoutes(app: FastifyInstance): Promise<void> {
  const db = app.stores.mongo.db;
  const mongo = app.storeGuards.mongo.run;
  const resets = new PasswordResets(app.stores.redis.redis, app.config.web.passwordResetTtlS, app.storeGuards.redis.run);
  const minutes = Math.round(app.config.web.passwordResetTtlS / 60);

  const show = async (request: FastifyRequest, reply: FastifyReply, status: number, title: string, body: (csrf: string) => ReturnType<typeof findIdForm>) => {
    const session = await reply.ensureSession();
    return sendPage(request, reply, { title, nav: 'login', body: body(session.data.csrf) }, { status, pageView: status === 200 });
  };
  const refused = (errors: FieldErrors) => new InfraError('ValidationFailed', fieldErrorsMessage(errors), { fields: Object.keys(errors) });

  app.get('/account/find-id', (request, reply) => show(request, reply, 200, '아이디 찾기', (csrf) => findIdForm(csrf)));

  app.post<{ Body: FindIdInput }>('/account/find-id', { schema: { body: FindIdBody }, attachValidation: true, config: { rateLimit: MAIL_LIMIT } }, async (request, reply) => {
    if (request.validationError) {
      const errors = recoveryErrors(request.body, ['email']);
      if (wantsJson(request)) throw refused(errors);
      return show(request, reply, 400, '아이디 찾기', (csrf) => findIdForm(csrf, { errors, values: { email: text(request.body, 'email') } }));
    }
    const email = request.body.email.trim();
    const found = await mongo(() => findUsersByEmail(db, email));
    if (found.length > 0) {
      await app.mailer.send({
        to: email,
        subject: '[Ciao label la] 가입한 아이디를 알려 드려요',
        text: `이 이메일 주소로 가입한 아이디: ${found.map((u) => u.userId).join(', ')}\n로그인: ${app.config.web.publicUrl}/login\n`,
      });
    }
    request.log.info({ matches: found.length }, 'find-id requested');
    if (wantsJson(request)) return reply.code(202).send({ sent: true });
    const state: RecoveryState = { sent: true };
    return show(request, reply, 200, '아이디 찾기', (csrf) => findIdForm(csrf, state));
  });

  app.get('/account/reset', (request, reply) => show(request, reply, 200, '비밀번호 재설정', (csrf) => resetRequestForm(csrf)));

  app.post<{ Body: ResetRequestInput }>('/account/reset', { schema: { body: ResetRequestBody }, attachValidation: true, config: { rateLimit: MAIL_LIMIT } }, async (request, reply) => {
    const values = { userId: text(request.body, 'userId'), email: text(request.body, 'email') };
    if (request.validationError) {
      const errors = recoveryErrors(request.body, ['userId', 'email']);
      if (wantsJson(request)) throw refused(errors);
      return show(request, reply, 400, '비밀번호 재설정', (csrf) => resetRequestForm(csrf, { errors, values }));
    }
    const { userId, email } = request.body;
    const user = await mongo(() => findUser(db, userId));
    if (user && user.email.toLowerCase() === email.trim().toLowerCase()) {
      const token = await resets.issue(user.userId);
      await app.mailer.send({
        to: user.email,
        subject: '[Ciao label la] 비밀번호 재설정 링크',
        text: `${user.name}님, 아래 링크에서 새 비밀번호를 정해 주세요. 링크는 ${minutes}분 동안 한 번만 쓸 수 있어요.\n${app.config.web.publicUrl}/account/reset/${token}\n요청하지 않았다면 이 메일을 무시해 주세요.\n`,
      });
    }
    request.log.info({ userId, matched: Boolean(user) }, 'password reset requested');
    if (wantsJson(request)) return reply.code(202).send({ sent: true });
    return show(request, reply, 200, '비밀번호 재설정', (csrf) => resetRequestForm(csrf, { sent: true }));
  });

  app.get<{ Params: ResetParamsInput }>('/account/reset/:token', { schema: { params: ResetParams } }, async (request, reply) => {
    const userId = await resets.peek(request.params.token);
    if (!userId) return show(request, reply, 410, '비밀번호 재설정', () => resetLinkInvalidBody());
    return show(request, reply, 200, '새 비밀번호', (csrf) => newPasswordForm(csrf, request.params.token));
  });

  app.post<{ Params: ResetParamsInput; Body: NewPasswordInput }>(
    '/account/reset/:token',
    { schema: { params: ResetParams, body: NewPasswordBody }, attachValidation: true },
    async (request, reply) => {
      const { token } = request.params;
      const json = wantsJson(request);
      let errors: FieldErrors = {};
      if (request.validationError) errors = recoveryErrors(request.body, ['password']);
      else if (request.body.password !== request.body.passwordConfirm) errors = { passwordConfirm: FIELD_MESSAGES.passwordConfirm };
      if (Object.keys(errors).length > 0) {
        if (json) throw refused(errors);
        return show(request, reply, 400, '새 비밀번호', (csrf) => newPasswordForm(csrf, token, errors));
      }
      // Hash before the token is used up (a refused hash leaves the link working), and outside the store call's
      // short deadline.
      const passwordHash = await app.passwords.hash(request.body.password);
      const userId = await resets.consume(token);
      if (!userId) {
        if (json) throw new InfraError('NotFound', '비밀번호 재설정 링크가 만료되었거나 이미 사용되었어요.');
        return show(request, reply, 410, '비밀번호 재설정', () => resetLinkInvalidBody());
      }
      // Writes queue behind each other on FerretDB: a longer deadline than a page's reads.
      await mongo(() => setPasswordHash(db, userId, passwordHash), { timeoutMs: app.config.web.stores.mongoWriteTimeoutMs });
      await app.loginThrottle.forgetFailures(userId);
      request.log.info({ userId }, 'password reset');
      if (json) return reply.send({ ok: true });
      return reply.redirect('/login?reset=1', 303);
    },
  );
  return Promise.resolve();
}
