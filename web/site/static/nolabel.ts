/*
 * The /nolabel page's enhancements (the page works without them): autocomplete under the search box from
 * `/api/products/suggest` (prefix and 초성; arrow keys, Enter, Escape; debounced, the latest answer wins),
 * and sort or filter changes applied at once (the form is submitted, so the URL keeps the whole search).
 */
import { onReady } from '../../browser/dom';
import type { SuggestReplyOutput } from '../schemas/products';

const DEBOUNCE_MS = 120;

function setUp(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[name="q"]');
  const list = form.querySelector<HTMLUListElement>('#search-suggestions');
  for (const select of form.querySelectorAll<HTMLSelectElement>('select[data-autosubmit]')) {
    select.addEventListener('change', () => form.requestSubmit());
  }
  if (!input || !list) return;

  let timer: number | undefined;
  let asked = 0;
  let active = -1;

  const options = () => [...list.querySelectorAll<HTMLLIElement>('li')];
  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };
  const highlight = (index: number) => {
    const items = options();
    active = items.length === 0 ? -1 : (index + items.length) % items.length;
    items.forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    const current = items[active];
    if (current) input.setAttribute('aria-activedescendant', current.id);
  };
  const choose = (text: string) => {
    input.value = text;
    close();
    form.requestSubmit();
  };
  const show = (reply: SuggestReplyOutput) => {
    list.replaceChildren(
      ...reply.suggestions.map((s, i) => {
        const li = document.createElement('li');
        li.id = `suggestion-${i}`;
        li.setAttribute('role', 'option');
        li.textContent = s.text;
        const tag = document.createElement('span');
        tag.className = 'suggestion-category';
        tag.textContent = s.category;
        li.append(tag);
        // mousedown, not click: it comes before the input's blur closes the list.
        li.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(s.text);
        });
        return li;
      }),
    );
    const open = reply.suggestions.length > 0;
    list.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    active = -1;
  };
  const ask = async () => {
    const q = input.value.trim();
    const ticket = ++asked;
    if (!q) return close();
    try {
      const res = await fetch(`/api/products/suggest?q=${encodeURIComponent(q.slice(0, 100))}`, { headers: { accept: 'application/json' } });
      if (!res.ok || ticket !== asked) return;
      show((await res.json()) as SuggestReplyOutput);
    } catch {
      // Autocomplete is a help, not the search: a failed request just shows nothing.
    }
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void ask(), DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (event) => {
    if (list.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      highlight(active + (event.key === 'ArrowDown' ? 1 : -1));
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      const text = options()[active]?.firstChild?.textContent;
      if (text) choose(text);
    } else if (event.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => window.setTimeout(close, 100));
}

onReady(() => {
  const form = document.querySelector<HTMLFormElement>('form.search-form');
  if (form) setUp(form);
});
