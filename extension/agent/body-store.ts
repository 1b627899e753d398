// Upload files and downloaded blobs stay in the page (messages carry only metadata), for previews (the panel's
// `body` command) and replays, which also need the upload's form as it was sent: every part, in order, with
// full field values (the events carry at most 4 kB of each).
// Bounded by a byte budget; the least recently used task's bodies go first, and the panel is told.

import { DEFAULT_SETTINGS } from '../../shared/settings';

/** One multipart part as the page sent it. */
export type FormEntry = { name: string; value: string } | { name: string; file: File };

interface Held {
  blobs: Blob[];
  form?: FormEntry[];
  size: number;
}

export class BodyStore {
  private entries = new Map<string, Held>();
  private used = 0;

  constructor(
    private onChange: (taskId: string, held: boolean, size: number) => void,
    private budget = DEFAULT_SETTINGS.bodyBudgetBytes,
  ) {}

  setBudget(bytes: number): void {
    this.budget = bytes;
    this.evict();
  }

  get(taskId: string): Blob[] {
    return this.entries.get(taskId)?.blobs ?? [];
  }

  /** The upload's parts in order, when held. */
  form(taskId: string): FormEntry[] | undefined {
    return this.entries.get(taskId)?.form;
  }

  add(taskId: string, blobs: Blob[], form?: FormEntry[]): void {
    const fieldBytes = (form ?? []).reduce((sum, part) => sum + ('value' in part ? part.value.length * 2 : 0), 0);
    const size = blobs.reduce((sum, blob) => sum + blob.size, 0) + fieldBytes;
    if (size > this.budget) return; // never held: too big for the budget on its own
    const previous = this.entries.get(taskId);
    const merged: Held = previous
      ? { blobs: [...previous.blobs, ...blobs], form: form ?? previous.form, size: previous.size + size }
      : { blobs, form, size };
    this.entries.delete(taskId);
    this.entries.set(taskId, merged);
    this.used += size;
    this.onChange(taskId, true, merged.size);
    this.evict();
  }

  private evict(): void {
    while (this.used > this.budget) {
      const oldest = this.entries.keys().next();
      if (oldest.done) return;
      const entry = this.entries.get(oldest.value);
      this.entries.delete(oldest.value);
      this.used -= entry?.size ?? 0;
      this.onChange(oldest.value, false, 0);
    }
  }
}
