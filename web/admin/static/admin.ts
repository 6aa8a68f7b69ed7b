/*
 * Admin pages: submit the run picker on change, and keep the graph view's colours live while its run is
 * open by polling the run's JSON state. No inline script (the pages' CSP forbids it).
 */
import type { Static } from '@sinclair/typebox';
import type { RunStateReply } from '../schemas/dags';
import { setText } from '../../browser/dom';

type RunState = Static<typeof RunStateReply>;

document.querySelectorAll<HTMLSelectElement>('select[data-autosubmit]').forEach((select) => {
  select.addEventListener('change', () => select.form?.submit());
});

const STATE_CLASS = /(^|\s)st-[a-z_]+/g;

function setState(el: Element, state: string): void {
  const base = (el.getAttribute('class') ?? '').replace(STATE_CLASS, '').trim();
  el.setAttribute('class', `${base ? `${base} ` : ''}st-${state}`);
}

function byTask(taskId: string): NodeListOf<Element> {
  return document.querySelectorAll(`[data-task-id="${CSS.escape(taskId)}"]`);
}

function startLiveState(card: Element, url: string): void {
  let status = card.getAttribute('data-run-status') ?? '';
  let delay = 3000;

  const apply = (data: RunState): void => {
    for (const t of data.tasks) {
      byTask(t.taskId).forEach((el) => {
        if (el.tagName.toLowerCase() === 'g') {
          setState(el, t.state);
          setText(el.querySelector('title'), t.tooltip);
          setText(el.querySelector('.badge-text'), t.badge);
          return;
        }
        const badge = el.querySelector('[data-field="state"] .badge');
        if (badge) {
          setState(badge, t.state);
          badge.textContent = t.state;
        }
        setText(el.querySelector('[data-field="badge"]'), t.badge || (t.attempts ? String(t.attempts) : ''));
        setText(el.querySelector('[data-field="started"]'), t.started);
        setText(el.querySelector('[data-field="ended"]'), t.ended);
        setText(el.querySelector('[data-field="duration"]'), t.duration);
        setText(el.querySelector('[data-field="info"]'), t.info);
      });
    }
    const runBadge = document.querySelector('[data-run-status-badge] .badge');
    if (runBadge) {
      setState(runBadge, data.status);
      runBadge.textContent = data.status;
    }
    const problem = document.querySelector<HTMLElement>('[data-notice="run-state"]');
    if (problem && !data.problem) problem.hidden = true;
    status = data.status;
    card.setAttribute('data-run-status', status);
    const live = document.querySelector<HTMLElement>('[data-live-indicator]');
    if (live && status !== 'running') live.hidden = true;
  };

  const poll = (): void => {
    fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
      .then((res) => (res.ok ? (res.json() as Promise<RunState>) : null))
      .then((data) => {
        if (data) apply(data);
        delay = 3000;
      })
      .catch(() => {
        delay = Math.min(delay * 2, 30_000);
      })
      .finally(() => {
        if (status === 'running') setTimeout(poll, delay);
      });
  };

  if (status === 'running') setTimeout(poll, delay);
}

const card = document.querySelector('[data-live-state]');
const stateUrl = card?.getAttribute('data-live-state');
if (card && stateUrl) startLiveState(card, stateUrl);
