// The viewer's text: the picker's short device names (viewer/device-label.ts) from real user agents, and its
// strings in both languages (viewer/messages.ts).

import { describe, expect, it } from 'vitest';
import { clockTime, describeUserAgent } from '../../viewer/device-label';
import { viewerCatalogs } from '../../viewer/messages';

const AGENTS: [string, string][] = [
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    'iPhone · Safari 17',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/122.0.6261.89 Mobile/15E148 Safari/604.1',
    'iPhone · Chrome 122',
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36',
    'Android 14 · Chrome 120',
  ],
  [
    'Mozilla/5.0 (Linux; Android 13; V2148A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
    'WeChat 8.0 · Android',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44(0x18002c2d) NetType/WIFI Language/zh_CN',
    'WeChat 8.0 · iOS',
  ],
  [
    'Mozilla/5.0 (Linux; Android 12; SM-S9080 Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/95.0.4638.74 Mobile Safari/537.36',
    'Android 12 · WebView 95',
  ],
  [
    'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
    'Android 13 · Samsung Internet 23',
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
    'Windows · Edge 120',
  ],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14.2; rv:121.0) Gecko/20100101 Firefox/121.0', 'macOS · Firefox 121'],
  ['curl/8.4.0 something rather long that goes on and on past forty', 'curl/8.4.0 something rather long that go'],
  ['', '?'],
];

describe('device labels', () => {
  it.each(AGENTS)('%s', (agent, label) => expect(describeUserAgent(agent)).toBe(label));

  it('tells the first-seen time as HH:MM:SS on the desktop clock', () => {
    expect(clockTime(new Date(2026, 0, 2, 3, 4, 5).getTime())).toBe('03:04:05');
  });
});

describe('viewer strings', () => {
  it('has a Chinese message for every English one, with the same substitutions', () => {
    const placeholders = (message: string) => [...message.matchAll(/\$\d/g)].map((match) => match[0]).sort();
    const { en, zh_CN: zh } = viewerCatalogs;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of Object.entries(en)) {
      const translated = zh[key as keyof typeof en];
      expect(translated.trim(), key).not.toBe('');
      expect(placeholders(translated), key).toEqual(placeholders(message));
    }
  });
});
