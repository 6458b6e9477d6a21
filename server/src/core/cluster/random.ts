/**
 * The seeded generator behind every "random" choice the simulated cluster makes: uids, pod-name
 * suffixes, cluster IPs, node ports. The same seed gives the same names.
 */

/** apimachinery's rand.String alphabet: no vowels, no 0, 1 or 3, so no words are spelled. */
export const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export interface RandomSource {
  /** A uniformly distributed unsigned 32-bit integer. */
  next32(): number;
  /** A generator that continues with the same sequence, for a cluster clone. */
  clone(): RandomSource;
}

/** mulberry32: small, fast and well distributed enough for names. */
export class SeededRandom implements RandomSource {
  private s: number;

  constructor(seed = 1) {
    this.s = seed >>> 0;
  }

  next32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  clone(): SeededRandom {
    const copy = new SeededRandom();
    copy.s = this.s;
    return copy;
  }
}

/**
 * `n` characters as rand.String makes them: 5 bits per character, and a 5-bit value that is not
 * an index into the 27-letter alphabet is skipped rather than folded, so every letter is equally
 * likely.
 */
export function randomString(rng: RandomSource, n: number): string {
  let out = '';
  let bits = rng.next32();
  let remaining = 6;
  while (out.length < n) {
    if (remaining === 0) {
      bits = rng.next32();
      remaining = 6;
    }
    const idx = bits & 31;
    if (idx < ALPHANUMS.length) out += ALPHANUMS[idx];
    bits >>>= 5;
    remaining--;
  }
  return out;
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
const FOUR = '4'.charCodeAt(0);

/** The characters of one uid, reused: see randomUid. */
const uidCodes: number[] = new Array(36).fill(DASH);

/** Writes `count` hex digits of `v`, most significant first, from `at`. */
function putHex(v: number, count: number, at: number): void {
  for (let i = count - 1; i >= 0; i--) {
    uidCodes[at + i] = HEX_CODES[v & 15];
    v >>>= 4;
  }
}

/**
 * A version-4 UUID, as the API server assigns to `metadata.uid`. Its text is, from four draws
 * a, b, c, d written as 8 hex digits each: `a-b[0..4]-4b[5..8]-Vc[1..4]-c[4..8]d`, where V, the
 * variant digit (8 to b), comes from c's first digit; b's fifth digit is dropped.
 *
 * The text is written as character codes and made into one string at the end, rather than
 * joined from pieces: a joined string is a tree of pieces that every map lookup of the uid would
 * first have to flatten, and uids are map keys all through the store.
 */
export function randomUid(rng: RandomSource): string {
  const a = rng.next32();
  const b = rng.next32();
  const c = rng.next32();
  const d = rng.next32();
  putHex(a, 8, 0);
  putHex(b >>> 16, 4, 9);
  uidCodes[14] = FOUR;
  putHex(b & 0xfff, 3, 15);
  uidCodes[19] = HEX_CODES[((c >>> 28) & 0x3) | 0x8];
  putHex((c >>> 16) & 0xfff, 3, 20);
  putHex(c & 0xffff, 4, 24);
  putHex(d, 8, 28);
  return String.fromCharCode(...uidCodes);
}

/** `prefix + suffix` as one flat string, for names that become map keys (see randomUid). */
export function joinFlat(prefix: string, suffix: string): string {
  const codes: number[] = new Array(prefix.length + suffix.length);
  for (let i = 0; i < prefix.length; i++) codes[i] = prefix.charCodeAt(i);
  for (let i = 0; i < suffix.length; i++) codes[prefix.length + i] = suffix.charCodeAt(i);
  return String.fromCharCode(...codes);
}

/** An integer in [0, n). */
export function randomInt(rng: RandomSource, n: number): number {
  return rng.next32() % n;
}
