// Panel state as a function of what arrives from the background: reduce(state, input) → {state, resync}. Pure but
// for one thing: a batch of events updates the tasks Map in place (see the events case).
// No DOM, no browser APIs: unit-tested directly (tests/unit/reducer.test.ts).

import { isTaskEvent, isTaskRecord } from '../shared/guards';
import type { AgentEnvelope, BackgroundToPanel, Diagnostic, RuntimeInfo } from '../shared/protocol';
import { applyTaskEvent, newTaskRecord, type TaskRecord } from '../shared/task-model';
import { buildList, emptyList, type TaskList, updateList } from './task-list';

/** A task as the panel lists it: the agent's record plus the page session it belongs to. */
export interface PanelTask extends TaskRecord {
  key: string;
  session: string;
  /** Read from a HAR file (panel/har): shown offline, kept across page loads until cleared. */
  imported?: string;
}

export interface PanelState {
  connected: boolean;
  session: string | null;
  lastSeq: number;
  runtime: RuntimeInfo | null;
  tasks: Map<string, PanelTask>;
  /** The same tasks in creation order, with totals (panel/task-list.ts). */
  list: TaskList;
  preserveLog: boolean;
  /** Record off (the toolbar's red dot): tasks created meanwhile are never listed; listed ones keep updating. */
  recording: boolean;
  dropped: number;
  rejected: number;
  diagnostics: Diagnostic[];
  /** Keys the user cleared: a later snapshot must not bring them back. */
  cleared: Set<string>;
  /** HAR files imported so far (each gets its own session key). */
  imports: number;
}

export type PanelInput =
  | BackgroundToPanel
  | { type: 'clear' }
  | { type: 'set-preserve-log'; value: boolean }
  | { type: 'set-recording'; value: boolean }
  /** Tasks read from a HAR file named `name` (already validated). */
  | { type: 'import'; name: string; tasks: TaskRecord[] }
  | { type: 'port-disconnected' }
  | { type: 'rejected' };

export interface ReduceResult {
  state: PanelState;
  /** True when the panel must ask the agent for a snapshot (a gap in sequence numbers or a new session). */
  resync: boolean;
}

const MAX_DIAGNOSTICS = 100;

export function initialState(): PanelState {
  return {
    connected: false,
    session: null,
    lastSeq: -1,
    runtime: null,
    tasks: new Map(),
    list: emptyList(),
    preserveLog: false,
    recording: true,
    dropped: 0,
    rejected: 0,
    diagnostics: [],
    cleared: new Set(),
    imports: 0,
  };
}

const taskKey = (session: string, id: string) => `${session}/${id}`;

function cloneTask(task: PanelTask): PanelTask {
  return {
    ...task,
    probes: [...task.probes],
    times: { ...task.times },
    progress: [...task.progress],
    callbacks: [...task.callbacks],
    appActions: [...task.appActions],
  };
}

/** Starts a new page session: without "preserve log" the old tasks go, as in the Network panel. */
function enterSession(state: PanelState, session: string): PanelState {
  if (state.session === session) return state;
  if (state.preserveLog) return { ...state, session, lastSeq: -1, dropped: 0 };
  // Imported tasks belong to no page: a reload keeps them, as it keeps nothing else.
  const tasks = new Map([...state.tasks].filter(([, task]) => task.imported !== undefined));
  return { ...state, session, lastSeq: -1, tasks, list: buildList(tasks.values()), cleared: new Set(), dropped: 0 };
}

function reduceAgent(state: PanelState, envelope: AgentEnvelope): ReduceResult {
  const rejectedOne = { state: { ...state, rejected: state.rejected + 1 }, resync: false };
  switch (envelope.type) {
    case 'snapshot': {
      const { tasks, runtime, dropped } = envelope.payload;
      if (!Array.isArray(tasks) || !tasks.every(isTaskRecord)) return rejectedOne;
      const next = enterSession(state, envelope.session);
      const map = new Map(next.tasks);
      let cleared = next.cleared;
      for (const record of tasks) {
        const key = taskKey(envelope.session, record.id);
        if (!next.recording && !map.has(key) && !cleared.has(key)) cleared = new Set([...cleared, key]);
      }
      for (const [key, task] of map) if (task.session === envelope.session) map.delete(key);
      for (const record of tasks) {
        const key = taskKey(envelope.session, record.id);
        if (cleared.has(key)) continue;
        map.set(key, { ...record, key, session: envelope.session });
      }
      const seq = envelope.seq;
      return {
        state: {
          ...next,
          connected: true,
          tasks: map,
          list: buildList(map.values()),
          cleared,
          runtime,
          lastSeq: seq,
          dropped: Number(dropped) || 0,
        },
        resync: false,
      };
    }
    case 'hello': {
      const next = enterSession(state, envelope.session);
      return {
        state: { ...next, connected: true, runtime: envelope.payload.runtime, lastSeq: envelope.seq },
        resync: false,
      };
    }
    case 'events': {
      const { events } = envelope.payload;
      if (!Array.isArray(events)) return rejectedOne;
      if (envelope.session !== state.session) return { state: enterSession(state, envelope.session), resync: true };
      if (envelope.seq <= state.lastSeq) return { state, resync: false }; // already in the snapshot
      if (envelope.seq !== state.lastSeq + 1) return { state, resync: true };
      // The one hot path (a batch every 50 ms while transfers run): the Map is updated in place rather than copied,
      // which at 10,000 tasks was the largest cost per batch. The state object is new, so signals still fire;
      // each changed task is a new object (cloneTask), so memoized rows re-render only for those.
      const tasks = state.tasks;
      const replaced = new Map<string, PanelTask>();
      const added = new Map<string, PanelTask>();
      let rejected = state.rejected;
      let cleared = state.cleared;
      for (const event of events) {
        if (!isTaskEvent(event)) {
          rejected += 1;
          continue;
        }
        const key = taskKey(envelope.session, event.taskId);
        if (event.type === 'created') {
          if (!state.recording) {
            cleared = new Set([...cleared, key]);
            continue;
          }
          const task = { ...newTaskRecord(event), key, session: envelope.session };
          if (tasks.has(key) && !added.has(key)) replaced.set(key, tasks.get(key) as PanelTask);
          else added.set(key, task);
          tasks.set(key, task);
          continue;
        }
        let task = tasks.get(key);
        if (!task) continue;
        if (!added.has(key) && !replaced.has(key)) {
          replaced.set(key, task);
          task = cloneTask(task);
          tasks.set(key, task);
        }
        applyTaskEvent(task, event);
      }
      // Tasks added in this batch are taken as they are now (after their later events in the same batch).
      const list = updateList(
        state.list,
        tasks,
        replaced,
        [...added.values()].map((task) => tasks.get(task.key) as PanelTask),
      );
      return { state: { ...state, tasks, list, rejected, cleared, lastSeq: envelope.seq }, resync: false };
    }
    case 'runtime':
    case 'reply': {
      if (envelope.session !== state.session) return { state: enterSession(state, envelope.session), resync: true };
      if (envelope.seq <= state.lastSeq) return { state, resync: false };
      if (envelope.seq !== state.lastSeq + 1) return { state, resync: true };
      // A reply's content goes to whoever asked (panel/requests.ts); here it only moves the sequence on.
      const runtime = envelope.type === 'runtime' ? envelope.payload.runtime : state.runtime;
      return { state: { ...state, runtime, lastSeq: envelope.seq }, resync: false };
    }
    case 'diagnostic': {
      const diagnostics = [...state.diagnostics, envelope.payload].slice(-MAX_DIAGNOSTICS);
      return { state: { ...state, diagnostics, lastSeq: Math.max(state.lastSeq, envelope.seq) }, resync: false };
    }
  }
}

export function reduce(state: PanelState, input: PanelInput): ReduceResult {
  switch (input.type) {
    case 'agent':
      return reduceAgent(state, input.envelope);
    case 'agent-connected':
      return { state: { ...state, connected: true }, resync: true };
    case 'agent-disconnected':
    case 'port-disconnected':
      return { state: { ...state, connected: false }, resync: false };
    case 'clear':
      return {
        state: {
          ...state,
          tasks: new Map(),
          list: emptyList(),
          dropped: 0,
          cleared: new Set([...state.cleared, ...state.tasks.keys()]),
        },
        resync: false,
      };
    case 'rejected':
      return { state: { ...state, rejected: state.rejected + 1 }, resync: false };
    case 'set-preserve-log':
      return { state: { ...state, preserveLog: input.value }, resync: false };
    case 'set-recording':
      return { state: { ...state, recording: input.value }, resync: false };
    case 'import': {
      const session = `import-${state.imports + 1}`;
      const tasks = new Map(state.tasks);
      for (const record of input.tasks) {
        const key = taskKey(session, record.id);
        tasks.set(key, { ...record, key, session, imported: input.name });
      }
      return {
        state: { ...state, tasks, list: buildList(tasks.values()), imports: state.imports + 1 },
        resync: false,
      };
    }
  }
}

/** The tasks in the order they were created. */
export function orderedTasks(state: PanelState): PanelTask[] {
  return state.list.items;
}
