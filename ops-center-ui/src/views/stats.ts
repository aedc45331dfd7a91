// Statistics (Chart.js, only the parts used registered): alerts per hour by type, vehicle counts by class
// and direction, and the system's own throughput sampled every 5 s while the view is shown.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import type { AppContext } from '../context';
import { el } from '../dom';
import type { MessageKey } from '../i18n';
import { alertsPerHour, countsByClass, SystemHistory, type ChartData } from '../statsdata';
import { formatClockTime } from '../time';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);
Chart.defaults.color = '#c9d4e0';
Chart.defaults.borderColor = '#2a3544';
Chart.defaults.font.family = 'system-ui, sans-serif';

const PALETTE = ['#ff4d4f', '#ff8c2e', '#ffd43b', '#4dabf7', '#2fbf59', '#b197fc', '#63e6be', '#f783ac', '#adb5bd'];
const HOURS = 24;
const SYSTEM_POLL_MS = 5_000;
const TOTALS_POLL_MS = 60_000;
/** How far back the throughput chart starts when the view opens (the server keeps 6 h). */
const HISTORY_MINUTES = 60;

function colour(i: number): string {
  return PALETTE[i % PALETTE.length] ?? '#adb5bd';
}

export class StatsView {
  readonly root: HTMLElement;
  private readonly cards: Record<'alerts' | 'counts' | 'system', { title: HTMLElement; canvas: HTMLCanvasElement; note: HTMLElement }>;
  private readonly figures: HTMLElement;
  private readonly charts = new Map<string, { chart: Chart; type: string }>();
  /** An hour of the server's samples (one per 10 s) plus this page's own (one per 5 s). */
  private readonly history = new SystemHistory(720);
  private systemTimer: ReturnType<typeof setInterval> | null = null;
  private totalsTimer: ReturnType<typeof setInterval> | null = null;
  private alertsData: ChartData | null = null;
  private countsData: ChartData | null = null;

  constructor(private readonly ctx: AppContext) {
    const card = (id: string) => {
      const title = el('h3', { class: 'card-title' });
      const canvas = el('canvas', { id: `chart-${id}` });
      const note = el('p', { class: 'muted chart-note' });
      note.hidden = true;
      return { title, canvas, note, root: el('div', { class: `card chart-card card-${id}` }, title, note, el('div', { class: 'chart-box' }, canvas)) };
    };
    const a = card('alerts');
    const c = card('counts');
    const s = card('system');
    this.figures = el('div', { class: 'figures', id: 'system-figures' });
    s.root.insertBefore(this.figures, s.note);
    this.cards = { alerts: a, counts: c, system: s };
    this.root = el('section', { id: 'stats', class: 'view stats-view' }, a.root, c.root, s.root);
    ctx.on('settings', () => this.redraw());
    this.relabel();
  }

  setActive(active: boolean): void {
    if (this.systemTimer !== null) clearInterval(this.systemTimer);
    if (this.totalsTimer !== null) clearInterval(this.totalsTimer);
    this.systemTimer = this.totalsTimer = null;
    if (!active) return;
    void this.loadTotals();
    void this.sampleSystem(HISTORY_MINUTES);
    this.systemTimer = setInterval(() => void this.sampleSystem(), SYSTEM_POLL_MS);
    this.totalsTimer = setInterval(() => void this.loadTotals(), TOTALS_POLL_MS);
  }

  private relabel(): void {
    const t = this.ctx.t.bind(this.ctx);
    this.cards.alerts.title.textContent = t('stats.alertsPerHour');
    this.cards.counts.title.textContent = t('stats.vehicleCounts');
    this.cards.system.title.textContent = t('stats.system');
  }

  private redraw(): void {
    this.relabel();
    if (this.alertsData) this.drawAlerts(this.alertsData);
    if (this.countsData) this.drawCounts(this.countsData);
    this.drawSystem();
  }

  private unavailable(card: 'alerts' | 'counts' | 'system', e: unknown): void {
    const note = this.cards[card].note;
    note.hidden = false;
    note.textContent = this.ctx.t('stats.unavailable', { message: e instanceof Error ? e.message : String(e) });
  }

  private async loadTotals(): Promise<void> {
    const now = Date.now();
    const from = new Date(now - HOURS * 3_600_000).toISOString();
    const to = new Date(now).toISOString();
    try {
      const rows = await this.ctx.api.alertsPerHour(from, to);
      this.alertsData = alertsPerHour(rows, now, HOURS, this.ctx.timeZone);
      this.cards.alerts.note.hidden = true;
      this.drawAlerts(this.alertsData);
    } catch (e) {
      this.unavailable('alerts', e);
    }
    try {
      const series = await this.ctx.api.vehicleCounts(from, to);
      this.countsData = countsByClass(series);
      this.cards.counts.note.hidden = this.countsData.labels.length > 0;
      this.cards.counts.note.textContent = this.ctx.t('stats.noData');
      this.drawCounts(this.countsData);
    } catch (e) {
      this.unavailable('counts', e);
    }
  }

  private async sampleSystem(historyMinutes = 0): Promise<void> {
    try {
      const { history, ...s } = await this.ctx.api.systemStats(historyMinutes);
      if (historyMinutes > 0) this.history.reset(history);
      this.history.add({ ...s, at: Date.now() });
      this.cards.system.note.hidden = true;
      this.drawSystem();
    } catch (e) {
      this.unavailable('system', e);
    }
  }

  private drawAlerts(d: ChartData): void {
    const datasets = d.series.map((s, i) => ({
      label: this.ctx.tEnum('type', s.label),
      data: s.data,
      backgroundColor: colour(i),
      stack: 'alerts',
    }));
    this.chart('alerts', {
      type: 'bar',
      data: { labels: d.labels, datasets },
      options: this.options(true),
    });
  }

  private drawCounts(d: ChartData): void {
    // For tests and scripts: the classes drawn and the crossings in all.
    const canvas = this.cards.counts.canvas;
    canvas.dataset.classes = d.labels.join(' ');
    canvas.dataset.total = String(d.series.reduce((n, s) => n + s.data.reduce((a, b) => a + b, 0), 0));
    const datasets = d.series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: colour(i + 3) }));
    this.chart('counts', { type: 'bar', data: { labels: d.labels, datasets }, options: this.options(false) });
  }

  private drawSystem(): void {
    const samples = this.history.list();
    const latest = this.history.latest();
    const t = this.ctx.t.bind(this.ctx);
    const fig = (key: MessageKey, value: string, id: string) =>
      el('div', { class: 'figure', 'data-figure': id }, el('span', { class: 'figure-value', text: value }), el('span', { class: 'figure-label', text: t(key) }));
    if (latest) {
      this.figures.replaceChildren(
        fig('stats.camerasOnline', `${latest.camerasOnline} / ${latest.camerasTotal}`, 'camerasOnline'),
        fig('stats.analysedStreams', String(latest.analysedStreams), 'analysedStreams'),
        fig('stats.inferenceFps', latest.inferenceFps === null ? '–' : latest.inferenceFps.toFixed(1), 'inferenceFps'),
        fig('stats.latencyP99', latest.latencyP99Ms === null ? '–' : latest.latencyP99Ms.toFixed(0), 'latencyP99Ms'),
        fig('stats.alertsOpen', latest.alertsOpen === null ? '–' : String(latest.alertsOpen), 'alertsOpen'),
      );
    }
    const labels = samples.map((s) => formatClockTime(s.at, this.ctx.timeZone));
    this.cards.system.canvas.dataset.points = String(samples.length);
    const line = (key: MessageKey, data: (number | null)[], i: number) => ({
      label: t(key),
      data,
      borderColor: colour(i),
      backgroundColor: colour(i),
      pointRadius: 0,
      tension: 0.2,
    });
    this.chart('system', {
      type: 'line',
      data: {
        labels,
        datasets: [
          line('stats.camerasOnline', samples.map((s) => s.camerasOnline), 4),
          line('stats.analysedStreams', samples.map((s) => s.analysedStreams), 3),
          line('stats.inferenceFps', samples.map((s) => s.inferenceFps), 1),
        ],
      },
      options: this.options(false),
    });
  }

  private options(stacked: boolean): ChartConfiguration['options'] {
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { stacked, ticks: { maxRotation: 0, autoSkip: true } },
        y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { position: 'bottom' } },
    };
  }

  private chart(id: 'alerts' | 'counts' | 'system', config: ChartConfiguration): void {
    const held = this.charts.get(id);
    if (held && held.type === config.type) {
      held.chart.data = config.data;
      held.chart.update('none');
      return;
    }
    held?.chart.destroy();
    this.charts.set(id, { chart: new Chart(this.cards[id].canvas, config), type: config.type });
  }
}
