// Initiator tab: where the app called uni, from the stack captured at the call. A click opens the location in
// the Sources panel through devtools.panels.openResource, whose line and column are 0-based (DevTools passes
// them straight to UISourceCode.uiLocation); stack text is 1-based. Without the API (Firefox, outside
// DevTools) the location is plain selectable text.

import { extensionApi as browser } from '../browser';
import { t } from '../i18n';
import type { PanelTask } from '../reducer';
import { shown } from '../reveal';
import { Note } from './kv';
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

function FrameRow({ frame, open, inDevtools }: { frame: StackFrame; open?: OpenResource; inDevtools: boolean }) {
  const location = shown(`${fileName(frame.url)}:${frame.line}:${frame.column}`);
  const name = frame.fn ? shown(frame.fn) : t('detailsAnonymous');
  const url = shown(frame.url);
  return (
    <tr data-testid="details-stack-frame">
      <td class="dt-frame-fn">{name}</td>
      <td>
        {open ? (
          <button
            type="button"
            class="dt-link"
            title={t('detailsOpenInSources', url, frame.line, frame.column)}
            onClick={() => openFrame(frame, open)}
          >
            {location}
          </button>
        ) : (
          <span
            class="dt-selectable"
            title={inDevtools ? t('detailsNoOpenResource', url) : t('detailsOutsideDevtools', url)}
          >
            {location}
          </span>
        )}
      </td>
      <td class="dt-frame-url">{url}</td>
    </tr>
  );
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
  if (frames.length === 0) {
    return <Note testId="details-stack-empty">{task.stack ? t('detailsStackUnparsed') : t('detailsNoStack')}</Note>;
  }
  return (
    <div class="dt-initiator">
      {!open && <Note>{inDevtools ? t('detailsNoOpenResourceNote') : t('detailsOutsideDevtoolsNote')}</Note>}
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
            <FrameRow key={index} frame={frame} open={open} inDevtools={inDevtools} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
