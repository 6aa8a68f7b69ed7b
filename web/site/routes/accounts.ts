/**
 * Account routes: signup, login, logout, the member's own profile (`/mypage/profile`, `/api/me`).
 *
 * Authorization is by construction: every route that reads or changes member data takes the user id from the
 * session, never from the request, so a member can only ever reach their own account.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { needsRehash } from '../../../activities/accounts/password';
import { findUser, insertUser, setPasswordHash, roleOf, updateProfile, type UserDoc } from '../../../activities/accounts/users';
import { InfraError, isCiaoError } from '../../../domain/errors';
import { sendPage } from '../send-page';
import { wantsJson } from '../../plugins/app/error-handler';
import type { SessionMember } from '../../sessions/session-store';
import { loginForm, profileForm, signupForm, type FormValues, type LoginNotice } from '../views/account-forms';
import { requireMember } from '../../sessions/require-member';
import { ERROR_RESPONSES } from '../../schemas/errors';
import { LoginBody, LoginQuery, LoginReply, LogoutReply, ProfileBody, PublicProfile, SignupBody, SignupReply, type LoginInput, type ProfileInput, type SignupInput } from '../schemas/accounts';
import { fieldErrorsMessage, fieldErrorsOf, normalizePhone, safeNextPath, signupProblems, type FieldErrors, type SchemaIssue } from '../accounts/signup-rules';

/** A member's profile as the API shows it (no password hash). */
export function publicProfile(user: UserDoc): Omit<UserDoc, 'passwordHash'> {
  const { passwordHash: _hash, ...rest } = user;
  return rest;
}

function sessionMemberOf(user: UserDoc, adminUserIds: readonly string[]): SessionMember {
  return { userId: user.userId, name: user.name, role: roleOf(user.userId, user.role, adminUserIds), gender: user.gender, birthDate: user.birthDate, region: user.region };
}

/**
 * What a failed login says: from the 3rd failure on, how many tries are left before the lock and how long it
 * lasts ("2번 더 틀리면 15분 동안 로그인할 수 없어요"), and the way out (find the id, reset the password).
 */
export function failedLoginMessage(left: number, lockMinutes: number, maxFails: number): string {
  const base = '아이디 또는 비밀번호가 맞지 않아요.';
  const failures = maxFails - left;
  if (left <= 0) return `${base} ${lockMinutes}분 동안 로그인할 수 없어요. 비밀번호가 생각나지 않으면 비밀번호를 재설정해 주세요.`;
  if (failures >= 3 || left <= 2) return `${base} ${left}번 더 틀리면 ${lockMinutes}분 동안 로그인할 수 없어요.`;
  return base;
}

/** `30분` for 1800 s; seconds below a minute. */
function idleLabel(seconds: number): string {
  return seconds >= 60 ? `${Math.round(seconds / 60)}분` : `${seconds}초`;
}

const signupCheck = TypeCompiler.Compile(SignupBody);
const profileCheck = TypeCompiler.Compile(ProfileBody);

/**
 * Every field problem of a refused form. Fastify's validator stops at the first error, so the body is checked
 * again here with the same schema to tell the user about all fields at once.
 */
function formErrors<T extends TSchema>(check: TypeCheck<T>, body: unknown): FieldErrors {
  const issues: SchemaIssue[] = [...check.Errors(body ?? {})].map((e) => ({ instancePath: e.path }));
  return fieldErrorsOf(issues, body);
}

/** The JSON error of a refused form: the same Korean messages the form shows, and which fields. */
function formError(errors: FieldErrors): InfraError {
  return new InfraError('ValidationFailed', fieldErrorsMessage(errors), { fields: Object.keys(errors) });
}

/** The account routes plugin. */
export function accountRoutes(app: FastifyInstance): Promise<void> {
  const db = app.stores.mongo.db;
  const mongo = app.storeGuards.mongo.run;
  /** Writes queue behind each other on FerretDB: they get a longer deadline than a page's reads. */
  const write = { timeoutMs: app.config.web.stores.mongoWriteTimeoutMs };

  /**
   * After a login with a hash of weaker parameters than today's: hash the password again and store it, in the
   * background (the login does not wait; a failure leaves the old hash, which still works).
   */
  const upgradeHash = (userId: string, password: string, log: FastifyBaseLogger): void => {
    void app.passwords
      .hash(password)
      .then((passwordHash) => mongo(() => setPasswordHash(db, userId, passwordHash), write))
      .then(() => log.info({ userId }, 'password hash upgraded'))
      .catch((err: unknown) => log.warn({ err, userId }, 'password hash not upgraded'));
  };

  const showSignup = async (request: FastifyRequest, reply: FastifyReply, status: number, values: FormValues, errors: FieldErrors, formError?: string) => {
    const session = await reply.ensureSession();
    return sendPage(request, reply, { title: '회원가입', nav: 'signup', body: signupForm(session.data.csrf, values, errors, formError) }, { status, pageView: status === 200 });
  };

  const showLogin = async (request: FastifyRequest, reply: FastifyReply, status: number, options: { userId?: string; next?: string | null; notice?: LoginNotice }) => {
    const session = await reply.ensureSession();
    return sendPage(request, reply, { title: '로그인', nav: 'login', body: loginForm(session.data.csrf, options) }, { status, pageView: status === 200 });
  };

  app.get('/signup', async (request, reply) => {
    if (request.session?.data.member) return reply.redirect('/mypage', 303);
    return showSignup(request, reply, 200, {}, {});
  });

  app.post<{ Body: SignupInput }>('/signup', { schema: { body: SignupBody, response: { 201: SignupReply, ...ERROR_RESPONSES } }, attachValidation: true }, async (request, reply) => {
    const json = wantsJson(request);
    const values = (request.body ?? {}) as FormValues;
    if (request.validationError) {
      const errors = formErrors(signupCheck, request.body);
      if (json) throw formError(errors);
      return showSignup(request, reply, 400, values, errors);
    }
    const input = request.body;
    const problems = signupProblems(input);
    if (Object.keys(problems).length > 0) {
      if (json) throw formError(problems);
      return showSignup(request, reply, 400, values, problems);
    }
    let created: UserDoc;
    try {
      // Hash first (off the event loop), so the store call alone has the short deadline.
      const passwordHash = await app.passwords.hash(input.password);
      created = await mongo(
        () =>
          insertUser(
            db,
            { userId: input.userId, passwordHash, name: input.name.trim(), birthDate: input.birthDate, gender: input.gender, email: input.email, phone: normalizePhone(input.phone), region: input.region },
            { adminUserIds: app.config.web.adminUserIds },
          ),
        write,
      );
    } catch (err) {
      if (json || !isCiaoError(err, 'Conflict')) throw err;
      return showSignup(request, reply, 409, values, { userId: err.message });
    }
    request.log.info({ userId: input.userId }, 'member signed up');
    // The new member is logged in at once, in a new session (as at every login: no fixation).
    await reply.startMemberSession(sessionMemberOf(created, app.config.web.adminUserIds));
    request.publishEvent('login', {});
    if (json) return reply.code(201).send({ userId: input.userId });
    return reply.redirect('/mypage?welcome=1', 303);
  });

  app.get<{ Querystring: Static<typeof LoginQuery> }>('/login', { schema: { querystring: LoginQuery } }, async (request, reply) => {
    const next = safeNextPath(request.query.next);
    if (request.session?.data.member) return reply.redirect(next ?? '/mypage', 303);
    let notice: LoginNotice | undefined;
    if (request.query.reset) notice = { level: 'info', text: '비밀번호를 바꿨어요. 새 비밀번호로 로그인해 주세요.' };
    else if (request.query.expired) notice = { level: 'info', text: `${idleLabel(app.config.web.sessionTtlS)} 동안 활동이 없어 자동으로 로그아웃되었어요. 다시 로그인해 주세요.` };
    else if (next) notice = { level: 'info', text: '로그인이 필요한 메뉴예요. 로그인하면 바로 이동해요.' };
    return showLogin(request, reply, 200, { next, notice });
  });

  app.post<{ Body: LoginInput }>('/login', { schema: { body: LoginBody, response: { 200: LoginReply, ...ERROR_RESPONSES } }, attachValidation: true }, async (request, reply) => {
    const json = wantsJson(request);
    if (request.validationError) {
      const message = '아이디와 비밀번호를 입력해 주세요.';
      if (json) throw new InfraError('ValidationFailed', message);
      return showLogin(request, reply, 400, { notice: { level: 'error', text: message } });
    }
    const { userId, password } = request.body;
    const next = safeNextPath(request.body.next);
    try {
      await app.loginThrottle.assertAllowed(userId, request.ip);
    } catch (err) {
      if (json || !isCiaoError(err, 'RateLimited')) throw err;
      reply.header('retry-after', String(err.details.retryAfterS));
      return showLogin(request, reply, 429, { userId, next, notice: { level: 'error', text: err.message } });
    }
    const user = await mongo(() => findUser(db, userId));
    const ok = await app.passwords.verify(password, user ? user.passwordHash : null);
    if (!user || !ok) {
      const left = await app.loginThrottle.recordFailure(userId, request.ip);
      request.log.info({ userId, left }, 'login failed');
      const message = failedLoginMessage(left, app.loginThrottle.lockMinutes, app.config.web.login.maxFailsPerUser);
      if (json) throw new InfraError('Unauthorized', message);
      return showLogin(request, reply, 401, { userId, next, notice: { level: 'error', text: message } });
    }
    await app.loginThrottle.recordSuccess(userId);
    if (needsRehash(user.passwordHash)) upgradeHash(user.userId, password, request.log);
    await reply.startMemberSession(sessionMemberOf(user, app.config.web.adminUserIds));
    request.publishEvent('login', {});
    if (json) return reply.send({ userId: user.userId, name: user.name });
    return reply.redirect(next ?? '/mypage', 303);
  });

  app.post('/logout', { schema: { response: { 200: LogoutReply, ...ERROR_RESPONSES } } }, async (request, reply) => {
    if (request.session?.data.member) request.publishEvent('logout', { method: 'button' });
    await reply.endSession();
    if (wantsJson(request)) return reply.send({ ok: true });
    return reply.redirect('/', 303);
  });

  app.get('/api/me', { schema: { response: { 200: PublicProfile, ...ERROR_RESPONSES } }, preHandler: requireMember }, async (request) => {
    const user = await mongo(() => findUser(db, request.session?.data.member?.userId ?? ''));
    if (!user) throw new InfraError('NotFound', '회원 정보를 찾을 수 없어요.');
    return publicProfile(user);
  });

  app.get('/mypage/profile', { preHandler: requireMember }, async (request, reply) => {
    const user = await mongo(() => findUser(db, request.session?.data.member?.userId ?? ''));
    if (!user) throw new InfraError('NotFound', '회원 정보를 찾을 수 없어요.');
    return sendPage(request, reply, { title: '회원 정보 수정', nav: 'mypage', body: profileForm(request.session?.data.csrf ?? '', { ...user }, {}, { userId: user.userId }) });
  });

  app.post<{ Body: ProfileInput }>('/mypage/profile', { schema: { body: ProfileBody, response: { 200: PublicProfile, ...ERROR_RESPONSES } }, attachValidation: true, preHandler: requireMember }, async (request, reply) => {
    const session = request.session;
    const member = session?.data.member;
    if (!session || !member) throw new InfraError('Unauthorized', '로그인이 필요해요.');
    const json = wantsJson(request);
    if (request.validationError) {
      const errors = formErrors(profileCheck, request.body);
      if (json) throw formError(errors);
      const body = profileForm(session.data.csrf, request.body ?? {}, errors, { userId: member.userId });
      return sendPage(request, reply, { title: '회원 정보 수정', nav: 'mypage', body }, { status: 400, pageView: false });
    }
    const input = request.body;
    const updated = await mongo(() => updateProfile(db, member.userId, { name: input.name.trim(), email: input.email, phone: normalizePhone(input.phone), region: input.region }), write);
    if (!updated) throw new InfraError('NotFound', '회원 정보를 찾을 수 없어요.');
    await app.memberSummaries.forget(member.userId);
    await reply.saveSession({ ...session, data: { ...session.data, member: { ...member, name: updated.name, region: updated.region } } });
    if (json) return reply.send(publicProfile(updated));
    return reply.redirect('/mypage?saved=1', 303);
  });
  return Promise.resolve();
}
