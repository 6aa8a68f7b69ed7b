/**
 * Parses HTML form posts (`application/x-www-form-urlencoded`) into a flat object of strings.
 *
 * Deliberately flat: `password[$ne]=` stays a field literally named `password[$ne]`, never a nested object,
 * so bracket syntax cannot smuggle query operators into a handler; the route schemas then refuse missing or
 * extra fields. A repeated field keeps its last value. The app's body limit applies.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Fields of a urlencoded body, as a plain object. */
export function parseFormBody(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function formBodyPlugin(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseFormBody(body as string));
  });
  return Promise.resolve();
}

/** The form-body parser (app-wide). */
export const formBody = fp(formBodyPlugin, { name: 'ciao-form-body', fastify: '5.x' });
