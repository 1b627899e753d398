// The page side of the attacks on the agent after it started (issue 16, points 5–9), for agent.html
// (hostile-pages.ts). Each attack is installed on demand by a page script (window.attack.<name>()), so it runs
// after the agent, as any page script does. What reaches the page of ours lands in window.__leaks:
// - "ours" is a string holding the extension's protocol names or the planted rule marker, or data (a plain or
//   null-prototype object, an array) holding one within a few levels (an envelope, a command, a stored rule);
// - the page's detection uses only functions it saved before installing anything, and a busy flag keeps it from
//   watching itself.

/** The marker in the planted rule's id and match (hostile-attacks.ts stores the rule). */
export const RULE_MARKER = 'SECRET-RULE';

export const AGENT_ATTACKS = `
window.__leaks = [];
(() => {
  const S = {
    apply: Reflect.apply, ownKeys: Reflect.ownKeys, describe: Reflect.getOwnPropertyDescriptor,
    define: Reflect.defineProperty, construct: Reflect.construct,
    getPrototypeOf: Reflect.getPrototypeOf, isArray: Array.isArray, exec: RegExp.prototype.exec, String, stringify: JSON.stringify,
  };
  const MARK = /uni-transfer-devtools|${RULE_MARKER}/;
  let busy = false;
  const holds = (value, depth) => {
    if (typeof value === 'string') return S.apply(S.exec, MARK, [value]) !== null;
    if (typeof value !== 'object' || value === null || depth > 4) return false;
    // Data only (plain objects, arrays, null-prototype objects): not the window, nodes or events.
    const proto = S.getPrototypeOf(value);
    if (!S.isArray(value) && proto !== null && proto !== Object.prototype) return false;
    const names = S.ownKeys(value);
    for (let i = 0; i < names.length && i < 500; i++) {
      const member = S.describe(value, names[i]);
      if (member && 'value' in member && holds(member.value, depth + 1)) return true;
    }
    return false;
  };
  const note = (where) => {
    const list = window.__leaks;
    if (list.length < 50) S.define(list, list.length, { value: where, enumerable: true, configurable: true });
  };
  /** Called by every replaced member with what it was handed; true when it was ours. */
  const watch = (where, self, args) => {
    if (busy) return false;
    busy = true;
    try {
      let found = holds(self, 0);
      for (let i = 0; !found && i < args.length; i++) found = holds(args[i], 0);
      if (found) note(where);
      return found;
    } finally {
      busy = false;
    }
  };
  /** Replaces a method with one that watches its receiver and arguments, then does what the original did. */
  const wrap = (target, name, label) => {
    const member = S.describe(target, name);
    if (!member || typeof member.value !== 'function') return;
    const original = member.value;
    const replaced = function (...args) {
      watch(label, this, args);
      return new.target ? S.construct(original, args, new.target) : S.apply(original, this, args);
    };
    S.define(target, name, { ...member, value: replaced });
  };
  /** A getter and setter on a prototype for names the agent might read from its own objects. */
  const trap = (target, name, label) => {
    if (S.describe(target, name)) return;
    S.define(target, name, {
      configurable: true,
      get() { watch(label + ' ' + S.String(name), this, []); return undefined; },
      set(value) { watch(label + ' ' + S.String(name) + '=', this, [value]); S.define(this, name, { value, writable: true, enumerable: true, configurable: true }); },
    });
  };
  const everyMember = (target, label) => {
    for (const name of S.ownKeys(target)) if (name !== 'constructor') wrap(target, name, label + '.' + S.String(name));
  };
  const ARRAY_METHODS = ['every', 'some', 'map', 'filter', 'slice', 'find', 'forEach', 'push', 'flatMap', 'includes',
    'indexOf', 'join', 'concat', 'splice', 'shift', Symbol.iterator];
  const STRING_METHODS = ['slice', 'trim', 'toLowerCase', 'toUpperCase', 'includes', 'startsWith', 'indexOf', 'split',
    'replace', 'substring'];
  window.attack = {
    /** 5: the members a command check could call. */
    readCommands() {
      wrap(Array, 'isArray', 'Array.isArray');
      for (const name of ['keys', 'values', 'entries', 'assign', 'fromEntries']) wrap(Object, name, 'Object.' + name);
      for (const name of ['parse', 'stringify']) wrap(JSON, name, 'JSON.' + name);
      for (const name of ['isSafeInteger', 'isFinite', 'isInteger']) wrap(Number, name, 'Number.' + name);
      for (const name of ['max', 'min', 'floor', 'round']) wrap(Math, name, 'Math.' + name);
      for (const name of ARRAY_METHODS) wrap(Array.prototype, name, 'Array.prototype.' + S.String(name));
      for (const name of STRING_METHODS) wrap(String.prototype, name, 'String.prototype.' + name);
    },
    /** 6: rewrites the agent's outgoing envelopes into forged condition events and a forged replay row. */
    forge(ruleId) {
      S.define(Object.prototype, 'toJSON', {
        configurable: true,
        writable: true,
        value(key) {
          if (busy || this.source !== 'uni-transfer-devtools:agent' || this.type !== 'events') return this;
          note('toJSON envelope');
          const at = Date.now();
          const forged = { type: 'created', taskId: 'forged-1', at, kind: 'download', origin: 'replay', probe: 'xhr',
            url: location.origin + '/forged?tag=forged' };
          const events = [forged];
          for (let i = 0; i < 5; i++) {
            events[events.length] = { type: 'condition', taskId: 'forged-1', at,
              condition: { ruleId, effect: 'fail', detail: 'forged' } };
          }
          return { source: this.source, v: this.v, session: this.session, seq: this.seq, type: 'events',
            payload: { events } };
        },
      });
    },
    /** 7: getters on Object.prototype for the members of an event's options. */
    listen() {
      for (const name of ['bubbles', 'cancelable', 'composed', 'detail', 'relatedTarget', 'view', 'loaded', 'total',
        'lengthComputable', 'screenX', 'button']) trap(Object.prototype, name, 'Object.prototype');
    },
    /** 8: replaces what the probe observes an XHR with: listeners dropped, headers withheld. */
    blind() {
      XMLHttpRequest.prototype.addEventListener = function () {};
      XMLHttpRequest.prototype.getAllResponseHeaders = () => { throw new Error('no headers for you'); };
      XMLHttpRequestUpload.prototype.addEventListener = function () {};
    },
    /** 9: synthetic page lifecycle events: the page going (pagehide, freeze), or back from the cache (pageshow). */
    hide() {
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      document.dispatchEvent(new Event('freeze'));
    },
    show(count) {
      for (let i = 0; i < count; i++) window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    },
    /** Everything at once: every member the page can reach, replaced by a watcher that does the same. */
    everything() {
      this.readCommands();
      this.listen();
      for (const name of ['toJSON', 'session', 'seq', 'payload', 'events', 'rules', 'edits', 'condition', 'times',
        'taskId', 'type', 'name', 'id', 'source', 'v', 'header', 'url', 'ruleId']) trap(Object.prototype, name, 'Object.prototype');
      everyMember(Array.prototype, 'Array.prototype');
      everyMember(Object, 'Object');
      everyMember(JSON, 'JSON');
      everyMember(Reflect, 'Reflect');
      everyMember(EventTarget.prototype, 'EventTarget.prototype');
      everyMember(Event.prototype, 'Event.prototype');
      everyMember(XMLHttpRequest.prototype, 'XMLHttpRequest.prototype');
      everyMember(String.prototype, 'String.prototype');
      everyMember(Function.prototype, 'Function.prototype');
      for (const name of ['then', 'catch']) wrap(Promise.prototype, name, 'Promise.prototype.' + name);
      for (const name of ['get', 'set', 'has', 'delete']) {
        wrap(Map.prototype, name, 'Map.prototype.' + name);
        wrap(WeakMap.prototype, name, 'WeakMap.prototype.' + name);
      }
      const arrayIterator = Object.getPrototypeOf([][Symbol.iterator]());
      wrap(arrayIterator, 'next', '%ArrayIteratorPrototype%.next');
    },
  };
})();`;
