/*
 * Eco point pages (`/static/ecopoint.js`): sends the chosen photo as multipart to the upload API, shows
 * "확인 중", polls the status until the verdict arrives, then shows the annotated image (eco point 1) or the
 * matched receipt lines (eco point 2), the points or the reason, and today's remaining tries. On mypage it
 * posts the "이의 신청" (appeal) buttons. The CSRF token comes from <meta name="csrf-token">.
 */
import type { AppealReplyOutput, UploadAcceptedOutput, UploadStatusOutput } from '../schemas/ecopoint';
import { csrfToken, onReady, setText } from '../../browser/dom';

const POLL_MS = 1000;
/** Stop polling after this long and point to mypage (the verdict still arrives there). */
const GIVE_UP_MS = 10 * 60_000;

interface ErrorReply {
  readonly code?: string;
  readonly message?: string;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string } = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  return node;
}

async function readJson<T>(res: Response): Promise<T | ErrorReply> {
  try {
    return (await res.json()) as T | ErrorReply;
  } catch {
    return { message: '서버 응답을 읽지 못했어요. 잠시 후 다시 시도해 주세요.' };
  }
}

function showMessage(box: HTMLElement, text: string, kind: 'wait' | 'ok' | 'no'): void {
  box.hidden = false;
  box.replaceChildren();
  box.dataset.state = kind;
  const p = el('p', { className: `result-message result-${kind}`, text });
  if (kind === 'wait') p.prepend(el('span', { className: 'spinner' }));
  box.append(p);
}

function appealButton(uploadId: string, status: HTMLElement): HTMLButtonElement {
  const button = el('button', { className: 'button button-ghost button-small', text: '이의 신청' });
  button.type = 'button';
  button.dataset.appeal = uploadId;
  button.addEventListener('click', () => void appeal(button, status));
  return button;
}

function showVerdict(box: HTMLElement, status: UploadStatusOutput): void {
  const v = status.verdict;
  if (!v) return;
  showMessage(box, v.accepted ? `+${v.points}P  ${v.message}` : v.message, v.accepted ? 'ok' : 'no');
  box.dataset.code = v.code ?? 'OK';
  box.dataset.points = String(v.points);
  const figure = el('figure', { className: 'result-figure' });
  const img = el('img');
  img.src = v.annotatedUrl ?? status.photoUrl;
  img.alt = v.annotatedUrl ? 'AI가 찾은 물체가 표시된 사진' : '올린 사진';
  figure.append(img);
  if (v.annotatedUrl) figure.append(el('figcaption', { className: 'muted', text: '초록: 페트병 · 빨강: 라벨 · 파랑: 캔' }));
  box.append(figure);
  if (v.matchedLines.length > 0) {
    box.append(el('p', { className: 'result-sub', text: '영수증에서 찾은 무라벨 상품' }));
    const list = el('ul', { className: 'matched-lines' });
    for (const line of v.matchedLines) list.append(el('li', { text: line }));
    box.append(list);
  }
  box.append(el('p', { className: 'muted', text: `오늘 남은 적립 횟수: ${status.remainingToday}번` }));
  if (v.canAppeal) {
    const note = el('p', { className: 'muted' });
    note.setAttribute('role', 'status');
    box.append(el('p', { className: 'result-actions' }), note);
    box.querySelector('.result-actions')?.append(appealButton(status.uploadId, note));
  }
  box.append(el('p', { className: 'result-links' }));
  const again = el('a', { className: 'button button-small', text: '다시 올리기' });
  again.href = location.pathname;
  const mypage = el('a', { className: 'button button-ghost button-small', text: '마이페이지에서 보기' });
  mypage.href = '/mypage';
  box.querySelector('.result-links')?.append(again, ' ', mypage);
}

async function poll(box: HTMLElement, url: string, remaining: Element | null): Promise<void> {
  const started = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    } catch {
      continue; // offline for a moment: try again
    }
    const body = await readJson<UploadStatusOutput>(res);
    if (!res.ok || !('state' in body)) {
      showMessage(box, body.message ?? '결과를 불러오지 못했어요. 마이페이지에서 확인해 주세요.', 'no');
      return;
    }
    setText(remaining, String(body.remainingToday));
    if (body.state === 'done') return showVerdict(box, body);
    showMessage(box, body.message, 'wait');
    if (Date.now() - started > GIVE_UP_MS) {
      showMessage(box, '확인이 오래 걸리고 있어요. 결과는 마이페이지에서 확인할 수 있어요.', 'no');
      return;
    }
  }
}

async function submit(form: HTMLFormElement, box: HTMLElement): Promise<void> {
  const input = form.querySelector<HTMLInputElement>('input[type=file]');
  const file = input?.files?.[0];
  if (!file) {
    showMessage(box, '사진을 먼저 골라 주세요.', 'no');
    return;
  }
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
  if (button) button.disabled = true;
  showMessage(box, '사진을 올리는 중이에요…', 'wait');
  try {
    const data = new FormData();
    data.append('photo', file, file.name);
    const res = await fetch(form.action, { method: 'POST', body: data, headers: { 'x-csrf-token': csrfToken(), accept: 'application/json' }, credentials: 'same-origin' });
    const body = await readJson<UploadAcceptedOutput>(res);
    if (!('statusUrl' in body) || res.status !== 202) {
      const failure = body as ErrorReply;
      showMessage(box, failure.message ?? '사진을 올리지 못했어요. 잠시 후 다시 시도해 주세요.', 'no');
      box.dataset.code = failure.code ?? 'Error';
      return;
    }
    showMessage(box, '확인 중이에요…', 'wait');
    await poll(box, body.statusUrl, document.querySelector('[data-remaining]'));
  } catch {
    showMessage(box, '인터넷 연결을 확인하고 다시 올려 주세요.', 'no');
  } finally {
    if (button) button.disabled = false;
    if (input) input.value = '';
  }
}

async function appeal(button: HTMLButtonElement, status: Element | null): Promise<void> {
  const uploadId = button.dataset.appeal;
  if (!uploadId) return;
  button.disabled = true;
  try {
    const res = await fetch(`/api/ecopoint/uploads/${uploadId}/appeal`, { method: 'POST', headers: { 'x-csrf-token': csrfToken(), accept: 'application/json' }, credentials: 'same-origin' });
    const body = await readJson<AppealReplyOutput>(res);
    setText(status, body.message ?? '');
    if (res.ok) button.replaceWith(el('span', { className: 'muted', text: '이의 신청 접수됨' }));
    else button.disabled = false;
  } catch {
    setText(status, '인터넷 연결을 확인하고 다시 시도해 주세요.');
    button.disabled = false;
  }
}

onReady(() => {
  const form = document.querySelector<HTMLFormElement>('#ecopoint-form');
  const box = document.querySelector<HTMLElement>('#ecopoint-result');
  if (form && box) {
    const input = form.querySelector<HTMLInputElement>('input[type=file]');
    const name = form.querySelector<HTMLElement>('[data-file-name]');
    input?.addEventListener('change', () => {
      const file = input.files?.[0];
      if (name) {
        name.hidden = !file;
        setText(name, file ? `선택한 사진: ${file.name}` : '');
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void submit(form, box);
    });
  }
  const status = document.querySelector('[data-appeal-status]');
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-appeal]')) {
    button.addEventListener('click', () => void appeal(button, status));
  }
});
