// The logged-in session and what each role may do. No DOM beyond a Storage.
//
// The token lives in sessionStorage: it survives a reload of the tab but not the tab's closing, is not
// shared with other tabs or windows (each operator console logs in on its own), and is not sent by the
// browser on its own (no cookie, so no CSRF). Like any script-readable storage it is exposed to a script
// injected into the page; the page never inserts server text as HTML, and the token expires.
import type { AlertAction } from './client';
import { ROLES, isRecord, isRole, type AlertState, type Role } from './types';

export interface Session {
  token: string | null;
  user: string;
  role: Role;
  expiresAt?: string;
}

const KEY = 'citywatch.session';

export function loadSession(storage: Pick<Storage, 'getItem'>): Session | null {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return null;
    const s: unknown = JSON.parse(raw);
    if (!isRecord(s) || typeof s.token !== 'string' || !isRole(s.role)) return null;
    if (typeof s.expiresAt === 'string' && Date.parse(s.expiresAt) <= Date.now()) return null;
    return {
      token: s.token,
      user: typeof s.user === 'string' ? s.user : '',
      role: s.role,
      expiresAt: typeof s.expiresAt === 'string' ? s.expiresAt : undefined,
    };
  } catch {
    return null;
  }
}

export function saveSession(storage: Pick<Storage, 'setItem'>, s: Session): void {
  storage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(KEY);
}

/** True when `role` is `min` or above it (viewer < operator < dispatcher < admin). */
export function atLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

export type Permission = AlertAction | 'pin';

const MIN_ROLE: Record<Permission, Role> = {
  acknowledge: 'operator',
  pin: 'operator',
  dispatch: 'dispatcher',
  resolve: 'dispatcher',
  'false-alarm': 'dispatcher',
};

export function can(role: Role, p: Permission): boolean {
  return atLeast(role, MIN_ROLE[p]);
}

/** The states from which each action is allowed (the server's workflow). */
const FROM: Record<AlertAction, readonly string[]> = {
  acknowledge: ['NEW'],
  dispatch: ['NEW', 'ACKNOWLEDGED'],
  resolve: ['NEW', 'ACKNOWLEDGED', 'DISPATCHED'],
  'false-alarm': ['NEW', 'ACKNOWLEDGED', 'DISPATCHED'],
};

const ORDER: readonly AlertAction[] = ['acknowledge', 'dispatch', 'resolve', 'false-alarm'];

/** The actions shown on an alert: those the role may take that the alert's state allows. */
export function actionsFor(role: Role, state: AlertState | string | undefined): AlertAction[] {
  const s = state ?? 'NEW';
  return ORDER.filter((a) => can(role, a) && FROM[a].includes(s));
}

/**
 * A token handed over in the URL's fragment (`#access_token=…`, never sent to the server), as a wall screen
 * started by a script or a single sign-on hand-off does; `rest` is the fragment without it (the view).
 */
export function tokenFromFragment(hash: string): { token: string | null; rest: string } {
  const h = hash.replace(/^#/, '');
  if (!h.includes('access_token=')) return { token: null, rest: h };
  const params = new URLSearchParams(h);
  const token = params.get('access_token');
  params.delete('access_token');
  const rest = [...params.entries()].map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join('&');
  return { token: token || null, rest };
}
