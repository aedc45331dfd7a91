import { describe, expect, it } from 'vitest';
import { DICTIONARIES, defaultLang, loadLang, placeholders, saveLang, translate, translateEnum } from './i18n';
import { en } from './i18n/en';
import { memoryStorage } from './testdata';
import { ALERT_STATES, ALERT_TYPES, ROLES } from './types';

describe('dictionaries', () => {
  it('have every key in both languages, none empty', () => {
    const keys = Object.keys(en).sort();
    for (const [lang, dict] of Object.entries(DICTIONARIES)) {
      expect(Object.keys(dict).sort(), lang).toEqual(keys);
      for (const k of keys) expect(dict[k as keyof typeof en].trim(), `${lang} ${k}`).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const k of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(DICTIONARIES.vi[k]), k).toEqual(placeholders(en[k]));
    }
  });

  it('translate every alert type, state and role the server sends', () => {
    for (const v of ALERT_TYPES) expect(`type.${v}` in en, v).toBe(true);
    for (const v of ALERT_STATES) expect(`state.${v}` in en, v).toBe(true);
    for (const v of ROLES) expect(`role.${v}` in en, v).toBe(true);
  });

  it('is really translated: most Vietnamese texts differ from the English ones', () => {
    const keys = Object.keys(en) as (keyof typeof en)[];
    const same = keys.filter((k) => DICTIONARIES.vi[k] === en[k]);
    expect(same.length / keys.length).toBeLessThan(0.1);
  });
});

describe('translate', () => {
  it('fills in parameters and leaves unknown ones', () => {
    expect(translate('en', 'wall.shown', { shown: 4, total: 9 })).toBe('4 of 9 cameras');
    expect(translate('vi', 'wall.shown', { shown: 4, total: 9 })).toBe('4 trên 9 camera');
    expect(translate('en', 'wall.shown', { shown: 4 })).toBe('4 of {total} cameras');
  });

  it('translates enum values and passes unknown ones through', () => {
    expect(translateEnum('vi', 'state', 'ACKNOWLEDGED')).toBe('Đã xác nhận');
    expect(translateEnum('en', 'type', 'CROWD')).toBe('Crowd');
    expect(translateEnum('en', 'type', 'METEOR')).toBe('METEOR');
  });
});

describe('language setting', () => {
  it('defaults to Vietnamese for a Vietnamese browser, else English', () => {
    expect(defaultLang(['vi-VN', 'en'])).toBe('vi');
    expect(defaultLang(['en-US', 'vi'])).toBe('vi');
    expect(defaultLang(['fr-FR'])).toBe('en');
    expect(defaultLang([])).toBe('en');
  });

  it('is remembered', () => {
    const s = memoryStorage();
    expect(loadLang(s, ['en-GB'])).toBe('en');
    saveLang(s, 'vi');
    expect(loadLang(s, ['en-GB'])).toBe('vi');
    s.setItem('citywatch.lang', 'xx');
    expect(loadLang(s, ['en-GB'])).toBe('en');
  });
});
