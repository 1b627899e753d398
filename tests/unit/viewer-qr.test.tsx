// @vitest-environment happy-dom
// The viewer's QR code of the app's address: drawn for an address a phone can reach, never for localhost.

import { render } from 'preact';
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { lang } from '../../panel/i18n';
import { ViewerEmpty } from '../../viewer/device-picker';

function mount(appUrl: string): HTMLElement {
  lang.value = 'en';
  const root = document.createElement('div');
  render(<ViewerEmpty appUrl={appUrl} />, root);
  return root;
}

describe('the app QR code', () => {
  it("draws every dark module of the LAN address's code, and says to scan it", () => {
    const url = 'http://192.168.1.5:5173/';
    const root = mount(url);
    const svg = root.querySelector('[data-testid="viewer-app-qr"]') as SVGElement;
    expect(svg.dataset.url).toBe(url);
    const { data, size } = encode(url, { border: 2 });
    expect(svg.getAttribute('viewBox')).toBe(`0 0 ${size} ${size}`);
    const squares = (svg.querySelector('path')?.getAttribute('d') ?? '').match(/M/g)?.length;
    expect(squares).toBe(data.flat().filter(Boolean).length);
    expect(root.textContent).toContain('scan the code');
  });

  it('is absent for localhost, which a phone cannot open', () => {
    const root = mount('http://127.0.0.1:5173/');
    expect(root.querySelector('[data-testid="viewer-app-qr"]')).toBeNull();
    expect(root.textContent).toContain('Network address');
  });
});
