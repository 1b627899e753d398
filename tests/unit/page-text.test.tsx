// @vitest-environment happy-dom
// Issue 10 ("a hostile page must not harm the developer"): page strings that act without showing themselves.
// Copy as uni code must write them as escapes in valid JS; the panel must show them written out (<U+202E>), so that
// `FORGED-<U+202E>gnp.exe` cannot pass for `FORGED-exe.png`, and isolate page text from its own.

import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearBodyCache } from '../../panel/details/bodies';
import { callText, quote } from '../../panel/details/call-text';
import { detailsTab, TaskDetails } from '../../panel/details/index';
import { lang } from '../../panel/i18n';
import type { PanelTask } from '../../panel/reducer';
import { request } from '../../panel/requests';
import { shown } from '../../panel/reveal';
import { panelState } from '../../panel/store';
import { TaskRow } from '../../panel/task-row';
import { HAS_HIDDEN } from '../../shared/hidden-chars';
import { fold } from './har-samples';

vi.mock('../../panel/browser', () => ({ extensionApi: {} }));
vi.mock('../../panel/requests', () => ({ request: vi.fn() }));

const requestMock = vi.mocked(request);
const T0 = 1_700_000_000_000;

function makeTask(id: string, events: Parameters<typeof fold>[1]): PanelTask {
  return { ...fold(id, events), key: `s1/${id}`, session: 's1' };
}

beforeEach(() => {
  panelState.value = { ...panelState.value, session: 's1' };
  lang.value = 'en';
  detailsTab.value = 'overview';
  clearBodyCache();
  requestMock.mockReset();
});
afterEach(cleanup);

// Page strings that act without showing themselves: a bidi override (RLO), isolates, zero-width characters,
// controls, line separators, a lone surrogate, a tag character.
const TRICKS = ['\u202e', '\u2066', '\u2069', '\u200b', '\u200d', '\ufeff', '\u061c', '\u0000', '\u0003', '\u001b'];
const MORE = ['\u007f', '\u0085', '\u2028', '\u2029', '\ud800', '\udc00', '\u{e0041}', '\u3164', '\n', '\r', '\t'];
const PIECES = [
  ...TRICKS,
  ...MORE,
  'a',
  'Z',
  ' ',
  "'",
  '"',
  '\\',
  '`',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: page text, never a template
  '${x}',
  '</script>',
  '中',
  '😀',
  '\\u0041',
  '*/',
];

/** Deterministic pseudo-random strings built from the pieces (xorshift, so failures reproduce). */
function trickyStrings(count: number): string[] {
  let state = 0x2545f491;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(next() * 12) }, () => PIECES[Math.floor(next() * PIECES.length)]).join(''),
  );
}

describe('copy as uni code against a hostile page', () => {
  const notes = { promise: 'promise mode', noCallbackYet: 'none yet' };

  it('quotes every string as a JS literal of exactly that string, in visible text only', () => {
    for (const value of [...trickyStrings(2000), ...TRICKS, ...MORE, PIECES.join('')]) {
      const literal = quote(value);
      expect(new Function(`return ${literal};`)(), literal).toBe(value);
      expect(HAS_HIDDEN.test(literal), literal).toBe(false);
      expect(/\p{Cs}/u.test(literal), literal).toBe(false); // well-formed: no lone surrogate
    }
    expect(quote('FORGED-\u202egnp.exe')).toBe("'FORGED-\\u202egnp.exe'");
    expect(quote('tag\u{e0041}')).toBe("'tag\\u{e0041}'");
  });

  it('writes the whole call as valid JS that rebuilds the call exactly (Trojan Source cannot hide in it)', () => {
    const values = trickyStrings(40);
    const record = (offset: number) =>
      Object.fromEntries(values.slice(offset, offset + 6).map((value, index) => [`${value}${index}`, value]));
    const call = {
      url: `http://h/u?q=${values[0]}`,
      mode: 'promise' as const,
      name: values[1] ?? '',
      filePath: values[2] ?? '',
      formData: { ...record(3), __proto__x: 'p' },
      header: record(10),
      files: [{ name: values[20] ?? '', uri: values[21] ?? '' }],
    };
    // A page's own `__proto__` field (JSON.parse makes such own properties).
    Object.defineProperty(call.formData, '__proto__', { value: 'not a prototype', enumerable: true });
    const text = callText('upload', call, [], notes);
    expect(HAS_HIDDEN.test(text.replace(/\n/g, ' '))).toBe(false);
    let seen: unknown;
    new Function('uni', text)({ uploadFile: (options: unknown) => (seen = options) });
    expect(seen).toEqual({
      url: call.url,
      filePath: call.filePath,
      files: call.files,
      name: call.name,
      formData: call.formData,
      header: call.header,
    });
    expect(Object.getPrototypeOf((seen as { formData: object }).formData)).toBe(Object.prototype);
  });
});

describe('spoofed names in the panel', () => {
  it('shows hidden characters as <U+…>, keeps emoji joiners, and keeps line breaks where asked', () => {
    expect(shown('FORGED-\u202egnp.exe')).toBe('FORGED-<U+202E>gnp.exe');
    expect(shown('a\u200bb\u0000c\u{e0041}\ud800')).toBe('a<U+200B>b<U+0000>c<U+E0041><U+D800>');
    expect(shown('👩\u200d💻 pay\u200dpal')).toBe('👩\u200d💻 pay<U+200D>pal');
    expect(shown('a\nb\tc', true)).toBe('a\nb\tc');
    expect(shown('a\nb')).toBe('a<U+000A>b');
    const plain = 'cat photo.png';
    expect(shown(plain)).toBe(plain);
  });

  const spoofed = 'FORGED-\u202egnp.exe';

  function spoofedTask(): PanelTask {
    const url = `http://127.0.0.1/upload/${spoofed}?x=\u2066y`;
    return makeTask('spoof', [
      { type: 'created', at: T0, kind: 'upload', origin: 'app', probe: 'xhr', url },
      { type: 'open', at: T0 + 1, method: 'POST', url },
      {
        type: 'send',
        at: T0 + 2,
        requestHeaders: { 'X-\u202eName': `v\u200b${spoofed}` },
        body: [
          { name: `field\u202e`, value: `value ${spoofed}` },
          { name: 'file', file: { name: spoofed, size: 10, type: 'application/x-msdownload' } },
        ],
      },
      { type: 'end', at: T0 + 5, outcome: 'error' },
    ]);
  }

  /** All text and attribute values a user can see (text, tooltips, alt text). */
  function visibleText(root: Element): string {
    const attributes = [...root.querySelectorAll('*')].flatMap((element) =>
      ['title', 'alt', 'aria-label'].map((name) => element.getAttribute(name) ?? ''),
    );
    return `${root.textContent ?? ''} ${attributes.join(' ')}`;
  }

  it('shows a task row with the override written out, isolated from the row text', () => {
    const task = spoofedTask();
    const { container } = render(
      <TaskRow
        task={task}
        index={0}
        selected={false}
        scale={{ start: T0, end: T0 + 10 }}
        now={T0 + 10}
        onSelect={() => {}}
      />,
    );
    const name = container.querySelector('.col-name .page-text');
    expect(name?.textContent).toBe('FORGED-<U+202E>gnp.exe');
    expect(HAS_HIDDEN.test(visibleText(container))).toBe(false);
    // The contract attributes keep the exact data.
    expect(container.querySelector('[data-testid="task-row"]')?.getAttribute('data-url')).toBe(task.url);
  });

  it('shows the details with every hidden character written out, on every tab', async () => {
    requestMock.mockResolvedValue({
      id: 'x',
      ok: true,
      bodies: [{ name: spoofed, mime: 'text/plain\u202e', size: 3, dataUrl: 'data:text/plain;base64,YWJj' }],
    });
    const task = spoofedTask();
    task.stack = `Error\n    at f\u202e (http://127.0.0.1/a\u2066.js:1:2)`;
    task.responsePreview = `{"k\u202e": "v\u2067"}`;
    const { container } = render(<TaskDetails task={task} />);
    for (const id of ['overview', 'request', 'response', 'progress', 'events', 'initiator'] as const) {
      fireEvent.click(screen.getByTestId(`details-tab-${id}`));
      await waitFor(() => expect(screen.getByTestId(`details-panel-${id}`).hidden).toBe(false));
      await waitFor(() => expect(container.querySelector('[data-state="loading"]')).toBeNull());
      expect([id, HAS_HIDDEN.test(visibleText(container).replace(/[\n\t]/g, ' '))]).toEqual([id, false]);
    }
    fireEvent.click(screen.getByTestId('details-tab-request'));
    await waitFor(() =>
      expect(screen.getByTestId('details-body-parts').textContent).toContain('FORGED-<U+202E>gnp.exe'),
    );
  });

  it('isolates page text with unicode-bidi in the panel styles', async () => {
    const { readFileSync } = await import('node:fs');
    // vitest runs from the repository root.
    const css = (file: string) => readFileSync(`${process.cwd()}/panel/${file}`, 'utf8');
    expect(css('panel.css')).toMatch(/\.page-text,\s*\.col-status\s*\{\s*unicode-bidi: isolate;/);
    expect(css('details/details.css')).toMatch(/\.dt-kv td,[^{]*\.dt-code,[^{]*\{\s*unicode-bidi: isolate;/);
  });
});
