// DOM rendering of the header, the camera grid and the alert feed.
// Everything from the server is set with textContent / attributes, never as HTML.
import type { Alert, Camera } from './api';
import type { LiveState } from './live';
import {
  analysisClass,
  analysisText,
  cacheBustedUrl,
  formatClockTime,
  isOffline,
  safeUrl,
  severityClass,
  statusClass,
  statusText,
} from './format';

/** A request for a tile's image that has not ended after this long no longer blocks the next one. */
const IMAGE_STUCK_MS = 10_000;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Replaces the classes of `e` that start with `prefix` by `cls`. */
function setPrefixedClass(e: Element, prefix: string, cls: string): void {
  for (const c of [...e.classList]) if (c.startsWith(prefix) && c !== cls) e.classList.remove(c);
  e.classList.add(cls);
}

/** Puts `nodes` into `container` in this order, moving only what is out of place (moving an <img> does not reload it). */
function placeInOrder(container: HTMLElement, nodes: readonly HTMLElement[]): void {
  let cursor = container.firstElementChild;
  for (const node of nodes) {
    if (node === cursor) cursor = cursor.nextElementSibling;
    else container.insertBefore(node, cursor);
  }
}

// ---------------------------------------------------------------- header

export function renderWsStatus(target: HTMLElement, state: LiveState, retryInMs?: number): void {
  target.dataset.state = state;
  target.classList.toggle('ws-connected', state === 'connected');
  target.classList.toggle('ws-reconnecting', state !== 'connected');
  const label = target.querySelector('.ws-label') ?? target;
  if (state === 'connected') label.textContent = 'Live';
  else if (state === 'connecting') label.textContent = 'Connecting…';
  else label.textContent = 'Reconnecting…';
  target.title = state === 'reconnecting' && retryInMs !== undefined
    ? `Live alerts disconnected; next attempt in ${Math.ceil(retryInMs / 1000)} s`
    : '';
}

export function renderCameraCount(target: HTMLElement, counts: { streaming: number; total: number } | null): void {
  target.textContent = counts ? `${counts.streaming} / ${counts.total}` : '– / –';
  target.classList.toggle('count-degraded', counts !== null && counts.streaming < counts.total);
}

/** Shows `message` in the banner, or hides it when null. */
export function renderBanner(target: HTMLElement, message: string | null): void {
  target.hidden = message === null;
  target.textContent = message ?? '';
}

// ---------------------------------------------------------------- camera grid

interface Tile {
  camera: Camera;
  root: HTMLElement;
  img: HTMLImageElement;
  placeholderText: HTMLElement;
  name: HTMLElement;
  status: HTMLElement;
  district: HTMLElement;
  detail: HTMLElement;
  analysis: HTMLElement;
  reason: HTMLElement;
  loadingSince: number | null;
}

export class CameraGridView {
  private readonly tiles = new Map<string, Tile>();

  constructor(
    private readonly container: HTMLElement,
    private readonly emptyNote: HTMLElement | null,
  ) {}

  /** Adds, updates, reorders and removes tiles to match `cameras` (in the server's order). */
  update(cameras: readonly Camera[], now: number): void {
    const seen = new Set<string>();
    const order: HTMLElement[] = [];
    for (const camera of cameras) {
      if (seen.has(camera.id)) continue;
      seen.add(camera.id);
      let tile = this.tiles.get(camera.id);
      if (!tile) {
        tile = this.createTile(camera);
        this.tiles.set(camera.id, tile);
        this.fillTile(tile);
        this.loadImage(tile, now);
      } else {
        tile.camera = camera;
        this.fillTile(tile);
      }
      order.push(tile.root);
    }
    for (const [id, tile] of this.tiles) {
      if (!seen.has(id)) {
        tile.root.remove();
        this.tiles.delete(id);
      }
    }
    placeInOrder(this.container, order);
    if (this.emptyNote) {
      this.emptyNote.hidden = this.tiles.size > 0;
      this.emptyNote.textContent = 'No cameras configured.';
    }
  }

  /** Red border on the tiles of cameras with a recent alert. */
  setAlerting(cameraIds: ReadonlySet<string>): void {
    for (const [id, tile] of this.tiles) tile.root.classList.toggle('alerting', cameraIds.has(id));
  }

  /** Asks each tile for a fresh image, unless its previous request is still under way. */
  refreshImages(now: number): void {
    for (const tile of this.tiles.values()) this.loadImage(tile, now);
  }

  private createTile(camera: Camera): Tile {
    const root = el('article', 'camera-tile no-image');
    root.dataset.cameraId = camera.id;

    const frame = el('div', 'camera-frame');
    const img = el('img', 'camera-img');
    img.decoding = 'async';
    const placeholder = el('div', 'camera-placeholder');
    const placeholderText = el('span', 'camera-placeholder-text');
    placeholder.append(placeholderText, el('span', 'camera-placeholder-note', 'No image'));
    const status = el('span', 'camera-status badge');
    frame.append(img, placeholder, status);

    const info = el('div', 'camera-info');
    const name = el('h2', 'camera-name');
    const metaRow = el('div', 'camera-meta');
    const district = el('span', 'camera-district');
    const detail = el('span', 'camera-detail');
    const analysis = el('span', 'camera-analysis');
    metaRow.append(district, detail, analysis);
    const reason = el('div', 'camera-reason');
    info.append(name, metaRow, reason);
    root.append(frame, info);

    const tile: Tile = {
      camera, root, img, placeholderText, name, status, district, detail, analysis, reason, loadingSince: null,
    };
    img.addEventListener('load', () => {
      tile.loadingSince = null;
      root.classList.remove('no-image');
    });
    img.addEventListener('error', () => {
      tile.loadingSince = null;
      root.classList.add('no-image');
    });
    return tile;
  }

  private fillTile(tile: Tile): void {
    const c = tile.camera;
    const name = c.name || c.id;
    const sClass = statusClass(c.status);
    setPrefixedClass(tile.root, 'status-', sClass);
    setPrefixedClass(tile.status, 'status-', sClass);
    tile.name.textContent = name;
    tile.name.title = `${name} (${c.id})`;
    tile.status.textContent = c.status;
    tile.status.title = statusText(c);
    tile.district.textContent = c.district ?? '';
    if (c.status === 'STREAMING') {
      tile.detail.textContent = Number.isFinite(c.fps) ? `${c.fps.toFixed(1)} fps` : '';
    } else {
      tile.detail.textContent = c.since ? `since ${formatClockTime(c.since)}` : '';
    }
    setPrefixedClass(tile.analysis, 'analysis-', analysisClass(c.analysis?.state));
    tile.analysis.textContent = analysisText(c.analysis);
    tile.analysis.title = c.analysis?.reason ?? '';
    const showReason = isOffline(c.status) && !!c.reason;
    tile.reason.hidden = !showReason;
    tile.reason.textContent = showReason ? (c.reason ?? '') : '';
    tile.placeholderText.textContent = statusText(c);
    tile.img.alt = `Latest image from ${name}`;
  }

  private loadImage(tile: Tile, now: number): void {
    if (tile.loadingSince !== null && now - tile.loadingSince < IMAGE_STUCK_MS) return;
    const url = safeUrl(tile.camera.latestImage);
    if (!url) {
      tile.root.classList.add('no-image');
      return;
    }
    tile.loadingSince = now;
    tile.img.src = cacheBustedUrl(url, now);
  }
}

// ---------------------------------------------------------------- alert feed

export class AlertFeedView {
  private readonly items = new Map<string, HTMLElement>();

  constructor(
    private readonly container: HTMLElement,
    private readonly emptyNote: HTMLElement | null,
  ) {}

  /**
   * Shows `alerts` (newest first), reusing the elements of alerts already shown.
   * New entries are briefly highlighted when `highlightNew` (not for the history shown at start).
   */
  render(alerts: readonly Alert[], cameraName: (cameraId: string) => string | undefined, highlightNew: boolean): void {
    const keep = new Set<string>();
    const order: HTMLElement[] = [];
    for (const a of alerts) {
      keep.add(a.id);
      let item = this.items.get(a.id);
      if (item && item.dataset.version !== String(a.version ?? 0)) {
        // A newer version of the alert (updated, ended, acted on): drawn again in place.
        const fresh = createAlertItem(a, cameraName(a.cameraId));
        item.replaceWith(fresh);
        item = fresh;
        this.items.set(a.id, item);
      }
      if (!item) {
        item = createAlertItem(a, cameraName(a.cameraId));
        if (highlightNew) item.classList.add('alert-new');
        this.items.set(a.id, item);
      }
      order.push(item);
    }
    for (const [id, item] of this.items) {
      if (!keep.has(id)) {
        item.remove();
        this.items.delete(id);
      }
    }
    placeInOrder(this.container, order);
    if (this.emptyNote) this.emptyNote.hidden = alerts.length > 0;
  }
}

function createAlertItem(a: Alert, knownCameraName: string | undefined): HTMLElement {
  const item = el('li', `alert-item ${severityClass(a.severity)}`);
  item.dataset.alertId = a.id;
  item.dataset.cameraId = a.cameraId;
  item.dataset.version = String(a.version ?? 0);
  if (a.active === false) item.classList.add('alert-ended');
  const cameraName = a.cameraName || knownCameraName || a.cameraId;

  const snapshot = safeUrl(a.snapshotUrl);
  if (snapshot) {
    const link = el('a', 'alert-thumb');
    link.href = snapshot;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.title = 'Open the full snapshot in a new tab';
    const img = el('img');
    img.src = snapshot;
    img.alt = `Snapshot: ${a.type} at ${cameraName}`;
    img.loading = 'lazy';
    img.decoding = 'async';
    img.addEventListener('error', () => link.classList.add('thumb-missing'));
    link.append(img);
    item.append(link);
  } else {
    item.append(el('div', 'alert-thumb thumb-missing'));
  }

  const body = el('div', 'alert-body');
  const head = el('div', 'alert-head');
  const time = el('time', 'alert-time', formatClockTime(a.startedAt));
  time.dateTime = a.startedAt;
  time.title = a.startedAt;
  head.append(
    time,
    el('span', `alert-severity badge ${severityClass(a.severity)}`, a.severity),
    el('span', 'alert-type', a.type),
  );
  if (a.state) head.append(el('span', `alert-state badge state-${a.state.toLowerCase()}`, a.state));
  if (a.active === false) head.append(el('span', 'alert-ended-badge badge', 'ended'));
  body.append(head, el('div', 'alert-camera', a.zone ? `${cameraName} · ${a.zone}` : cameraName));
  if (a.message) body.append(el('div', 'alert-message', a.message));
  const clip = safeUrl(a.clipUrl);
  if (clip) {
    const link = el('a', 'alert-clip', 'clip');
    link.href = clip;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    body.append(link);
  }
  item.append(body);
  return item;
}
