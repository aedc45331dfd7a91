// The logged-in dashboard: header, the three views (wall, map, statistics) and the alert feed beside them,
// fed by the camera list (polled), the alert history and the live push.
import { needsAttention } from './alerts';
import { ApiError } from './client';
import type { AppContext } from './context';
import { el } from './dom';
import type { Lang } from './i18n';
import { LivePush } from './live';
import { Poller } from './poller';
import type { PushMessage } from './push';
import { Alarm } from './sound';
import { saveTimeZone } from './time';
import type { UiConfig } from './types';
import { FeedView } from './views/feed';
import { Header, VIEWS, type ViewName } from './views/header';
import { WallView } from './views/wall';

const CAMERA_POLL_MS = 5_000;
const ALERTS_RETRY_MS = 5_000;
const HISTORY_LIMIT = 100;
/** An unacknowledged P1 beeps again this often. */
const P1_REMINDER_MS = 30_000;

interface LazyView {
  root: HTMLElement;
  setActive(active: boolean): void | Promise<void>;
}

export interface AppHooks {
  onLogout: () => void;
  onLang: (l: Lang) => void;
}

export class App {
  private readonly header: Header;
  private readonly wall: WallView;
  private readonly feed: FeedView;
  private readonly views: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly lazy = new Map<ViewName, Promise<LazyView>>();
  private readonly live: LivePush;
  private readonly alarm = new Alarm();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  /** The camera list: every 5 s, and at once after a pin (the schedule changes at once on the server). */
  private readonly cameraPoll = new Poller(() => this.pollCameras(), CAMERA_POLL_MS);
  private alertsRetry: ReturnType<typeof setTimeout> | null = null;
  private camerasOk = true;
  private alertsOk = true;
  private current: ViewName = 'wall';
  private stopped = false;
  private readonly uiConfig: Promise<UiConfig>;
  private readonly onHash = () => this.show(this.viewFromHash());
  private readonly onGesture = () => this.alarm.unlock();

  constructor(
    private readonly root: HTMLElement,
    private readonly ctx: AppContext,
    hooks: AppHooks,
  ) {
    this.header = new Header(ctx, {
      onView: (v) => {
        location.hash = v;
      },
      onLang: (l) => hooks.onLang(l),
      onTimeZone: (tz) => {
        ctx.timeZone = tz;
        saveTimeZone(localStorage, tz);
        ctx.emit('settings');
      },
      onSound: (on) => {
        this.alarm.muted = !on;
      },
      onLogout: () => hooks.onLogout(),
    });
    this.wall = new WallView(ctx);
    this.feed = new FeedView(ctx);
    this.banner = el('div', { id: 'api-status', class: 'banner', role: 'alert' });
    this.banner.hidden = true;
    this.views = el('main', { class: 'views' }, this.wall.root);
    this.uiConfig = ctx.api.uiConfig();
    this.uiConfig.catch(() => undefined);
    this.live = new LivePush({
      location: window.location,
      token: () => ctx.api.token(),
      onMessage: (m) => this.onPush(m),
      onState: (state, transport, retryInMs) => {
        this.header.setLive(state, transport, retryInMs);
        // A refused handshake looks like any failure: ask the API whether the session is still valid.
        if (state === 'reconnecting' && retryInMs !== undefined) void ctx.api.me().catch(() => undefined);
      },
      onOpen: ({ resumed }) => {
        // Resumed: the server sends what was missed (or a gap). Otherwise fetch the history now, so
        // nothing raised between the first fetch and the socket opening is lost.
        if (!resumed) void this.loadAlerts();
      },
    });
  }

  start(): void {
    this.root.replaceChildren(
      el('div', { class: 'app' }, this.header.root, this.banner, el('div', { class: 'layout' }, this.views, this.feed.root)),
    );
    document.addEventListener('pointerdown', this.onGesture);
    window.addEventListener('hashchange', this.onHash);
    this.show(this.viewFromHash());
    this.ctx.on('pins', () => this.cameraPoll.now());
    this.cameraPoll.start();
    void this.loadAlerts();
    this.live.start();
    this.timers.push(setInterval(() => this.header.tick(), 1_000));
    this.timers.push(
      setInterval(() => {
        if (this.ctx.store.list().some(needsAttention)) this.alarm.beep();
      }, P1_REMINDER_MS),
    );
  }

  /** Allowed to play sound: called from the login click. */
  unlockSound(): void {
    this.alarm.unlock();
  }

  stop(): void {
    this.stopped = true;
    this.live.stop();
    for (const t of this.timers) clearInterval(t);
    this.cameraPoll.stop();
    if (this.alertsRetry !== null) clearTimeout(this.alertsRetry);
    document.removeEventListener('pointerdown', this.onGesture);
    window.removeEventListener('hashchange', this.onHash);
    for (const v of this.lazy.values()) void v.then((x) => x.setActive(false));
    // Tiles and feed media revoke their object URLs; page-wide listeners go.
    this.wall.dispose();
    this.feed.dispose();
    this.ctx.store.clear();
  }

  private viewFromHash(): ViewName {
    const h = location.hash.replace(/^#/, '');
    return (VIEWS as readonly string[]).includes(h) ? (h as ViewName) : 'wall';
  }

  private show(v: ViewName): void {
    this.current = v;
    this.header.setView(v);
    this.wall.root.hidden = v !== 'wall';
    for (const [name, p] of this.lazy) {
      void p.then((view) => {
        view.root.hidden = name !== this.current;
        void view.setActive(name === this.current);
      });
    }
    if (v !== 'wall' && !this.lazy.has(v)) {
      const p = this.load(v);
      this.lazy.set(v, p);
      void p.then((view) => {
        this.views.append(view.root);
        view.root.hidden = this.current !== v;
        void view.setActive(this.current === v);
      });
    }
    document.body.dataset.view = v;
  }

  /** The map and the charts are loaded on first use (their libraries are split off the first page load). */
  private async load(v: ViewName): Promise<LazyView> {
    if (v === 'map') {
      const { MapView } = await import('./views/map');
      return new MapView(this.ctx, this.uiConfig);
    }
    const { StatsView } = await import('./views/stats');
    return new StatsView(this.ctx);
  }

  private onPush(m: PushMessage): void {
    switch (m.type) {
      case 'alert': {
        const isNew = !this.ctx.store.has(m.alert.id);
        this.ctx.mergeAlerts([m.alert]);
        if ((m.event === 'RAISED' || isNew) && needsAttention(m.alert)) this.alarm.beep();
        break;
      }
      case 'camera':
        this.ctx.updateCamera(m.camera);
        break;
      case 'gap':
        void this.loadAlerts();
        break;
    }
  }

  private async pollCameras(): Promise<void> {
    try {
      const cameras = await this.ctx.api.cameras();
      if (this.stopped) return;
      this.ctx.setCameras(cameras);
      this.camerasOk = true;
    } catch (e) {
      this.camerasOk = e instanceof ApiError && e.status === 401;
    }
    this.updateBanner();
  }

  private async loadAlerts(): Promise<void> {
    if (this.alertsRetry !== null) clearTimeout(this.alertsRetry);
    this.alertsRetry = null;
    if (this.stopped) return;
    try {
      this.ctx.mergeAlerts(await this.ctx.api.alerts({ limit: HISTORY_LIMIT }));
      this.alertsOk = true;
    } catch {
      this.alertsOk = false;
      this.alertsRetry = setTimeout(() => void this.loadAlerts(), ALERTS_RETRY_MS);
    }
    this.updateBanner();
  }

  private updateBanner(): void {
    const what: string[] = [];
    if (!this.camerasOk) what.push(this.ctx.t('banner.cameras'));
    if (!this.alertsOk) what.push(this.ctx.t('banner.alerts'));
    this.banner.hidden = what.length === 0;
    this.banner.textContent = what.length ? this.ctx.t('banner.unreachable', { what: what.join(', ') }) : '';
  }
}
