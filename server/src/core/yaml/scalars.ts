/**
 * How kubectl's YAML reader (goyaml.v2 inside sigs.k8s.io/yaml) types a plain scalar that may be
 * a number. It differs from the YAML 1.1 schema in places users hit: `e5` and `.` stay strings,
 * `0o17` is 15, `1e400` is a string (out of range), `08` is the number 8.
 */

const GO_INT = /^[+-]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const GO_FLOAT_FROM_DOT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** The value goyaml.v2 gives a plain scalar that is not null, a boolean, `.inf` or `.nan`. */
export function goPlainNumber(text: string): number | string {
  const c = text.charCodeAt(0);
  if (c === 46) return floatFromDot(text); // '.': only a float can start so
  const isDigit = c >= 48 && c <= 57;
  if (!isDigit && c !== 43 && c !== 45) return text; // not '+', '-' or a digit
  const plain = text.includes('_') ? text.replaceAll('_', '') : text;
  const int = goInteger(plain);
  if (int !== undefined) return int;
  if (!YAML_STYLE_FLOAT.test(plain)) return text;
  const value = Number(plain);
  return Number.isFinite(value) ? value : text;
}

/** Go's strconv.ParseInt(s, 0, 64), falling back to ParseUint, as a JavaScript number. */
function goInteger(plain: string): number | undefined {
  if (!GO_INT.test(plain)) return undefined;
  const negative = plain.startsWith('-');
  const body = plain.replace(/^[+-]/, '');
  let digits = body;
  let radix = 10;
  if (/^0[xX]/.test(body)) [digits, radix] = [body.slice(2), 16];
  else if (/^0[oO]/.test(body)) [digits, radix] = [body.slice(2), 8];
  else if (/^0[bB]/.test(body)) [digits, radix] = [body.slice(2), 2];
  else if (body.length > 1 && body.startsWith('0')) [digits, radix] = [body.slice(1), 8];
  const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : radix === 2 ? '0b' : '';
  const magnitude = BigInt(prefix + digits);
  if (negative) return magnitude <= INT64_MAX + 1n ? 0 - Number(magnitude) || 0 : undefined;
  if (magnitude <= INT64_MAX) return Number(magnitude);
  // ParseUint takes no sign.
  return magnitude <= UINT64_MAX && !plain.startsWith('+') ? Number(magnitude) : undefined;
}

/** goyaml.v2 reads a scalar that starts with `.` (and is not `.inf`/`.nan`) with ParseFloat. */
function floatFromDot(text: string): number | string {
  if (!GO_FLOAT_FROM_DOT.test(text)) return text;
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}
