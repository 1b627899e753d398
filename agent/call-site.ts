// The app's call site of a uni call, for the panel's Initiator tab. Formatting a stack was the agent's largest
// cost per call (profiled: ~116 µs per task with Vue's deep stacks, bench:agent), and the panel may never ask for
// it. V8 records a structured trace when the Error is constructed (cheap; SpiderMonkey keeps its SavedFrames);
// the text is made only when `.stack` is first read, which the recorder does only when a panel will see it.

const NativeError = Error;
/** Frames kept: ours (the wrapper and the two calls above it) plus about a dozen of the app's. */
const FRAMES = 14;
/** Lines to skip: V8's "Error" header (absent in Firefox, where one more of ours is listed), captureCallSite, startCall. */
const OWN_LINES = 3;

export function captureCallSite(): Error | undefined {
  const limit = NativeError.stackTraceLimit;
  try {
    NativeError.stackTraceLimit = FRAMES;
    return new NativeError();
  } catch {
    return undefined;
  } finally {
    NativeError.stackTraceLimit = limit;
  }
}

/**
 * The stack text. A page may have set Error.prepareStackTrace (it would run here, and could lie or throw), so it
 * is set aside while the text is made, when the page lets us.
 */
export function formatCallSite(site: Error): string | undefined {
  const prepare = Object.getOwnPropertyDescriptor(NativeError, 'prepareStackTrace');
  const setAside = prepare !== undefined && 'value' in prepare && prepare.writable === true;
  try {
    if (setAside) (NativeError as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    const stack = site.stack;
    return typeof stack === 'string' ? stack.split('\n').slice(OWN_LINES).join('\n') : undefined;
  } catch {
    return undefined;
  } finally {
    if (setAside) (NativeError as { prepareStackTrace?: unknown }).prepareStackTrace = prepare.value;
  }
}
