// The extension's page agent (the MAIN-world content script, built as a standalone IIFE so that it runs
// synchronously at document_start, before the page's first script): the agent with the relay end and the
// network conditions its relay hands over.

import { gateTask } from './conditions/apply';
import { gateOf } from './conditions/gate';
import { ConditionRules, readOneOff } from './conditions/rules';
import { relayEnd } from './relay-end';
import { startAgent } from './start';

try {
  startAgent({ end: relayEnd, conditions: { Rules: ConditionRules, gateTask, readOneOff, gateOf } });
} catch {
  // An agent that cannot start must leave the page exactly as it was.
}
