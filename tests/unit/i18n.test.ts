import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../_locales/en/messages.json';
import zhCN from '../../_locales/zh_CN/messages.json';
import { lang, pickLang, t } from '../../panel/i18n';

type Catalog = Record<string, { message: string }>;
const placeholders = (message: string) => [...message.matchAll(/\$\d/g)].map((match) => match[0]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('locales', () => {
  it('has a Chinese message for every English one, with the same substitutions', () => {
    const english = en as Catalog;
    const chinese = zhCN as Catalog;
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
    for (const [key, { message }] of Object.entries(english)) {
      const translated = chinese[key]?.message ?? '';
      expect(translated.trim(), key).not.toBe('');
      expect(placeholders(translated), key).toEqual(placeholders(message));
    }
  });

  it('uses Chrome-valid keys, and every key is used by the panel or the manifest', () => {
    const sources = [...sourceFiles('panel'), 'manifest.json'].map((file) => readFileSync(file, 'utf8')).join('\n');
    for (const key of Object.keys(en)) {
      expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
      const used = [`'${key}'`, `"${key}"`, `__MSG_${key}__`].some((form) => sources.includes(form));
      expect(used, `${key} unused`).toBe(true);
    }
  });

  it('follows the UI language and substitutes numbered values', () => {
    expect([pickLang('zh-CN'), pickLang('zh'), pickLang('zh-TW'), pickLang('en-US'), pickLang(undefined)]).toEqual([
      'zh_CN',
      'zh_CN',
      'zh_CN',
      'en',
      'en',
    ]);
    lang.value = 'en';
    expect(t('taskCount', 3, 10)).toBe('3 of 10 tasks');
    lang.value = 'zh_CN';
    expect(t('taskCount', 3, 10)).toBe('3 / 10 个任务');
    lang.value = 'en';
  });
});
