// Waiting for a condition outside a page (a DevTools target, storage, a service worker): polled, never a fixed
// sleep. The deadline only turns a hang into a message that says what was awaited.

/** Resolves with `probe`'s first truthy value; throws after `timeoutMs` naming `what` (and `explain()`). */
export async function until<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  options: { timeoutMs?: number; explain?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${options.explain?.() ?? ''}`.trim());
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
