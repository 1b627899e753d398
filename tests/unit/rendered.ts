// Waiting for the panel to draw a change, in component tests.
//
// Preact renders a signal or state change in a microtask (preact's `debounceRendering` defaults to
// queueMicrotask), and a timer callback runs only after every queued microtask: so once `rendered()` resolves,
// the DOM shows the change. That holds for renders only. Effects (`useEffect`) run after the next animation frame,
// so nothing a test does may depend on one: the product attaches what a user's next action needs at render time or
// in a layout effect (panel/context-menu.tsx), and a test that needs more waits for the DOM to say so (until()).

import { render } from 'preact';
import { afterAll } from 'vitest';

export const rendered = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Unmounts a panel or viewer mounted for the whole file once its tests ran (called at the file's top level). The
 * panel keeps timers while mounted (the overview redraws 250 ms after a change): left mounted, one fired after
 * happy-dom was torn down ("window is not defined" in OverviewPainter.draw: a loaded clean-clone run, issue 15).
 */
export function unmountAfterAll(root: HTMLElement): void {
  afterAll(() => render(null, root));
}
