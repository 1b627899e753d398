import { describe, expect, it } from 'vitest';
import type { AgentBridge } from '../../agent/bridge';
import { Recorder } from '../../agent/recorder';
import type { AgentMessage } from '../../shared/protocol';
import type { TaskEvent } from '../../shared/task-model';

function fakeBridge() {
  const sent: AgentMessage[] = [];
  return { sent, bridge: { send: (message: AgentMessage) => sent.push(message) } as unknown as AgentBridge };
}

const runtime = () => ({ uniApp: true, globalUni: 'empty' as const, url: 'http://127.0.0.1/' });
const created = (taskId: string): TaskEvent => ({
  type: 'created',
  taskId,
  at: 1,
  kind: 'download',
  origin: 'app',
  probe: 'xhr',
  url: `http://127.0.0.1/${taskId}`,
});

describe('Recorder', () => {
  it('records but posts nothing while no panel listens; a snapshot still has every task', () => {
    const { sent, bridge } = fakeBridge();
    const recorder = new Recorder(bridge, runtime, 0);
    recorder.emit(created('t1'));
    recorder.flush();
    expect(sent).toEqual([]);
    recorder.sendSnapshot();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.type === 'snapshot' && sent[0].payload.tasks.map((task) => task.id)).toEqual(['t1']);
  });

  it('posts events in one batch per flush while a panel listens, and drops the queue when it leaves', () => {
    const { sent, bridge } = fakeBridge();
    const recorder = new Recorder(bridge, runtime, 0);
    recorder.setListening(true);
    recorder.emit(created('t1'));
    recorder.emit({ type: 'progress', taskId: 't1', at: 2, loaded: 1, total: 2 });
    recorder.flush();
    expect(sent.map((message) => message.type)).toEqual(['events']);
    recorder.emit({ type: 'progress', taskId: 't1', at: 3, loaded: 2, total: 2 });
    recorder.setListening(false);
    recorder.flush();
    expect(sent).toHaveLength(1);
  });

  it('keeps at most maxTasks tasks and counts the dropped ones', () => {
    const { sent, bridge } = fakeBridge();
    const recorder = new Recorder(bridge, runtime, 0, 2);
    for (const id of ['t1', 't2', 't3']) recorder.emit(created(id));
    recorder.sendSnapshot();
    const snapshot = sent.find((message) => message.type === 'snapshot');
    expect(
      snapshot?.type === 'snapshot' && [snapshot.payload.dropped, snapshot.payload.tasks.map((t) => t.id)],
    ).toEqual([1, ['t2', 't3']]);
  });
});
