// The login page: user name and password, POST /api/login.
import { ApiError, type ApiClient } from '../client';
import { el, select } from '../dom';
import { LANG_NAMES, LANGS, translate, type Lang } from '../i18n';
import type { LoginResult } from '../types';

export interface LoginOptions {
  api: ApiClient;
  lang: Lang;
  onLang: (lang: Lang) => void;
  /** Shown above the form (the session expired). */
  notice?: string | null;
  onLoggedIn: (r: LoginResult) => void;
}

export function renderLogin(root: HTMLElement, o: LoginOptions): void {
  const t = (k: Parameters<typeof translate>[1], p?: Record<string, string>) => translate(o.lang, k, p);
  const user = el('input', { id: 'login-user', name: 'user', autocomplete: 'username', required: true });
  const password = el('input', {
    id: 'login-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const error = el('p', { id: 'login-error', class: 'login-error', role: 'alert' });
  error.hidden = !o.notice;
  error.textContent = o.notice ?? '';
  const submit = el('button', { id: 'login-submit', type: 'submit', class: 'btn btn-primary', text: t('login.submit') });
  const form = el(
    'form',
    { id: 'login-form', class: 'login-form' },
    el('h1', { class: 'login-title', text: t('app.title') }),
    el('h2', { class: 'login-subtitle', text: t('login.title') }),
    el('label', { for: 'login-user', text: t('login.user') }),
    user,
    el('label', { for: 'login-password', text: t('login.password') }),
    password,
    error,
    submit,
    select(
      { class: 'login-lang', 'aria-label': t('nav.language') },
      LANGS.map((l) => [l, LANG_NAMES[l]] as const),
      o.lang,
      (v) => o.onLang(v as Lang),
    ),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    submit.textContent = t('login.busy');
    error.hidden = true;
    try {
      o.onLoggedIn(await o.api.login(user.value.trim(), password.value));
    } catch (e) {
      error.hidden = false;
      error.textContent =
        e instanceof ApiError && (e.status === 401 || e.status === 403)
          ? t('login.failed')
          : t('login.error', { message: e instanceof Error ? e.message : String(e) });
      submit.disabled = false;
      submit.textContent = t('login.submit');
      password.select();
    }
  });
  root.replaceChildren(el('main', { class: 'login-page' }, form));
  user.focus();
}
