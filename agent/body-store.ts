// Upload files and downloaded blobs stay in the page (messages carry only metadata), for previews (the panel's
// `body` command) and replays, which also need the upload's form as it was sent: every part, in order, with
// full field values (the events carry at most 4 kB of each).
// Bounded by a byte budget; the least recently used task's bodies go first, and the panel is told.

import { DEFAULT_SETTINGS } from '../shared/settings';

/** One multipart part as the page sent it. */
export type FormEntry = { name: string; value: string } | { name: string; file: File };

/** A download's blob, or an upload's form (its files are the blobs). */
type Held = { blobs: Blob[]; size: number } | { form: FormEntry[]; size: number };

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

  /** The task's blobs (a download's body, an upload's files), for previews. */
  get(taskId: string): Blob[] {
    const held = this.entries.get(taskId);
    if (!held) return [];
    return 'blobs' in held ? held.blobs : held.form.flatMap((part) => ('file' in part ? [part.file] : []));
  }

  /** The upload's parts in order, when held. */
  form(taskId: string): FormEntry[] | undefined {
    const held = this.entries.get(taskId);
    return held && 'form' in held ? held.form : undefined;
  }

  addBlob(taskId: string, blob: Blob): void {
    this.hold(taskId, { blobs: [blob], size: blob.size });
  }

  addForm(taskId: string, form: FormEntry[]): void {
    // Field values count too (UTF-16), though files dominate.
    const size = form.reduce((sum, part) => sum + ('file' in part ? part.file.size : part.value.length * 2), 0);
    this.hold(taskId, { form, size });
  }

  private hold(taskId: string, held: Held): void {
    if (held.size > this.budget) return; // never held: too big for the budget on its own
    const previous = this.entries.get(taskId);
    if (previous) this.used -= previous.size;
    this.entries.delete(taskId);
    this.entries.set(taskId, held);
    this.used += held.size;
    this.onChange(taskId, true, held.size);
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
