/**
 * Box geometry of the labelling editor, shared by the browser script (drawing, moving, resizing at any display
 * scale) and the server (checking what an admin confirms). Every box is in pixels of the upright raw image;
 * the display only converts pointer positions into that space. Pure: no DOM, no Node.
 */
import type { PixelBox } from '../../../domain/ground-truth';

/** A size in pixels. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Where an element is drawn on screen (a DOMRect's fields). */
export interface ScreenRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** A point in raw image pixels. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Most boxes one sample may have. */
export const MAX_BOXES = 100;

/** Smallest side of a box an admin can draw, raw pixels (a click without a drag draws nothing). */
export const MIN_BOX_SIDE = 2;

/** Corners and edges a box is resized by. */
export type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
/** Every handle, clockwise from the top-left corner. */
export const HANDLES: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** Raw pixels per screen pixel of an image of `size` drawn in `rect` (x and y alike when the aspect is kept). */
export function rawPerScreen(rect: ScreenRect, size: Size): number {
  return rect.width > 0 ? size.width / rect.width : 1;
}

/**
 * The raw-image point under a pointer at (`clientX`, `clientY`) on an image of `size` drawn in `rect`,
 * clamped to the image.
 */
export function toImagePoint(clientX: number, clientY: number, rect: ScreenRect, size: Size): Point {
  const x = rect.width > 0 ? ((clientX - rect.left) * size.width) / rect.width : 0;
  const y = rect.height > 0 ? ((clientY - rect.top) * size.height) / rect.height : 0;
  return { x: clamp(x, 0, size.width), y: clamp(y, 0, size.height) };
}

/** The screen position of raw-image point `p` (the inverse of {@link toImagePoint}). */
export function toScreenPoint(p: Point, rect: ScreenRect, size: Size): Point {
  return { x: rect.left + (p.x * rect.width) / size.width, y: rect.top + (p.y * rect.height) / size.height };
}

/** The box spanned by two corners in any order. */
export function boxFromCorners(a: Point, b: Point): PixelBox {
  return { x1: Math.min(a.x, b.x), y1: Math.min(a.y, b.y), x2: Math.max(a.x, b.x), y2: Math.max(a.y, b.y) };
}

/** True when `box` is large enough to keep (see {@link MIN_BOX_SIDE}). */
export function isDrawable(box: PixelBox): boolean {
  return box.x2 - box.x1 >= MIN_BOX_SIDE && box.y2 - box.y1 >= MIN_BOX_SIDE;
}

/** `box` moved by (`dx`, `dy`) raw pixels, kept whole inside the image (it stops at the border, keeping its size). */
export function moveBox(box: PixelBox, dx: number, dy: number, size: Size): PixelBox {
  const w = box.x2 - box.x1;
  const h = box.y2 - box.y1;
  const x1 = clamp(box.x1 + dx, 0, Math.max(0, size.width - w));
  const y1 = clamp(box.y1 + dy, 0, Math.max(0, size.height - h));
  return { x1, y1, x2: x1 + w, y2: y1 + h };
}

/**
 * `box` with the corner or edge `handle` dragged to `p` (clamped to the image). Dragging past the opposite side
 * flips the box rather than turning it inside out.
 */
export function resizeBox(box: PixelBox, handle: Handle, p: Point, size: Size): PixelBox {
  const x = clamp(p.x, 0, size.width);
  const y = clamp(p.y, 0, size.height);
  let { x1, y1, x2, y2 } = box;
  if (handle.includes('w')) x1 = x;
  if (handle.includes('e')) x2 = x;
  if (handle.startsWith('n')) y1 = y;
  if (handle.startsWith('s')) y2 = y;
  return boxFromCorners({ x: x1, y: y1 }, { x: x2, y: y2 });
}

/**
 * `box` with its right and bottom sides moved by (`dw`, `dh`) raw pixels (the keyboard's resize), never
 * smaller than {@link MIN_BOX_SIDE} nor past the image.
 */
export function growBox(box: PixelBox, dw: number, dh: number, size: Size): PixelBox {
  const x2 = clamp(box.x2 + dw, Math.min(box.x1 + MIN_BOX_SIDE, size.width), size.width);
  const y2 = clamp(box.y2 + dh, Math.min(box.y1 + MIN_BOX_SIDE, size.height), size.height);
  return { x1: box.x1, y1: box.y1, x2, y2 };
}

/** A box of `share` of the image's width and height in its middle (what the keyboard adds). */
export function centredBox(size: Size, share = 0.25): PixelBox {
  const w = size.width * share;
  const h = size.height * share;
  return { x1: (size.width - w) / 2, y1: (size.height - h) / 2, x2: (size.width + w) / 2, y2: (size.height + h) / 2 };
}

/** Where handle `handle` of `box` is, raw pixels. */
export function handlePoint(box: PixelBox, handle: Handle): Point {
  const cx = (box.x1 + box.x2) / 2;
  const cy = (box.y1 + box.y2) / 2;
  const x = handle.includes('w') ? box.x1 : handle.includes('e') ? box.x2 : cx;
  const y = handle.startsWith('n') ? box.y1 : handle.startsWith('s') ? box.y2 : cy;
  return { x, y };
}

/** `box` with coordinates rounded to 0.1 px and clamped to the image (what the editor sends). */
export function roundBox(box: PixelBox, size: Size): PixelBox {
  const r = (v: number, hi: number) => Math.round(clamp(v, 0, hi) * 10) / 10;
  return { x1: r(box.x1, size.width), y1: r(box.y1, size.height), x2: r(box.x2, size.width), y2: r(box.y2, size.height) };
}

/**
 * What is wrong with `boxes` on an image of `size`, one Korean sentence per problem (empty when they are
 * fine): too many boxes, a coordinate that is not a finite number, outside the image, or x1 ≥ x2 / y1 ≥ y2.
 */
export function boxProblems(boxes: readonly { readonly box: PixelBox }[], size: Size): string[] {
  const problems: string[] = [];
  if (boxes.length > MAX_BOXES) problems.push(`상자는 ${MAX_BOXES}개까지만 저장할 수 있어요 (${boxes.length}개).`);
  boxes.forEach(({ box }, i) => {
    const n = i + 1;
    const values = [box.x1, box.y1, box.x2, box.y2];
    if (!values.every(Number.isFinite)) {
      problems.push(`${n}번 상자의 좌표가 숫자가 아니에요.`);
      return;
    }
    if (box.x1 < 0 || box.y1 < 0 || box.x2 > size.width || box.y2 > size.height) problems.push(`${n}번 상자가 이미지(${size.width}×${size.height}) 밖으로 나가요.`);
    if (!(box.x1 < box.x2) || !(box.y1 < box.y2)) problems.push(`${n}번 상자는 x1 < x2, y1 < y2 이어야 해요.`);
  });
  return problems;
}
