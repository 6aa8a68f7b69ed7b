/*
 * Ciao label la — page beacons (served as /static/beacon.js; no inline scripts anywhere).
 *
 * When the page is hidden for good (pagehide) it sends, with navigator.sendBeacon, to POST /api/events:
 *  - page_leave with the dwell time (ms since the page was shown, or since it came back from the bfcache);
 *  - for members, logout/browser_closed when NO in-site navigation had started: a click on a same-origin
 *    link (same tab, no modifier keys, not a download) or the submit of a same-origin form in the last 10 s.
 *    That also catches back/forward, reload and typed URLs, so the server only counts it when the session
 *    makes no further request within its grace period (see web/events/beacon-routes.ts).
 * The CSRF token comes from <meta name="csrf-token"> and travels in the body.
 */
(function () {
  'use strict';
  var NAV_WINDOW_MS = 10000;
  var MAX_DWELL_MS = 86400000;
  var shownAt = Date.now();
  var navigatingAt = 0;
  var sent = false;

  function sameOrigin(url) {
    try {
      return new URL(url, location.href).origin === location.origin;
    } catch (e) {
      return false;
    }
  }

  document.addEventListener('click', function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var target = event.target;
    var link = target && target.closest ? target.closest('a[href]') : null;
    if (!link || link.hasAttribute('download')) return;
    if (link.target && link.target !== '_self') return;
    if (sameOrigin(link.href)) navigatingAt = Date.now();
  }, true);

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form && sameOrigin(form.action || location.href)) navigatingAt = Date.now();
  }, true);

  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      shownAt = Date.now();
      navigatingAt = 0;
      sent = false;
    }
  });

  window.addEventListener('pagehide', function () {
    if (sent) return;
    sent = true;
    var meta = document.querySelector('meta[name="csrf-token"]');
    var token = meta ? meta.getAttribute('content') : '';
    if (!token || !navigator.sendBeacon) return;
    var page = location.pathname;
    var events = [{ type: 'page_leave', page: page, data: { dwellMs: Math.max(0, Math.min(Date.now() - shownAt, MAX_DWELL_MS)) } }];
    var internal = navigatingAt > 0 && Date.now() - navigatingAt < NAV_WINDOW_MS;
    if (!internal && document.body && document.body.getAttribute('data-member') === '1') {
      events.push({ type: 'logout', page: page, data: { method: 'browser_closed' } });
    }
    navigator.sendBeacon('/api/events', JSON.stringify({ _csrf: token, events: events }));
  });
})();
