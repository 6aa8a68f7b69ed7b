/*
 * The main menu scrolls sideways on narrow screens. The stylesheet shows a fade and a chevron on each side
 * that has more menu hidden (`data-scroll-more` on `nav.menu`: `end`, `start` or `both`), so "리필숍 지도" off
 * the right edge is not a secret; the current page's entry is scrolled into view.
 */

/** Keeps `nav`'s `data-scroll-more` in step with its list's scroll position. */
export function watchMenuScroll(nav: HTMLElement): void {
  const list = nav.querySelector('ul');
  if (!list) return;
  const update = (): void => {
    const hidden = list.scrollWidth - list.clientWidth;
    const before = list.scrollLeft > 2;
    const after = list.scrollLeft < hidden - 2;
    const more = before && after ? 'both' : after ? 'end' : before ? 'start' : '';
    if (more) nav.setAttribute('data-scroll-more', more);
    else nav.removeAttribute('data-scroll-more');
  };
  list.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  list.addEventListener('scroll', update, { passive: true });
  window.addEventListener('resize', update);
  update();
}
