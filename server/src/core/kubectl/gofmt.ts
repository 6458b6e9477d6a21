/**
 * How Go prints plain JSON values (map[string]interface{}, []interface{}, string, int64,
 * float64, bool, nil) in the places kubectl shows them: encoding/json, fmt's %v and %#v.
 */

type Json = unknown;

function isMap(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Byte-wise key order, as Go sorts map keys and encoding/json writes them. */
export function sortedKeys(map: Record<string, Json>): string[] {
  return Object.keys(map)
    .filter((k) => map[k] !== undefined)
    .sort((a, b) => compareBytes(a, b));
}

/** Compares two strings by their UTF-8 bytes (code point order, not UTF-16 unit order). */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const ca = [...a];
  const cb = [...b];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i].codePointAt(0)!;
    const y = cb[i].codePointAt(0)!;
    if (x !== y) return x - y;
  }
  return ca.length - cb.length;
}

/**
 * A Go float64 in strconv's shortest 'g' form: e-notation when the exponent is below -4 or at
 * least `expLimit` (6 for fmt and go-yaml, which use the shortest precision).
 */
export function goFloat(x: number, expLimit: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= expLimit) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(x);
}

/** A number as an unstructured object holds it: integral values are int64, others float64. */
function goNumber(x: number, floatExpLimit: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 2 ** 63) return x.toFixed(0);
  return goFloat(x, floatExpLimit);
}

/** encoding/json string escaping, including its HTML-safe escapes of <, > and &. */
export function jsonString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** json.Marshal: compact, keys sorted. */
export function jsonCompact(v: Json): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(jsonCompact).join(',')}]`;
  if (isMap(v))
    return `{${sortedKeys(v)
      .map((k) => `${jsonString(k)}:${jsonCompact(v[k])}`)
      .join(',')}}`;
  return 'null';
}

/** json.MarshalIndent(v, "", "    "): what `-o json` prints (without its final newline). */
export function jsonIndent(v: Json, indent = ''): string {
  const inner = indent + '    ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + jsonIndent(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (isMap(v)) {
    const keys = sortedKeys(v);
    if (keys.length === 0) return '{}';
    const body = keys.map((k) => `${inner}${jsonString(k)}: ${jsonIndent(v[k], inner)}`);
    return `{\n${body.join(',\n')}\n${indent}}`;
  }
  return jsonCompact(v);
}

/** fmt.Sprint of an unstructured value: `map[k:v]`, `[a b]`, raw strings, `<nil>`. */
export function goSprint(v: Json): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goNumber(v, 6);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (isMap(v))
    return `map[${sortedKeys(v)
      .map((k) => `${k}:${goSprint(v[k])}`)
      .join(' ')}]`;
  return String(v);
}

/** strconv.Quote for the characters that occur in object data. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/** fmt's %#v of an unstructured value, as kubectl's jsonpath error dump shows the object. */
export function goSharpV(v: Json): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v, 6);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  if (isMap(v)) {
    const body = sortedKeys(v).map((k) => `${goQuote(k)}:${goSharpV(v[k])}`);
    return `map[string]interface {}{${body.join(', ')}}`;
  }
  return String(v);
}

/** A number as go-yaml writes it: int64 plainly, float64 as strconv's shortest %g. */
export function goYamlNumber(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (!Number.isFinite(x)) return x > 0 ? '.inf' : '-.inf';
  return goNumber(x, 6);
}
