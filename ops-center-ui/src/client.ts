// The typed HTTP client of the ops-center API: the bearer token on every /api call, JSON errors
// ({"code","message"}) turned into ApiError, a timeout per request. No DOM.
import {
  isAlert,
  isCamera,
  isRecord,
  isRole,
  type Alert,
  type AlertsPerHourRow,
  type Camera,
  type CountSeriesRow,
  type LoginResult,
  type Me,
  type SystemPoint,
  type SystemStats,
  type UiConfig,
} from './types';

/** The subset of `fetch` used here, so tests can pass a stub. */
export type FetchFn = (url: string, init?: RequestInit) => Promise<Response>;

// Wrapped, not `fetch` itself: a detached fetch called as a method of another object throws
// "Illegal invocation" in browsers.
const defaultFetch: FetchFn = (url, init) => fetch(url, init);

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type AlertAction = 'acknowledge' | 'dispatch' | 'resolve' | 'false-alarm';

export interface AlertQuery {
  camera?: string;
  district?: string;
  type?: string;
  severity?: string;
  state?: string;
  from?: string;
  to?: string;
  before?: string;
  limit?: number;
}

export interface ClientOptions {
  /** The current token, or null when logged out. */
  token: () => string | null;
  /** Called on a 401 from any call but the login itself: the session is over. */
  onUnauthorized?: () => void;
  fetchFn?: FetchFn;
  timeoutMs?: number;
}

/** `path?k=v&…` with the empty and undefined values left out. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export class ApiClient {
  private readonly fetchFn: FetchFn;
  private readonly timeoutMs: number;

  constructor(private readonly opts: ClientOptions) {
    this.fetchFn = opts.fetchFn ?? defaultFetch;
    this.timeoutMs = opts.timeoutMs ?? 8_000;
  }

  /** The token sent with each call (null when logged out, or on a server without login). */
  token(): string | null {
    return this.opts.token();
  }

  private async request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort);
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.opts.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const res = await this.fetchFn(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        signal: controller.signal,
      });
      if (!res.ok) throw await toError(res, method, path);
      return res;
    } catch (e) {
      // A 401 ends a session only when there was one (a token sent); the login's own 401 is a wrong password.
      if (e instanceof ApiError && e.status === 401 && token && path !== '/api/login') this.opts.onUnauthorized?.();
      throw e;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async json(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await this.request(method, path, body);
    if (res.status === 204) return null;
    return res.json();
  }

  async login(user: string, password: string): Promise<LoginResult> {
    const b = await this.json('POST', '/api/login', { user, password });
    if (!isRecord(b) || typeof b.token !== 'string' || !isRole(b.role)) {
      throw new ApiError(500, 'bad_response', 'the login answer lacks a token or a role');
    }
    return {
      token: b.token,
      user: typeof b.user === 'string' ? b.user : user,
      role: b.role,
      expiresAt: typeof b.expiresAt === 'string' ? b.expiresAt : undefined,
    };
  }

  async me(): Promise<Me> {
    const b = await this.json('GET', '/api/me');
    if (!isRecord(b) || !isRole(b.role)) throw new ApiError(500, 'bad_response', '/api/me lacks a role');
    return { user: typeof b.user === 'string' ? b.user : '', role: b.role };
  }

  async cameras(): Promise<Camera[]> {
    const b = await this.json('GET', '/api/cameras');
    if (!Array.isArray(b)) throw new ApiError(500, 'bad_response', 'GET /api/cameras: expected an array');
    return b.filter(isCamera);
  }

  async alerts(q: AlertQuery = {}): Promise<Alert[]> {
    const b = await this.json('GET', withQuery('/api/alerts', { ...q }));
    if (!Array.isArray(b)) throw new ApiError(500, 'bad_response', 'GET /api/alerts: expected an array');
    return b.filter(isAlert);
  }

  async act(id: string, action: AlertAction, body: Record<string, string> = {}): Promise<Alert> {
    const b = await this.json('POST', `/api/alerts/${encodeURIComponent(id)}/${action}`, body);
    if (!isAlert(b)) throw new ApiError(500, 'bad_response', `${action}: the answer is not an alert`);
    return b;
  }

  async pin(cameraId: string, on: boolean): Promise<void> {
    await this.request(on ? 'POST' : 'DELETE', `/api/cameras/${encodeURIComponent(cameraId)}/pin`);
  }

  async uiConfig(): Promise<UiConfig> {
    const b = await this.json('GET', '/api/ui-config');
    const r = isRecord(b) ? b : {};
    const c = Array.isArray(r.center) && r.center.length === 2 && r.center.every((x) => typeof x === 'number')
      ? (r.center as [number, number])
      : null;
    return {
      tileUrl: typeof r.tileUrl === 'string' && r.tileUrl.length > 0 ? r.tileUrl : null,
      attribution: typeof r.attribution === 'string' ? r.attribution : '',
      center: c,
      zoom: typeof r.zoom === 'number' ? r.zoom : null,
    };
  }

  async alertsPerHour(from: string, to: string, district?: string): Promise<AlertsPerHourRow[]> {
    const b = await this.json('GET', withQuery('/api/stats/alerts', { from, to, district }));
    return isRecord(b) && Array.isArray(b.hours) ? (b.hours as AlertsPerHourRow[]) : [];
  }

  async vehicleCounts(from: string, to: string, camera?: string): Promise<CountSeriesRow[]> {
    const b = await this.json('GET', withQuery('/api/stats/counts', { from, to, camera }));
    return isRecord(b) && Array.isArray(b.series) ? (b.series as CountSeriesRow[]) : [];
  }

  /**
   * The system's figures now; with `historyMinutes`, also the server's samples over that time (one per 10 s, at most
   * 360), oldest first, so a chart opened now shows the recent past.
   */
  async systemStats(historyMinutes = 0): Promise<SystemStats & { history: SystemPoint[] }> {
    const path = withQuery('/api/stats/system', { historyMinutes: historyMinutes > 0 ? historyMinutes : undefined });
    const b = await this.json('GET', path);
    if (!isRecord(b)) throw new ApiError(500, 'bad_response', '/api/stats/system: expected an object');
    const figures = (r: Record<string, unknown>) => {
      const n = (k: string) => (typeof r[k] === 'number' ? (r[k] as number) : 0);
      return {
        camerasOnline: n('camerasOnline'),
        camerasTotal: n('camerasTotal'),
        analysedStreams: n('analysedStreams'),
        inferenceFps: n('inferenceFps'),
        latencyP99Ms: typeof r.latencyP99Ms === 'number' ? r.latencyP99Ms : null,
      };
    };
    const history: SystemPoint[] = [];
    if (Array.isArray(b.history)) {
      for (const p of b.history) {
        const at = isRecord(p) && typeof p.at === 'string' ? Date.parse(p.at) : NaN;
        if (isRecord(p) && !Number.isNaN(at)) {
          history.push({ ...figures(p), inferenceFps: typeof p.inferenceFps === 'number' ? p.inferenceFps : null, at });
        }
      }
    }
    return { ...figures(b), alertsOpen: typeof b.alertsOpen === 'number' ? b.alertsOpen : null, history };
  }

  /** A binary resource (image, clip) fetched with the token, as a Blob. */
  async blob(path: string, signal?: AbortSignal): Promise<Blob> {
    const res = await this.request('GET', path, undefined, signal);
    return res.blob();
  }
}

async function toError(res: Response, method: string, path: string): Promise<ApiError> {
  let code = `http_${res.status}`;
  let message = `${method} ${path} → HTTP ${res.status}`;
  try {
    const b: unknown = await res.json();
    if (isRecord(b)) {
      if (typeof b.code === 'string') code = b.code;
      if (typeof b.message === 'string') message = b.message;
    }
  } catch {
    // not JSON: keep the status
  }
  return new ApiError(res.status, code, message);
}
