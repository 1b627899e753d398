// Panel state as a function of what arrives from the background: reduce(state, input) → {state, resync}. Pure but
// for one thing: a batch of events updates the tasks Map in place (see applyEvents).
// No DOM, no browser APIs: unit-tested directly (tests/unit/reducer.test.ts).
//
// Everything an agent envelope carries is page data: a page can speak on the agent's channel. So every payload is
// read deeply first (shared/message-read.ts); what does not read is rejected and counted and changes nothing else.
// Sequence numbers come from the page too, so none is believed beyond the next one expected: only a snapshot (the
// agent's whole record) and the hello of a new session set the sequence; anything else out of order changes nothing
// and asks for a snapshot (store.ts sends at most one request a second).

import type { NetworkEvidence } from '../shared/diagnosis-network';
import type { ImportedRecord } from '../shared/har-import';
import { type ReadMessage, readAgentMessage } from '../shared/message-read';
import type { AgentEnvelope, BackgroundToPanel } from '../shared/protocol';
import { applyTaskEvent, newTaskRecord, type TaskEvent } from '../shared/task-model';
import type { PanelState } from './panel-state';
import type { PanelTask } from './panel-task';
import { beyondTaskLimits, MAX_DIAGNOSTICS, withCleared, withinCap } from './reducer-limits';
import { buildList, emptyList, updateList } from './task-list';

export type { PanelState } from './panel-state';
export type { PanelTask } from './panel-task';

export type PanelInput =
  | BackgroundToPanel
  | { type: 'clear' }
  | { type: 'set-preserve-log'; value: boolean }
  | { type: 'set-recording'; value: boolean }
  /** Tasks read from a HAR file named `name` (already validated), with the diagnosis the file kept. */
  | { type: 'import'; name: string; tasks: ImportedRecord[] }
  | { type: 'port-disconnected' }
  /** DevTools' record of requests, matched to listed tasks (panel/network-log.ts). */
  | { type: 'network'; matches: { key: string; network: NetworkEvidence }[] }
  | { type: 'rejected' };

export interface ReduceResult {
  state: PanelState;
  /** True when the panel must ask the agent for a snapshot (an envelope out of sequence, or of another session). */
  resync: boolean;
}

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
    evicted: 0,
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

const inOrder = (state: PanelState, envelope: AgentEnvelope) =>
  envelope.session === state.session && envelope.seq === state.lastSeq + 1;

const withRejected = (state: PanelState, count: number): PanelState =>
  count > 0 ? { ...state, rejected: state.rejected + count } : state;

function reduceAgent(state: PanelState, envelope: AgentEnvelope): ReduceResult {
  const read = readAgentMessage(envelope);
  // Rejected whole: it touches nothing but the counter (not the sequence: the agent's own message with this seq
  // may still come, and if it never does, the gap asks for a snapshot).
  if (read === null) return { state: withRejected(state, 1), resync: false };
  const { message } = read;
  if (message.type === 'snapshot') {
    return { state: applySnapshot(state, envelope, message.payload, read.rejected), resync: false };
  }
  // A new session starts with its hello (a reload: a page can always reload, so a forged one gains nothing).
  if (message.type === 'hello' && envelope.session !== state.session) {
    const next = enterSession(state, envelope.session);
    const runtime = message.payload.runtime;
    return { state: { ...next, connected: true, runtime, lastSeq: envelope.seq }, resync: false };
  }
  // Anything else must be the next in the current session. Otherwise it is a gap (envelopes lost), a session whose
  // start was missed, or a page lying about its sequence; whichever, the agent's snapshot tells what is true and
  // resets the sequence. Meanwhile nothing changes: an envelope that jumped far ahead cannot stop later ones.
  if (!inOrder(state, envelope)) return { state: withRejected(state, read.rejected), resync: true };
  const next = withRejected({ ...state, lastSeq: envelope.seq }, read.rejected);
  switch (message.type) {
    case 'events':
      return { state: applyEvents(next, envelope.session, message.payload.events), resync: false };
    case 'hello':
      return { state: { ...next, connected: true, runtime: message.payload.runtime }, resync: false };
    case 'runtime':
      return { state: { ...next, runtime: message.payload.runtime }, resync: false };
    case 'diagnostic':
      return {
        state: { ...next, diagnostics: [...next.diagnostics, message.payload].slice(-MAX_DIAGNOSTICS) },
        // The relay put this in place of a message it could not forward (extension/relay.ts): what that message
        // said is missing, so start again from a snapshot.
        resync: message.payload.where === 'relay',
      };
    default:
      // A reply's content goes to whoever asked (panel/requests.ts); here it only moves the sequence on.
      return { state: next, resync: false };
  }
}

type Payload<T extends ReadMessage['message']['type']> = Extract<ReadMessage['message'], { type: T }>['payload'];

/** The agent's whole record of its session: replaces what the panel holds of that session, and sets the sequence. */
function applySnapshot(state: PanelState, envelope: AgentEnvelope, snapshot: Payload<'snapshot'>, rejected: number) {
  const next = enterSession(state, envelope.session);
  const map = new Map(next.tasks);
  const keys = snapshot.tasks.map((record) => taskKey(envelope.session, record.id));
  // Record off: tasks the panel has not listed yet stay unlisted, now and in later snapshots.
  const cleared = next.recording
    ? next.cleared
    : withCleared(
        next.cleared,
        keys.filter((key) => !map.has(key)),
      );
  for (const [key, task] of map) if (task.session === envelope.session) map.delete(key);
  snapshot.tasks.forEach((record, index) => {
    const key = keys[index] as string;
    if (!cleared.has(key)) map.set(key, { ...record, key, session: envelope.session });
  });
  return withinCap({
    ...next,
    connected: true,
    tasks: map,
    list: buildList(map.values()),
    cleared,
    runtime: snapshot.runtime,
    lastSeq: envelope.seq,
    dropped: snapshot.dropped,
    rejected: next.rejected + rejected,
  });
}

/**
 * The one hot path (a batch every 50 ms while transfers run): the Map is updated in place rather than copied,
 * which at 10,000 tasks was the largest cost per batch. The state object is new, so signals still fire; each
 * changed task is a new object (cloneTask), so memoized rows re-render only for those.
 */
function applyEvents(state: PanelState, session: string, events: TaskEvent[]): PanelState {
  const tasks = state.tasks;
  const replaced = new Map<string, PanelTask>();
  const added = new Map<string, PanelTask>();
  let rejected = state.rejected;
  const unlisted: string[] = [];
  for (const event of events) {
    const key = taskKey(session, event.taskId);
    if (event.type === 'created') {
      if (!state.recording) {
        unlisted.push(key);
        continue;
      }
      const task = { ...newTaskRecord(event), key, session };
      if (tasks.has(key) && !added.has(key)) replaced.set(key, tasks.get(key) as PanelTask);
      else added.set(key, task);
      tasks.set(key, task);
      continue;
    }
    let task = tasks.get(key);
    if (!task) continue;
    if (beyondTaskLimits(task, event)) {
      rejected += 1;
      continue;
    }
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
  const cleared = unlisted.length > 0 ? withCleared(state.cleared, unlisted) : state.cleared;
  return withinCap({ ...state, tasks, list, rejected, cleared });
}

/** Each matched task gets a new object with the browser's record (its row re-renders, its diagnosis is redone). */
function withNetwork(state: PanelState, matches: { key: string; network: NetworkEvidence }[]): PanelState {
  const tasks = state.tasks;
  const replaced = new Map<string, PanelTask>();
  for (const { key, network } of matches) {
    const task = tasks.get(key);
    if (!task || replaced.has(key)) continue;
    replaced.set(key, task);
    tasks.set(key, { ...cloneTask(task), network });
  }
  if (replaced.size === 0) return state;
  return { ...state, tasks, list: updateList(state.list, tasks, replaced, []) };
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
          evicted: 0,
          cleared: withCleared(state.cleared, state.tasks.keys()),
        },
        resync: false,
      };
    case 'rejected':
      return { state: { ...state, rejected: state.rejected + 1 }, resync: false };
    case 'set-preserve-log':
      return { state: { ...state, preserveLog: input.value }, resync: false };
    case 'set-recording':
      return { state: { ...state, recording: input.value }, resync: false };
    case 'network':
      return { state: withNetwork(state, input.matches), resync: false };
    case 'import': {
      const session = `import-${state.imports + 1}`;
      const tasks = new Map(state.tasks);
      for (const record of input.tasks) {
        const key = taskKey(session, record.id);
        tasks.set(key, { ...record, key, session, imported: input.name });
      }
      return {
        state: withinCap({ ...state, tasks, list: buildList(tasks.values()), imports: state.imports + 1 }),
        resync: false,
      };
    }
  }
}

/** The tasks in the order they were created. */
export function orderedTasks(state: PanelState): PanelTask[] {
  return state.list.items;
}
