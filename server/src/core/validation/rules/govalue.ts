/**
 * The bad values of API errors, modelled as the Go values the API server holds, so they can be
 * printed the way each minor prints them: Go syntax (`%#v`) up to 1.33, JSON from 1.34 on.
 */
import { atLeast, type Minor } from '../../api/versions';

export type GoValue =
  | { t: 'int'; v: number }
  | { t: 'bool'; v: boolean }
  /** `named` marks a defined string type (an enum): Go prints it like a string, JSON escapes it. */
  | { t: 'str'; v: string; named?: boolean }
  | { t: 'map'; type: string; entries: Array<[string, GoValue]> | null }
  | { t: 'slice'; type: string; items: GoValue[] | null }
  | { t: 'struct'; type: string; fields: GoField[] }
  | { t: 'ptr'; type: string; to: GoValue | null }
  | { t: 'intstr'; isStr: boolean; int: number; str: string };

export interface GoField {
  name: string;
  /** The JSON name; internal types have none, so JSON uses the Go name. */
  json?: string;
  omitempty?: boolean;
  value: GoValue;
}

export const goInt = (v: number): GoValue => ({ t: 'int', v });
export const goStr = (v: string, named = false): GoValue => ({ t: 'str', v, named });

/** A `map[string]string`; `null` is a nil map, which Go and JSON print differently from `{}`. */
export function goStringMap(map: Record<string, string> | null): GoValue {
  const entries =
    map === null ? null : Object.entries(map).map(([k, v]): [string, GoValue] => [k, goStr(v)]);
  return { t: 'map', type: 'map[string]string', entries };
}

export function goStrings(items: string[] | null): GoValue {
  return {
    t: 'slice',
    type: '[]string',
    items: items === null ? null : items.map((s) => goStr(s)),
  };
}

/** Renders a bad value as `field.Error.ErrorBody` does for the given minor. */
export function renderBadValue(value: GoValue, minor: Minor): string {
  return atLeast(minor, '1.34') ? renderModern(value) : renderLegacy(value);
}

/** Up to 1.33: pointers are dereferenced, simple values printed plainly, the rest with `%#v`. */
function renderLegacy(value: GoValue): string {
  let v = value;
  if (v.t === 'ptr') {
    if (v.to === null) return goQuote('null');
    v = v.to;
  }
  if (v.t === 'int' || v.t === 'bool') return String(v.v);
  if (v.t === 'str') return goQuote(v.v);
  return goSyntax(v);
}

/** From 1.34: numbers and plain strings as before, everything else as Go's encoding/json writes it. */
function renderModern(value: GoValue): string {
  if (value.t === 'int' || value.t === 'bool') return String(value.v);
  if (value.t === 'str' && !value.named) return goQuote(value.v);
  return goJson(value);
}

/** Go's `%#v`. */
export function goSyntax(v: GoValue): string {
  switch (v.t) {
    case 'int':
    case 'bool':
      return String(v.v);
    case 'str':
      return goQuote(v.v);
    case 'map':
      if (v.entries === null) return `${v.type}(nil)`;
      return `${v.type}{${sortedEntries(v.entries)
        .map(([k, x]) => `${goQuote(k)}:${goSyntax(x)}`)
        .join(', ')}}`;
    case 'slice':
      if (v.items === null) return `${v.type}(nil)`;
      return `${v.type}{${v.items.map(goSyntax).join(', ')}}`;
    case 'struct':
      return `${v.type}{${v.fields.map((f) => `${f.name}:${goSyntax(f.value)}`).join(', ')}}`;
    case 'ptr':
      // FIXME: Go prints the address of a non-nil pointer nested in a struct; it differs on every
      // request, so a fixed stand-in is printed instead of the real address.
      return v.to === null ? `(${v.type})(nil)` : `(${v.type})(0xc000000000)`;
    case 'intstr':
      return `intstr.IntOrString{Type:${v.isStr ? 1 : 0}, IntVal:${v.int}, StrVal:${goQuote(v.str)}}`;
  }
}

/** Go's `json.Marshal`: sorted map keys, omitempty, HTML-safe string escaping. */
export function goJson(v: GoValue): string {
  switch (v.t) {
    case 'int':
    case 'bool':
      return String(v.v);
    case 'str':
      return jsonQuote(v.v);
    case 'map':
      if (v.entries === null) return 'null';
      return `{${sortedEntries(v.entries)
        .map(([k, x]) => `${jsonQuote(k)}:${goJson(x)}`)
        .join(',')}}`;
    case 'slice':
      return v.items === null ? 'null' : `[${v.items.map(goJson).join(',')}]`;
    case 'struct': {
      const kept = v.fields.filter((f) => !(f.omitempty && isEmpty(f.value)));
      return `{${kept.map((f) => `${jsonQuote(f.json ?? f.name)}:${goJson(f.value)}`).join(',')}}`;
    }
    case 'ptr':
      return v.to === null ? 'null' : goJson(v.to);
    case 'intstr':
      return v.isStr ? jsonQuote(v.str) : String(v.int);
  }
}

function isEmpty(v: GoValue): boolean {
  switch (v.t) {
    case 'int':
      return v.v === 0;
    case 'bool':
      return !v.v;
    case 'str':
      return v.v === '';
    case 'map':
      return v.entries === null || v.entries.length === 0;
    case 'slice':
      return v.items === null || v.items.length === 0;
    case 'ptr':
      return v.to === null;
    default:
      return false;
  }
}

function sortedEntries(entries: Array<[string, GoValue]>): Array<[string, GoValue]> {
  return [...entries].sort(([a], [b]) => compareBytes(a, b));
}

/** Go sorts strings by their UTF-8 bytes; for the BMP this is code-point order. */
function compareBytes(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return Buffer.compare(x, y);
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** Go's `strconv.Quote`: printable runes stay as they are, the rest become escapes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (SHORT_ESCAPES[ch]) out += SHORT_ESCAPES[ch];
    else if (ch === ' ' || (cp >= 0x21 && cp < 0x7f)) out += ch;
    else if (cp < 0x80) out += `\\x${hex(cp, 2)}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (PRINTABLE.test(ch)) out += ch;
    else out += cp > 0xffff ? `\\U${hex(cp, 8)}` : `\\u${hex(cp, 4)}`;
  }
  return out + '"';
}

const JSON_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** Go's encoding/json string form, which also escapes `<`, `>`, `&`, U+2028 and U+2029. */
export function jsonQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (JSON_ESCAPES[ch]) out += JSON_ESCAPES[ch];
    else if (cp < 0x20) out += `\\u${hex(cp, 4)}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return out + '"';
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
