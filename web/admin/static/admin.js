// Admin pages: submit the run picker on change, and keep the graph view's colours live while its run is
// open by polling the run's JSON state. No dependencies, no inline script (the pages' CSP forbids it).
(function () {
  'use strict';

  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () {
      if (select.form) select.form.submit();
    });
  });

  var card = document.querySelector('[data-live-state]');
  if (!card) return;
  var url = card.getAttribute('data-live-state');
  var status = card.getAttribute('data-run-status');
  var delay = 3000;
  var stateClass = /(^|\s)st-[a-z_]+/g;

  function setState(el, state) {
    var base = (el.getAttribute('class') || '').replace(stateClass, '').trim();
    el.setAttribute('class', (base ? base + ' ' : '') + 'st-' + state);
  }

  function setText(root, selector, text) {
    var el = root.querySelector(selector);
    if (el && el.textContent !== text) el.textContent = text;
  }

  function byTask(taskId) {
    return document.querySelectorAll('[data-task-id="' + (window.CSS && CSS.escape ? CSS.escape(taskId) : taskId) + '"]');
  }

  function apply(data) {
    (data.tasks || []).forEach(function (t) {
      byTask(t.taskId).forEach(function (el) {
        if (el.tagName.toLowerCase() === 'g') {
          setState(el, t.state);
          setText(el, 'title', t.tooltip);
          setText(el, '.badge-text', t.badge);
        } else {
          var badge = el.querySelector('[data-field="state"] .badge');
          if (badge) {
            setState(badge, t.state);
            badge.textContent = t.state;
          }
          setText(el, '[data-field="badge"]', t.badge || (t.attempts ? String(t.attempts) : ''));
          setText(el, '[data-field="started"]', t.started);
          setText(el, '[data-field="ended"]', t.ended);
          setText(el, '[data-field="duration"]', t.duration);
          setText(el, '[data-field="info"]', t.info);
        }
      });
    });
    var runBadge = document.querySelector('[data-run-status-badge] .badge');
    if (runBadge) {
      setState(runBadge, data.status);
      runBadge.textContent = data.status;
    }
    var problem = document.querySelector('[data-notice="run-state"]');
    if (problem && !data.problem) problem.hidden = true;
    status = data.status;
    card.setAttribute('data-run-status', status);
    var live = document.querySelector('[data-live-indicator]');
    if (live && status !== 'running') live.hidden = true;
  }

  function poll() {
    fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (data) {
        if (data) apply(data);
        delay = 3000;
      })
      .catch(function () {
        delay = Math.min(delay * 2, 30000);
      })
      .then(function () {
        if (status === 'running') setTimeout(poll, delay);
      });
  }

  if (status === 'running') setTimeout(poll, delay);
})();
