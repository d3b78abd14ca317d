/**
 * Flat-dictionary i18n: Vietnamese by default, English on request. The choice is kept in
 * localStorage (never a cookie) and <html lang> follows it.
 */
import { useEffect, useState } from 'preact/hooks';
import { FIELD_LABELS_VI, isFieldName } from '@vanbang/document';
import { en, FIELD_LABELS_EN } from './en';
import { vi, type MessageKey } from './vi';
import { format, type Params } from './format';

export type Lang = 'vi' | 'en';
export type { MessageKey } from './vi';
const STORAGE_KEY = 'vanbang.lang';
const dictionaries: Record<Lang, Readonly<Record<MessageKey, string>>> = { vi, en };

function stored(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi'; // storage disabled: the default language
  }
}

let current: Lang = stored();
const listeners = new Set<(lang: Lang) => void>();

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  document.documentElement.lang = lang;
  document.title = dictionaries[lang]['app.title'];
  for (const listener of listeners) listener(lang);
}

export function t(key: MessageKey, params?: Params): string {
  return format(dictionaries[current][key], params);
}

/** A key built at run time (a status, a ground, an event type): falls back to the raw code. */
export function tCode(prefix: string, code: string, params?: Params): string {
  const key = `${prefix}.${code}` as MessageKey;
  const text = dictionaries[current][key];
  return text === undefined ? code : format(text, params);
}

export function fieldLabel(name: string): string {
  if (!isFieldName(name)) return name;
  return current === 'vi' ? FIELD_LABELS_VI[name] : (FIELD_LABELS_EN[name] ?? name);
}

/** Re-renders the calling component when the language changes. */
export function useLang(): Lang {
  const [lang, setState] = useState(current);
  useEffect(() => {
    listeners.add(setState);
    return () => void listeners.delete(setState);
  }, []);
  return lang;
}

export function initLang(): void {
  document.documentElement.lang = current;
  document.title = dictionaries[current]['app.title'];
}
