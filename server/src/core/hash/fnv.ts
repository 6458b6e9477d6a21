/** 32-bit FNV hashes over the UTF-8 bytes of JavaScript strings, as Go's hash/fnv computes them. */

import { utf8Bytes, type Sink } from './sink';

const OFFSET_BASIS = 0x811c9dc5;
const PRIME = 0x01000193;

/** A running 32-bit FNV state; variant 1a XORs each byte before multiplying, 1 multiplies first. */
export class Fnv32 {
  private h = OFFSET_BASIS;

  constructor(private readonly variant: '1' | '1a' = '1a') {}

  /** Adds the UTF-8 encoding of `s`; lone surrogates count as U+FFFD, as Go's conversion does. */
  writeString(s: string): this {
    const b = utf8Bytes(s);
    return this.writeBytes(b, 0, b.length);
  }

  writeBytes(bytes: Uint8Array, start = 0, end = bytes.length): this {
    this.h = this.variant === '1a' ? fnv1a(this.h, bytes, start, end) : fnv1(this.h, bytes, start, end);
    return this;
  }

  sum32(): number {
    return this.h >>> 0;
  }
}

// Two separate loops: this is the hot path of every hash, and a test of the variant per byte
// would slow it down.
function fnv1a(h: number, b: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], PRIME);
  return h;
}

function fnv1(h: number, b: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) h = Math.imul(h, PRIME) ^ b[i];
  return h;
}

/**
 * A sink that hashes what is written with FNV-1a instead of keeping it: printing straight into
 * the hash saves a pass over the text, which is most of the cost of a pod-template hash.
 */
export class Fnv1aSink implements Sink {
  h = OFFSET_BASIS;

  reset(): void {
    this.h = OFFSET_BASIS;
  }

  bytes(b: Uint8Array): void {
    this.h = fnv1a(this.h, b, 0, b.length);
  }

  range(b: Uint8Array, start: number, end: number): void {
    this.h = fnv1a(this.h, b, start, end);
  }

  byte(c: number): void {
    this.h = Math.imul(this.h ^ c, PRIME);
  }

  str(s: string): void {
    let h = this.h;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        const rest = utf8Bytes(s.slice(i));
        h = fnv1a(h, rest, 0, rest.length);
        break;
      }
      h = Math.imul(h ^ c, PRIME);
    }
    this.h = h;
  }

  sum32(): number {
    return this.h >>> 0;
  }
}

/** FNV-1a of the UTF-8 bytes of `s`. */
export function fnv32a(s: string): number {
  return new Fnv32('1a').writeString(s).sum32();
}

/** FNV-1 of the UTF-8 bytes of `s`. */
export function fnv32(s: string): number {
  return new Fnv32('1').writeString(s).sum32();
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * apimachinery's rand.SafeEncodeString: each character mapped through an alphabet without
 * vowels, so that hashes never spell words. Decimal digits map to `4-9bcdf`.
 */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/** Orders strings by their UTF-8 bytes, as Go compares strings (code point order). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800-DFFF) encode code points above U+FFFF, which sort after U+E000-FFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
