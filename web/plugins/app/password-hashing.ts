/**
 * `app.passwordHashing`: the one {@link HashLimiter} every password hash and verification of the web tier goes
 * through (login, signup, password reset), so logins never take more than `PASSWORD_HASH_CONCURRENCY` cores
 * from the pages and a flood of them is refused at once past `PASSWORD_HASH_QUEUE` waiting.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HashLimiter } from '../../../activities/accounts/hash-limiter';

declare module 'fastify' {
  interface FastifyInstance {
    /** Runs password hashes a few at a time (activities/accounts/hash-limiter.ts). */
    passwordHashing: HashLimiter;
  }
}

function passwordHashingPlugin(app: FastifyInstance): Promise<void> {
  const { concurrency, maxWaiting } = app.config.web.passwordHashing;
  app.decorate('passwordHashing', new HashLimiter(concurrency, maxWaiting));
  return Promise.resolve();
}

/** The password-hashing plugin (app-wide). */
export const passwordHashing = fp(passwordHashingPlugin, { name: 'ciao-password-hashing', fastify: '5.x' });
