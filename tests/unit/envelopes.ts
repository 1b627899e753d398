// Page agent envelopes for the panel's unit tests, as the agent's bridge wraps its messages.

import {
  type AgentEnvelope,
  type AgentMessage,
  type BackgroundToPanel,
  PROTOCOL_VERSION,
  SOURCE_AGENT,
} from '../../shared/protocol';

export function envelope(session: string, seq: number, message: AgentMessage): AgentEnvelope {
  return { ...message, source: SOURCE_AGENT, v: PROTOCOL_VERSION, session, seq } as AgentEnvelope;
}

/** The envelope as the background hands it to the panel. */
export function fromAgent(session: string, seq: number, message: AgentMessage): BackgroundToPanel {
  return { type: 'agent', envelope: envelope(session, seq, message) };
}
