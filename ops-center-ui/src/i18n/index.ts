// Vietnamese and English, switchable and remembered. No DOM beyond a Storage.
import { en, type MessageKey } from './en';
import { vi } from './vi';

export type { MessageKey };
export type Lang = 'en' | 'vi';
export const LANGS: readonly Lang[] = ['vi', 'en'];
export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en, vi };
export const LANG_NAMES: Record<Lang, string> = { vi: 'Tiếng Việt', en: 'English' };

export type Params = Record<string, string | number>;

/** The message `key` in `lang` with each `{name}` replaced; a missing parameter stays as `{name}`. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[lang][key] ?? en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** The placeholders of a message, sorted: both languages must use the same. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

/** Vietnamese for a browser set to Vietnamese, else English. */
export function defaultLang(navigatorLanguages: readonly string[]): Lang {
  return navigatorLanguages.some((l) => l.toLowerCase().startsWith('vi')) ? 'vi' : 'en';
}

const KEY = 'citywatch.lang';

export function loadLang(storage: Pick<Storage, 'getItem'>, navigatorLanguages: readonly string[]): Lang {
  const v = storage.getItem(KEY);
  return v === 'en' || v === 'vi' ? v : defaultLang(navigatorLanguages);
}

export function saveLang(storage: Pick<Storage, 'setItem'>, lang: Lang): void {
  storage.setItem(KEY, lang);
}

/** The message for a server enum value (`type.CROWD`, `state.NEW`…), or the value itself when unknown. */
export function translateEnum(lang: Lang, prefix: 'type' | 'state' | 'status' | 'role' | 'analysis', value: string): string {
  const key = `${prefix}.${value}`;
  return key in en ? translate(lang, key as MessageKey) : value;
}
