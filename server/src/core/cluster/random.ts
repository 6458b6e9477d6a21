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

/** A version-4 UUID, as the API server assigns to `metadata.uid`. */
export function randomUid(rng: RandomSource): string {
  const hex = (v: number) => v.toString(16).padStart(8, '0');
  const a = hex(rng.next32());
  const b = hex(rng.next32());
  const c = hex(rng.next32());
  const d = hex(rng.next32());
  const variant = ((parseInt(c[0], 16) & 0x3) | 0x8).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/** An integer in [0, n). */
export function randomInt(rng: RandomSource, n: number): number {
  return rng.next32() % n;
}
