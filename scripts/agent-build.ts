// The npm package's agent (agent/standalone.ts) as the one classic, minified IIFE the plugin inlines: built by
// scripts/pack-npm.ts for the package and by bench/phone.ts for the phone bench, the very same way.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildIife } from './iife-build.ts';

/**
 * The agent runs in the app's page on phones: iOS Safari 13+ and Android WebViews (Chrome 61+). Syntax newer than
 * those is lowered (optional chaining, `??`, class fields); library calls newer than the targets are the agent's
 * own concern (it must feature-test them). Object spread (ES2018; Chrome 60, Safari 11.1) stays native: lowered,
 * it becomes a helper that calls Object.keys, Array.prototype.filter and forEach at run time, members a page can
 * replace after the agent started, and that would then be handed every envelope the agent sends (issue 16).
 */
const AGENT_TARGET = ['es2018', 'safari13', 'ios13', 'chrome61'];

export async function buildAgent(root: string): Promise<string> {
  const entry = path.join(root, 'agent/standalone.ts');
  if (!existsSync(entry)) throw new Error('agent/standalone.ts is missing: the agent cannot be built');
  const chunk = await buildIife({
    root,
    entry,
    name: 'uniTransfersAgent',
    fileName: 'agent.js',
    minify: true,
    target: AGENT_TARGET,
  });
  // The plugin inlines it in a <script>: an HTML comment opener or a <script tag inside would confuse the parser.
  if (/<!--|<script/i.test(chunk.code)) throw new Error('the agent contains <!-- or <script: unsafe to inline');
  return chunk.code;
}
