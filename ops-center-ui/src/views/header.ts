// The top bar: title, navigation, live-push state, cameras online, clock, language, time zone, sound,
// the user and the sign-out button.
import type { AppContext } from '../context';
import { el, fillSelect } from '../dom';
import { LANG_NAMES, LANGS, type Lang, type MessageKey } from '../i18n';
import type { LiveState, Transport } from '../live';
import { timeZones, zoneOffset } from '../time';

export type ViewName = 'wall' | 'map' | 'stats';
export const VIEWS: readonly ViewName[] = ['wall', 'map', 'stats'];

export interface HeaderActions {
  onView: (v: ViewName) => void;
  onLang: (l: Lang) => void;
  onTimeZone: (tz: string) => void;
  onSound: (on: boolean) => void;
  onLogout: () => void;
}

export class Header {
  readonly root: HTMLElement;
  private readonly nav = new Map<ViewName, HTMLButtonElement>();
  private readonly live: HTMLElement;
  private readonly liveLabel: HTMLElement;
  private readonly count: HTMLElement;
  private readonly countLabel: HTMLElement;
  private readonly clock: HTMLElement;
  private readonly lang: HTMLSelectElement;
  private readonly tz: HTMLSelectElement;
  private readonly sound: HTMLButtonElement;
  private readonly user: HTMLElement;
  private readonly logout: HTMLButtonElement;
  private liveState: [LiveState, Transport, number | undefined] = ['connecting', 'ws', undefined];
  private soundOn = true;

  constructor(
    private readonly ctx: AppContext,
    actions: HeaderActions,
  ) {
    const nav = el('nav', { class: 'nav' });
    for (const v of VIEWS) {
      const b = el('button', { type: 'button', class: 'nav-btn', 'data-view': v });
      b.addEventListener('click', () => actions.onView(v));
      this.nav.set(v, b);
      nav.append(b);
    }
    this.liveLabel = el('span', { class: 'live-label' });
    this.live = el('div', { id: 'live-status', class: 'live-status', role: 'status', 'aria-live': 'polite', 'data-state': 'connecting' },
      el('span', { class: 'live-dot', 'aria-hidden': 'true' }), this.liveLabel);
    this.countLabel = el('span', { class: 'stat-label' });
    this.count = el('span', { id: 'camera-count', class: 'stat-value', text: '– / –' });
    this.clock = el('time', { id: 'clock', class: 'clock' });
    this.lang = el('select', { id: 'lang' });
    this.lang.addEventListener('change', () => actions.onLang(this.lang.value as Lang));
    this.tz = el('select', { id: 'time-zone' });
    this.tz.addEventListener('change', () => actions.onTimeZone(this.tz.value));
    this.sound = el('button', { id: 'sound', type: 'button', class: 'btn btn-small' });
    this.sound.addEventListener('click', () => {
      this.soundOn = !this.soundOn;
      actions.onSound(this.soundOn);
      this.relabel();
    });
    this.user = el('span', { id: 'user', class: 'user', 'data-role': ctx.role, 'data-user': ctx.user });
    this.logout = el('button', { id: 'logout', type: 'button', class: 'btn btn-small' });
    this.logout.addEventListener('click', () => actions.onLogout());
    this.root = el(
      'header',
      { class: 'topbar' },
      el('h1', { class: 'title', text: 'CityWatch' }),
      nav,
      el('div', { class: 'topbar-stats' }, this.live, el('div', { class: 'stat' }, this.countLabel, this.count), this.clock),
      el('div', { class: 'topbar-settings' }, this.lang, this.tz, this.sound, this.user, this.logout),
    );
    ctx.on('settings', () => this.relabel());
    ctx.on('cameras', () => this.renderCount());
    this.relabel();
  }

  relabel(): void {
    const t = this.ctx.t.bind(this.ctx);
    for (const [v, b] of this.nav) b.textContent = t(`nav.${v}` as MessageKey);
    this.countLabel.textContent = t('header.cameras');
    fillSelect(this.lang, LANGS.map((l) => [l, LANG_NAMES[l]] as const), this.ctx.lang);
    this.lang.title = t('nav.language');
    const now = Date.now();
    fillSelect(this.tz, timeZones([this.ctx.timeZone]).map((z) => [z, `${z} (${zoneOffset(z, now)})`] as const), this.ctx.timeZone);
    this.tz.title = t('nav.timeZone');
    this.sound.textContent = this.soundOn ? t('nav.soundOn') : t('nav.soundOff');
    this.sound.setAttribute('aria-pressed', String(this.soundOn));
    this.user.textContent = this.ctx.user ? t('nav.user', { user: this.ctx.user, role: this.ctx.tEnum('role', this.ctx.role) }) : this.ctx.tEnum('role', this.ctx.role);
    this.logout.textContent = t('nav.logout');
    this.setLive(...this.liveState);
    this.tick();
  }

  setView(v: ViewName): void {
    for (const [name, b] of this.nav) {
      b.classList.toggle('active', name === v);
      b.setAttribute('aria-current', name === v ? 'page' : 'false');
    }
  }

  setLive(state: LiveState, transport: Transport, retryInMs?: number): void {
    this.liveState = [state, transport, retryInMs];
    const t = this.ctx.t.bind(this.ctx);
    this.live.dataset.state = state;
    this.live.dataset.transport = transport;
    this.live.classList.toggle('is-connected', state === 'connected');
    this.live.classList.toggle('is-reconnecting', state !== 'connected');
    this.liveLabel.textContent =
      state === 'connected' ? (transport === 'sse' ? t('live.sse') : t('live.connected')) : state === 'connecting' ? t('live.connecting') : t('live.reconnecting');
    this.live.title = state === 'reconnecting' && retryInMs !== undefined ? t('live.retryIn', { s: Math.ceil(retryInMs / 1000) }) : '';
  }

  private renderCount(): void {
    const cams = this.ctx.cameras;
    const online = cams.filter((c) => c.online ?? c.status === 'STREAMING').length;
    this.count.textContent = `${online} / ${cams.length}`;
    this.count.classList.toggle('count-degraded', online < cams.length);
  }

  tick(): void {
    this.clock.textContent = this.ctx.time(Date.now());
    this.clock.title = this.ctx.timeZone;
  }
}
