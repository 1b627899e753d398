// Where a uni task meets the network-condition rules (called by the XHR probe's send() for each uni upload or
// download XHR). No rule: nothing happens, the native send() runs as always. Rules not yet known (the first
// milliseconds of a page, an App.onLaunch task): the native send() waits behind a gate until they are, then goes
// out untouched or under its rule. A matched rule: a gate and the rule's effect (effects.ts). A replay sent with a
// one-off condition (task-control.ts) gets that condition whatever the stored rules say, and counts against none.

import type { ConditionRule } from '../../shared/conditions';
import type { TaskEvent } from '../../shared/task-model';
import { apply as call } from '../own';
import { runEffect } from './effects';
import { Gate } from './gate';
import type { ConditionRules } from './rules';
import { conditionDetail, type FormPart, multipartSize } from './timeline';

/** How long a task waits for the relay's first rules before it goes out unconditioned (no relay: a page the
 * extension cannot talk to). The relay answers within milliseconds. */
export const RULES_WAIT_MS = 3000;

/**
 * The length of the multipart boundary the browser makes, for an upload's encoded size (what its progress shows as
 * the total): Chromium '----WebKitFormBoundary' + 16 characters (38); Firefox '----geckoformboundary' + two random
 * 64-bit numbers in hex without leading zeros (53, a character or two less now and then).
 */
const BOUNDARY_LENGTH = / Firefox\//.test(navigator.userAgent) ? 53 : 38;

const schedule = setTimeout;
const cancel = clearTimeout;
const responseTypeOf = Object.getOwnPropertyDescriptor(XMLHttpRequest.prototype, 'responseType')?.get as (
  this: XMLHttpRequest,
) => XMLHttpRequestResponseType;

export interface GateRequest {
  xhr: XMLHttpRequest;
  kind: 'upload' | 'download';
  url: string;
  taskId: string;
  /** The form as sent (for the upload's encoded size). */
  parts: FormPart[] | undefined;
  /** The native send() with the page's arguments. */
  send: () => void;
}

export interface GateContext {
  rules: ConditionRules;
  /** The one-off condition of a replay task, taken once (undefined for every other task). */
  oneOff?: (taskId: string) => ConditionRule | undefined;
  clock: () => number;
  emit: (event: TaskEvent) => void;
  onError: (where: string, error: unknown) => void;
}

/** Returns the gate when the task is gated (the caller must not call the native send), else undefined. */
export function gateTask(context: GateContext, request: GateRequest): Gate | undefined {
  const { rules } = context;
  const oneOff = context.oneOff?.(request.taskId);
  if (oneOff) {
    const gate = new Gate(request.xhr, request.kind, request.send, context.onError);
    apply(context, request, gate, oneOff, true);
    return gate;
  }
  if (rules.known) {
    const rule = rules.match(request.kind, request.url);
    if (!rule) return undefined;
    const gate = new Gate(request.xhr, request.kind, request.send, context.onError);
    apply(context, request, gate, rule, false);
    return gate;
  }
  const gate = new Gate(request.xhr, request.kind, request.send, context.onError);
  let waiting = true;
  const resume = () => {
    if (!waiting) return;
    waiting = false;
    cancel(fallback);
    if (gate.finished) return; // aborted meanwhile: uni already reported it
    const rule = rules.known ? rules.match(request.kind, request.url) : undefined;
    if (rule) apply(context, request, gate, rule, false);
    else {
      gate.release();
      try {
        request.send();
      } catch (error) {
        context.onError('conditions.send', error);
      }
    }
  };
  const fallback = schedule(resume, RULES_WAIT_MS);
  rules.whenKnown(resume);
  return gate;
}

/** Applies `rule` (found once by the caller); a one-off replay condition counts against no stored rule. */
function apply(context: GateContext, request: GateRequest, gate: Gate, rule: ConditionRule, oneOff: boolean): void {
  gate.guard('conditions.apply', () => {
    if (!oneOff) context.rules.applied(rule.id);
    context.emit({
      type: 'condition',
      taskId: request.taskId,
      at: context.clock(),
      condition: { ruleId: rule.id, effect: rule.effect, detail: conditionDetail(rule, request.kind) },
    });
    runEffect({
      gate,
      rule,
      uploadSize: request.parts ? multipartSize(request.parts, BOUNDARY_LENGTH) : 0,
      responseType: call(responseTypeOf, request.xhr, []) as XMLHttpRequestResponseType,
    });
  });
}
