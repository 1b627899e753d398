// The page agent: runs in the page's MAIN world before the page's first script (the extension's content script
// at document_start: index.ts; the npm package's script at the top of <head>: standalone.ts). It owns the record of
// this page's transfer tasks; only its bridge's end differs between the two hosts.

import type { CommandReply, RuntimeInfo } from '../shared/protocol';
import { normalizeSettings } from '../shared/settings';
import type { TaskEvent } from '../shared/task-model';
import { bodyReply } from './body-reply';
import { BodyStore } from './body-store';
import { AgentBridge, type BridgeEnd } from './bridge';
import type { gateTask } from './conditions/apply';
import type { gateOf } from './conditions/gate';
import type { ConditionRules, readOneOff } from './conditions/rules';
import { apply, describe, isTrusted } from './own';
import { Recorder } from './recorder';
import { resourceTimingOf } from './resource-timing';
import { detectRuntime } from './runtime';
import { openInEditorReply, sourceReply } from './source-reply';
import { TaskControl } from './task-control';
import { UniProbe } from './uni-probe';
import { installXhrProbe, type XhrProbeContext } from './xhr-probe';

// Captured at document_start (own.ts says why).
const listen = EventTarget.prototype.addEventListener;
const persisted = describe(PageTransitionEvent.prototype, 'persisted')?.get;
const later = setTimeout;
/**
 * After `load`, how long to wait before each new look at a uni-app page whose Vue version is not known yet (its app
 * mounts later: the uni-h5 2.x UMD runtime marks <uni-app> only once mounted). About 8 s in all, then it stays unknown.
 */
const RUNTIME_RETRIES_MS = [250, 500, 1000, 2000, 4000];

const INSTALLED = Symbol.for('uni-transfer-devtools.agent');
/** How @dcloudio/uni-h5, transformed by the npm package's Vite plugin, hands its uploadFile/downloadFile to the
 * agent in charge (plugin/uni-h5-route.ts). Symbol-keyed and not enumerable: no app enumerates it by accident. */
export const ROUTE = Symbol.for('uni-transfer-devtools.route');

export interface AgentHost {
  /** The bridge's far end, made only if this agent takes charge. */
  end: () => BridgeEnd;
  /**
   * Network conditions (issue 11): the extension's relay hands its agent the rules. The npm package's agent has
   * none to apply (the hub does not forward rules in this version), so it leaves this code out of its bundle
   * (the agent the Vite plugin inlines must stay small) and no task ever waits behind a gate.
   */
  conditions?: {
    Rules: typeof ConditionRules;
    gateTask: typeof gateTask;
    readOneOff: typeof readOneOff;
    gateOf: typeof gateOf;
  };
}

/**
 * Starts the agent unless one is in charge already: a reload or a re-injection can run us twice in one document,
 * and a page with the npm package's agent can also have the extension's (which runs first, at document_start).
 * Either way the first instance stays in charge and no task is recorded twice. False when one was in charge.
 */
export function startAgent(agentHost: AgentHost): boolean {
  const host = window as unknown as Record<symbol, unknown>;
  if (host[INSTALLED]) return false;
  Object.defineProperty(host, INSTALLED, { value: true });

  const now = performance.now.bind(performance);
  // performance.timeOrigin is missing before iOS Safari 15 (the npm package's agent runs on phones).
  const origin = performance.timeOrigin ?? performance.timing.navigationStart;
  const clock = () => origin + now();
  const startedAt = clock();

  let reportingError = false;
  // Our failures never reach the page: they become diagnostics for the panel.
  const onError = (where: string, error: unknown) => {
    if (reportingError) return;
    reportingError = true;
    try {
      bridge.send({
        type: 'diagnostic',
        payload: { at: clock(), where, message: error instanceof Error ? error.message : String(error) },
      });
    } catch {
      // Nothing left to tell: stay silent rather than disturb the page.
    } finally {
      reportingError = false;
    }
  };

  /** Replies to a panel command; a failure (say, an edited URL that XHR rejects) is a reply too, not silence. */
  const answer = (id: string, act: () => CommandReply) => {
    let reply: CommandReply;
    try {
      reply = act();
    } catch (error) {
      reply = {
        id,
        ok: false,
        error: `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300),
      };
    }
    bridge.send({ type: 'reply', payload: reply });
  };

  // Called only after everything below exists (at hello and at each snapshot).
  const runtimeInfo = (): RuntimeInfo => detectRuntime(uniProbe.globalUni);

  const bridge = new AgentBridge(
    agentHost.end(),
    (command) => {
      if ('session' in command && command.session !== undefined && command.session !== bridge.session) {
        bridge.send({ type: 'reply', payload: { id: command.id, ok: false, error: 'unknown-task' } });
      } else if (command.name === 'snapshot') recorder.sendSnapshot();
      else if (command.name === 'presence') {
        recorder.setListening(command.present);
        conditions?.setPresent(command.present);
      } else if (command.name === 'abort') answer(command.id, () => control.abort(command.id, command.taskId));
      else if (command.name === 'replay') {
        answer(command.id, () => control.replay(command.id, command.taskId, command.edits, command.condition));
      } else if (command.name === 'body') {
        bodyReply(command.id, bodies.get(command.taskId))
          .then((reply) => bridge.send({ type: 'reply', payload: reply }))
          .catch((error) => onError('body', error));
      } else if (command.name === 'source' || command.name === 'open-in-editor') {
        (command.name === 'source' ? sourceReply : openInEditorReply)(command.id, command.url)
          .then((reply) => bridge.send({ type: 'reply', payload: reply }))
          .catch((error) => onError(command.name, error));
      } else if (command.name === 'settings') {
        const settings = normalizeSettings(command.settings);
        recorder.setMaxTasks(settings.maxTasks);
        bodies.setBudget(settings.bodyBudgetBytes);
      } else if (command.name === 'conditions') conditions?.set(command.rules);
    },
    onError,
  );
  const recorder = new Recorder(bridge, runtimeInfo, startedAt);
  const conditions = agentHost.conditions && new agentHost.conditions.Rules();
  const emit = (event: TaskEvent) => recorder.emit(event);
  const newTaskId = () => recorder.newTaskId();
  const bodies = new BodyStore((taskId, held, size) => emit({ type: 'body', taskId, at: clock(), held, size }));
  const uniProbe = new UniProbe({
    clock,
    emit,
    newTaskId,
    onError,
    keepCallSite: (taskId, site) => recorder.keepCallSite(taskId, site),
  });
  uniProbe.install();
  Object.defineProperty(host, ROUTE, { value: (name: unknown, fn: unknown) => uniProbe.route(name, fn) });
  const control = new TaskControl({
    clock,
    emit,
    record: (taskId) => recorder.record(taskId),
    bodies,
    uni: uniProbe,
    conditions: agentHost.conditions,
  });
  installXhrProbe({
    clock,
    emit,
    newTaskId,
    linkCall: (kind, url) => uniProbe.linkCall(kind, url),
    uploadResolving: (url) => uniProbe.uploadResolving(url),
    keepForm: (taskId, form) => bodies.addForm(taskId, form),
    keepBlob: (taskId, blob) => bodies.addBlob(taskId, blob),
    control,
    resourceTiming: (url, sentAt) => resourceTimingOf(url, sentAt, origin),
    watched: () => recorder.watched,
    gate: gateFor(agentHost.conditions, conditions, {
      oneOff: (taskId) => control.takeOneOffCondition(taskId),
      clock,
      emit,
      onError,
    }),
    onError,
  });
  bridge.send({ type: 'hello', payload: { runtime: runtimeInfo(), startedAt } });
  watchPageLifecycle(recorder, bridge, clock);
  let announced = 0;
  // Twice at most (DOMContentLoaded, load), and only for the browser's events: a page's own are ignored. A uni-app
  // whose Vue version is still unknown at load is looked at again a few times, and announced once it is known.
  const announce = (event: Event) => {
    if (!isTrusted(event) || announced++ >= 2) return;
    const runtime = runtimeInfo();
    bridge.send({ type: 'runtime', payload: { runtime } });
    if (event.type === 'load' && runtime.uniApp && runtime.vue === undefined) lookAgain(0);
  };
  const lookAgain = (attempt: number) => {
    // Bounded by length first: reading past the end would reach a page getter on Array.prototype.
    if (attempt >= RUNTIME_RETRIES_MS.length) return;
    const delay = RUNTIME_RETRIES_MS[attempt] as number;
    later(() => {
      const runtime = runtimeInfo();
      if (runtime.vue === undefined) lookAgain(attempt + 1);
      else bridge.send({ type: 'runtime', payload: { runtime } });
    }, delay);
  };
  apply(listen, document, ['DOMContentLoaded', announce]);
  apply(listen, window, ['load', announce]);
  return true;
}

/**
 * The XHR probe's gate for uni tasks, when this host applies network conditions: its dependencies made once, not
 * per task (the probe calls it for every uni XHR).
 */
function gateFor(
  module: AgentHost['conditions'],
  rules: ConditionRules | undefined,
  deps: Omit<Parameters<typeof gateTask>[0], 'rules'>,
): XhrProbeContext['gate'] {
  if (!module || !rules) return undefined;
  const context = { ...deps, rules };
  return (xhr, task, send) => module.gateTask(context, { xhr, ...task, parts: task.form, send });
}

/**
 * Nothing recorded may be lost when the page goes: pagehide (and freeze, for a page the browser suspends) flush the
 * queue at once; the bridge is synchronous, so the relay has it before the handler returns. Our listeners are added
 * at document_start, before any page script's, with the methods captured then.
 */
function watchPageLifecycle(recorder: Recorder, bridge: AgentBridge, clock: () => number): void {
  apply(listen, window, [
    'pagehide',
    (event: Event) => {
      // A page's synthetic pagehide would end its tasks as `unload` in the record and close the phone's socket.
      if (!isTrusted(event)) return;
      try {
        // Into the back/forward cache the page's transfers are frozen with it (it may come back, on pageshow); else
        // they end now.
        if (persisted && apply(persisted, event, [])) recorder.suspendInFlight(clock());
        else recorder.endInFlight(clock());
        recorder.flush();
        bridge.pagehide(() => recorder.snapshot(), recorder.watched);
      } catch {
        // Never disturb the page's own unload.
      }
    },
  ]);
  apply(listen, window, [
    'pageshow',
    (event: Event) => {
      if (!isTrusted(event) || !(persisted && apply(persisted, event, []))) return;
      try {
        recorder.resumeSuspended(clock());
      } catch {
        // Never disturb the page's own pageshow.
      }
    },
  ]);
  apply(listen, document, ['freeze', (event: Event) => isTrusted(event) && recorder.flush()]);
}
