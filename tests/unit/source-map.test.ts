// The Initiator tab's original locations (panel/details/source-map.ts) from a real minified script and its map
// (esbuild, as Vite builds), the page agent's answer played by a transport that replies as the agent would.

import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { editorPath } from '../../panel/details/initiator';
import { enclosingFunction, originalFrame } from '../../panel/details/source-map';
import { settleReply, useTransport } from '../../panel/requests';
import { isCommand, isPanelMessage, type PanelCommand } from '../../shared/protocol';

const ORIGINAL = `// pages/index/index.js
export function pickAndUpload(api) {
  const options = { url: api + '/upload', name: 'file' };
  return uni.uploadFile(options);
}

export const saveReport = async (api) => {
  return uni.downloadFile({ url: api + '/report' });
};
`;

async function built(inline: boolean) {
  const result = await transform(ORIGINAL, {
    minify: true,
    sourcemap: inline ? 'inline' : 'external',
    sourcefile: 'src/pages/index/index.js',
    format: 'esm',
  });
  return result;
}

/** The minified position of `needle` (1-based, as a stack prints it). */
function positionOf(code: string, needle: string) {
  const lines = code.split('\n');
  for (const [index, text] of lines.entries()) {
    const column = text.indexOf(needle);
    if (column >= 0) return { line: index + 1, column: column + 1 };
  }
  throw new Error(`${needle} not in the build`);
}

function answerSourceCommands(reply: (url: string) => { map?: string; mapUrl?: string } | null) {
  const sent: PanelCommand[] = [];
  useTransport({
    start() {},
    send(command) {
      sent.push(command);
      if (command.name !== 'source') return;
      const found = reply(command.url);
      queueMicrotask(() =>
        settleReply(
          found ? { id: command.id, ok: true, ...found } : { id: command.id, ok: false, error: 'no-source-map' },
        ),
      );
    },
  });
  return sent;
}

describe('source-mapped initiator', () => {
  it('maps a minified frame to the original file, line, column and enclosing function', async () => {
    const { code, map } = await built(false);
    const sent = answerSourceCommands(() => ({ map, mapUrl: 'http://127.0.0.1:5173/assets/index-3f2a.js.map' }));
    const at = positionOf(code, 'uni.uploadFile');
    const frame = { fn: 'a', url: 'http://127.0.0.1:5173/assets/index-3f2a.js', ...at };
    const original = await originalFrame(frame, 'session-1');
    expect(original).toMatchObject({ fn: 'pickAndUpload', line: 4, column: 10, source: 'src/pages/index/index.js' });
    expect(original?.url).toBe('http://127.0.0.1:5173/assets/src/pages/index/index.js');
    // One request per script and session, however many frames name it.
    await originalFrame({ ...frame, ...positionOf(code, 'uni.downloadFile') }, 'session-1');
    expect(sent.filter((command) => command.name === 'source')).toHaveLength(1);
  });

  it('reads an inline (data: URL) map, as the dev server serves, and names an arrow function', async () => {
    const { code } = await built(true);
    const dataUrl = /sourceMappingURL=(\S+)/.exec(code)?.[1] as string;
    answerSourceCommands(() => ({ mapUrl: dataUrl }));
    const at = positionOf(code, 'uni.downloadFile');
    const original = await originalFrame({ fn: '', url: 'http://127.0.0.1:5173/src/pages/index/index.js?t=1', ...at });
    expect(original).toMatchObject({ fn: 'saveReport', line: 8 });
  });

  it('leaves a frame as it is when the page has no map or sends a broken one', async () => {
    answerSourceCommands((url) => (url.includes('broken') ? { map: '{"version":3,"mappings":', mapUrl: 'x' } : null));
    expect(await originalFrame({ fn: 'a', url: 'http://127.0.0.1/none.js', line: 1, column: 5 }, 's2')).toBeNull();
    expect(await originalFrame({ fn: 'a', url: 'http://127.0.0.1/broken.js', line: 1, column: 5 }, 's2')).toBeNull();
  });

  it('finds the enclosing function by its header above the line', () => {
    expect(enclosingFunction(ORIGINAL, 4)).toBe('pickAndUpload');
    expect(enclosingFunction('class A {\n  async upload(x) {\n    if (x) {\n      go();', 4)).toBe('upload');
    expect(enclosingFunction('const x = 1;\ngo();', 2)).toBe('');
    // A callback defined above the call, already closed, is not the caller (the fixture's callbackOp).
    const op =
      'function callbackOp(label, opts = {}) {\n  const args = {\n    complete(res) {\n      done(res);\n    },\n  };\n  task = API[label](args);\n}';
    expect(enclosingFunction(op, 7, 10)).toBe('callbackOp');
  });

  it('gives the dev server a path it resolves from its working directory', () => {
    const at = (source: string, url = 'http://127.0.0.1:5173/src/pages/index/index.vue') => editorPath({ source, url });
    expect(at('/work/app/src/pages/index/index.vue')).toBe('/work/app/src/pages/index/index.vue');
    expect(at('index.vue')).toBe('src/pages/index/index.vue');
    expect(at('x.js', 'http://127.0.0.1:5173/@fs/work/app/node_modules/x.js')).toBe('/work/app/node_modules/x.js');
    expect(at('file:///work/app/src/App.vue')).toBe('/work/app/src/App.vue');
  });

  it('the relay and the background pass source commands and refuse malformed ones', () => {
    const command = { type: 'command', id: 'panel-1', name: 'source', url: 'http://127.0.0.1/a.js' };
    expect(isCommand(command)).toBe(true);
    expect(isPanelMessage(command)).toBe(true);
    expect(isPanelMessage({ ...command, name: 'open-in-editor', url: 'src/a.vue:3:1' })).toBe(true);
    expect(isCommand({ ...command, url: 42 })).toBe(false);
    expect(isPanelMessage({ ...command, url: '' })).toBe(false);
    expect(isPanelMessage({ ...command, url: 'x'.repeat(5000) })).toBe(false);
  });
});
