// Waiting for a condition outside a page (a DevTools target, storage, a service worker): polled, never a fixed
// sleep. The deadline only turns a hang into a message that says what was awaited.

/**
 * How long any wait of the e2e tests may last before it fails with a message naming what it awaited. It is no
 * figure the product must meet: it is long enough for a 2-core machine with one core taken by another process and
 * two test files running, and shorter than a test's own timeout (vitest.config.ts), so that a hang still says what
 * it waited for. 4 minutes: the browser-limit attack (75 MB of files, 20 × 1 MB URLs through the panel) took
 * 135 s for one wait with a core busy and another test file beside it.
 */
export const WAIT_MS = 240_000;

/** Resolves with `probe`'s first truthy value; throws after `timeoutMs` naming `what` (and `explain()`). */
export async function until<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  options: { timeoutMs?: number; explain?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? WAIT_MS);
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${options.explain?.() ?? ''}`.trim());
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Puppeteer's limit for one protocol call. A waitForFunction is one call that answers when the condition holds:
 * with puppeteer's default (180 s, under WAIT_MS) a long wait failed as "Runtime.callFunctionOn timed out" instead
 * of naming what it awaited.
 */
export const PROTOCOL_TIMEOUT_MS = WAIT_MS + 30_000;
