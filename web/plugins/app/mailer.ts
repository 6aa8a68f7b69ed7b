/**
 * `app.mailer`: the app's {@link MailSender} — the one given to `buildApp({ mailer })`, or one that writes each
 * mail to the log (see `web/mail/mail-sender.ts`).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { LogMailSender, type MailSender } from '../../mail/mail-sender';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends e-mail (password-reset links, found ids). */
    mailer: MailSender;
  }
}

/** Options of the mailer plugin. */
export interface MailerOptions {
  /** The sender (default: log the mail). */
  readonly sender?: MailSender;
}

function mailerPlugin(app: FastifyInstance, options: MailerOptions): Promise<void> {
  app.decorate('mailer', options.sender ?? new LogMailSender(app.log));
  return Promise.resolve();
}

/** The mailer plugin (app-wide). */
export const mailer = fp(mailerPlugin, { name: 'ciao-mailer', fastify: '5.x' });
