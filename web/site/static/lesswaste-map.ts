/*
 * Ciao label la — the less-waste map: Leaflet with marker clusters (both bundled from node_modules into this
 * script; their stylesheets are served from node_modules too), tiles only when the server configures a tile
 * URL (otherwise the markers sit on a plain background), and the list beside the map redrawn from
 * `GET /api/places` whenever the position, radius or kinds change. The list is the accessible view: each
 * place is a heading with its kind, distance, address, hours and phone, the count is announced, and
 * "지도에서 보기" opens the place's marker.
 *
 * Position: the browser's, when permission was already granted or the member presses "내 위치로 찾기";
 * otherwise (or outside Korea) Seoul City Hall.
 */
import L from 'leaflet';
import 'leaflet.markercluster';
import { onReady, prefersReducedMotion, setText } from '../../browser/dom';
import { PLACE_KINDS, PLACE_KIND_LABELS, RADIUS_KM, SEOUL_CITY_HALL, isInsideKorea, isPlaceKind, type LatLng, type PlaceKind } from '../../../domain/places';
import { SEARCH_DOWN_MESSAGE, formatDistance, resultSummary, telHref } from '../places/place-format';
import type { PlaceItemOutput, PlacesReplyOutput } from '../schemas/places';

interface State {
  position: LatLng;
  isDefault: boolean;
  radiusKm: number;
  kinds: PlaceKind[];
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The popup of a marker: built with text nodes, never markup from the data. */
function popupOf(p: PlaceItemOutput): HTMLElement {
  const box = el('div', 'place-popup');
  box.append(el('strong', undefined, p.name));
  box.append(el('div', 'muted', `${PLACE_KIND_LABELS[p.kind]} · ${formatDistance(p.distanceM)}${p.demo ? ' · 데모' : ''}`));
  const address = p.roadAddress ?? p.lotAddress;
  if (address) box.append(el('div', undefined, address));
  if (p.hours) box.append(el('div', undefined, `운영시간 ${p.hours}`));
  return box;
}

/** One list item, the same markup as the server's (web/site/views/lesswaste.ts). */
function listItemOf(p: PlaceItemOutput): HTMLLIElement {
  const li = el('li', 'place-item');
  li.dataset.id = p.id;
  const article = el('article');
  const headingId = `place-${p.id}`;
  article.setAttribute('aria-labelledby', headingId);
  const h3 = el('h3', 'place-name', p.name);
  h3.id = headingId;
  if (p.demo) {
    const badge = el('span', 'badge badge-demo', '데모');
    badge.title = '데모 데이터: 실제 장소가 아니에요';
    h3.append(' ', badge);
  }
  const meta = el('p', 'place-meta');
  meta.append(el('span', `kind kind-${p.kind}`, PLACE_KIND_LABELS[p.kind]), ' · ', el('span', 'place-distance', formatDistance(p.distanceM)));
  article.append(h3, meta);
  const address = p.roadAddress ?? p.lotAddress;
  if (address) article.append(el('p', 'place-address', address));
  if (p.hours) article.append(el('p', 'place-hours', `운영시간 ${p.hours}`));
  if (p.phone) {
    const phone = el('p', 'place-phone', '전화 ');
    const a = el('a', undefined, p.phone);
    a.href = telHref(p.phone);
    phone.append(a);
    article.append(phone);
  }
  const show = el('button', 'link-button place-show', '지도에서 보기');
  show.type = 'button';
  show.dataset.show = p.id;
  article.append(show);
  li.append(article);
  return li;
}

function start(): void {
  const root = document.querySelector<HTMLElement>('[data-places-map]');
  const mapBox = root?.querySelector<HTMLElement>('[data-map]');
  const form = root?.querySelector<HTMLFormElement>('form.place-filters');
  const list = root?.querySelector<HTMLOListElement>('[data-list]');
  if (!root || !mapBox || !form || !list) return;
  const radiusInput = form.querySelector<HTMLInputElement>('input[name="radiusKm"]');
  const radiusValue = form.querySelector('[data-radius-value]');
  const kindBoxes = [...form.querySelectorAll<HTMLInputElement>('input[name="kind"]')];
  const locate = form.querySelector<HTMLButtonElement>('[data-locate]');
  const summary = root.querySelector('[data-summary]');
  const notice = root.querySelector<HTMLElement>('[data-notice]');
  const positionLine = root.querySelector('[data-position]');
  const latField = form.querySelector<HTMLInputElement>('[data-lat-field]');
  const lngField = form.querySelector<HTMLInputElement>('[data-lng-field]');

  const checkedKinds = (): PlaceKind[] => kindBoxes.filter((b) => b.checked).map((b) => b.value).filter(isPlaceKind);
  const state: State = {
    position: { lat: Number(root.dataset.lat) || SEOUL_CITY_HALL.lat, lng: Number(root.dataset.lng) || SEOUL_CITY_HALL.lng },
    isDefault: root.dataset.defaultPosition === '1',
    radiusKm: Number(radiusInput?.value) || RADIUS_KM.default,
    kinds: checkedKinds(),
  };

  const showNotice = (text: string | null): void => {
    if (!notice) return;
    notice.hidden = !text;
    setText(notice, text ?? '');
  };

  // The map.
  mapBox.replaceChildren();
  const tileUrl = root.dataset.tileUrl ?? '';
  const map = L.map(mapBox, { minZoom: 6, maxZoom: 19, zoomControl: true, attributionControl: Boolean(tileUrl), zoomAnimation: !prefersReducedMotion(), fadeAnimation: !prefersReducedMotion(), markerZoomAnimation: !prefersReducedMotion(), keyboard: true });
  // The view first: layers join a map only once it has one.
  const fit = () => map.fitBounds(L.latLng(state.position.lat, state.position.lng).toBounds(state.radiusKm * 2000), { padding: [8, 8], animate: false });
  fit();
  if (tileUrl) {
    L.tileLayer(tileUrl, { attribution: root.dataset.tileAttribution ?? '', maxZoom: 19 }).addTo(map);
    map.attributionControl.setPrefix(false);
  } else {
    mapBox.classList.add('no-tiles');
  }
  const radiusCircle = L.circle([state.position.lat, state.position.lng], { radius: state.radiusKm * 1000, className: 'radius-circle', interactive: false }).addTo(map);
  const here = L.circleMarker([state.position.lat, state.position.lng], { radius: 7, className: 'center-marker', interactive: false }).addTo(map);
  const cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45, animate: !prefersReducedMotion() });
  map.addLayer(cluster);
  const markers = new Map<string, L.Marker>();

  const draw = (reply: PlacesReplyOutput): void => {
    cluster.clearLayers();
    markers.clear();
    const layers = reply.places.map((p) => {
      const marker = L.marker([p.lat, p.lng], {
        icon: L.divIcon({ className: `place-pin kind-${p.kind}`, html: '', iconSize: [18, 18] }),
        title: `${p.name} (${PLACE_KIND_LABELS[p.kind]}, ${formatDistance(p.distanceM)})`,
        alt: p.name,
        keyboard: true,
      }).bindPopup(popupOf(p));
      markers.set(p.id, marker);
      return marker;
    });
    cluster.addLayers(layers);
    list.replaceChildren(...reply.places.map(listItemOf));
    setText(summary, resultSummary(reply.radiusKm, reply.total, reply.places.length));
    root.dataset.loaded = String(reply.places.length);
  };

  let seq = 0;
  const search = async (): Promise<void> => {
    const mine = ++seq;
    radiusCircle.setLatLng([state.position.lat, state.position.lng]).setRadius(state.radiusKm * 1000);
    here.setLatLng([state.position.lat, state.position.lng]);
    fit();
    if (latField) latField.value = String(state.position.lat);
    if (lngField) lngField.value = String(state.position.lng);
    if (state.kinds.length === 0) {
      cluster.clearLayers();
      list.replaceChildren();
      setText(summary, '종류를 하나 이상 골라 주세요.');
      return;
    }
    root.setAttribute('aria-busy', 'true');
    const params = new URLSearchParams({ lat: String(state.position.lat), lng: String(state.position.lng), radiusKm: String(state.radiusKm) });
    if (state.kinds.length < PLACE_KINDS.length) params.set('kind', state.kinds.join(','));
    try {
      const res = await fetch(`/api/places?${params.toString()}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (mine !== seq) return;
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { message?: string };
        showNotice(res.status >= 500 ? SEARCH_DOWN_MESSAGE : (body.message ?? SEARCH_DOWN_MESSAGE));
        return;
      }
      showNotice(null);
      draw((await res.json()) as PlacesReplyOutput);
    } catch {
      if (mine === seq) showNotice(SEARCH_DOWN_MESSAGE);
    } finally {
      if (mine === seq) root.removeAttribute('aria-busy');
    }
  };

  let timer: number | undefined;
  const searchSoon = (): void => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void search(), 200);
  };

  radiusInput?.addEventListener('input', () => {
    state.radiusKm = Number(radiusInput.value);
    setText(radiusValue, String(state.radiusKm));
    radiusCircle.setRadius(state.radiusKm * 1000);
  });
  radiusInput?.addEventListener('change', searchSoon);
  for (const box of kindBoxes) {
    box.addEventListener('change', () => {
      state.kinds = checkedKinds();
      searchSoon();
    });
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void search();
  });
  list.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('[data-show]');
    const marker = button?.dataset.show ? markers.get(button.dataset.show) : undefined;
    if (!marker) return;
    cluster.zoomToShowLayer(marker, () => marker.openPopup());
    mapBox.scrollIntoView({ block: 'nearest', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
  });

  const useBrowserPosition = (): void => {
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const position = { lat: Math.round(pos.coords.latitude * 1e5) / 1e5, lng: Math.round(pos.coords.longitude * 1e5) / 1e5 };
        if (!isInsideKorea(position)) {
          showNotice('현재 위치가 국내가 아니어서 서울시청을 기준으로 보여 드려요.');
          return;
        }
        state.position = position;
        state.isDefault = false;
        setText(positionLine, '기준 위치: 내 위치 (기록에는 약 1km 단위로만 남아요)');
        void search();
      },
      () => showNotice('위치를 알 수 없어서 서울시청을 기준으로 보여 드려요. 브라우저의 위치 권한을 확인해 주세요.'),
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 300_000 },
    );
  };
  if ('geolocation' in navigator && locate) {
    locate.hidden = false;
    locate.addEventListener('click', useBrowserPosition);
    // Ask on load only when the member already allowed it: no permission prompt the moment the page opens.
    if (state.isDefault && navigator.permissions) {
      navigator.permissions
        .query({ name: 'geolocation' })
        .then((status) => {
          if (status.state === 'granted') useBrowserPosition();
        })
        .catch(() => undefined);
    }
  }

  // The server drew the first list and sent its result along for the markers; without it (the search was
  // down), try once more from here.
  let initial: PlacesReplyOutput | undefined;
  try {
    initial = root.dataset.initial ? (JSON.parse(root.dataset.initial) as PlacesReplyOutput) : undefined;
  } catch {
    initial = undefined;
  }
  if (initial) draw(initial);
  else void search();
}

onReady(start);
