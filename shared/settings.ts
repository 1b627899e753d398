// Capture settings, kept in storage.local by the panel and handed to every page's agent by its relay.

export interface CaptureSettings {
  /** Tasks the page agent keeps (older ones are dropped and counted). */
  maxTasks: number;
  /** Bytes of upload files and downloaded blobs the page agent keeps for replay and previews. */
  bodyBudgetBytes: number;
}

export const SETTINGS_KEY = 'captureSettings';
export const DEFAULT_SETTINGS: CaptureSettings = { maxTasks: 2000, bodyBudgetBytes: 100 * 1024 * 1024 };
export const LIMITS = {
  maxTasks: { min: 10, max: 100_000 },
  bodyBudgetBytes: { min: 0, max: 2 * 1024 * 1024 * 1024 },
} as const;

const clamp = (value: number, { min, max }: { min: number; max: number }) => Math.min(max, Math.max(min, value));

/** Any stored value becomes valid settings: unknown or out-of-range fields fall back or are clamped. */
export function normalizeSettings(value: unknown): CaptureSettings {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const pick = (key: keyof CaptureSettings) => {
    const raw = record[key];
    return typeof raw === 'number' && Number.isFinite(raw)
      ? clamp(Math.round(raw), LIMITS[key])
      : DEFAULT_SETTINGS[key];
  };
  return { maxTasks: pick('maxTasks'), bodyBudgetBytes: pick('bodyBudgetBytes') };
}
