// The alert wall: a square grid of camera tiles (2x2..6x6, chosen or fitted to the screen), each with its
// live image (refreshed about once a second while visible), name, status, a border coloured by the
// severity of its open alert, and a pin button for operators.
import type { AppContext } from '../context';
import { el, fillSelect, placeInOrder, setPrefixedClass } from '../dom';
import { severityClass, statusClass } from '../format';
import { GRID_CHOICES, gridSize, parseGridChoice, wallCameras, type GridChoice } from '../grid';
import { LiveImage } from '../media';
import { latestImageUrl, type Camera } from '../types';

const GRID_KEY = 'citywatch.grid';

interface Tile {
  camera: Camera;
  root: HTMLElement;
  live: LiveImage;
  placeholder: HTMLElement;
  name: HTMLElement;
  district: HTMLElement;
  status: HTMLElement;
  alert: HTMLElement;
  analysis: HTMLElement;
  pin: HTMLButtonElement | null;
  inView: boolean;
}

export class WallView {
  readonly root: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly gridSelect: HTMLSelectElement;
  private readonly shown: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly title: HTMLElement;
  private readonly gridLabel: HTMLElement;
  private readonly error: HTMLElement;
  private readonly tiles = new Map<string, Tile>();
  private readonly observer: IntersectionObserver;
  private readonly resize: ResizeObserver;
  private choice: GridChoice;
  private readonly onVisibility = () => {
    for (const tile of this.tiles.values()) this.applyVisibility(tile);
  };
  private size = 2;
  private camerasLoaded = false;

  constructor(private readonly ctx: AppContext) {
    this.choice = parseGridChoice(localStorage.getItem(GRID_KEY));
    this.title = el('h2', { class: 'panel-title' });
    this.gridLabel = el('label', { for: 'camera-grid-size' });
    this.gridSelect = el('select', { id: 'camera-grid-size' });
    this.gridSelect.addEventListener('change', () => {
      this.choice = parseGridChoice(this.gridSelect.value);
      localStorage.setItem(GRID_KEY, String(this.choice));
      this.render();
    });
    this.shown = el('span', { class: 'wall-shown muted' });
    this.error = el('span', { class: 'wall-error', role: 'alert' });
    this.error.hidden = true;
    this.empty = el('p', { class: 'empty-note', id: 'wall-empty' });
    this.grid = el('div', { id: 'camera-grid', class: 'camera-grid' });
    this.root = el(
      'section',
      { id: 'wall', class: 'view wall-view' },
      el('div', { class: 'toolbar' }, this.title, this.gridLabel, this.gridSelect, this.shown, this.error),
      this.empty,
      this.grid,
    );
    this.observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        const id = (e.target as HTMLElement).dataset.cameraId;
        const tile = id ? this.tiles.get(id) : undefined;
        if (tile) {
          tile.inView = e.isIntersecting;
          this.applyVisibility(tile);
        }
      }
    });
    this.resize = new ResizeObserver(() => {
      if (this.choice === 'auto') this.render();
    });
    this.resize.observe(this.grid);
    document.addEventListener('visibilitychange', this.onVisibility);
    ctx.on('cameras', () => {
      this.camerasLoaded = true;
      this.render();
    });
    ctx.on('alerts', () => this.render());
    ctx.on('pins', () => this.render());
    ctx.on('settings', () => this.relabel());
    this.relabel();
  }

  private relabel(): void {
    const t = this.ctx.t.bind(this.ctx);
    this.title.textContent = t('wall.title');
    this.gridLabel.textContent = t('wall.grid');
    fillSelect(
      this.gridSelect,
      GRID_CHOICES.map((c) => [String(c), c === 'auto' ? t('wall.auto') : `${c}×${c}`] as const),
      String(this.choice),
    );
    for (const tile of this.tiles.values()) this.fill(tile);
    this.render();
  }

  /** Stops every tile and lets go of the page-wide listeners (sign-out). */
  dispose(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.observer.disconnect();
    this.resize.disconnect();
    for (const tile of this.tiles.values()) tile.live.dispose();
    this.tiles.clear();
  }

  private applyVisibility(tile: Tile): void {
    tile.live.setVisible(tile.inView && document.visibilityState === 'visible');
  }

  render(): void {
    const cameras = this.ctx.cameras;
    const open = this.ctx.openSeverity();
    this.size = gridSize(this.choice, cameras.length, this.grid.clientWidth || 1200, this.grid.clientHeight || 800);
    const onWall = wallCameras(cameras, this.ctx.pinnedIds(), open, this.size * this.size);
    this.grid.style.setProperty('--grid-n', String(this.size));
    this.grid.dataset.size = String(this.size);

    const keep = new Set(onWall.map((c) => c.id));
    for (const [id, tile] of this.tiles) {
      if (!keep.has(id)) {
        this.observer.unobserve(tile.root);
        tile.live.dispose();
        tile.root.remove();
        this.tiles.delete(id);
      }
    }
    const order: HTMLElement[] = [];
    for (const c of onWall) {
      let tile = this.tiles.get(c.id);
      if (!tile) {
        tile = this.createTile(c);
        this.tiles.set(c.id, tile);
      }
      tile.camera = c;
      this.fill(tile);
      order.push(tile.root);
    }
    placeInOrder(this.grid, order);
    for (const tile of this.tiles.values()) this.observer.observe(tile.root);

    this.empty.hidden = cameras.length > 0;
    this.empty.textContent = this.camerasLoaded ? this.ctx.t('wall.noCameras') : this.ctx.t('wall.empty');
    this.shown.textContent = this.ctx.t('wall.shown', { shown: onWall.length, total: cameras.length });
  }

  private createTile(c: Camera): Tile {
    const root = el('article', { class: 'tile no-image', 'data-camera-id': c.id, 'data-frames': 0, 'data-changes': 0 });
    const placeholder = el('div', { class: 'tile-placeholder' });
    const status = el('span', { class: 'tile-status badge' });
    const alert = el('span', { class: 'tile-alert badge' });
    const live = new LiveImage(this.ctx.api, latestImageUrl(c), (ok, frames, changes) => {
      root.classList.toggle('no-image', !ok && frames === 0);
      root.dataset.frames = String(frames);
      root.dataset.changes = String(changes);
    });
    live.img.className = 'tile-img';
    const frame = el('div', { class: 'tile-frame' }, live.img, placeholder, status, alert);
    const name = el('h3', { class: 'tile-name' });
    const district = el('span', { class: 'tile-district' });
    const analysis = el('span', { class: 'tile-analysis' });
    let pin: HTMLButtonElement | null = null;
    if (this.ctx.can('pin')) {
      const button = el('button', { class: 'btn btn-small tile-pin', type: 'button' });
      button.addEventListener('click', () => void this.togglePin(tile));
      pin = button;
    }
    const info = el('div', { class: 'tile-info' }, name, el('div', { class: 'tile-meta' }, district, analysis, pin));
    root.append(frame, info);
    const tile: Tile = { camera: c, root, live, placeholder, name, district, status, alert, analysis, pin, inView: false };
    return tile;
  }

  private fill(tile: Tile): void {
    const c = tile.camera;
    const t = this.ctx.t.bind(this.ctx);
    const name = c.name || c.id;
    setPrefixedClass(tile.root, 'status-', statusClass(c.status));
    tile.root.dataset.status = c.status;
    tile.name.textContent = name;
    tile.name.title = `${name} (${c.id})`;
    tile.district.textContent = c.district ?? '';
    tile.status.textContent = this.ctx.tEnum('status', c.status);
    setPrefixedClass(tile.status, 'status-', statusClass(c.status));
    tile.status.title = c.reason ? `${c.status} — ${c.reason}` : c.status;
    tile.placeholder.textContent = `${this.ctx.tEnum('status', c.status)} · ${t('wall.noImage')}`;
    tile.live.img.alt = t('wall.imageAlt', { name });
    const a = c.analysis;
    tile.analysis.textContent = a ? `${this.ctx.tEnum('analysis', a.state)}${a.fps ? ` · ${a.fps.toFixed(1)} fps` : ''}` : '';
    if (a) tile.root.dataset.analysis = a.state;
    else delete tile.root.dataset.analysis;
    const sev = this.ctx.openSeverity().get(c.id) ?? null;
    setPrefixedClass(tile.root, 'sev-border-', sev ? `sev-border-${sev.toLowerCase()}` : null);
    if (sev) tile.root.dataset.alertSeverity = sev;
    else delete tile.root.dataset.alertSeverity;
    tile.alert.hidden = !sev;
    if (sev) {
      const worst = this.ctx.store.list().find((x) => x.cameraId === c.id && x.severity === sev);
      tile.alert.textContent = `${sev} ${worst ? this.ctx.tEnum('type', worst.type) : ''}`;
      setPrefixedClass(tile.alert, 'sev-', severityClass(sev));
    }
    const pinned = this.ctx.isPinned(c);
    tile.root.classList.toggle('pinned', pinned);
    if (tile.pin) {
      tile.pin.textContent = pinned ? t('wall.unpin') : t('wall.pin');
      tile.pin.setAttribute('aria-pressed', String(pinned));
    }
  }

  private async togglePin(tile: Tile): Promise<void> {
    const on = !this.ctx.isPinned(tile.camera);
    if (tile.pin) tile.pin.disabled = true;
    try {
      await this.ctx.api.pin(tile.camera.id, on);
      this.error.hidden = true;
      this.ctx.setPinned(tile.camera.id, on);
    } catch (e) {
      this.error.hidden = false;
      this.error.textContent = this.ctx.t('wall.pinFailed', { message: e instanceof Error ? e.message : String(e) });
    } finally {
      if (tile.pin) tile.pin.disabled = false;
    }
  }
}
