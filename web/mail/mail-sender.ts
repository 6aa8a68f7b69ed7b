/**
 * Sending e-mail, behind one small interface so the transport is a choice of deployment: the default
 * {@link LogMailSender} writes each mail to the log (locally, the password-reset link is read from the web
 * tier's output); a real sender (SMTP, a provider's API) implements {@link MailSender} and is passed to
 * `buildApp({ mailer })`. Tests pass a recording sender.
 */
import type { FastifyBaseLogger } from 'fastify';

/** One plain-text e-mail. */
export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Something that delivers mail. */
export interface MailSender {
  /** Delivers `mail`; rejects when it could not be handed over. */
  send(mail: Mail): Promise<void>;
}

/** Writes every mail to the log at info level instead of sending it (the local default). */
export class LogMailSender implements MailSender {
  constructor(private readonly log: FastifyBaseLogger) {}

  send(mail: Mail): Promise<void> {
    this.log.info({ mail: { to: mail.to, subject: mail.subject } }, `mail not sent (logged instead):\n${mail.text}`);
    return Promise.resolve();
  }
}
