// Waiting for the panel to draw a change, in component tests.
//
// Preact renders a signal or state change in a microtask (preact's `debounceRendering` defaults to
// queueMicrotask), and a timer callback runs only after every queued microtask: so once `rendered()` resolves,
// the DOM shows the change. That holds for renders only. Effects (`useEffect`) run after the next animation frame,
// so nothing a test does may depend on one: the product attaches what a user's next action needs at render time or
// in a layout effect (panel/context-menu.tsx), and a test that needs more waits for the DOM to say so (until()).
export const rendered = () => new Promise((resolve) => setTimeout(resolve, 0));
