// The hub's one memory budget, in bytes: whatever a peer can make the dev server hold counts against it (frames in
// progress, messages queued for a peer that reads slowly, beacon bodies being read, pages' last words). Counts of
// things are not enough: one connection can hold 32 MiB, another 6 bytes.

/** Enough for a few 32 MiB snapshots in flight at once (a viewer opening on busy phones), small beside the heap. */
export const DEFAULT_MEMORY_BUDGET = 256 * 1024 * 1024;

/** What one network address may hold of the budget: one machine must not starve the others' phones. */
export const ADDRESS_SHARE = 1 / 4;

export class MemoryBudget {
  private held = 0;

  /** A share of `parent`: what is taken here is taken there too. */
  constructor(
    readonly limit: number,
    private readonly parent?: MemoryBudget,
  ) {}

  get used(): number {
    return this.held;
  }

  /** Takes `bytes` if they fit; false (nothing taken) if they would go over the limit. */
  take(bytes: number): boolean {
    if (bytes > 0 && this.held + bytes > this.limit) return false;
    if (this.parent && !this.parent.take(bytes)) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    const given = Math.min(bytes, this.held);
    this.held -= given;
    this.parent?.give(given);
  }
}
