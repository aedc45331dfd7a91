// What every view shares: the API client, the session, the settings (language, time zone) and the live
// state (cameras, alerts), with change notifications.
import { AlertStore, openSeverityByCamera } from './alerts';
import type { Permission } from './auth';
import { can } from './auth';
import type { ApiClient } from './client';
import { translate, translateEnum, type Lang, type MessageKey, type Params } from './i18n';
import { formatClockTime, formatDateTime } from './time';
import type { Alert, Camera, Role } from './types';

export type Topic = 'settings' | 'cameras' | 'alerts' | 'pins';

export class AppContext {
  readonly store = new AlertStore();
  private camerasList: Camera[] = [];
  private readonly camerasById = new Map<string, Camera>();
  /** Pins changed from this console, until the server's cameras (list or push) show them (analysis.role PINNED). */
  readonly pinOverride = new Map<string, boolean>();
  private readonly listeners = new Map<Topic, Set<() => void>>();
  private openSeverities: Map<string, string> | null = null;

  constructor(
    readonly api: ApiClient,
    readonly user: string,
    readonly role: Role,
    public lang: Lang,
    public timeZone: string,
  ) {}

  t(key: MessageKey, params?: Params): string {
    return translate(this.lang, key, params);
  }

  tEnum(prefix: 'type' | 'state' | 'status' | 'role' | 'analysis', value: string): string {
    return translateEnum(this.lang, prefix, value);
  }

  time(instant: string | number): string {
    return formatClockTime(instant, this.timeZone);
  }

  dateTime(instant: string | number): string {
    return formatDateTime(instant, this.timeZone);
  }

  can(p: Permission): boolean {
    return can(this.role, p);
  }

  on(topic: Topic, fn: () => void): () => void {
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  emit(topic: Topic): void {
    if (topic === 'alerts') this.openSeverities = null;
    for (const fn of [...(this.listeners.get(topic) ?? [])]) {
      try {
        fn();
      } catch (e) {
        // One view failing must not stop the others (nor the camera polling that emitted).
        console.error(`${topic} listener failed`, e);
      }
    }
  }

  get cameras(): readonly Camera[] {
    return this.camerasList;
  }

  camera(id: string): Camera | undefined {
    return this.camerasById.get(id);
  }

  setCameras(list: Camera[]): void {
    this.camerasList = list;
    this.camerasById.clear();
    for (const c of list) {
      this.camerasById.set(c.id, c);
      this.settlePin(c);
    }
    this.emit('cameras');
  }

  /**
   * A camera's change pushed live, merged into the held camera (or added). The push carries only some fields
   * (analysis: state, role, fps), so `analysis` is merged field by field: the list's counters and reason stay.
   */
  updateCamera(c: Partial<Camera> & { id: string }): void {
    const held = this.camerasById.get(c.id);
    const merged = { ...(held ?? {}), ...c } as Camera;
    if (held?.analysis && c.analysis) merged.analysis = { ...held.analysis, ...c.analysis };
    if (held) this.camerasList = this.camerasList.map((x) => (x.id === c.id ? merged : x));
    else if (typeof merged.status === 'string') this.camerasList = [...this.camerasList, merged];
    else return;
    this.camerasById.set(c.id, merged);
    this.settlePin(merged);
    this.emit('cameras');
  }

  /** Forgets this console's pin once the server shows the same; from then on the server's word counts. */
  private settlePin(c: Camera): void {
    const override = this.pinOverride.get(c.id);
    if (override !== undefined && override === serverPinned(c)) this.pinOverride.delete(c.id);
  }

  /** Adds or updates alerts; notifies when anything visible changed. */
  mergeAlerts(alerts: Iterable<Alert>): void {
    if (this.store.merge(alerts)) this.emit('alerts');
  }

  /** The most severe open alert's severity per camera. */
  openSeverity(): Map<string, string> {
    this.openSeverities ??= openSeverityByCamera(this.store.list());
    return this.openSeverities;
  }

  isPinned(c: Camera): boolean {
    return this.pinOverride.get(c.id) ?? serverPinned(c);
  }

  setPinned(id: string, on: boolean): void {
    this.pinOverride.set(id, on);
    this.emit('pins');
  }

  pinnedIds(): Set<string> {
    return new Set(this.camerasList.filter((c) => this.isPinned(c)).map((c) => c.id));
  }

  districtOf = (cameraId: string): string | undefined => this.camerasById.get(cameraId)?.district;
}

/**
 * Pinned as the server says: the scheduler's roles rank PINNED first (then ALERT, CONTINUOUS, PATROL), so a pinned
 * camera with an open alert still has the role PINNED, and an idle pinned camera (no free slot) too.
 */
export function serverPinned(c: Camera): boolean {
  return c.analysis?.role === 'PINNED';
}
