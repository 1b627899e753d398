// @vitest-environment happy-dom
// Network conditions in the panel (issue 11), mounted over the in-memory transport: the Conditions editor driven
// through the automation contract's testids and `change` events, the toolbar's mark, invalid rules, storage.local
// (a fake), the row's data-condition, the details, HAR export / import, and the row menu's prefilled rule.

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addRule, conditionRules, conditionsOpen, watchConditions } from '../../panel/conditions-store';
import { lang } from '../../panel/i18n';
import { mountPanel } from '../../panel/mount';
import { createMemoryTransport } from '../../panel/transport';
import { CONDITIONS_KEY, type ConditionRule } from '../../shared/conditions';
import { tasksToHar } from '../../shared/har';
import { harToTasks } from '../../shared/har-import';
import { type AgentMessage, isBackgroundMessage } from '../../shared/protocol';
import { applyTaskEvent, newTaskRecord, type TaskEvent } from '../../shared/task-model';
import { fromAgent } from './envelopes';
import { rendered, unmountAfterAll } from './rendered';

const transport = createMemoryTransport(isBackgroundMessage);
let seq = 0;
const send = (type: string, payload: unknown) =>
  transport.deliver(fromAgent('s1', seq++, { type, payload } as AgentMessage));
const $ = <T extends HTMLElement = HTMLElement>(selector: string, root: ParentNode = document) =>
  root.querySelector(selector) as T;
const rules = () => [...document.querySelectorAll<HTMLElement>('[data-testid="condition"]')];
const control = <T extends HTMLElement = HTMLInputElement>(rule: HTMLElement, name: string) =>
  $<T>(`[data-testid="condition-${name}"]`, rule);
const activeCount = () => $('[data-testid="conditions-active"]')?.dataset.count;

/** Sets a control as automation does: value (or checked), then a `change` event. */
async function change(rule: HTMLElement, name: string, value: string | boolean): Promise<void> {
  const element = control<HTMLInputElement>(rule, name);
  expect(element, name).not.toBeNull();
  if (typeof value === 'boolean') element.checked = value;
  else element.value = value;
  element.dispatchEvent(new Event('change', { bubbles: true }));
  await rendered();
}

const URL_A = 'http://127.0.0.1/upload/a.bin';
const condition = { ruleId: 'rule-x', effect: 'throttle' as const, detail: 'upload paced at 50 kB/s (simulated)' };
const events: TaskEvent[] = [
  { type: 'created', taskId: 'a', at: 1000, kind: 'upload', origin: 'app', probe: 'xhr', url: URL_A },
  { type: 'condition', taskId: 'a', at: 1001, condition },
  { type: 'open', taskId: 'a', at: 1002, method: 'POST', url: URL_A },
  { type: 'end', taskId: 'a', at: 1010, outcome: 'load', statusCode: 200 },
  {
    type: 'created',
    taskId: 'b',
    at: 1100,
    kind: 'download',
    origin: 'app',
    probe: 'xhr',
    url: 'http://127.0.0.1/f.bin',
  },
];

const root = document.createElement('div');
unmountAfterAll(root);

beforeAll(async () => {
  lang.value = 'en';
  document.body.append(root);
  mountPanel(root, transport, { dark: false });
  send('hello', {
    runtime: { uniApp: true, globalUni: 'empty', vue: 3, dev: false, url: 'http://127.0.0.1/' },
    startedAt: 0,
  });
  send('events', { events });
  await rendered();
});

beforeEach(async () => {
  await watchConditions(null);
  conditionRules.value = [];
  conditionsOpen.value = false;
  await rendered();
});

describe('the Conditions editor', () => {
  it('opens from the toolbar, adds, edits, toggles and removes rules through change events', async () => {
    const toggle = $('[data-testid="conditions-toggle"]');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect($('[data-testid="condition-add"]')).toBeNull();
    toggle.click();
    await rendered();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(activeCount()).toBeUndefined();
    $('[data-testid="condition-add"]').click();
    await rendered();
    const [rule] = rules();
    expect(rule?.dataset).toMatchObject({ enabled: 'true', effect: 'throttle' });
    expect(rule?.dataset.ruleId).toMatch(/^rule-[0-9a-z]+-[0-9a-z]+$/);
    if (!rule) return;
    expect(control(rule, 'enabled').checked).toBe(true);
    expect(control(rule, 'match').value).toBe('');
    expect(control<HTMLSelectElement>(rule, 'kind').value).toBe('any');
    expect([control(rule, 'up').value, control(rule, 'down').value, control(rule, 'latency').value]).toEqual([
      '50',
      '50',
      '400',
    ]);
    expect(control(rule, 'times').value).toBe('');
    expect(activeCount()).toBe('1');

    await change(rule, 'match', '/upload/');
    await change(rule, 'kind', 'upload');
    await change(rule, 'up', '20');
    await change(rule, 'down', '');
    await change(rule, 'times', '2');
    expect(conditionRules.value[0]).toMatchObject({ match: '/upload/', kind: 'upload', upKbps: 20, times: 2 });
    expect(conditionRules.value[0]?.downKbps).toBeUndefined();

    // Each effect draws its controls, with defaults that make the rule valid at once.
    await change(rule, 'effect', 'fail');
    expect(control(rule, 'at').value).toBe('50');
    expect(control(rule, 'up')).toBeNull();
    await change(rule, 'effect', 'stall');
    await change(rule, 'at', '75');
    await change(rule, 'effect', 'status');
    for (const name of ['status', 'body', 'content-type', 'reach-server'])
      expect(control(rule, name), name).not.toBeNull();
    await change(rule, 'status', '404');
    await change(rule, 'body', '{"error":"gone"}');
    await change(rule, 'content-type', 'application/json');
    await change(rule, 'reach-server', true);
    expect(conditionRules.value[0]).toMatchObject({
      effect: 'status',
      atPercent: 75,
      status: 404,
      body: '{"error":"gone"}',
      contentType: 'application/json',
      reachServer: true,
    });
    await change(rule, 'effect', 'offline');
    expect(rule.dataset.effect).toBe('offline');
    expect(activeCount()).toBe('1');

    await change(rule, 'enabled', false);
    expect(rule.dataset.enabled).toBe('false');
    expect(activeCount()).toBeUndefined();
    await change(rule, 'enabled', true);
    $('[data-testid="condition-add"]').click();
    await rendered();
    expect(rules().length).toBe(2);
    expect(rules()[1]?.dataset.ruleId).not.toBe(rule.dataset.ruleId);
    expect(activeCount()).toBe('2');
    control<HTMLButtonElement>(rule, 'remove').click();
    await rendered();
    expect(rules().length).toBe(1);
    expect(activeCount()).toBe('1');
  });

  it('marks invalid rules (why, in a tooltip) and does not count them', async () => {
    $('[data-testid="conditions-toggle"]').click();
    await rendered();
    $('[data-testid="condition-add"]').click();
    await rendered();
    const rule = rules()[0] as HTMLElement;
    const cases: [string, string, string, string][] = [
      ['throttle', 'match', '/a(/', 'match'],
      ['throttle', 'up', '-5', 'up'],
      ['throttle', 'down', '0', 'down'],
      ['throttle', 'latency', '-1', 'latency'],
      ['fail', 'at', '150', 'at'],
      ['stall', 'at', '-1', 'at'],
      ['status', 'status', '700', 'status'],
      ['status', 'status', '99', 'status'],
    ];
    for (const [effect, name, value, problem] of cases) {
      await change(rule, 'effect', effect);
      const before = control(rule, name).value;
      await change(rule, name, value);
      expect(rule.dataset.invalid, `${name}=${value}`).toBe(problem);
      expect(control(rule, name).getAttribute('aria-invalid')).toBe('true');
      expect(control(rule, name).title).toMatch(/^Not applied: /);
      expect(rule.title).toMatch(/^Not applied: /);
      expect(activeCount()).toBeUndefined();
      await change(rule, name, before);
      expect(rule.dataset.invalid).toBeUndefined();
      expect(control(rule, name).getAttribute('aria-invalid')).toBe('false');
      expect(activeCount()).toBe('1');
    }
  });

  it('reads storage.local, writes every change there, and follows changes made elsewhere', async () => {
    const stored: ConditionRule = {
      id: 'rule-s',
      enabled: true,
      match: 'cdn',
      kind: 'download',
      effect: 'offline',
      times: 3,
    };
    const writes: unknown[] = [];
    let listener: ((value: unknown) => void) | undefined;
    await watchConditions({
      get: async () => ({ [CONDITIONS_KEY]: [stored] }),
      set: async (items) => {
        writes.push(items[CONDITIONS_KEY]);
        // storage.onChanged echoes our own write, later.
        setTimeout(() => listener?.(items[CONDITIONS_KEY]));
      },
      onChanged: (fn) => {
        listener = fn;
        return () => undefined;
      },
    });
    $('[data-testid="conditions-toggle"]').click();
    await rendered();
    const rule = rules()[0] as HTMLElement;
    expect(rule.dataset.ruleId).toBe('rule-s');
    expect(control(rule, 'times').value).toBe('3');
    await change(rule, 'match', 'cdn.example');
    await change(rule, 'times', '');
    await rendered();
    const written = { ...stored, reachServer: false, match: 'cdn.example' };
    expect(writes).toEqual([[written], [{ ...written, times: null }]]);
    // The relay counts a rule down as tasks use it; the editor follows.
    listener?.([{ ...stored, times: 0 }]);
    await rendered();
    expect(control(rule, 'times').value).toBe('0');
    expect(activeCount()).toBeUndefined();
  });
});

describe('the stored rules arriving after an edit', () => {
  it('keep a rule added before they came, with them, and write both', async () => {
    const stored: ConditionRule = {
      id: 'rule-late',
      enabled: true,
      match: 'x',
      kind: 'any',
      effect: 'offline',
      times: null,
    };
    let answer: (value: Record<string, unknown>) => void = () => undefined;
    const writes: ConditionRule[][] = [];
    const reading = watchConditions({
      get: () => new Promise((resolve) => (answer = resolve)),
      set: async (items) => void writes.push(items[CONDITIONS_KEY] as ConditionRule[]),
    });
    // A quick user (or "Add condition for this URL…") adds a rule while storage is still being read.
    const early = addRule('early');
    expect(writes).toEqual([]);
    answer({ [CONDITIONS_KEY]: [stored] });
    await reading;
    expect(conditionRules.value.map((rule) => rule.id)).toEqual(['rule-late', early]);
    expect(writes.at(-1)?.map((rule) => rule.id)).toEqual(['rule-late', early]);
  });
});

describe('storage echoes', () => {
  it('never revert a quick edit, even with keys reordered as Chromium returns them', async () => {
    const stored: ConditionRule = {
      id: 'rule-e',
      enabled: true,
      match: 'a',
      kind: 'any',
      effect: 'offline',
      times: null,
    };
    const echoes: unknown[] = [];
    let listener: ((value: unknown) => void) | undefined;
    const sortKeys = (rules: unknown) =>
      (rules as Record<string, unknown>[]).map((rule) => Object.fromEntries(Object.entries(rule).sort()));
    await watchConditions({
      get: async () => ({ [CONDITIONS_KEY]: [stored] }),
      // Chromium keeps storage values as base::Value (sorted keys) and echoes every write after the next one.
      set: async (items) => void echoes.push(sortKeys(items[CONDITIONS_KEY])),
      onChanged: (fn) => {
        listener = fn;
        return () => undefined;
      },
    });
    $('[data-testid="conditions-toggle"]').click();
    await rendered();
    const rule = rules()[0] as HTMLElement;
    await change(rule, 'match', 'ab');
    await change(rule, 'kind', 'upload');
    listener?.(echoes[0]); // the first edit's echo lands after the second edit
    await rendered();
    await change(rule, 'times', '5');
    for (const echo of echoes.slice(1)) listener?.(echo);
    await rendered();
    expect(conditionRules.value).toEqual([{ ...stored, reachServer: false, match: 'ab', kind: 'upload', times: 5 }]);
    expect(control(rule, 'match').value).toBe('ab');
  });
});

describe('tasks a rule touched', () => {
  it('say so in the row, the details and the HAR export', async () => {
    conditionRules.value = [
      { id: 'rule-x', enabled: true, match: '/upload/', kind: 'upload', effect: 'throttle', times: null },
    ];
    await rendered();
    expect($('[data-task-id="s1/a"]').dataset.condition).toBe('throttle');
    expect($('[data-task-id="s1/b"]').dataset.condition).toBeUndefined();
    $('[data-task-id="s1/a"]').click();
    await rendered();
    const details = $('[data-testid="details-condition"]');
    expect(details.dataset).toMatchObject({ ruleId: 'rule-x', effect: 'throttle' });
    expect(details.textContent).toContain('Network condition: Throttle');
    expect($('[data-testid="details-condition-rule"]').textContent).toBe('Rule 1: “/upload/” · upload');
    expect($('[data-testid="details-condition-detail"]').textContent).toBe(condition.detail);
    conditionRules.value = [];
    await rendered();
    expect($('[data-testid="details-condition-rule"]').textContent).toBe('Rule rule-x (no longer listed)');
    lang.value = 'zh_CN';
    await rendered();
    expect(details.textContent).toContain('网络条件：限速');
    lang.value = 'en';
    $('[data-testid="details-close"]').click();

    let record = newTaskRecord(events[0] as never);
    for (const event of events.slice(1, 4)) record = applyTaskEvent(record, event) ?? record;
    const har = tasksToHar([record], { keepSensitive: false, creatorVersion: 't' });
    expect(har.log.entries[0]?._uniTask.condition).toEqual(condition);
    const back = harToTasks(JSON.stringify(har));
    expect(back.ok && back.tasks[0]?.condition).toEqual(condition);
  });

  it('offers "Add condition for this URL…" in the row menu, prefilled', async () => {
    const row = $('[data-task-id="s1/a"]');
    row.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, clientX: 10, clientY: 10 }));
    await rendered();
    const item = $('[data-testid="menu-add-condition"]');
    expect(item.textContent).toBe('Add condition for this URL…');
    item.click();
    await rendered();
    expect($('[data-testid="conditions-toggle"]').getAttribute('aria-expanded')).toBe('true');
    const rule = rules().at(-1) as HTMLElement;
    expect(control(rule, 'match').value).toBe(URL_A);
    expect(control<HTMLSelectElement>(rule, 'kind').value).toBe('upload');
    expect(rule.dataset).toMatchObject({ enabled: 'true', effect: 'throttle' });
    expect(document.activeElement).toBe(control(rule, 'match'));
    expect(activeCount()).toBe('1');
  });
});
