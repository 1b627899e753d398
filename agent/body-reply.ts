// Answers the panel's `body` command: the bodies this page still holds for a task (upload files, the downloaded
// blob), as data: URLs so they survive the runtime port's JSON. Only ever shown in that page's own panel.

import { readAsDataUrl } from '../shared/data-url';
import { type BodyTransfer, type CommandReply, MAX_BODY_TRANSFER } from '../shared/protocol';

/**
 * The bytes of all bodies one reply carries. Each body is capped at MAX_BODY_TRANSFER, and so is the whole reply
 * (as data: URLs they grow by a third): five 15 MB photos in one reply made a message over Chromium's 64 MiB limit.
 * Bodies past the budget go as size and type only, as a too-large one does.
 */
const MAX_REPLY_BODY_BYTES = MAX_BODY_TRANSFER;

export async function bodyReply(id: string, blobs: Blob[]): Promise<CommandReply> {
  if (blobs.length === 0) return { id, ok: false, error: 'not-held' };
  const bodies: BodyTransfer[] = [];
  let budget = MAX_REPLY_BODY_BYTES;
  for (const blob of blobs) {
    const name = blob instanceof File ? blob.name : '';
    const body: BodyTransfer = { name, mime: blob.type, size: blob.size };
    if (blob.size <= budget) {
      body.dataUrl = await readAsDataUrl(blob);
      budget -= blob.size;
    }
    bodies.push(body);
  }
  return { id, ok: true, bodies };
}
