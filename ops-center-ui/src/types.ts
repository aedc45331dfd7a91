// The JSON shapes of the ops-center API (issue 6's contract), and guards for the fields the UI relies on.
// No DOM here.

export type Role = 'viewer' | 'operator' | 'dispatcher' | 'admin';
export type Severity = 'P1' | 'P2' | 'P3' | 'P4';
export type AlertState = 'NEW' | 'ACKNOWLEDGED' | 'DISPATCHED' | 'RESOLVED' | 'FALSE_ALARM';
export type AlertEventKind = 'RAISED' | 'UPDATED' | 'ENDED' | 'STATE_CHANGED' | 'EVIDENCE';

export interface CameraAnalysis {
  state: 'LIVE' | 'PATROL' | 'IDLE' | string;
  role: string | null;
  fps: number;
  measuredFps?: number;
  reason?: string | null;
  lastAnalysedAt?: string | null;
}

export interface Camera {
  id: string;
  name: string;
  kind?: string;
  district: string;
  latitude: number;
  longitude: number;
  /** STREAMING, CONNECTING, STALLED, RETRYING, UNAUTHORIZED, UNSUPPORTED, STOPPED. */
  status: string;
  online?: boolean;
  reason?: string | null;
  since?: string;
  fps?: number;
  /** Absent from some servers: the UI then uses /api/cameras/{id}/latest.jpg. */
  latestImage?: string;
  analysis?: CameraAnalysis;
}

export interface AlertObject {
  label: string;
  box?: number[];
  score?: number;
  trackId?: number;
}

export interface AuditEntry {
  at: string;
  user: string;
  from: string;
  to: string;
  why?: string;
  unit?: string;
  note?: string;
}

export interface Alert {
  id: string;
  cameraId: string;
  cameraName?: string;
  district?: string;
  type: string;
  severity: Severity | string;
  /** The server writes `zone`; the contract names it `zoneId`: both are read. */
  zone?: string | null;
  zoneId?: string | null;
  message?: string;
  startedAt: string;
  raisedAt?: string;
  updatedAt?: string;
  endedAt?: string | null;
  active?: boolean;
  state?: AlertState | string;
  /** 1 when raised, +1 per change: the highest version of an id is the current alert. */
  version?: number;
  objects?: AlertObject[];
  objectCount?: number;
  counts?: Record<string, unknown>;
  snapshotUrl?: string | null;
  clip?: 'NONE' | 'RECORDING' | 'READY' | 'FAILED' | string;
  clipUrl?: string | null;
  audit?: AuditEntry[];
}

export interface LoginResult {
  token: string;
  user: string;
  role: Role;
  expiresAt?: string;
}

export interface Me {
  user: string;
  role: Role;
}

export interface UiConfig {
  tileUrl: string | null;
  attribution: string;
  center: [number, number] | null;
  zoom: number | null;
}

export interface AlertsPerHourRow {
  hour: string;
  type: string;
  district: string;
  count: number;
}

export interface CountSeriesRow {
  camera: string;
  line: string;
  class: string;
  direction: string;
  count: number;
}

export interface SystemStats {
  camerasOnline: number;
  camerasTotal: number;
  analysedStreams: number;
  inferenceFps: number;
  latencyP99Ms: number | null;
  /** Null while the alert store does not answer. */
  alertsOpen: number | null;
}

/**
 * One of the server's samples of the system's figures (the open-alert count is not sampled); the inference rate is
 * null while it was unknown (the first seconds after start), drawn as a gap rather than a false drop to 0.
 */
export interface SystemPoint extends Omit<SystemStats, 'alertsOpen' | 'inferenceFps'> {
  at: number;
  inferenceFps: number | null;
}

export const ROLES: readonly Role[] = ['viewer', 'operator', 'dispatcher', 'admin'];
export const SEVERITIES: readonly Severity[] = ['P1', 'P2', 'P3', 'P4'];
export const ALERT_STATES: readonly AlertState[] = ['NEW', 'ACKNOWLEDGED', 'DISPATCHED', 'RESOLVED', 'FALSE_ALARM'];
export const ALERT_TYPES: readonly string[] = [
  'CROWD',
  'CONGESTION',
  'STOPPED_VEHICLE',
  'WRONG_WAY',
  'INTRUSION',
  'LOITERING',
  'CAMERA_TAMPER',
  'CAMERA_OFFLINE',
];

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}

/** True when `x` has the fields the UI relies on to show an alert. */
export function isAlert(x: unknown): x is Alert {
  return (
    isRecord(x) &&
    typeof x.id === 'string' &&
    x.id.length > 0 &&
    typeof x.cameraId === 'string' &&
    typeof x.startedAt === 'string' &&
    typeof x.severity === 'string' &&
    typeof x.type === 'string'
  );
}

/** True when `x` has the fields the UI relies on to show a camera. */
export function isCamera(x: unknown): x is Camera {
  return isRecord(x) && typeof x.id === 'string' && x.id.length > 0 && typeof x.status === 'string';
}

/** The camera's latest-image route. */
export function latestImageUrl(c: Pick<Camera, 'id' | 'latestImage'>): string {
  return typeof c.latestImage === 'string' && c.latestImage.startsWith('/')
    ? c.latestImage
    : `/api/cameras/${encodeURIComponent(c.id)}/latest.jpg`;
}

/** The zone of an alert, whichever name the server gave it. */
export function alertZone(a: Alert): string | null {
  return a.zoneId ?? a.zone ?? null;
}
