// One camera's live view and recent alerts (opened from the map).
import type { AppContext } from '../context';
import { el, setPrefixedClass } from '../dom';
import { severityClass, statusClass } from '../format';
import { LiveImage } from '../media';
import { latestImageUrl, type Alert, type Camera } from '../types';

export class CameraPanel {
  readonly root: HTMLElement;
  private live: LiveImage | null = null;
  private cameraId: string | null = null;
  private recent: Alert[] = [];
  private readonly body: HTMLElement;
  private readonly hint: HTMLElement;

  constructor(private readonly ctx: AppContext) {
    this.hint = el('p', { class: 'muted camera-panel-hint' });
    this.body = el('div', { class: 'camera-panel-body' });
    this.root = el('aside', { id: 'camera-panel', class: 'camera-panel' }, this.hint, this.body);
    ctx.on('cameras', () => this.refreshHead());
    ctx.on('alerts', () => {
      if (this.active) void this.loadRecent();
    });
    ctx.on('settings', () => this.draw());
    document.addEventListener('visibilitychange', () => this.applyVisibility());
    this.draw();
  }

  /** Shows a camera (or nothing when null). */
  open(cameraId: string | null): void {
    if (cameraId === this.cameraId) return;
    this.live?.dispose();
    this.live = null;
    this.cameraId = cameraId;
    this.recent = [];
    const c = cameraId ? this.ctx.camera(cameraId) : undefined;
    if (c) {
      this.live = new LiveImage(this.ctx.api, latestImageUrl(c), (ok, frames) => {
        this.root.dataset.frames = String(frames);
        this.root.classList.toggle('no-image', !ok && frames === 0);
      });
      this.live.img.className = 'camera-panel-img';
    }
    this.draw();
    this.applyVisibility();
    void this.loadRecent();
  }

  /** Stops the live image when the map is not shown. */
  setActive(active: boolean): void {
    const was = this.active;
    this.active = active;
    this.applyVisibility();
    if (active && !was) void this.loadRecent();
  }

  private active = false;

  private applyVisibility(): void {
    this.live?.setVisible(this.active && document.visibilityState === 'visible');
  }

  private async loadRecent(): Promise<void> {
    const id = this.cameraId;
    if (!id) return;
    try {
      const alerts = await this.ctx.api.alerts({ camera: id, limit: 10 });
      if (id !== this.cameraId) return;
      this.recent = alerts;
    } catch {
      // keep what is shown; the feed's own banner reports an unreachable server
      if (id !== this.cameraId) return;
      this.recent = this.ctx.store.list().filter((a) => a.cameraId === id).slice(0, 10);
    }
    this.draw();
  }

  private refreshHead(): void {
    const c = this.cameraId ? this.ctx.camera(this.cameraId) : undefined;
    const status = this.root.querySelector('.camera-panel-status');
    if (c && status) {
      status.textContent = this.ctx.tEnum('status', c.status);
      setPrefixedClass(status, 'status-', statusClass(c.status));
    }
  }

  private draw(): void {
    const t = this.ctx.t.bind(this.ctx);
    const c: Camera | undefined = this.cameraId ? this.ctx.camera(this.cameraId) : undefined;
    this.hint.textContent = t('map.pick');
    this.hint.hidden = !!c;
    this.root.dataset.cameraId = c?.id ?? '';
    if (!c) {
      this.body.replaceChildren();
      return;
    }
    const close = el('button', { class: 'btn btn-small camera-panel-close', type: 'button', text: t('map.close') });
    close.addEventListener('click', () => this.open(null));
    const head = el(
      'div',
      { class: 'camera-panel-head' },
      el('h3', { class: 'camera-panel-name', text: c.name || c.id }),
      el('span', { class: `badge camera-panel-status ${statusClass(c.status)}`, text: this.ctx.tEnum('status', c.status) }),
      close,
    );
    const frame = el('div', { class: 'camera-panel-frame' }, this.live?.img ?? null);
    const list = el('ol', { class: 'camera-panel-alerts' });
    for (const a of this.recent) {
      list.append(
        el(
          'li',
          { class: `camera-panel-alert ${severityClass(a.severity)}`, 'data-alert-id': a.id },
          el('span', { class: `badge ${severityClass(a.severity)}`, text: a.severity }),
          el('span', { text: ` ${this.ctx.tEnum('type', a.type)} · ${this.ctx.dateTime(a.startedAt)} · ${this.ctx.tEnum('state', a.state ?? 'NEW')}` }),
        ),
      );
    }
    this.body.replaceChildren(
      head,
      el('div', { class: 'muted', text: [c.district, c.reason].filter(Boolean).join(' · ') }),
      frame,
      el('h4', { text: t('map.recent') }),
      this.recent.length ? list : el('p', { class: 'muted', text: t('map.noRecent') }),
    );
  }
}
