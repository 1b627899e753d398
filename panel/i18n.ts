// Every panel string lives in _locales/<lang>/messages.json (the extension's own i18n format), bundled here so
// the panel also speaks both languages outside the extension (tests, the benchmark page).
// The language follows the browser's UI language (i18n.getUILanguage); `?lang=zh_CN` overrides it for tests.
// Messages use Chrome's numbered substitutions: "$1 tasks" with t('key', 12).

import { signal } from '@preact/signals';
import en from '../_locales/en/messages.json';
import zhCN from '../_locales/zh_CN/messages.json';

export type MessageKey = keyof typeof en;
export type Lang = 'en' | 'zh_CN';
type Catalog = Record<string, { message: string } | undefined>;

const catalogs: Record<Lang, Catalog> = { en, zh_CN: zhCN };

export function pickLang(tag: string | null | undefined): Lang {
  return tag?.toLowerCase().replace('-', '_').startsWith('zh') ? 'zh_CN' : 'en';
}

function uiLanguage(): string | undefined {
  const query = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('lang');
  if (query) return query;
  const ext = (globalThis as { chrome?: { i18n?: { getUILanguage?: () => string } } }).chrome;
  try {
    return ext?.i18n?.getUILanguage?.() ?? globalThis.navigator?.language;
  } catch {
    return globalThis.navigator?.language;
  }
}

export const lang = signal<Lang>(pickLang(uiLanguage()));

/** The message for key in the current language (English when the catalog lacks it), $1…$9 substituted. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const message = catalogs[lang.value][key]?.message ?? catalogs.en[key]?.message ?? key;
  return message.replace(/\$(\d)/g, (whole, digit: string) => {
    const value = substitutions[Number(digit) - 1];
    return value === undefined ? whole : String(value);
  });
}

const numberFormats = new Map<Lang, Intl.NumberFormat>();

/** Number formatting in the panel's language (thousands separators); one formatter per language, as
 * toLocaleString builds a new one per call (it showed in the live-progress profile). */
export function formatNumber(value: number): string {
  let format = numberFormats.get(lang.value);
  if (!format) {
    format = new Intl.NumberFormat(lang.value === 'zh_CN' ? 'zh-CN' : 'en-US');
    numberFormats.set(lang.value, format);
  }
  return format.format(value);
}
