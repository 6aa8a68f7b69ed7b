/*
 * Ciao label la — page beacons (part of /static/site.js; no inline scripts anywhere).
 *
 * When the page is hidden for good (pagehide) it sends, with navigator.sendBeacon, to POST /api/events:
 *  - page_leave with the dwell time (ms since the page was shown, or since it came back from the bfcache);
 *  - for members, logout/browser_closed when NO in-site navigation had started: a click on a same-origin
 *    link (same tab, no modifier keys, not a download) or the submit of a same-origin form in the last 10 s.
 *    That also catches back/forward, reload and typed URLs, so the server only counts it when the session
 *    makes no further request within its grace period (see web/site/routes/beacon.ts).
 * The CSRF token comes from <meta name="csrf-token"> and travels in the body.
 */
import type { BeaconInput } from '../schemas/events';
import { csrfToken } from '../../browser/dom';

const NAV_WINDOW_MS = 10_000;
const MAX_DWELL_MS = 86_400_000;
let shownAt = Date.now();
let navigatingAt = 0;
let sent = false;

function sameOrigin(url: string): boolean {
  try {
    return new URL(url, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

document.addEventListener(
  'click',
  (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!(link instanceof HTMLAnchorElement) || link.hasAttribute('download')) return;
    if (link.target && link.target !== '_self') return;
    if (sameOrigin(link.href)) navigatingAt = Date.now();
  },
  true,
);

document.addEventListener(
  'submit',
  (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && sameOrigin(form.action || location.href)) navigatingAt = Date.now();
  },
  true,
);

// The heartbeat of a member's page: while the page is visible, it tells the server now and then that the
// visit goes on, which cancels a browser_closed the server may be waiting on (a reload's beacon can arrive after
// the new page's own request). It does not restart the session's idle clock.
const isMember = (): boolean => document.body?.getAttribute('data-member') === '1';
const heartbeatMs = Math.max(2000, Number(document.body?.getAttribute('data-heartbeat-ms')) || 5000);
let heartbeat: ReturnType<typeof setInterval> | undefined;

function beat(): void {
  fetch('/api/session/alive', { credentials: 'same-origin', cache: 'no-store' })
    .then((res) => res.text())
    .catch(() => undefined);
}

function startHeartbeat(): void {
  if (!isMember() || heartbeat !== undefined) return;
  beat();
  heartbeat = setInterval(beat, heartbeatMs);
}

function stopHeartbeat(): void {
  clearInterval(heartbeat);
  heartbeat = undefined;
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') startHeartbeat();
  else stopHeartbeat();
});
if (document.visibilityState === 'visible') startHeartbeat();

window.addEventListener('pageshow', (event) => {
  if (event.persisted) {
    shownAt = Date.now();
    navigatingAt = 0;
    sent = false;
    if (document.visibilityState === 'visible') startHeartbeat();
  }
});

window.addEventListener('pagehide', () => {
  stopHeartbeat();
  if (sent) return;
  sent = true;
  const token = csrfToken();
  if (!token || typeof navigator.sendBeacon !== 'function') return;
  const page = location.pathname;
  const events: BeaconInput['events'] = [{ type: 'page_leave', page, data: { dwellMs: Math.max(0, Math.min(Date.now() - shownAt, MAX_DWELL_MS)) } }];
  const internal = navigatingAt > 0 && Date.now() - navigatingAt < NAV_WINDOW_MS;
  if (!internal && isMember()) events.push({ type: 'logout', page, data: { method: 'browser_closed' } });
  const body: BeaconInput = { _csrf: token, events };
  navigator.sendBeacon('/api/events', JSON.stringify(body));
});
