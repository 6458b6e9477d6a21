/** Where printers write: a byte buffer (for the text) or a running hash (for the hash alone). */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A consumer of UTF-8 bytes. */
export interface Sink {
  /** Bytes `start` to `end` of `b`. */
  range(b: Uint8Array, start: number, end: number): void;
  bytes(b: Uint8Array): void;
  byte(c: number): void;
  /** The UTF-8 bytes of `s`; lone surrogates become U+FFFD as in Go's string conversion. */
  str(s: string): void;
}

/** A growable byte buffer. */
export class ByteSink implements Sink {
  buf = new Uint8Array(16384);
  len = 0;

  reset(): void {
    this.len = 0;
  }

  bytes(b: Uint8Array): void {
    this.range(b, 0, b.length);
  }

  range(b: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (n <= 0) return;
    this.reserve(n);
    // Short runs are copied by hand: a subarray view costs more than the copy itself.
    if (n < 64) {
      const buf = this.buf;
      let len = this.len;
      for (let i = start; i < end; i++) buf[len++] = b[i];
      this.len = len;
      return;
    }
    this.buf.set(b.subarray(start, end), this.len);
    this.len += n;
  }

  byte(c: number): void {
    this.reserve(1);
    this.buf[this.len++] = c;
  }

  str(s: string): void {
    this.reserve(s.length * 3);
    const buf = this.buf;
    let len = this.len;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.len = len;
        const { written } = encoder.encodeInto(s.slice(i), this.buf.subarray(this.len));
        this.len += written;
        return;
      }
      buf[len++] = c;
    }
    this.len = len;
  }

  text(): string {
    return decoder.decode(this.buf.subarray(0, this.len));
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

/** The UTF-8 bytes of a string. */
export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}
