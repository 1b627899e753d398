// Capture settings (how much each page's agent keeps). Stored in storage.local; every page's relay hands
// them to its agent, now and on change (extension/relay.ts).

import { signal } from '@preact/signals';
import { type CaptureSettings, DEFAULT_SETTINGS, normalizeSettings, SETTINGS_KEY } from '../shared/settings';
import { extensionApi } from './browser';
import { t } from './i18n';
import { post } from './requests';

const MB = 1024 * 1024;
export const settingsOpen = signal(false);
/** Off where the settings cannot reach the page (the npm package's viewer, panel/mount.tsx): no button, no bar. */
export const settingsAvailable = signal(true);
export const captureSettings = signal<CaptureSettings>(DEFAULT_SETTINGS);

export async function loadSettings(): Promise<void> {
  try {
    if (!extensionApi) return; // outside the extension (tests): the defaults stand
    const stored = await extensionApi.storage.local.get(SETTINGS_KEY);
    captureSettings.value = normalizeSettings(stored[SETTINGS_KEY]);
  } catch {
    // No storage (panel opened as a plain page in a test): the defaults stand.
  }
}

function save(next: Partial<CaptureSettings>): void {
  const settings = normalizeSettings({ ...captureSettings.value, ...next });
  captureSettings.value = settings;
  // Every page's relay hands storage changes to its agent (other tabs too); the inspected page also gets them
  // straight from this panel, ordered before any later command of ours: storage.onChanged reaches the relay on a
  // path of its own, and under load a replay clicked right after the change overtook it (edit-resend e2e test).
  post({ name: 'settings', settings });
  extensionApi?.storage.local.set({ [SETTINGS_KEY]: settings }).catch(() => undefined);
}

export function SettingsBar() {
  if (!settingsOpen.value || !settingsAvailable.value) return null;
  const settings = captureSettings.value;
  return (
    <div class="settings-bar" data-testid="settings">
      <label>
        {t('settingsMaxTasks')}{' '}
        <input
          type="number"
          min={10}
          step={100}
          data-testid="setting-max-tasks"
          value={settings.maxTasks}
          onChange={(event) => save({ maxTasks: Number(event.currentTarget.value) })}
        />
      </label>
      <label>
        {t('settingsBodyBudget')}{' '}
        <input
          type="number"
          min={0}
          step={10}
          data-testid="setting-body-budget"
          value={Math.round(settings.bodyBudgetBytes / MB)}
          onChange={(event) => save({ bodyBudgetBytes: Number(event.currentTarget.value) * MB })}
        />
      </label>
      <span class="settings-note">{t('settingsNote')}</span>
    </div>
  );
}
