// The browser's Resource Timing of a task (issue 18): how a `timing` event folds into the record, how an untrusted
// one is read, the phases the waterfall and the HAR timings make of it, and its HAR round trip.

import { describe, expect, it } from 'vitest';
import { taskPhases } from '../../panel/phases';
import { harTimings, tasksToHar } from '../../shared/har';
import { harToTasks } from '../../shared/har-import';
import { applyTaskEvent, type ResourceTiming, type TaskRecord } from '../../shared/task-model';
import { readTaskEvent } from '../../shared/task-read';
import { sampleUpload, T0 } from './har-samples';

/** The sample upload (opened T0+4.25, sent T0+5.125, last upload progress T0+40.75, headers T0+90.375, end T0+95.5). */
const browserTiming: ResourceTiming = {
  start: T0 + 5.5,
  end: T0 + 95,
  dnsStart: T0 + 6,
  dnsEnd: T0 + 8,
  connectStart: T0 + 8,
  tlsStart: T0 + 10,
  connectEnd: T0 + 14,
  requestStart: T0 + 15,
  responseStart: T0 + 90,
  protocol: 'h2',
  transferSize: 450,
};

function withTiming(timing: ResourceTiming): TaskRecord {
  return applyTaskEvent(sampleUpload(), { type: 'timing', taskId: 'up-1', at: T0 + 96, timing });
}

describe('Resource Timing of a task', () => {
  it('folds into the record and cuts the network part into the browser phases', () => {
    const task = withTiming(browserTiming);
    expect(task.resourceTiming).toEqual(browserTiming);
    expect(taskPhases(task, T0 + 500).map((phase) => [phase.name, phase.end - phase.start])).toEqual([
      ['preparing', 5.5],
      ['dns', 2],
      ['connect', 2],
      ['tls', 4],
      ['sending', 25.75], // requestStart → the last upload progress event
      ['waiting', 49.25], // → the first byte
      ['receiving', 5.5], // → uni's end
    ]);
  });

  it('gives HAR timings dns, connect (with ssl) and ssl only when the browser gave them', () => {
    expect(harTimings(withTiming(browserTiming))).toEqual({
      blocked: 5.5,
      dns: 2,
      connect: 6,
      ssl: 4,
      send: 25.75,
      wait: 49.25,
      receive: 5.5,
    });
    // Another origin without Timing-Allow-Origin: start and end only, so our own phases, dns/connect unknown.
    const hidden = harTimings(withTiming({ start: T0 + 5.5, end: T0 + 95 }));
    expect(hidden).toMatchObject({ dns: -1, connect: -1 });
    expect(hidden).not.toHaveProperty('ssl');
    expect(harTimings(sampleUpload())).toEqual(hidden);
  });

  it('is read strictly from the agent: out-of-order times dropped, garbage refused', () => {
    const event = (timing: unknown) => readTaskEvent({ type: 'timing', taskId: 'up-1', at: T0, timing });
    expect(event(browserTiming)).toEqual({ type: 'timing', taskId: 'up-1', at: T0, timing: browserTiming });
    expect(event({ ...browserTiming, dnsEnd: T0 + 1 })).toEqual({
      type: 'timing',
      taskId: 'up-1',
      at: T0,
      timing: { ...browserTiming, dnsEnd: undefined },
    });
    for (const bad of [null, 'x', { start: T0 }, { start: T0 + 5, end: T0 }, { start: 'a', end: T0 }]) {
      expect(event(bad)).toBeNull();
    }
  });

  it('goes through a HAR export and import unchanged', () => {
    const har = tasksToHar([withTiming(browserTiming)], { keepSensitive: true, creatorVersion: 't' });
    expect(har.log.entries[0]?._uniTask.resourceTiming).toMatchObject({ start: 5.5, requestStart: 15, protocol: 'h2' });
    const back = harToTasks(JSON.stringify(har));
    if (!back.ok) throw new Error(back.error.detail);
    const timing = back.tasks[0]?.resourceTiming;
    expect(timing?.protocol).toBe('h2');
    expect(timing?.transferSize).toBe(450);
    expect(timing?.requestStart).toBeCloseTo(browserTiming.requestStart as number, 6);
    expect(timing?.end).toBeCloseTo(browserTiming.end, 6);
  });
});

describe('suspend and resume events from the agent', () => {
  it('are read strictly', () => {
    expect(readTaskEvent({ type: 'suspend', taskId: 't1', at: T0, reason: 'bfcache' })).toEqual({
      type: 'suspend',
      taskId: 't1',
      at: T0,
      reason: 'bfcache',
    });
    expect(readTaskEvent({ type: 'suspend', taskId: 't1', at: T0, reason: 'other' })).toBeNull();
    expect(readTaskEvent({ type: 'resume', taskId: 't1', at: T0 })).toEqual({ type: 'resume', taskId: 't1', at: T0 });
  });
});
