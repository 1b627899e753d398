import { createHash } from 'node:crypto';

/**
 * The deterministic byte pattern used by the transfer server for downloads and
 * `/file/<name>`, and by the fixture pages (tests/fixtures/scenarios/scenarios.js,
 * `patternBytes`) for the files they upload. Keep the two in sync.
 *
 *   byte(i, seed) = (i * 31 + seed * 17 + (i >>> 10)) & 0xff
 */
export function patternByte(i: number, seed = 0): number {
  return (i * 31 + seed * 17 + (i >>> 10)) & 0xff;
}

/** `length` bytes of the pattern, starting at absolute offset `offset`. */
export function patternBytes(length: number, seed = 0, offset = 0): Buffer {
  const buf = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) buf[i] = patternByte(offset + i, seed);
  return buf;
}

export function sha256(data: Buffer | Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 (hex) of `length` pattern bytes with `seed`. */
export function patternSha256(length: number, seed = 0): string {
  return sha256(patternBytes(length, seed));
}
