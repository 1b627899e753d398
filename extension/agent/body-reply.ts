// Answers the panel's `body` command: the bodies this page still holds for a task (upload files, the downloaded
// blob), as data: URLs so they survive the runtime port's JSON. Only ever shown in that page's own panel.

import { readAsDataUrl } from '../../shared/data-url';
import { type BodyTransfer, type CommandReply, MAX_BODY_TRANSFER } from '../../shared/protocol';

export async function bodyReply(id: string, blobs: Blob[]): Promise<CommandReply> {
  if (blobs.length === 0) return { id, ok: false, error: 'not-held' };
  const bodies: BodyTransfer[] = [];
  for (const blob of blobs) {
    const name = blob instanceof File ? blob.name : '';
    const body: BodyTransfer = { name, mime: blob.type, size: blob.size };
    if (blob.size <= MAX_BODY_TRANSFER) body.dataUrl = await readAsDataUrl(blob);
    bodies.push(body);
  }
  return { id, ok: true, bodies };
}
