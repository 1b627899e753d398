// @vitest-environment happy-dom
// The panel's render error boundary (panel/render-guard.tsx): page data that still breaks a render takes down one
// area, not the panel, and the area is drawn again with the next state.

import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialState } from '../../panel/reducer';
import { RenderGuard } from '../../panel/render-guard';
import { rendered } from './rendered';

function Area({ fail }: { fail: boolean }) {
  if (fail) throw new TypeError("Cannot read properties of null (reading 'file')");
  return <p data-testid="area">drawn</p>;
}

const root = document.createElement('div');
document.body.append(root);
const draw = (state: ReturnType<typeof initialState>, fail: boolean) =>
  render(
    <div>
      <RenderGuard area="list" state={state}>
        <Area fail={fail} />
      </RenderGuard>
      <p data-testid="sibling">still here</p>
    </div>,
    root,
  );
const $ = (testId: string) => root.querySelector(`[data-testid="${testId}"]`);

afterEach(() => render(null, root));

describe('RenderGuard', () => {
  it('shows what failed in place of the area, keeps the rest, and draws again with the next state', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const first = initialState();
    draw(first, true);
    await rendered();
    expect($('render-error')?.getAttribute('data-area')).toBe('list');
    expect($('sibling')).not.toBeNull();
    expect(logged).toHaveBeenCalled();
    draw(first, false); // the same state: no new try
    await rendered();
    expect($('render-error')).not.toBeNull();
    draw({ ...first, rejected: 1 }, false);
    await rendered();
    expect([$('render-error'), $('area')?.textContent]).toEqual([null, 'drawn']);
    logged.mockRestore();
  });
});
