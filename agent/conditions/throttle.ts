// throttle: the app's progress arrives at the rule's pace (at most every 50 ms, monotone), the answer's headers
// no sooner than the latency after the upload's end, and load when the throttled transfer would end. Nothing in
// a page can slow the bytes an XHR sends: the real request goes out at full speed and its events are held behind
// the gate; the timeline shown is simulated, never ahead of the real transfer.

import type { ConditionRule } from '../../shared/conditions';
import type { Gate } from './gate';
import { bytesPerMs, PROGRESS_INTERVAL_MS, pacedLoaded } from './timeline';

export function runThrottle(gate: Gate, rule: ConditionRule, uploadEstimate: number): void {
  const up = bytesPerMs(rule.upKbps);
  const down = bytesPerMs(rule.downKbps);
  const latency = Math.max(0, rule.latencyMs ?? 0);
  const native = gate.native;
  let phase: 'up' | 'wait' | 'down' = gate.kind === 'upload' ? 'up' : 'wait';
  let phaseStart = gate.now();
  let upTotal = 0;

  const step = () => {
    if (native.failed) return gate.fireNetworkError();
    const elapsed = gate.now() - phaseStart;
    if (phase === 'up') {
      if (upTotal === 0) upTotal = native.upTotal || uploadEstimate;
      const available = native.upDone ? upTotal : native.upLoaded;
      const loaded = pacedLoaded(up, elapsed, available, upTotal);
      if (loaded > 0) gate.fireUploadProgress(loaded, upTotal);
      if (loaded < upTotal) return;
      gate.fireUploadDone(upTotal);
      phase = 'wait';
      phaseStart = gate.now();
      return step();
    }
    if (phase === 'wait') {
      if (elapsed < latency || !native.headers) return;
      gate.fireHeaders(native.headers);
      phase = 'down';
      phaseStart = gate.now();
      return;
    }
    // Without a Content-Length the size is known at the end only: until then progress is paced but not computable.
    const total = native.computable ? native.total : native.done ? native.size : Number.POSITIVE_INFINITY;
    const available = native.done ? native.size : native.loaded;
    const loaded = pacedLoaded(down, elapsed, available, total);
    if (loaded > 0) gate.fireProgress(loaded, native.computable ? total : 0, native.computable);
    if (native.done && loaded >= native.size) gate.fireLoad(gate.heldAnswer());
  };

  const tick = () => {
    step();
    gate.later(PROGRESS_INTERVAL_MS, tick);
  };
  gate.send();
  // The first step at once after send (an unlimited phase passes straight on), then every 50 ms.
  gate.later(0, tick);
  // The latency may end between ticks: the headers come on time, not at the next tick.
  if (latency > 0 && gate.kind === 'download') gate.later(latency, step);
}
