// Boots the dashboard: settings, the session (sessionStorage), the login page or the app.
import './style.css';
import { App } from './app';
import { clearSession, loadSession, saveSession, tokenFromFragment, type Session } from './auth';
import { ApiClient, ApiError } from './client';
import { AppContext } from './context';
import { loadLang, saveLang, translate, type Lang } from './i18n';
import { loadTimeZone } from './time';
import { renderLogin } from './views/login';

const root = document.getElementById('app') ?? document.body;
let lang: Lang = loadLang(localStorage, navigator.languages ?? [navigator.language]);
let session: Session | null = loadSession(sessionStorage);
let app: App | null = null;
let ctx: AppContext | null = null;

const api = new ApiClient({
  token: () => session?.token ?? null,
  onUnauthorized: () => logout(translate(lang, 'login.expired')),
});

function setLang(l: Lang): void {
  lang = l;
  saveLang(localStorage, l);
  document.documentElement.lang = l;
  document.title = translate(l, 'app.title');
  if (ctx) {
    ctx.lang = l;
    ctx.emit('settings');
  } else if (!app) {
    showLogin(null);
  }
}

function showLogin(notice: string | null): void {
  document.body.dataset.page = 'login';
  renderLogin(root, {
    api,
    lang,
    notice,
    onLang: setLang,
    onLoggedIn: (r) => {
      session = { token: r.token, user: r.user, role: r.role, expiresAt: r.expiresAt };
      saveSession(sessionStorage, session);
      startApp(session);
      app?.unlockSound(); // the login click counts as the gesture that allows sound
    },
  });
}

function startApp(s: Session): void {
  document.body.dataset.page = 'app';
  document.body.dataset.role = s.role;
  ctx = new AppContext(api, s.user, s.role, lang, loadTimeZone(localStorage));
  app = new App(root, ctx, { onLogout: () => logout(null), onLang: setLang });
  app.start();
}

function logout(notice: string | null): void {
  const wasIn = app !== null;
  app?.stop();
  app = null;
  ctx = null;
  session = null;
  clearSession(sessionStorage);
  if (wasIn || notice === null) {
    history.replaceState(null, '', location.pathname + location.search);
  }
  showLogin(notice);
}

async function boot(): Promise<void> {
  document.documentElement.lang = lang;
  document.title = translate(lang, 'app.title');
  // A token in the fragment (a wall screen started by a script): used, then removed from the address bar.
  const handed = tokenFromFragment(location.hash);
  if (handed.token) {
    session = { token: handed.token, user: '', role: 'viewer' };
    history.replaceState(null, '', location.pathname + location.search + (handed.rest ? `#${handed.rest}` : ''));
  }
  try {
    // With a stored token: still valid? Without: a server without login answers 200 (or 404, from before
    // logins existed) where one with login answers 401.
    const me = await api.me();
    session = session ? { ...session, user: me.user || session.user, role: me.role } : { token: null, user: me.user, role: me.role };
    if (session.token) saveSession(sessionStorage, session);
    startApp(session);
  } catch (e) {
    if (!session && e instanceof ApiError && e.status === 404) {
      session = { token: null, user: '', role: 'admin' };
      startApp(session);
      return;
    }
    const expired = session !== null;
    session = null;
    clearSession(sessionStorage);
    showLogin(expired && e instanceof ApiError && e.status === 401 ? translate(lang, 'login.expired') : null);
  }
}

void boot();
