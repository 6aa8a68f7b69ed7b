/**
 * What the web benchmarks share: a copy of the app in a child process (`server-child.ts`, or the same file of
 * another tree for a baseline), and a visitor's / a member's session cookie obtained through the pages.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** Events on (published to the topic) or off (built and discarded). */
export type Mode = 'on' | 'off';

/** A running server child. */
export interface ServerChild {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>`. */
  readonly base: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a server child; resolves with its process and base URL.
 * @param script the child's entry (default this tree's `server-child.ts`; a baseline passes its own tree's)
 */
export async function startServer(mode: Mode, topic: string, script = path.join(__dirname, 'server-child.ts')): Promise<ServerChild> {
  const child = fork(script, [mode, topic], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${String(code)}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

/** Stops a server child (SIGTERM; SIGKILL after 15 s). */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
}

/** The `ciao_sid` a response sets, if any. */
export function sessionOf(res: Response): string | undefined {
  for (const c of res.headers.getSetCookie()) if (c.startsWith('ciao_sid=')) return decodeURIComponent(c.slice(9).split(';')[0] ?? '') || undefined;
  return undefined;
}

/** The CSRF token of a page. */
export const csrfOf = (html: string): string => /<meta name="csrf-token" content="([^"]*)">/.exec(html)?.[1] ?? '';

/** A returning anonymous visitor's session cookie (so the main page runs do not create a session per request). */
export async function anonymousCookie(base: string): Promise<string> {
  const sid = sessionOf(await fetch(`${base}/`));
  if (!sid) throw new Error('no session from the main page');
  return `ciao_sid=${sid}`;
}

/** The password of the members the benchmarks sign up. */
export const BENCH_PASSWORD = 'benchbottle1';

/** Posts a urlencoded form without following redirects. */
export function postForm(base: string, url: string, cookie: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${base}${url}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

/** Signs `userId` up through the form (which logs the member in); returns the member's session cookie. */
export async function memberCookie(base: string, userId: string): Promise<string> {
  const signupPage = await fetch(`${base}/signup`);
  const cookie = `ciao_sid=${sessionOf(signupPage) ?? ''}`;
  const signup = await postForm(base, '/signup', cookie, {
    _csrf: csrfOf(await signupPage.text()),
    userId,
    password: BENCH_PASSWORD,
    passwordConfirm: BENCH_PASSWORD,
    name: '벤치마크',
    birthDate: '1992-03-21',
    gender: 'M',
    email: `${userId}@example.com`,
    phone: '010-2222-3333',
    region: 'seoul',
  });
  // The signup logs the new member in: its response carries the member session's cookie.
  const sid = sessionOf(signup);
  if (signup.status !== 303 || !sid) throw new Error(`signup answered ${signup.status}`);
  return `ciao_sid=${sid}`;
}
