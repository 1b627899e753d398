// Upload files and downloaded blobs stay in the page (messages carry only metadata), for replay and previews
// (read back by the replay command, issue 5).
// Bounded by a byte budget; the least recently used task's bodies go first, and the panel is told.

import { DEFAULT_SETTINGS } from '../../shared/settings';

export class BodyStore {
  private entries = new Map<string, { blobs: Blob[]; size: number }>();
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

  add(taskId: string, blobs: Blob[]): void {
    const size = blobs.reduce((sum, blob) => sum + blob.size, 0);
    if (size > this.budget) return; // never held: too big for the budget on its own
    const previous = this.entries.get(taskId);
    const merged = previous ? { blobs: [...previous.blobs, ...blobs], size: previous.size + size } : { blobs, size };
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
