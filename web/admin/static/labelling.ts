/*
 * The labelling editor (/admin/labelling/<uploadId>): draws the boxes over the sample's image and edits them —
 * drag on the image to draw a box, drag a box's edge (or the selected box's inside) to move it, drag a handle
 * to resize, change the class, delete — with the mouse, a pen or a finger (pointer events) and the keyboard,
 * then posts them as ground truth. Boxes live in pixels of the upright raw image: the overlay's viewBox is the
 * raw image's size, so only pointer positions are converted, whatever size the image is shown at.
 *
 * Everything comes from data attributes of `.lb-editor` (no inline script: the CSP forbids it); text goes in
 * through textContent only.
 */
import type { ReviewReplyOutput } from '../schemas/labelling';
import { LABEL_CLASSES, isLabelClass, type LabelClass, type PixelBox } from '../../../domain/ground-truth';
import { boxFromCorners, centredBox, growBox, handlePoint, HANDLES, isDrawable, MAX_BOXES, moveBox, rawPerScreen, resizeBox, roundBox, toImagePoint, type Handle, type Point, type Size } from '../labelling/box-geometry';
import { CLASS_NAMES } from '../labelling/labelling-names';
import { csrfToken, onReady } from '../../browser/dom';

/** A box being edited. */
interface EditBox {
  className: LabelClass;
  box: PixelBox;
  /** The model's confidence, while the box is the model's unchanged one. */
  confidence?: number;
  /** True while the box is a confirmed one, unchanged. */
  confirmed?: boolean;
}

/** What a pointer is doing. */
type Drag =
  | { readonly kind: 'draw'; readonly pointerId: number; readonly start: Point; current: Point }
  | { readonly kind: 'move'; readonly pointerId: number; readonly index: number; readonly start: Point; readonly orig: PixelBox; moved: boolean }
  | { readonly kind: 'resize'; readonly pointerId: number; readonly index: number; readonly handle: Handle; readonly orig: PixelBox };

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Handle side and label font, screen pixels. */
const HANDLE_PX = 11;
const FONT_PX = 12;
/** Pointer travel before a press on a box becomes a move, screen pixels. */
const MOVE_SLOP_PX = 3;

/** The boxes of a data attribute: the model's carry their confidence, the others were confirmed. */
function readBoxes(json: string | null): EditBox[] {
  try {
    const parsed = JSON.parse(json ?? '[]') as { className: string; box: PixelBox; confidence?: number }[];
    return parsed.filter((b) => isLabelClass(b.className)).map((b) => ({ className: b.className as LabelClass, box: { ...b.box }, ...(b.confidence !== undefined ? { confidence: b.confidence } : { confirmed: true }) }));
  } catch {
    return [];
  }
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** The editor's parts, or null when the page lacks one. */
function partsOf(root: HTMLElement) {
  const stage = root.querySelector<HTMLElement>('[data-stage]');
  const overlay = root.querySelector<SVGSVGElement>('[data-overlay]');
  const list = root.querySelector<HTMLOListElement>('[data-box-list]');
  const count = root.querySelector<HTMLElement>('[data-box-count]');
  const status = root.querySelector<HTMLElement>('[data-status]');
  return stage && overlay && list && count && status ? { stage, overlay, list, count, status } : null;
}

function start(root: HTMLElement): void {
  const parts = partsOf(root);
  if (!parts) return;
  const { stage, overlay, list, count, status } = parts;

  const size: Size = { width: Number(root.dataset.width), height: Number(root.dataset.height) };
  const modelBoxes = readBoxes(root.getAttribute('data-model-boxes'));
  const revision = Number(root.dataset.revision ?? '0');
  const nextUrl = root.dataset.nextUrl ?? root.dataset.queueUrl ?? '/admin/labelling';
  let boxes = readBoxes(root.getAttribute('data-boxes'));
  let selected = -1;
  let currentClass: LabelClass = 'plastic';
  let drag: Drag | null = null;
  let busy = false;

  /** Raw pixels per screen pixel right now. */
  const scale = (): number => rawPerScreen(overlay.getBoundingClientRect(), size);
  const pointOf = (e: PointerEvent): Point => toImagePoint(e.clientX, e.clientY, overlay.getBoundingClientRect(), size);
  const say = (text: string): void => {
    status.textContent = text;
  };
  const name = (i: number): string => `${i + 1}번 상자`;

  // --- drawing -------------------------------------------------------------------------------------------

  function renderOverlay(): void {
    const s = scale();
    overlay.replaceChildren();
    // Larger boxes first, so a small box inside a large one (a label on a bottle) stays on top and reachable.
    const order = boxes.map((b, i) => ({ i, area: (b.box.x2 - b.box.x1) * (b.box.y2 - b.box.y1) })).sort((a, b) => b.area - a.area);
    for (const { i } of order) {
      const b = boxes[i];
      if (!b) continue;
      const { x1, y1, x2, y2 } = b.box;
      const g = svg('g', { class: `lb-box lb-cls-${b.className}${i === selected ? ' lb-selected' : ''}`, 'data-index': i });
      g.appendChild(svg('rect', { class: 'lb-box-fill', x: x1, y: y1, width: x2 - x1, height: y2 - y1 }));
      g.appendChild(svg('rect', { class: 'lb-box-rect', x: x1, y: y1, width: x2 - x1, height: y2 - y1, 'vector-effect': 'non-scaling-stroke' }));
      g.appendChild(svg('rect', { class: 'lb-box-hit', x: x1, y: y1, width: x2 - x1, height: y2 - y1, 'vector-effect': 'non-scaling-stroke' }));
      // Beside the corner handle when selected, so the handle stays visible.
      const labelX = x1 + (i === selected ? HANDLE_PX : 3) * s;
      const label = svg('text', { class: 'lb-box-label', x: labelX, y: Math.max(y1 - 4 * s, FONT_PX * s), 'font-size': FONT_PX * s, 'stroke-width': 3 * s });
      label.textContent = `${i + 1} ${CLASS_NAMES[b.className]}${b.confidence !== undefined ? ` ${b.confidence.toFixed(2)}` : ''}`;
      g.appendChild(label);
      overlay.appendChild(g);
    }
    const chosen = boxes[selected];
    if (chosen) {
      const half = (HANDLE_PX * s) / 2;
      for (const h of HANDLES) {
        const p = handlePoint(chosen.box, h);
        overlay.appendChild(svg('rect', { class: `lb-handle lb-handle-${h}`, 'data-handle': h, x: p.x - half, y: p.y - half, width: 2 * half, height: 2 * half, 'vector-effect': 'non-scaling-stroke' }));
      }
    }
    if (drag?.kind === 'draw') {
      const d = boxFromCorners(drag.start, drag.current);
      overlay.appendChild(svg('rect', { class: `lb-draft lb-cls-${currentClass}`, x: d.x1, y: d.y1, width: d.x2 - d.x1, height: d.y2 - d.y1, 'vector-effect': 'non-scaling-stroke' }));
    }
  }

  function renderList(): void {
    const focused = document.activeElement?.getAttribute('data-focus-key') ?? null;
    list.replaceChildren();
    boxes.forEach((b, i) => {
      const li = document.createElement('li');
      li.className = `lb-box-item lb-cls-${b.className}${i === selected ? ' lb-selected' : ''}`;
      const pick = document.createElement('button');
      pick.type = 'button';
      pick.className = 'lb-pick';
      pick.textContent = `${i + 1}`;
      pick.setAttribute('aria-label', `${name(i)} 선택`);
      pick.setAttribute('aria-pressed', String(i === selected));
      pick.setAttribute('data-focus-key', `pick-${i}`);
      pick.addEventListener('click', () => select(i));
      const cls = document.createElement('select');
      cls.setAttribute('aria-label', `${name(i)} 클래스`);
      cls.setAttribute('data-focus-key', `class-${i}`);
      for (const c of LABEL_CLASSES) {
        const o = document.createElement('option');
        o.value = c;
        o.textContent = CLASS_NAMES[c];
        o.selected = c === b.className;
        cls.appendChild(o);
      }
      cls.addEventListener('change', () => {
        if (isLabelClass(cls.value)) setClass(i, cls.value);
      });
      const info = document.createElement('span');
      info.className = 'muted small';
      info.textContent = b.confidence !== undefined ? `모델 ${b.confidence.toFixed(2)}` : b.confirmed ? '확정' : '수정됨';
      const del = document.createElement('button');
      del.type = 'button';
      del.className = 'lb-delete';
      del.textContent = '삭제';
      del.setAttribute('aria-label', `${name(i)} 삭제`);
      del.setAttribute('data-focus-key', `delete-${i}`);
      del.addEventListener('click', () => remove(i));
      li.append(pick, cls, info, del);
      list.appendChild(li);
    });
    count.textContent = String(boxes.length);
    if (focused) list.querySelector<HTMLElement>(`[data-focus-key="${focused}"]`)?.focus();
    root.querySelectorAll<HTMLInputElement>('[data-class-choice]').forEach((r) => {
      r.checked = r.value === currentClass;
    });
  }

  function render(): void {
    renderOverlay();
    renderList();
  }

  // --- edits ---------------------------------------------------------------------------------------------

  function select(i: number): void {
    selected = i >= 0 && i < boxes.length ? i : -1;
    const b = boxes[selected];
    if (b) currentClass = b.className;
    render();
  }

  function setClass(i: number, className: LabelClass): void {
    currentClass = className;
    const b = boxes[i];
    if (b && b.className !== className) {
      boxes[i] = { className, box: b.box };
      say(`${name(i)}: ${CLASS_NAMES[className]}(으)로 바꿨어요.`);
    }
    render();
  }

  function remove(i: number): void {
    if (!boxes[i]) return;
    boxes = boxes.filter((_, j) => j !== i);
    say(`${name(i)}를 지웠어요. 남은 상자 ${boxes.length}개.`);
    select(boxes.length === 0 ? -1 : Math.min(i, boxes.length - 1));
  }

  function replaceBox(i: number, box: PixelBox): void {
    const b = boxes[i];
    if (b) boxes[i] = { className: b.className, box };
  }

  // --- pointer: mouse, pen and touch alike ---------------------------------------------------------------

  overlay.addEventListener('pointerdown', (e) => {
    if (busy || (e.pointerType === 'mouse' && e.button !== 0) || drag) return;
    e.preventDefault();
    stage.focus({ preventScroll: true });
    const target = e.target instanceof Element ? e.target : null;
    const p = pointOf(e);
    const handle = target?.closest('[data-handle]')?.getAttribute('data-handle') as Handle | null | undefined;
    const index = target?.closest('[data-index]')?.getAttribute('data-index');
    const chosen = boxes[selected];
    if (handle && chosen) drag = { kind: 'resize', pointerId: e.pointerId, index: selected, handle, orig: chosen.box };
    else if (index !== null && index !== undefined) {
      const i = Number(index);
      if (i !== selected) select(i);
      const b = boxes[i];
      if (b) drag = { kind: 'move', pointerId: e.pointerId, index: i, start: p, orig: b.box, moved: false };
    } else {
      if (boxes.length >= MAX_BOXES) {
        say(`상자는 ${MAX_BOXES}개까지예요.`);
        return;
      }
      drag = { kind: 'draw', pointerId: e.pointerId, start: p, current: p };
    }
    overlay.setPointerCapture(e.pointerId);
  });

  overlay.addEventListener('pointermove', (e) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    const p = pointOf(e);
    if (drag.kind === 'draw') drag.current = p;
    else if (drag.kind === 'resize') replaceBox(drag.index, resizeBox(drag.orig, drag.handle, p, size));
    else {
      const dx = p.x - drag.start.x;
      const dy = p.y - drag.start.y;
      if (!drag.moved && Math.hypot(dx, dy) < MOVE_SLOP_PX * scale()) return;
      drag.moved = true;
      replaceBox(drag.index, moveBox(drag.orig, dx, dy, size));
    }
    renderOverlay();
  });

  const endDrag = (e: PointerEvent): void => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    const done = drag;
    drag = null;
    if (overlay.hasPointerCapture(e.pointerId)) overlay.releasePointerCapture(e.pointerId);
    if (done.kind === 'draw' && e.type === 'pointerup') {
      const box = boxFromCorners(done.start, pointOf(e));
      if (isDrawable(box)) {
        boxes.push({ className: currentClass, box });
        selected = boxes.length - 1;
        say(`${name(selected)}(${CLASS_NAMES[currentClass]})를 그렸어요.`);
      }
    } else if (done.kind === 'resize' || (done.kind === 'move' && done.moved)) {
      // Its confidence was the model's, for the model's box.
      const b = boxes[done.index];
      if (b) boxes[done.index] = { className: b.className, box: b.box };
    }
    render();
  };
  overlay.addEventListener('pointerup', endDrag);
  overlay.addEventListener('pointercancel', endDrag);

  // --- keyboard --------------------------------------------------------------------------------------------

  function nudge(dx: number, dy: number, resize: boolean): void {
    const b = boxes[selected];
    if (!b) return;
    boxes[selected] = { className: b.className, box: resize ? growBox(b.box, dx, dy, size) : moveBox(b.box, dx, dy, size) };
    renderOverlay();
  }

  /** A box in the middle of the image, for those who draw with the keyboard (then arrows and Alt+arrows). */
  function addBox(): void {
    if (boxes.length >= MAX_BOXES) {
      say(`상자는 ${MAX_BOXES}개까지예요.`);
      return;
    }
    boxes.push({ className: currentClass, box: centredBox(size) });
    select(boxes.length - 1);
    say(`${name(selected)}(${CLASS_NAMES[currentClass]})를 가운데에 추가했어요. 화살표로 옮기고 Alt+화살표로 크기를 바꿔요.`);
  }

  document.addEventListener('keydown', (e) => {
    const target = e.target instanceof HTMLElement ? e.target : null;
    const tag = target?.tagName ?? '';
    const save = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's';
    if (save) {
      e.preventDefault();
      void confirm(boxes);
      return;
    }
    // Form fields keep their own keys (a class <select> uses the arrows).
    if (tag === 'SELECT' || tag === 'TEXTAREA' || (tag === 'INPUT' && (target as HTMLInputElement).type !== 'radio')) return;
    const arrow = e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'ArrowUp' || e.key === 'ArrowDown';
    // Alt only with the arrows (resize); it is kept from the browser's back/forward while a box is selected.
    if ((e.altKey && !arrow) || e.ctrlKey || e.metaKey) return;
    const onControl = tag === 'BUTTON' || tag === 'A';
    const step = (e.shiftKey ? 10 : 1) * scale();
    switch (e.key) {
      case '1':
      case '2':
      case '3': {
        const c = LABEL_CLASSES[Number(e.key) - 1];
        if (c) {
          e.preventDefault();
          if (selected >= 0) setClass(selected, c);
          else {
            currentClass = c;
            renderList();
            say(`새 상자: ${CLASS_NAMES[c]}`);
          }
        }
        return;
      }
      case 'Delete':
      case 'Backspace':
        if (selected >= 0) {
          e.preventDefault();
          remove(selected);
        }
        return;
      case 'ArrowLeft':
      case 'ArrowRight':
      case 'ArrowUp':
      case 'ArrowDown':
        if (selected >= 0) {
          e.preventDefault();
          nudge(e.key === 'ArrowLeft' ? -step : e.key === 'ArrowRight' ? step : 0, e.key === 'ArrowUp' ? -step : e.key === 'ArrowDown' ? step : 0, e.altKey);
        }
        return;
      case 'b':
      case 'B':
        e.preventDefault();
        addBox();
        return;
      case 'Tab': {
        // Only on the image: past the last (or before the first) box, Tab leaves it as usual — no keyboard trap.
        if (target !== stage || boxes.length === 0) return;
        const next = e.shiftKey ? (selected === -1 ? boxes.length - 1 : selected - 1) : selected + 1;
        if (next < 0 || next >= boxes.length) return;
        e.preventDefault();
        select(next);
        say(`${name(next)}: ${CLASS_NAMES[boxes[next]?.className ?? 'plastic']}`);
        return;
      }
      case 'n':
      case 'N':
        e.preventDefault();
        window.location.assign(nextUrl);
        return;
      case 'Enter':
        if (onControl) return;
        e.preventDefault();
        void confirm(boxes);
        return;
      case 'Escape':
        if (drag) {
          // A move or resize in progress goes back to where it started.
          if (drag.kind !== 'draw') replaceBox(drag.index, drag.orig);
          if (overlay.hasPointerCapture(drag.pointerId)) overlay.releasePointerCapture(drag.pointerId);
          say(drag.kind === 'draw' ? '그리기를 취소했어요.' : '옮기기를 취소했어요.');
          drag = null;
        } else if (selected >= 0) selected = -1;
        render();
        return;
      default:
    }
  });

  // --- buttons -------------------------------------------------------------------------------------------

  root.querySelectorAll<HTMLInputElement>('[data-class-choice]').forEach((radio) => {
    radio.addEventListener('change', () => {
      if (radio.checked && isLabelClass(radio.value)) {
        if (selected >= 0) setClass(selected, radio.value);
        else currentClass = radio.value;
      }
    });
  });

  async function post(url: string, body: unknown): Promise<void> {
    if (busy) return;
    busy = true;
    root.classList.add('lb-busy');
    try {
      const res = await fetch(`${url}${window.location.search}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrfToken() },
        body: JSON.stringify(body),
      });
      const reply = (await res.json().catch(() => null)) as (ReviewReplyOutput & { code?: string }) | { code: string; message: string } | null;
      if (!res.ok || !reply || !('next' in reply)) {
        say(reply?.message ?? `저장하지 못했어요 (HTTP ${res.status}).`);
        return;
      }
      say(reply.message);
      root.setAttribute('data-saved', reply.review);
      window.location.assign(reply.next);
    } catch {
      say('서버에 연결하지 못했어요. 잠시 후 다시 시도해 주세요.');
    } finally {
      busy = false;
      root.classList.remove('lb-busy');
    }
  }

  function confirm(list: readonly EditBox[]): Promise<void> {
    const payload = list.map((b) => ({ className: b.className, box: roundBox(b.box, size) })).filter((b) => isDrawable(b.box));
    return post(root.dataset.confirmUrl ?? '', { boxes: payload, revision });
  }

  root.querySelector('[data-action="confirm"]')?.addEventListener('click', () => void confirm(boxes));
  root.querySelector('[data-action="no-objects"]')?.addEventListener('click', () => {
    boxes = [];
    selected = -1;
    render();
    void confirm([]);
  });
  root.querySelector('[data-action="add"]')?.addEventListener('click', () => addBox());
  root.querySelector('[data-action="reset"]')?.addEventListener('click', () => {
    boxes = modelBoxes.map((b) => ({ ...b, box: { ...b.box } }));
    selected = -1;
    render();
    say('모델의 상자로 되돌렸어요.');
  });
  root.querySelector('[data-action="skip"]')?.addEventListener('click', () => void post(root.dataset.skipUrl ?? '', { revision }));

  // Handles and labels are sized in screen pixels: draw again when the image is shown at another size.
  new ResizeObserver(() => renderOverlay()).observe(overlay);
  root.classList.add('lb-ready');
  render();
}

onReady(() => {
  const root = document.querySelector<HTMLElement>('.lb-editor');
  if (root) start(root);
});
