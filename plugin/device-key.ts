// The key that signs the hub's device cookies (hub-auth.ts), kept in the project's node_modules/.cache so that a
// phone stays known across restarts of the dev server. Never in the way: when the file cannot be read or written,
// the hub uses a key of its own for this run (a restart then meets phones as new devices, as before).

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const KEY_BYTES = 32;

export function loadDeviceKey(projectRoot: string): Buffer {
  const file = path.join(projectRoot, 'node_modules', '.cache', 'uni-transfer-devtools', 'device-key');
  try {
    const stored = readFileSync(file);
    if (stored.length === KEY_BYTES) return stored;
  } catch {
    // None yet: made below.
  }
  const key = randomBytes(KEY_BYTES);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, key, { mode: 0o600 });
  } catch {
    // A read-only project: this run's key only.
  }
  return key;
}
