// The alert feed: newest first, filterable (severity, type, district, state), each alert with its snapshot,
// its clip when there is one, and the actions the logged-in role may take. An unacknowledged P1 stays
// highlighted.
import { needsAttention } from '../alerts';
import { actionsFor } from '../auth';
import type { AlertAction } from '../client';
import type { AppContext } from '../context';
import { el, fillSelect, placeInOrder } from '../dom';
import { choices, applyFilter, NO_FILTER, type FeedFilter } from '../filters';
import { severityClass } from '../format';
import type { MessageKey } from '../i18n';
import { AuthedImage } from '../media';
import { alertZone, ALERT_STATES, ALERT_TYPES, SEVERITIES, type Alert } from '../types';

interface Media {
  snapshot: AuthedImage | null;
  /** The object URL of the clip being played. */
  clipUrl: string | null;
}

interface Item {
  key: string;
  root: HTMLElement;
}

/** Fields each action asks for before it is sent (none: sent at once). */
const FORMS: Record<AlertAction, readonly ('unit' | 'note' | 'why')[]> = {
  acknowledge: [],
  dispatch: ['unit', 'note'],
  resolve: ['why'],
  'false-alarm': ['why'],
};

export class FeedView {
  readonly root: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly empty: HTMLElement;
  private readonly count: HTMLElement;
  private readonly title: HTMLElement;
  private readonly selects: Record<keyof FeedFilter, HTMLSelectElement>;
  private readonly labels: Record<keyof FeedFilter, HTMLElement>;
  private filter: FeedFilter = { ...NO_FILTER };
  private filtersKey = '';
  private readonly items = new Map<string, Item>();
  private readonly media = new Map<string, Media>();
  /** The action form open on an alert, kept across redraws. */
  private readonly openForms = new Map<string, AlertAction>();
  private readonly errors = new Map<string, string>();
  private readonly thumbs: IntersectionObserver;

  constructor(private readonly ctx: AppContext) {
    this.title = el('h2', { class: 'panel-title' });
    this.count = el('span', { class: 'feed-count muted' });
    const keys: (keyof FeedFilter)[] = ['severity', 'type', 'district', 'state'];
    this.selects = {} as Record<keyof FeedFilter, HTMLSelectElement>;
    this.labels = {} as Record<keyof FeedFilter, HTMLElement>;
    const bar = el('div', { class: 'feed-filters' });
    for (const k of keys) {
      const s = el('select', { id: `feed-filter-${k}`, 'data-filter': k });
      s.addEventListener('change', () => {
        this.filter = { ...this.filter, [k]: s.value };
        this.render();
      });
      const label = el('label', { for: s.id, class: 'filter-label' });
      this.selects[k] = s;
      this.labels[k] = label;
      bar.append(el('div', { class: 'filter' }, label, s));
    }
    this.empty = el('p', { class: 'empty-note', id: 'alert-feed-empty' });
    this.list = el('ol', { id: 'alert-feed', class: 'alert-feed' });
    this.root = el(
      'aside',
      { id: 'feed', class: 'feed-panel', 'aria-label': 'alerts' },
      el('div', { class: 'feed-head' }, this.title, this.count),
      bar,
      this.empty,
      this.list,
    );
    this.thumbs = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        const id = (e.target as HTMLElement).dataset.alertId;
        const m = id ? this.media.get(id) : undefined;
        if (m?.snapshot) {
          const snap = m.snapshot;
          void snap.load().then((ok) => e.target.querySelector('.alert-thumb')?.classList.toggle('thumb-missing', !ok));
        }
        this.thumbs.unobserve(e.target);
      }
    });
    ctx.on('alerts', () => this.render());
    ctx.on('cameras', () => this.fillFilters());
    ctx.on('settings', () => {
      this.relabel();
      this.redrawAll();
    });
    this.relabel();
  }

  private relabel(): void {
    const t = this.ctx.t.bind(this.ctx);
    this.title.textContent = t('feed.title');
    this.labels.severity.textContent = t('feed.severity');
    this.labels.type.textContent = t('feed.type');
    this.labels.district.textContent = t('feed.district');
    this.labels.state.textContent = t('feed.state');
    this.fillFilters();
  }

  private fillFilters(): void {
    const t = this.ctx.t.bind(this.ctx);
    const all = ['', t('feed.all')] as const;
    const alerts = this.ctx.store.list();
    // Rebuilt only when the choices change: rebuilding would close a list the operator has open.
    const key = [this.ctx.lang, ...new Set(alerts.map((a) => a.type)), '|', ...new Set(alerts.map((a) => a.district)),
      '|', ...new Set(this.ctx.cameras.map((c) => c.district))].join('\u0000');
    if (key === this.filtersKey) return;
    this.filtersKey = key;
    fillSelect(this.selects.severity, [all, ...SEVERITIES.map((s) => [s, s] as const)], this.filter.severity);
    fillSelect(
      this.selects.type,
      [all, ...choices([...ALERT_TYPES, ...alerts.map((a) => a.type)], ALERT_TYPES).map((v) => [v, this.ctx.tEnum('type', v)] as const)],
      this.filter.type,
    );
    const districts = choices([...this.ctx.cameras.map((c) => c.district), ...alerts.map((a) => a.district)]);
    fillSelect(this.selects.district, [all, ...districts.map((d) => [d, d] as const)], this.filter.district);
    fillSelect(
      this.selects.state,
      [all, ['OPEN', t('feed.open')], ...ALERT_STATES.map((s) => [s, this.ctx.tEnum('state', s)] as const)],
      this.filter.state,
    );
  }

  /** Releases every snapshot and clip (sign-out). */
  dispose(): void {
    this.thumbs.disconnect();
    for (const m of this.media.values()) this.releaseMedia(m);
    this.media.clear();
  }

  /** Drops every drawn item so the next render draws them again (language or time zone changed). */
  private redrawAll(): void {
    for (const item of this.items.values()) item.root.remove();
    this.items.clear();
    this.render();
  }

  render(): void {
    const all = this.ctx.store.list();
    const shown = applyFilter(all, this.filter, this.ctx.districtOf);
    const keep = new Set(all.map((a) => a.id));
    // Media of alerts no longer held is released (object URLs revoked).
    for (const [id, m] of this.media) {
      if (!keep.has(id)) {
        this.releaseMedia(m);
        this.media.delete(id);
        this.openForms.delete(id);
        this.errors.delete(id);
      }
    }
    const visible = new Set(shown.map((a) => a.id));
    for (const [id, item] of this.items) {
      if (!visible.has(id)) {
        this.thumbs.unobserve(item.root);
        item.root.remove();
        this.items.delete(id);
      }
    }
    const order: HTMLElement[] = [];
    for (const a of shown) {
      const key = `${a.version ?? 0}|${a.updatedAt ?? ''}|${a.state ?? ''}|${a.clip ?? ''}|${this.openForms.get(a.id) ?? ''}|${this.errors.get(a.id) ?? ''}`;
      let item = this.items.get(a.id);
      if (!item || item.key !== key) {
        const fresh = this.createItem(a);
        if (item) {
          this.thumbs.unobserve(item.root);
          item.root.replaceWith(fresh);
        }
        item = { key, root: fresh };
        this.items.set(a.id, item);
        this.thumbs.observe(fresh);
      }
      order.push(item.root);
    }
    placeInOrder(this.list, order);
    this.empty.hidden = shown.length > 0;
    this.empty.textContent = all.length === 0 ? this.ctx.t('feed.empty') : this.ctx.t('feed.filtered');
    this.count.textContent = this.ctx.t('feed.count', { shown: shown.length, total: all.length });
    this.fillFilters();
  }

  private mediaOf(a: Alert): Media {
    let m = this.media.get(a.id);
    if (!m) {
      m = { snapshot: null, clipUrl: null };
      this.media.set(a.id, m);
    }
    if (!m.snapshot && a.snapshotUrl && a.snapshotUrl.startsWith('/')) {
      m.snapshot = new AuthedImage(this.ctx.api, a.snapshotUrl, '', 'alert-thumb-img');
    }
    return m;
  }

  private releaseMedia(m: Media): void {
    m.snapshot?.release();
    m.snapshot = null;
    if (m.clipUrl) URL.revokeObjectURL(m.clipUrl);
    m.clipUrl = null;
  }

  private createItem(a: Alert): HTMLElement {
    const t = this.ctx.t.bind(this.ctx);
    const state = a.state ?? 'NEW';
    const camera = a.cameraName || this.ctx.camera(a.cameraId)?.name || a.cameraId;
    const item = el('li', {
      class: `alert-item ${severityClass(a.severity)}`,
      'data-alert-id': a.id,
      'data-camera-id': a.cameraId,
      'data-state': state,
      'data-severity': a.severity,
      'data-type': a.type,
    });
    if (needsAttention(a)) item.classList.add('attention');
    if (a.active === false) item.classList.add('alert-ended');

    const m = this.mediaOf(a);
    const thumb = el('div', { class: 'alert-thumb' });
    if (m.snapshot) {
      m.snapshot.img.alt = t('feed.snapshot', { type: this.ctx.tEnum('type', a.type), camera });
      thumb.append(m.snapshot.img);
      thumb.addEventListener('click', () => item.classList.toggle('thumb-large'));
    } else {
      thumb.classList.add('thumb-missing');
    }

    const time = el('time', { class: 'alert-time', datetime: a.startedAt, title: a.startedAt, text: this.ctx.dateTime(a.startedAt) });
    const head = el(
      'div',
      { class: 'alert-head' },
      time,
      el('span', { class: `alert-severity badge ${severityClass(a.severity)}`, text: a.severity }),
      el('span', { class: 'alert-type', text: this.ctx.tEnum('type', a.type) }),
      el('span', { class: `alert-state badge state-${state.toLowerCase()}`, text: this.ctx.tEnum('state', state) }),
      a.active === false ? el('span', { class: 'badge alert-ended-badge', text: t('feed.ended') }) : null,
    );
    const zone = alertZone(a);
    const district = a.district ?? this.ctx.districtOf(a.cameraId);
    const where = [camera, zone, district].filter(Boolean).join(' · ');
    const body = el(
      'div',
      { class: 'alert-body' },
      head,
      el('div', { class: 'alert-camera', text: where }),
      a.message ? el('div', { class: 'alert-message', text: a.message }) : null,
    );
    const last = a.audit?.[a.audit.length - 1];
    if (last) {
      const extra = [last.unit, last.note, last.why].filter(Boolean).join(' — ');
      body.append(
        el('div', {
          class: 'alert-audit muted',
          text: `${this.ctx.tEnum('state', last.to)}: ${t('feed.by', { user: last.user, time: this.ctx.time(last.at) })}${extra ? ` · ${extra}` : ''}`,
        }),
      );
    }
    body.append(this.clipPart(a, m));
    const actions = this.actionsPart(a);
    if (actions) body.append(actions);
    const error = this.errors.get(a.id);
    if (error) body.append(el('div', { class: 'alert-error', role: 'alert', text: error }));
    item.append(thumb, body);
    return item;
  }

  private clipPart(a: Alert, m: Media): HTMLElement {
    const t = this.ctx.t.bind(this.ctx);
    const box = el('div', { class: 'alert-clip' });
    if (a.clipUrl && a.clipUrl.startsWith('/')) {
      const clipPath = a.clipUrl;
      if (m.clipUrl) {
        const video = el('video', { class: 'clip-video', controls: true, autoplay: true, muted: true, playsinline: true, src: m.clipUrl });
        const close = el('button', { class: 'btn btn-small', type: 'button', text: t('feed.closeClip') });
        close.addEventListener('click', () => {
          if (m.clipUrl) URL.revokeObjectURL(m.clipUrl);
          m.clipUrl = null;
          this.redrawOne(a.id);
        });
        box.append(video, close);
      } else {
        const play = el('button', { class: 'btn btn-small clip-play', type: 'button', text: `▶ ${t('feed.playClip')}` });
        play.addEventListener('click', async () => {
          play.disabled = true;
          try {
            const blob = await this.ctx.api.blob(clipPath);
            if (!this.media.has(a.id)) return;
            m.clipUrl = URL.createObjectURL(blob);
            this.errors.delete(a.id);
          } catch (e) {
            this.errors.set(a.id, e instanceof Error ? e.message : String(e));
          }
          this.redrawOne(a.id);
        });
        box.append(play);
      }
    } else if (a.clip === 'RECORDING') {
      box.append(el('span', { class: 'muted', text: t('feed.clipRecording') }));
    } else if (a.clip === 'FAILED') {
      box.append(el('span', { class: 'muted', text: t('feed.clipFailed') }));
    }
    return box;
  }

  private actionsPart(a: Alert): HTMLElement | null {
    const t = this.ctx.t.bind(this.ctx);
    const allowed = actionsFor(this.ctx.role, a.state);
    if (allowed.length === 0) return null;
    const box = el('div', { class: 'alert-actions' });
    const open = this.openForms.get(a.id);
    if (open && allowed.includes(open) && FORMS[open].length > 0) {
      const inputs = FORMS[open].map((f) =>
        el('input', { name: f, class: `action-${f}`, placeholder: t(`feed.${f}` as MessageKey), 'aria-label': t(`feed.${f}` as MessageKey) }),
      );
      const send = el('button', { class: 'btn btn-small btn-primary', type: 'submit', text: t('feed.send') });
      const cancel = el('button', { class: 'btn btn-small', type: 'button', text: t('feed.cancel') });
      cancel.addEventListener('click', () => {
        this.openForms.delete(a.id);
        this.redrawOne(a.id);
      });
      const form = el('form', { class: 'action-form', 'data-action': open }, ...inputs, send, cancel);
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const body: Record<string, string> = {};
        for (const i of inputs) if (i.value.trim()) body[i.name] = i.value.trim();
        send.disabled = true;
        void this.act(a, open, body);
      });
      box.append(form);
      queueMicrotask(() => inputs[0]?.focus());
      return box;
    }
    for (const action of allowed) {
      const b = el('button', {
        class: `btn btn-small action action-${action}${action === 'acknowledge' ? ' btn-primary' : ''}`,
        type: 'button',
        'data-action': action,
        text: t(`action.${action}` as MessageKey),
      });
      b.addEventListener('click', () => {
        if (FORMS[action].length > 0) {
          this.openForms.set(a.id, action);
          this.redrawOne(a.id);
        } else {
          b.disabled = true;
          void this.act(a, action, {});
        }
      });
      box.append(b);
    }
    return box;
  }

  private async act(a: Alert, action: AlertAction, body: Record<string, string>): Promise<void> {
    try {
      const updated = await this.ctx.api.act(a.id, action, body);
      this.openForms.delete(a.id);
      this.errors.delete(a.id);
      this.ctx.mergeAlerts([updated]);
    } catch (e) {
      this.errors.set(
        a.id,
        this.ctx.t('feed.actionFailed', {
          action: this.ctx.t(`action.${action}` as MessageKey),
          message: e instanceof Error ? e.message : String(e),
        }),
      );
    }
    this.redrawOne(a.id);
  }

  private redrawOne(id: string): void {
    const item = this.items.get(id);
    if (item) item.key = '';
    this.render();
  }
}
