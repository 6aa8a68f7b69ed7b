/*
 * The script every service page loads (`/static/site.js`): the page beacons and the menu's scroll hint.
 */
import './beacon';
import { onReady } from '../../browser/dom';
import { watchMenuScroll } from './menu-scroll';

onReady(() => {
  const nav = document.querySelector<HTMLElement>('nav.menu');
  if (nav) watchMenuScroll(nav);
});
