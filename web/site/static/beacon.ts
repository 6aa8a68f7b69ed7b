/*
 * Ciao label la — page beacons (served as /static/beacon.js; no inline scripts anywhere).
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

window.addEventListener('pageshow', (event) => {
  if (event.persisted) {
    shownAt = Date.now();
    navigatingAt = 0;
    sent = false;
  }
});

window.addEventListener('pagehide', () => {
  if (sent) return;
  sent = true;
  const token = csrfToken();
  if (!token || typeof navigator.sendBeacon !== 'function') return;
  const page = location.pathname;
  const events: BeaconInput['events'] = [{ type: 'page_leave', page, data: { dwellMs: Math.max(0, Math.min(Date.now() - shownAt, MAX_DWELL_MS)) } }];
  const internal = navigatingAt > 0 && Date.now() - navigatingAt < NAV_WINDOW_MS;
  if (!internal && document.body?.getAttribute('data-member') === '1') events.push({ type: 'logout', page, data: { method: 'browser_closed' } });
  const body: BeaconInput = { _csrf: token, events };
  navigator.sendBeacon('/api/events', JSON.stringify(body));
});
