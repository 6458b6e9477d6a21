/**
 * Reading a decoded manifest the way the API server's decoder would, without trusting it: a
 * field of the wrong type is "bad" (the schema checker reports it) and rules that need it stay
 * silent, while an absent field or an explicit null is absent and takes its default.
 */

export type Rec = Record<string, unknown>;

/** Marks a value the API server could not decode into the Go type of its field. */
export const BAD = Symbol('bad');
export type Bad = typeof BAD;

export function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of a field, or undefined when it is absent or null (JSON null decodes to Go's zero). */
export function get(obj: unknown, key: string): unknown {
  if (!isRecord(obj) || !Object.prototype.hasOwnProperty.call(obj, key)) return undefined;
  const v = obj[key];
  return v === null ? undefined : v;
}

export function has(obj: unknown, key: string): boolean {
  return get(obj, key) !== undefined;
}

/** A nested object: absent → undefined, not an object → BAD. */
export function rec(obj: unknown, key: string): Rec | undefined | Bad {
  const v = get(obj, key);
  if (v === undefined) return undefined;
  return isRecord(v) ? v : BAD;
}

/** A nested object, treating a wrong type like absence (for reading on past a bad field). */
export function recOrEmpty(obj: unknown, key: string): Rec {
  const v = rec(obj, key);
  return v === undefined || v === BAD ? {} : v;
}

export function str(obj: unknown, key: string): string | undefined | Bad {
  const v = get(obj, key);
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : BAD;
}

/** An integer field; floats that are whole (YAML `1.0`) decode as integers, as kubectl sends them. */
export function int(obj: unknown, key: string): number | undefined | Bad {
  const v = get(obj, key);
  if (v === undefined) return undefined;
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : BAD;
}

export function list(obj: unknown, key: string): unknown[] | undefined | Bad {
  const v = get(obj, key);
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v : BAD;
}

/** A `map[string]string`; null entries decode to "" as Go does, any other non-string is BAD. */
export function strMap(obj: unknown, key: string): Record<string, string> | undefined | Bad {
  const v = get(obj, key);
  if (v === undefined) return undefined;
  return toStrMap(v);
}

export function toStrMap(v: unknown): Record<string, string> | Bad {
  if (!isRecord(v)) return BAD;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null) out[k] = '';
    else if (typeof x === 'string') out[k] = x;
    else return BAD;
  }
  return out;
}

/** A `[]string`; a non-string item makes the whole list BAD. */
export function strList(obj: unknown, key: string): string[] | undefined | Bad {
  const v = list(obj, key);
  if (v === undefined || v === BAD) return v;
  return v.every((x) => typeof x === 'string') ? (v as string[]) : BAD;
}

/** An IntOrString field: a whole number or a string. */
export type IntOrString = { isStr: false; int: number } | { isStr: true; str: string };

export function intOrString(obj: unknown, key: string): IntOrString | undefined | Bad {
  const v = get(obj, key);
  if (v === undefined) return undefined;
  if (typeof v === 'string') return { isStr: true, str: v };
  if (typeof v === 'number' && Number.isSafeInteger(v)) return { isStr: false, int: v };
  return BAD;
}

/**
 * Keys sorted, for output that never depends on Go's random map order. UTF-16 order equals the
 * UTF-8 byte order Go sorts by, except between astral and U+E000–U+FFFF characters.
 */
export function sortedKeys(obj: Rec): string[] {
  return Object.keys(obj).sort();
}
