// Wires the page together: camera polling, alert loading, the live WebSocket, timers.
import './style.css';
import { ALERTS_LIMIT, alertsWsUrl, fetchAlerts, fetchCameras, type Camera } from './api';
import { AlertStore } from './alerts';
import { countStreaming, formatClockTime } from './format';
import { LiveAlerts } from './live';
import { AlertFeedView, CameraGridView, renderBanner, renderCameraCount, renderWsStatus } from './render';

const CAMERA_POLL_MS = 2_000;
const ALERTS_RETRY_MS = 5_000;
const TICK_MS = 1_000;

function byId(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`index.html lacks #${id}`);
  return e;
}

const ui = {
  wsStatus: byId('ws-status'),
  cameraCount: byId('camera-count'),
  clock: byId('clock'),
  banner: byId('api-status'),
  grid: new CameraGridView(byId('camera-grid'), byId('camera-grid-empty')),
  feed: new AlertFeedView(byId('alert-feed'), byId('alert-feed-empty')),
};

const store = new AlertStore();
let cameras: Camera[] = [];
let camerasOk = true;
let alertsOk = true;
/** Set once the first history fetch has been shown: alerts added after that are highlighted. */
let historyShown = false;
let alertsRetry: ReturnType<typeof setTimeout> | null = null;

function cameraName(cameraId: string): string | undefined {
  return cameras.find((c) => c.id === cameraId)?.name;
}

function updateBanner(): void {
  const problems: string[] = [];
  if (!camerasOk) problems.push('camera list');
  if (!alertsOk) problems.push('alert history');
  renderBanner(ui.banner, problems.length ? `Server unreachable (${problems.join(', ')}) — retrying` : null);
}

function renderAlerts(): void {
  ui.feed.render(store.list(), cameraName, historyShown);
  ui.grid.setAlerting(store.recentCameraIds(Date.now()));
}

async function pollCameras(): Promise<void> {
  try {
    cameras = await fetchCameras();
    camerasOk = true;
    ui.grid.update(cameras, Date.now());
    ui.grid.setAlerting(store.recentCameraIds(Date.now()));
    renderCameraCount(ui.cameraCount, countStreaming(cameras));
  } catch (err) {
    camerasOk = false;
    console.warn('camera poll failed', err);
  }
  updateBanner();
  setTimeout(() => void pollCameras(), CAMERA_POLL_MS);
}

async function loadAlerts(): Promise<void> {
  if (alertsRetry !== null) clearTimeout(alertsRetry);
  alertsRetry = null;
  try {
    const alerts = await fetchAlerts(ALERTS_LIMIT);
    alertsOk = true;
    if (store.merge(alerts)) renderAlerts();
  } catch (err) {
    alertsOk = false;
    console.warn('alert fetch failed', err);
    alertsRetry ??= setTimeout(() => void loadAlerts(), ALERTS_RETRY_MS);
  }
  historyShown = true;
  updateBanner();
}

function tick(): void {
  const now = Date.now();
  ui.clock.textContent = formatClockTime(now);
  ui.grid.setAlerting(store.recentCameraIds(now));
  if (document.visibilityState === 'visible') ui.grid.refreshImages(now);
}

const live = new LiveAlerts({
  url: alertsWsUrl(window.location),
  onAlert: (alert) => {
    if (store.add(alert)) renderAlerts();
  },
  onState: (state, retryInMs) => renderWsStatus(ui.wsStatus, state, retryInMs),
  // Every open, the first included: alerts raised while the socket was down
  // (or between the first fetch and the socket opening) are filled in from the history.
  onOpen: () => void loadAlerts(),
});

renderCameraCount(ui.cameraCount, null);
renderAlerts();
void pollCameras();
void loadAlerts();
live.start();
tick();
setInterval(tick, TICK_MS);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') ui.grid.refreshImages(Date.now());
});
window.addEventListener('pagehide', () => live.stop());
