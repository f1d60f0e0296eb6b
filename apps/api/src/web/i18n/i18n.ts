import { WEB_CONTRIBUTIONS } from '../plugins/web-contributions';
import { EN } from './en';
import { VI, type MessageKey } from './vi';

/** The languages of the web pages: Vietnamese by default, English on request. */
export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const DICTIONARIES: Record<Lang, Readonly<Record<MessageKey, string>>> = { vi: VI, en: EN };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(VI, key);
}

/** A word of an enabled plugin's pages (`self-criticism.hint`), in `lang`. */
function pluginMessage(lang: Lang, key: string): string | undefined {
  return WEB_CONTRIBUTIONS.messages[lang].get(key);
}

/**
 * The message `key` in `lang`, with `{name}` placeholders filled from `params`. An unknown key is a programming
 * error (a test checks every key the templates use), so it throws rather than showing a raw key to a member.
 */
export function translate(lang: Lang, key: string, params: Readonly<Record<string, unknown>> = {}): string {
  const text = isMessageKey(key) ? DICTIONARIES[lang][key] : pluginMessage(lang, key);
  if (text === undefined) throw new Error(`Unknown message key "${key}"`);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** The message if `key` exists, else undefined (for labels derived from data, e.g. a form field's name). */
export function translateOptional(lang: Lang, key: string, params: Readonly<Record<string, unknown>> = {}): string | undefined {
  return isMessageKey(key) || pluginMessage(lang, key) !== undefined ? translate(lang, key, params) : undefined;
}

/**
 * The message `key` in `lang` when it exists and `params` has every value it names; else undefined (a page's words
 * that would show "{elapsed}"). Values are not read for placeholders: a template's text "{{name}}" is a value.
 */
export function translateComplete(lang: Lang, key: string, params: Readonly<Record<string, unknown>>): string | undefined {
  const text = translateOptional(lang, key);
  if (text === undefined) return undefined;
  for (const [, name] of text.matchAll(/\{(\w+)\}/g)) if (!Object.hasOwn(params, name!)) return undefined;
  return translate(lang, key, params);
}

const TEXTS: Partial<Record<Lang, ReadonlySet<string>>> = {};

/** Whether `text` is one of the dictionary's own messages in `lang` (a page that threw its own words, say). */
export function isDictionaryText(lang: Lang, text: string): boolean {
  return (TEXTS[lang] ??= new Set(Object.values(DICTIONARIES[lang]))).has(text);
}

/** A text given in both languages (task titles, step titles): the one asked for, Vietnamese when missing. */
export function localized(lang: Lang, text: { vi: string; en?: string } | string | null | undefined): string {
  if (text === null || text === undefined) return '';
  if (typeof text === 'string') return text;
  return (lang === 'en' ? text.en : undefined) ?? text.vi;
}
