/**
 * Small DOM helpers the browser scripts of both areas share.
 */

/** Runs `start` once the document is parsed (at once when it already is). */
export function onReady(start: () => void): void {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}

/** Sets an element's text only when it changed (no layout work for unchanged numbers). */
export function setText(el: Element | null, text: string): void {
  if (el && el.textContent !== text) el.textContent = text;
}

/** True when the user asked for less motion (charts then draw without animation). */
export function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** The CSRF token the page carries in `<meta name="csrf-token">` ('' without a session). */
export function csrfToken(): string {
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
}
