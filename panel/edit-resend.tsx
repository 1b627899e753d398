// Edit and resend: the task's request prefilled (URL, headers, and for an upload every body part in order, its
// files kept from the page or replaced through a file picker), sent as an edited replay.

import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { readAsDataUrl } from '../shared/data-url';
import type { ReplayPart } from '../shared/protocol';
import { editing, replayTask } from './actions';
import { formatBytes } from './format';
import { t } from './i18n';
import type { PanelTask } from './reducer';
import { oneOffCondition, ReplayConditionPicker } from './replay-condition';

const MAX_PICKED_BYTES = 16 * 1024 * 1024;

type Row = { name: string; value: string };
type PartRow =
  | { kind: 'field'; name: string; value: string }
  | { kind: 'file'; name: string; fileName: string; heldFile?: number; size?: number; picked?: File };

function initialParts(task: PanelTask): PartRow[] {
  let fileIndex = 0;
  return (task.body ?? []).map((part) =>
    part.file
      ? { kind: 'file', name: part.name, fileName: part.file.name, heldFile: fileIndex++, size: part.file.size }
      : { kind: 'field', name: part.name, value: part.value ?? '' },
  );
}

async function toReplayPart(part: PartRow, needFile: boolean): Promise<ReplayPart | null> {
  if (part.kind === 'field') return { name: part.name, value: part.value };
  if (part.picked) {
    const dataUrl = await readAsDataUrl(part.picked);
    return {
      name: part.name,
      fileName: part.fileName,
      file: { name: part.picked.name, type: part.picked.type, dataUrl },
    };
  }
  if (needFile || part.heldFile === undefined) return null;
  return { name: part.name, fileName: part.fileName, heldFile: part.heldFile };
}

function RowsEditor(props: { rows: Row[]; onChange: (rows: Row[]) => void; testid: string; addLabel: string }) {
  const { rows, onChange, testid } = props;
  const update = (index: number, patch: Partial<Row>) =>
    onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <div class="edit-rows">
      {rows.map((row, index) => (
        <div class="edit-row" key={index}>
          <input
            aria-label={t('editName')}
            data-testid={`${testid}-name`}
            value={row.name}
            onInput={(e) => update(index, { name: e.currentTarget.value })}
          />
          <input
            aria-label={t('editValue')}
            data-testid={`${testid}-value`}
            value={row.value}
            onInput={(e) => update(index, { value: e.currentTarget.value })}
          />
          <button type="button" onClick={() => onChange(rows.filter((_, at) => at !== index))}>
            {t('editRemove')}
          </button>
        </div>
      ))}
      <button type="button" data-testid={`${testid}-add`} onClick={() => onChange([...rows, { name: '', value: '' }])}>
        {props.addLabel}
      </button>
    </div>
  );
}

function FilePart({
  part,
  needFile,
  onPick,
}: {
  part: Extract<PartRow, { kind: 'file' }>;
  needFile: boolean;
  onPick: (file: File) => void;
}) {
  return (
    <div class="edit-file">
      <span>
        {part.picked
          ? `${part.picked.name} (${formatBytes(part.picked.size)})`
          : needFile
            ? t('editFileRequired')
            : t('editKeepFile', part.fileName, formatBytes(part.size))}
      </span>
      <label class="edit-pick">
        {t('editChooseFile')}
        <input
          type="file"
          data-testid="edit-file"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) onPick(file);
          }}
        />
      </label>
    </div>
  );
}

export function EditResendDialog() {
  const current = editing.value;
  if (!current) return null;
  return <Dialog task={current.task} needFile={current.needFile} />;
}

function Dialog({ task, needFile }: { task: PanelTask; needFile: boolean }) {
  const [url, setUrl] = useState(task.call?.url ?? task.url);
  const [headers, setHeaders] = useState<Row[]>(
    Object.entries(task.call?.header ?? task.requestHeaders ?? {}).map(([name, value]) => ({ name, value })),
  );
  const [parts, setParts] = useState<PartRow[]>(() => initialParts(task));
  const [error, setError] = useState('');
  const first = useRef<HTMLInputElement>(null);
  // A layout effect: the first field has the focus as soon as the form shows, before a user (or script) types.
  useLayoutEffect(() => first.current?.focus(), []);
  const close = () => (editing.value = null);

  const send = async () => {
    const replayParts: ReplayPart[] = [];
    for (const part of parts) {
      const converted = await toReplayPart(part, needFile);
      if (!converted) return setError(t('editFileRequired'));
      replayParts.push(converted);
    }
    const header = Object.fromEntries(
      headers.filter((row) => row.name.trim() !== '').map((row) => [row.name, row.value]),
    );
    close();
    const edits = { url, header, ...(task.kind === 'upload' ? { parts: replayParts } : {}) };
    await replayTask(task, edits, oneOffCondition());
  };

  return (
    <div class="edit-backdrop">
      <div
        class="edit-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="edit-title"
        data-testid="edit-dialog"
        onKeyDown={(event) => event.key === 'Escape' && close()}
      >
        <h2 id="edit-title">{t('editTitle')}</h2>
        <label class="edit-url">
          {t('editUrl')}
          <input ref={first} data-testid="edit-url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        </label>
        <h3>{t('editHeaders')}</h3>
        <RowsEditor rows={headers} onChange={setHeaders} testid="edit-header" addLabel={t('editAddHeader')} />
        {task.kind === 'upload' && (
          <>
            <h3>{t('editParts')}</h3>
            {parts.map((part, index) => (
              <div class="edit-row" key={index} data-testid="edit-part" data-part-kind={part.kind}>
                <input
                  aria-label={t('editName')}
                  data-testid="edit-part-name"
                  value={part.name}
                  onInput={(e) =>
                    setParts(parts.map((p, at) => (at === index ? { ...p, name: e.currentTarget.value } : p)))
                  }
                />
                {part.kind === 'field' ? (
                  <input
                    aria-label={t('editValue')}
                    data-testid="edit-part-value"
                    value={part.value}
                    onInput={(e) =>
                      setParts(parts.map((p, at) => (at === index ? { ...p, value: e.currentTarget.value } : p)))
                    }
                  />
                ) : (
                  <FilePart
                    part={part}
                    needFile={needFile}
                    onPick={(file) => {
                      if (file.size > MAX_PICKED_BYTES) return setError(t('editFileTooLarge'));
                      setError('');
                      setParts(parts.map((p, at) => (at === index ? { ...p, picked: file, fileName: file.name } : p)));
                    }}
                  />
                )}
                <button type="button" onClick={() => setParts(parts.filter((_, at) => at !== index))}>
                  {t('editRemove')}
                </button>
              </div>
            ))}
            <button
              type="button"
              data-testid="edit-part-add"
              onClick={() => setParts([...parts, { kind: 'field', name: '', value: '' }])}
            >
              {t('editAddField')}
            </button>
          </>
        )}
        {error && (
          <p class="edit-error" role="alert">
            {error}
          </p>
        )}
        <div class="edit-buttons">
          <ReplayConditionPicker />
          <button type="button" data-testid="edit-cancel" onClick={close}>
            {t('editCancel')}
          </button>
          <button type="button" class="primary" data-testid="edit-send" onClick={() => void send()}>
            {t('editSend')}
          </button>
        </div>
      </div>
    </div>
  );
}
