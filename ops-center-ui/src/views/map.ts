// The camera map (Leaflet): every camera a marker coloured by status and open alert, clustered when zoomed
// out (the cluster shows its most urgent camera's colour), a click opens the camera's live view and recent
// alerts. The base map's tiles come from /api/ui-config's tileUrl; without one, the cameras sit on a plain
// background with a label per district.
import L from './leaflet';
import './markercluster';
import type { AppContext } from '../context';
import { el } from '../dom';
import { bounds, districtLabels, hasPosition, markerState, worstState, type MarkerState } from '../mapdata';
import type { Camera, UiConfig } from '../types';
import { CameraPanel } from './camera-panel';

interface CameraMarker extends L.Marker {
  cameraId: string;
  state: MarkerState;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function icon(state: MarkerState): L.DivIcon {
  return L.divIcon({ className: `cam-marker state-${state}`, iconSize: [18, 18], iconAnchor: [9, 9], html: '' });
}

export class MapView {
  readonly root: HTMLElement;
  private readonly mapEl: HTMLElement;
  private readonly note: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly panel: CameraPanel;
  private map: L.Map | null = null;
  private cluster: L.MarkerClusterGroup | null = null;
  private labels: L.LayerGroup | null = null;
  private readonly markers = new Map<string, CameraMarker>();
  private fitted = false;
  private labelsKey = '';
  private active = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly config: Promise<UiConfig>,
  ) {
    this.mapEl = el('div', { id: 'camera-map', class: 'camera-map' });
    this.note = el('p', { class: 'map-note muted' });
    this.note.hidden = true;
    this.legend = el('div', { class: 'map-legend' });
    this.panel = new CameraPanel(ctx);
    this.root = el(
      'section',
      { id: 'map', class: 'view map-view' },
      el('div', { class: 'map-main' }, this.mapEl, this.note, this.legend),
      this.panel.root,
    );
    ctx.on('cameras', () => this.update());
    ctx.on('alerts', () => this.update());
    ctx.on('settings', () => this.relabel());
    this.relabel();
  }

  /** Creates the map on first show (Leaflet needs a laid-out container), resizes it after. */
  async setActive(active: boolean): Promise<void> {
    this.active = active;
    this.panel.setActive(active);
    if (!active) return;
    if (!this.map) await this.create();
    this.map?.invalidateSize();
    this.update();
  }

  private relabel(): void {
    const t = this.ctx.t.bind(this.ctx);
    this.note.textContent = t('map.noTiles');
    this.legend.replaceChildren(
      ...(
        [
          ['online', t('map.legendOnline')],
          ['offline', t('map.legendOffline')],
          ['alert-p1', `P1 ${t('map.legendAlert')}`],
          ['alert-p2', `P2 ${t('map.legendAlert')}`],
          ['alert-p3', `P3`],
          ['alert-p4', `P4`],
        ] as const
      ).map(([state, label]) =>
        el('span', { class: 'legend-item' }, el('span', { class: `cam-marker legend-dot state-${state}` }), label),
      ),
    );
  }

  private async create(): Promise<void> {
    let cfg: UiConfig;
    try {
      cfg = await this.config;
    } catch {
      cfg = { tileUrl: null, attribution: '', center: null, zoom: null };
    }
    if (this.map) return;
    // maxZoom set on the map itself: without a tile layer nothing else sets it, and the cluster layer needs it.
    // No zoom or cluster animations: with 1,500 cameras they cost ~100 ms a frame without a GPU (measured:
    // ~10 frames/s while zooming with them, ~45 without), and a control room wants the map, not the motion.
    const map = L.map(this.mapEl, { zoomControl: true, attributionControl: true, minZoom: 3, maxZoom: 19, zoomAnimation: false });
    this.map = map;
    if (cfg.tileUrl) {
      L.tileLayer(cfg.tileUrl, { attribution: escapeHtml(cfg.attribution), maxZoom: 19 }).addTo(map);
      this.mapEl.classList.remove('no-tiles');
    } else {
      this.mapEl.classList.add('no-tiles');
      this.note.hidden = false;
      this.labels = L.layerGroup().addTo(map);
    }
    this.cluster = L.markerClusterGroup({
      chunkedLoading: true,
      animate: false,
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      iconCreateFunction: (c) => {
        const children = c.getAllChildMarkers() as CameraMarker[];
        const state = worstState(children.map((m) => m.state));
        const n = c.getChildCount();
        const size = n < 10 ? 30 : n < 100 ? 36 : 44;
        return L.divIcon({
          className: `cam-cluster state-${state}`,
          html: `<span>${n}</span>`,
          iconSize: [size, size],
        });
      },
    });
    map.addLayer(this.cluster);
    if (cfg.center) map.setView(cfg.center, cfg.zoom ?? 12);
    else map.setView([10.78, 106.7], cfg.zoom ?? 12);
    this.fitted = cfg.center !== null;
  }

  private update(): void {
    if (!this.map || !this.cluster || !this.active) return;
    const open = this.ctx.openSeverity();
    const cameras = this.ctx.cameras.filter(hasPosition);
    const seen = new Set<string>();
    const added: CameraMarker[] = [];
    const changed: CameraMarker[] = [];
    for (const c of cameras) {
      seen.add(c.id);
      const state = markerState(c, open.get(c.id));
      let m = this.markers.get(c.id);
      if (!m) {
        m = this.createMarker(c, state);
        this.markers.set(c.id, m);
        added.push(m);
      } else {
        const ll = m.getLatLng();
        if (ll.lat !== c.latitude || ll.lng !== c.longitude) m.setLatLng([c.latitude, c.longitude]);
        if (m.state !== state) {
          m.state = state;
          m.setIcon(icon(state));
          m.getElement()?.setAttribute('data-camera-id', c.id);
          changed.push(m);
        }
      }
    }
    const removed = [...this.markers.values()].filter((m) => !seen.has(m.cameraId));
    for (const m of removed) this.markers.delete(m.cameraId);
    if (removed.length) this.cluster.removeLayers(removed);
    if (added.length) this.cluster.addLayers(added);
    if (changed.length) this.cluster.refreshClusters(changed);
    this.mapEl.dataset.markers = String(this.markers.size);

    const labels = this.labels ? districtLabels(cameras) : [];
    const labelsKey = labels.map((d) => `${d.district}@${d.latitude},${d.longitude}`).join('|');
    if (this.labels && labelsKey !== this.labelsKey) {
      this.labelsKey = labelsKey;
      this.labels.clearLayers();
      for (const d of labels) {
        const label = el('span', { text: d.district });
        L.marker([d.latitude, d.longitude], {
          icon: L.divIcon({ className: 'district-label', html: label, iconSize: undefined }),
          interactive: false,
          keyboard: false,
        }).addTo(this.labels);
      }
    }
    if (!this.fitted && cameras.length) {
      const b = bounds(cameras);
      if (b) this.map.fitBounds(b, { padding: [40, 40], maxZoom: 15 });
      this.fitted = true;
    }
  }

  private createMarker(c: Camera, state: MarkerState): CameraMarker {
    const m = L.marker([c.latitude, c.longitude], { icon: icon(state), title: c.name || c.id, riseOnHover: true }) as CameraMarker;
    m.cameraId = c.id;
    m.state = state;
    m.on('add', () => m.getElement()?.setAttribute('data-camera-id', c.id));
    m.on('click', () => this.panel.open(c.id));
    return m;
  }

  /** Opens a camera's live view (used by tests and by links from elsewhere). */
  openCamera(id: string): void {
    this.panel.open(id);
  }
}
