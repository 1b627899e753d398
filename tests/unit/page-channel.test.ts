// The relay's size cap (shared/page-channel.ts): UTF-8 bytes, computed only when a string could be over it.
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, overMessageCap } from '../../shared/page-channel';

describe('overMessageCap', () => {
  it('passes short strings without measuring them', () => {
    expect(overMessageCap('x'.repeat(1000))).toBe(false);
    expect(overMessageCap('中'.repeat(Math.floor(MAX_MESSAGE_BYTES / 3)))).toBe(false);
  });

  it('counts UTF-8 bytes: three per CJK character', () => {
    expect(overMessageCap('a'.repeat(MAX_MESSAGE_BYTES))).toBe(false);
    expect(overMessageCap('a'.repeat(MAX_MESSAGE_BYTES + 1))).toBe(true);
    expect(overMessageCap('中'.repeat(Math.floor(MAX_MESSAGE_BYTES / 3) + 1))).toBe(true);
  });
});
