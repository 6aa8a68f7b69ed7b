/**
 * `app.passwords`: every password hash and verification of the web tier (login, signup, password reset) goes
 * through here — at most `PASSWORD_HASH_CONCURRENCY` at once and `PASSWORD_HASH_QUEUE` waiting (then 503 at
 * once: activities/accounts/hash-limiter.ts), on threads of their own at nice `PASSWORD_HASH_NICE`
 * (activities/accounts/scrypt-workers.ts), so logins take the CPU the pages leave and never the event loop.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HashLimiter } from '../../../activities/accounts/hash-limiter';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../../../activities/accounts/password';
import { ScryptWorkers } from '../../../activities/accounts/scrypt-workers';

/** Password hashing as the web tier does it. */
export interface Passwords {
  /** A new hash of `password` (default parameters). */
  hash(password: string): Promise<string>;
  /** True when `password` matches `stored`; with `stored` null, the same work against a dummy hash and false. */
  verify(password: string, stored: string | null): Promise<boolean>;
  /** Hashes running and waiting now. */
  stats(): { running: number; waiting: number };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Password hashing, a few at a time at low priority (see web/plugins/app/password-hashing.ts). */
    passwords: Passwords;
  }
}

function passwordHashingPlugin(app: FastifyInstance): Promise<void> {
  const { concurrency, maxWaiting, nice } = app.config.web.passwordHashing;
  const limiter = new HashLimiter(concurrency, maxWaiting);
  const workers = new ScryptWorkers(concurrency, nice);
  app.decorate('passwords', {
    hash: (password: string) => limiter.run(() => hashPassword(password, undefined, workers.derive)),
    verify: (password: string, stored: string | null) => limiter.run(() => (stored === null ? verifyAgainstDummy(password, workers.derive) : verifyPassword(password, stored, workers.derive))),
    stats: () => limiter.stats(),
  } satisfies Passwords);
  app.addHook('onClose', () => workers.close());
  return Promise.resolve();
}

/** The password-hashing plugin (app-wide). */
export const passwordHashing = fp(passwordHashingPlugin, { name: 'ciao-password-hashing', fastify: '5.x' });
