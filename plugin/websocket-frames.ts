// Incoming RFC 6455 frames, parsed from the byte stream of one connection (plugin/websocket.ts writes frames).
// Bytes are kept as the chunks they came in and joined only when a header or a whole payload is complete, so a
// 32 MB message arriving in 64 KB chunks is copied once, not once per chunk.

const OP_CONTINUATION = 0x0;
const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

export interface FrameSink {
  /** A complete text message (all its fragments), valid UTF-8. */
  message(text: string): void;
  /** Ping, pong or close, with its unmasked payload (at most 125 bytes). */
  control(opcode: number, payload: Buffer): void;
  /** A protocol violation: the connection must close with this code. */
  fail(code: number, reason: string): void;
}

interface FrameHeader {
  fin: boolean;
  opcode: number;
  length: number;
  mask: Buffer;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function validCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

function isUtf8(bytes: Buffer): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A close frame's payload is empty, or a valid code and a UTF-8 reason (RFC 6455 5.5.1, 7.4). */
function closeProblem(payload: Buffer): { code: number; reason: string } | null {
  if (payload.length === 0) return null;
  if (payload.length === 1 || !validCloseCode(payload.readUInt16BE(0))) return { code: 1002, reason: 'bad close' };
  return isUtf8(payload.subarray(2)) ? null : { code: 1007, reason: 'close reason not UTF-8' };
}

export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private header: FrameHeader | null = null;
  /** Fragments of the text message in progress (null: none in progress). */
  private fragments: Buffer[] | null = null;
  private fragmentBytes = 0;
  private stopped = false;

  constructor(
    private readonly maxMessageBytes: number,
    private readonly sink: FrameSink,
  ) {}

  stop(): void {
    this.stopped = true;
    this.chunks = [];
    this.buffered = 0;
    this.fragments = null;
  }

  push(chunk: Buffer): void {
    if (this.stopped) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (!this.stopped) {
      if (!this.header) {
        const header = this.readHeader();
        if (!header) return;
        if (!this.accepts(header)) return;
        this.header = header;
      }
      if (this.buffered < this.header.length) return;
      const header = this.header;
      this.header = null;
      const payload = this.take(header.length);
      for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (header.mask[i & 3] as number);
      this.frame(header, payload);
    }
  }

  /** Decodes a frame header once all its bytes are here; null while some are missing. */
  private readHeader(): FrameHeader | null {
    if (this.buffered < 2) return null;
    const start = this.peek(2);
    const lengthCode = (start[1] as number) & 0x7f;
    const size = 2 + (lengthCode === 126 ? 2 : lengthCode === 127 ? 8 : 0) + 4;
    if (this.buffered < size) return null;
    const bytes = this.take(size);
    const first = bytes[0] as number;
    const second = bytes[1] as number;
    let length = lengthCode;
    if (lengthCode === 126) length = bytes.readUInt16BE(2);
    else if (lengthCode === 127) {
      const long = bytes.readBigUInt64BE(2);
      // Anything beyond 2^53 is over every cap; keep it as a number that fails the size check.
      length = long > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(long);
    }
    // No extension is negotiated, so the reserved bits must be 0 (RFC 6455 5.2).
    if ((first & 0x70) !== 0) {
      this.fail(1002, 'reserved bits set');
      return null;
    }
    if ((second & 0x80) === 0) {
      // RFC 6455 5.1: a server must close the connection on an unmasked client frame.
      this.fail(1002, 'unmasked frame');
      return null;
    }
    return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, length, mask: bytes.subarray(size - 4, size) };
  }

  /** Checks a header before its payload is buffered: a message over the cap is refused without holding it. */
  private accepts(header: FrameHeader): boolean {
    const { opcode, fin, length } = header;
    if (opcode >= 0x8) {
      if (opcode !== OP_CLOSE && opcode !== OP_PING && opcode !== OP_PONG) return this.fail(1002, 'unknown opcode');
      if (!fin || length > 125) return this.fail(1002, 'bad control frame');
      return true;
    }
    if (opcode === OP_BINARY) return this.fail(1003, 'text messages only');
    if (opcode !== OP_TEXT && opcode !== OP_CONTINUATION) return this.fail(1002, 'unknown opcode');
    if (opcode === OP_CONTINUATION && this.fragments === null) return this.fail(1002, 'continuation without message');
    if (opcode === OP_TEXT && this.fragments !== null) return this.fail(1002, 'message inside a message');
    if (this.fragmentBytes + length > this.maxMessageBytes) return this.fail(1009, 'message too big');
    return true;
  }

  private frame(header: FrameHeader, payload: Buffer): void {
    if (header.opcode >= 0x8) {
      const problem = header.opcode === OP_CLOSE ? closeProblem(payload) : null;
      if (problem) this.fail(problem.code, problem.reason);
      else this.sink.control(header.opcode, payload);
      return;
    }
    const fragments = this.fragments ?? [];
    fragments.push(payload);
    this.fragmentBytes += payload.length;
    if (!header.fin) {
      this.fragments = fragments;
      return;
    }
    this.fragments = null;
    this.fragmentBytes = 0;
    const whole = fragments.length === 1 ? (fragments[0] as Buffer) : Buffer.concat(fragments);
    let text: string;
    try {
      text = utf8.decode(whole);
    } catch {
      this.fail(1007, 'invalid UTF-8');
      return;
    }
    this.sink.message(text);
  }

  private fail(code: number, reason: string): false {
    if (!this.stopped) {
      this.stop();
      this.sink.fail(code, reason);
    }
    return false;
  }

  /** The first n buffered bytes, without consuming them (n is small: a header's start). */
  private peek(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    if (first.length >= n) return first;
    return Buffer.concat(this.chunks, n);
  }

  /** Consumes the first n buffered bytes (n <= buffered) as one buffer. */
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    this.buffered -= n;
    const first = this.chunks[0] as Buffer;
    if (first.length === n) {
      this.chunks.shift();
      return first;
    }
    if (first.length > n) {
      this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let offset = 0;
    while (offset < n) {
      const chunk = this.chunks[0] as Buffer;
      const wanted = n - offset;
      if (chunk.length <= wanted) {
        chunk.copy(out, offset);
        offset += chunk.length;
        this.chunks.shift();
      } else {
        chunk.copy(out, offset, 0, wanted);
        this.chunks[0] = chunk.subarray(wanted);
        offset = n;
      }
    }
    return out;
  }
}
