// Initiator tab: where the app called uni, from the stack captured at the call. A click opens the location in
// the Sources panel through devtools.panels.openResource, whose line and column are 0-based (DevTools passes
// them straight to UISourceCode.uiLocation); stack text is 1-based. Without the API (Firefox, outside
// DevTools) the location is plain selectable text. Where the page serves source maps, each frame also shows its
// original file, line and function (source-map.ts), and on the dev server an "Editor" button opens that line in
// the developer's editor through Vite's /__open-in-editor.

import { useEffect, useState } from 'preact/hooks';
import { extensionApi as browser } from '../browser';
import { t } from '../i18n';
import type { PanelTask } from '../reducer';
import { request } from '../requests';
import { shown } from '../reveal';
import { isLive, panelState } from '../store';
import { Note } from './kv';
import { type OriginalFrame, originalFrame } from './source-map';
import { fileName, parseStack, type StackFrame } from './stack';

type OpenResource = (url: string, lineNumber: number, columnNumber?: number, callback?: () => void) => void;

/** The openResource function when this page runs inside DevTools and the browser has it. */
function openResourceApi(): OpenResource | undefined {
  try {
    const panels = (browser as { devtools?: { panels?: { openResource?: unknown } } } | undefined)?.devtools?.panels;
    const open = panels?.openResource;
    return typeof open === 'function' ? (open.bind(panels) as OpenResource) : undefined;
  } catch {
    return undefined;
  }
}

/** Opens a stack frame (1-based line and column) in the Sources panel. */
export function openFrame(frame: StackFrame, open: OpenResource): void {
  open(frame.url, Math.max(0, frame.line - 1), Math.max(0, frame.column - 1));
}

function EditorButton({ original }: { original: OriginalFrame }) {
  const [error, setError] = useState('');
  const file = `${editorPath(original)}:${original.line}:${original.column}`;
  return (
    <>
      <button
        type="button"
        class="dt-link"
        data-testid="details-open-in-editor"
        data-file={file}
        title={t('detailsOpenInEditor', shown(original.source), original.line)}
        onClick={() =>
          void request({ name: 'open-in-editor', url: file }).then((reply) =>
            setError(reply.ok ? '' : (reply.error ?? '')),
          )
        }
      >
        {t('detailsEditor')}
      </button>
      {error && (
        <span class="dt-muted" data-testid="details-open-in-editor-error">
          {' '}
          {t('detailsEditorFailed', shown(error))}
        </span>
      )}
    </>
  );
}

/**
 * The path Vite's launch-editor middleware resolves against the dev server's working directory: the map's source
 * when it is an absolute file path (or a file: URL), else the path of the source's URL on the dev server (a path
 * relative to the script, as most maps name sources, is resolved by then; /@fs/ is how Vite serves files outside
 * its root).
 */
export function editorPath(original: Pick<OriginalFrame, 'source' | 'url'>): string {
  if (original.source.startsWith('/')) return original.source;
  try {
    const url = new URL(original.source.startsWith('file:') ? original.source : original.url);
    const path = decodeURIComponent(url.pathname);
    if (url.protocol === 'file:') return path;
    return path.startsWith('/@fs/') ? path.slice(4) : path.replace(/^\//, '');
  } catch {
    return original.source;
  }
}

function FrameRow({
  frame,
  original,
  open,
  inDevtools,
  onDevServer,
}: {
  frame: StackFrame;
  original: OriginalFrame | null | undefined;
  open?: OpenResource;
  inDevtools: boolean;
  onDevServer: boolean;
}) {
  const location = shown(`${fileName(frame.url)}:${frame.line}:${frame.column}`);
  const name = original?.fn || frame.fn ? shown(original?.fn || frame.fn) : t('detailsAnonymous');
  const url = shown(original?.url ?? frame.url);
  const built = open ? (
    <button
      type="button"
      class="dt-link"
      title={t('detailsOpenInSources', shown(frame.url), frame.line, frame.column)}
      onClick={() => openFrame(frame, open)}
    >
      {location}
    </button>
  ) : (
    <span class="dt-selectable" title={inDevtools ? t('detailsNoOpenResource', url) : t('detailsOutsideDevtools', url)}>
      {location}
    </span>
  );
  return (
    <tr data-testid="details-stack-frame" data-mapped={original ? 'true' : original === null ? 'false' : undefined}>
      <td class="dt-frame-fn">{name}</td>
      <td>
        {original ? (
          <>
            <span class="dt-selectable" data-testid="details-original-location">
              {shown(`${fileName(original.url)}:${original.line}:${original.column}`)}
            </span>
            {onDevServer && (
              <>
                {' '}
                <EditorButton original={original} />
              </>
            )}
            <div class="dt-muted">
              {t('detailsBuiltAt', '')}
              {built}
            </div>
          </>
        ) : (
          built
        )}
      </td>
      <td class="dt-frame-url">{url}</td>
    </tr>
  );
}

/** Each frame's original location once read (null: none; undefined: still reading), for the live page's tasks. */
function useOriginalFrames(task: PanelTask, frames: StackFrame[]): (OriginalFrame | null | undefined)[] {
  const live = isLive(task);
  const [originals, setOriginals] = useState<(OriginalFrame | null | undefined)[]>([]);
  useEffect(() => {
    setOriginals([]);
    if (!live) return;
    let current = true;
    void Promise.all(frames.map((frame) => originalFrame(frame, task.session).catch(() => null))).then((found) => {
      if (current) setOriginals(found);
    });
    return () => {
      current = false;
    };
  }, [task.id, task.session, task.stack, live]);
  return live ? originals : frames.map(() => null);
}

export function InitiatorTab({ task }: { task: PanelTask }) {
  const frames = parseStack(task.stack);
  const open = openResourceApi();
  const inDevtools = (() => {
    try {
      return Boolean((browser as { devtools?: unknown } | undefined)?.devtools);
    } catch {
      return false;
    }
  })();
  const originals = useOriginalFrames(task, frames);
  const onDevServer = panelState.value.runtime?.dev === true;
  if (frames.length === 0) {
    return <Note testId="details-stack-empty">{task.stack ? t('detailsStackUnparsed') : t('detailsNoStack')}</Note>;
  }
  const reading = originals.length === 0;
  const mapped = originals.some(Boolean);
  return (
    <div
      class="dt-initiator"
      data-testid="details-initiator"
      data-source-maps={reading ? 'reading' : mapped ? 'mapped' : 'none'}
    >
      {!open && <Note>{inDevtools ? t('detailsNoOpenResourceNote') : t('detailsOutsideDevtoolsNote')}</Note>}
      {reading && <Note>{t('detailsSourceMapsReading')}</Note>}
      {mapped && <Note>{t('detailsSourceMapsNote')}</Note>}
      <table class="dt-grid" data-testid="details-stack" aria-label={t('detailsTabInitiator')}>
        <thead>
          <tr>
            <th scope="col">{t('detailsColFunction')}</th>
            <th scope="col">{t('detailsColLocation')}</th>
            <th scope="col">{t('detailsColUrl')}</th>
          </tr>
        </thead>
        <tbody>
          {frames.map((frame, index) => (
            <FrameRow
              key={index}
              frame={frame}
              original={originals[index]}
              open={open}
              inDevtools={inDevtools}
              onDevServer={onDevServer}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
