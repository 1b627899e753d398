// Export HAR / Import HAR for the toolbar. Export writes the listed transfers (all, or those the filter shows) as a
// HAR 1.2 file through a blob: URL; credentials (shared/redact.ts) are redacted unless kept. Import reads a HAR file
// (ours or the browser's), and on success adds its transfers as imported tasks; a failed import changes nothing.
// Everything from the file is shown as text only. For automation the last export's JSON is left on
// globalThis.__uniTransferLastHar (docs/automation.md, "HAR and copy").

import { signal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { tasksToHar } from '../shared/har';
import { type HarImportErrorCode, harToTasks, MAX_HAR_CHARS } from '../shared/har-import';
import type { TaskRecord } from '../shared/task-model';
import { extensionApi } from './browser';
import { diagnosisOf } from './diagnosis-view';
import { formatNumber, type MessageKey, t } from './i18n';
import type { PanelTask } from './reducer';
import { allTasks, dispatch, visibleTasks } from './store';
import './har-buttons.css';

type HarMessage = { kind: 'error' | 'info'; text: string };

const scopeFiltered = signal(false);
const keepSensitive = signal(false);
const optionsOpen = signal(false);
const message = signal<HarMessage | null>(null);

const ERROR_KEYS: Record<HarImportErrorCode | 'read', MessageKey> = {
  'too-large': 'harErrorTooLarge',
  'not-json': 'harErrorNotJson',
  'not-har': 'harErrorNotHar',
  'no-transfers': 'harErrorNoTransfers',
  'too-many': 'harErrorTooMany',
  read: 'harErrorRead',
};

/** Defined by the npm package's viewer build (scripts/pack-npm.ts); absent in the extension. */
declare const __UNI_TRANSFERS_VERSION__: string | undefined;

function creatorVersion(): string {
  const packageVersion = typeof __UNI_TRANSFERS_VERSION__ === 'string' ? __UNI_TRANSFERS_VERSION__ : '0.0.0';
  try {
    return extensionApi?.runtime.getManifest().version ?? packageVersion;
  } catch {
    return packageVersion;
  }
}

/** `uni-transfers-2025-01-31-235959.har`, local time. */
export function harFileName(date = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `uni-transfers-${day}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}.har`;
}

/** The panel's task without its panel-only fields, as the agent recorded it. */
function recordOf(task: PanelTask): TaskRecord {
  const { key: _key, session: _session, imported: _imported, diagnosis: _diagnosis, ...record } = task;
  return record;
}

function exportHar(): void {
  const listed = scopeFiltered.value ? visibleTasks.value : allTasks.value;
  const tasks = listed.map(recordOf);
  // The panel's diagnosis (it knows the page's runtime, and an imported task's own): `_uniTask.diagnosis`.
  const har = tasksToHar(tasks, {
    keepSensitive: keepSensitive.value,
    creatorVersion: creatorVersion(),
    diagnoses: listed.map(diagnosisOf),
  });
  const json = JSON.stringify(har, null, 2);
  const name = harFileName();
  Object.assign(globalThis, { __uniTransferLastHar: { name, json } });
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  message.value = { kind: 'info', text: t('harExported', formatNumber(tasks.length), name) };
}

async function importFile(file: File): Promise<void> {
  message.value = null;
  // Checked before reading: UTF-8 has at least one byte per UTF-16 unit, so a file within the limit is text within it.
  if (file.size > MAX_HAR_CHARS) {
    message.value = { kind: 'error', text: t('harErrorTooLarge') };
    return;
  }
  let text: string;
  try {
    text = await file.text();
  } catch {
    message.value = { kind: 'error', text: t('harErrorRead') };
    return;
  }
  const result = harToTasks(text);
  if (!result.ok) {
    message.value = { kind: 'error', text: t(ERROR_KEYS[result.error.code]) };
    return;
  }
  dispatch({ type: 'import', name: file.name, tasks: result.tasks });
  message.value = {
    kind: 'info',
    text: t('harImported', formatNumber(result.tasks.length), file.name, formatNumber(result.skipped)),
  };
}

export function HarButtons() {
  const input = useRef<HTMLInputElement>(null);
  const current = message.value;
  return (
    <div class="har-buttons">
      <button type="button" data-testid="har-export" title={t('harExportTitle')} onClick={exportHar}>
        {t('harExport')}
      </button>
      <button
        type="button"
        class="har-options-toggle"
        data-testid="har-options-toggle"
        aria-label={t('harOptions')}
        title={t('harOptions')}
        aria-expanded={optionsOpen.value}
        aria-controls="har-options"
        onClick={() => {
          optionsOpen.value = !optionsOpen.value;
        }}
      >
        ▾
      </button>
      <fieldset
        id="har-options"
        class="har-options"
        data-testid="har-options"
        hidden={!optionsOpen.value}
        onKeyDown={(event) => {
          if (event.key === 'Escape') optionsOpen.value = false;
        }}
      >
        <legend>{t('harOptions')}</legend>
        <label>
          <input
            type="checkbox"
            data-testid="har-scope-filtered"
            checked={scopeFiltered.value}
            onChange={(event) => {
              scopeFiltered.value = event.currentTarget.checked;
            }}
          />
          {t('harScopeFiltered')}
        </label>
        <label>
          <input
            type="checkbox"
            data-testid="har-keep-sensitive"
            checked={keepSensitive.value}
            onChange={(event) => {
              keepSensitive.value = event.currentTarget.checked;
            }}
          />
          {t('harKeepSensitive')}
        </label>
      </fieldset>
      <button type="button" data-testid="har-import" title={t('harImportTitle')} onClick={() => input.current?.click()}>
        {t('harImport')}
      </button>
      <input
        ref={input}
        type="file"
        accept=".har,application/json"
        data-testid="har-file"
        hidden
        onChange={(event) => {
          const target = event.currentTarget;
          const file = target.files?.[0];
          target.value = ''; // the same file can be picked again
          if (file) void importFile(file);
        }}
      />
      {current && (
        <div class="har-message" role="alert" data-testid="har-message" data-kind={current.kind}>
          <span class="har-message-text">{current.text}</span>
          <button
            type="button"
            class="har-message-dismiss"
            data-testid="har-message-dismiss"
            aria-label={t('harDismiss')}
            title={t('harDismiss')}
            onClick={() => {
              message.value = null;
            }}
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
