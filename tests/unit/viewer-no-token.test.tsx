// @vitest-environment happy-dom
// The viewer page opened without its token: a message in the panel's language, and no socket at all.

import { describe, expect, it } from 'vitest';
import { lang } from '../../panel/i18n';
import { mountViewer } from '../../viewer/mount-viewer';
import { FakeSocket } from './viewer-fake-socket';

const page = { search: '?theme=dark', origin: 'http://192.168.1.5:5173', host: '192.168.1.5:5173', protocol: 'http:' };

describe('the viewer without a token', () => {
  it('says how to open it, in English or Chinese, and connects nothing', () => {
    lang.value = 'zh_CN';
    const zh = document.createElement('div');
    expect(mountViewer(zh, page, { WebSocket: FakeSocket })).toBeNull();
    expect(zh.querySelector('[data-testid="viewer-no-token"]')?.textContent).toContain('令牌');
    expect(zh.textContent).toContain('http://192.168.1.5:5173/__uni-transfers/?token=');
    expect(document.documentElement.classList.contains('theme-dark')).toBe(true);
    lang.value = 'en';
    const en = document.createElement('div');
    expect(mountViewer(en, { ...page, search: '?token=' }, { WebSocket: FakeSocket })).toBeNull();
    expect(en.textContent).toContain('needs its token');
    expect(FakeSocket.instances).toEqual([]);
  });

  it('follows the system’s light or dark setting without ?theme', () => {
    let listener: ((event: Event) => void) | undefined;
    const media = {
      matches: true,
      addEventListener: (_type: string, next: (event: Event) => void) => {
        listener = next;
      },
    } as Pick<MediaQueryList, 'matches' | 'addEventListener'>;
    mountViewer(document.createElement('div'), { ...page, search: '' }, { matchMedia: () => media });
    const dark = () => document.documentElement.classList.contains('theme-dark');
    expect(dark()).toBe(true);
    listener?.({ matches: false } as unknown as Event);
    expect(dark()).toBe(false);
  });
});
