/**
 * Kubernetes resource quantities as apimachinery's `resource.Quantity` holds them: the parser,
 * the canonical string the API server stores, comparison by value, and the internal fields
 * (`i`, `d`, `s`, `Format`) that the pod-template hash prints. Values are exact (BigInt).
 */

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** An int64 mantissa and a power-of-ten scale: value × 10^scale (Go's `int64Amount`). */
export interface Int64Amount {
  value: bigint;
  scale: number;
}

/** An arbitrary-precision decimal: unscaled × 10^-scale (gopkg.in/inf.v0 `Dec`). */
export interface InfDec {
  unscaled: bigint;
  scale: number;
}

/** A parsed quantity, field for field as Go keeps it. */
export interface Quantity {
  /** The amount, when `d` is null. */
  i: Int64Amount;
  /** The amount when it did not fit the int64 form. */
  d: InfDec | null;
  /** The input text, kept only when it was already canonical. */
  s: string;
  /** Empty only for the zero value of the Go type. */
  format: QuantityFormat | '';
}

export interface QuantityError {
  error: string;
}

export const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_PATTERN}'`;
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_SUFFIX = "unable to parse quantity's suffix";
/** Not an apimachinery error: exponents this large exhaust the API server's memory instead. */
export const ERR_MAGNITUDE = 'quantity exponent is too large to evaluate';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const MAX_INT64_FACTORS = 18;
const NANO = -9;
const MAX_EXPONENT = 100000;

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18,
};
const BINARY_SUFFIXES: Readonly<Record<string, number>> = {
  Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60,
};
const DECIMAL_BY_EXPONENT = invert(DECIMAL_SUFFIXES);
const BINARY_BY_EXPONENT: Readonly<Record<number, string>> = { 0: '', ...invert(BINARY_SUFFIXES) };

function invert(table: Readonly<Record<string, number>>): Readonly<Record<number, string>> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [v, k]));
}

export function isQuantityError<T>(q: T | QuantityError): q is QuantityError {
  return typeof q === 'object' && q !== null && typeof (q as QuantityError).error === 'string';
}

/**
 * Decodes a quantity as the API server decodes one from JSON: a string is trimmed of white
 * space, a number is read from its JSON text. Returns the error the server would report.
 */
export function parseQuantity(input: string | number | bigint): Quantity | QuantityError {
  if (typeof input === 'bigint') return parseQuantityText(input.toString());
  if (typeof input === 'number') {
    // JavaScript prints a double exactly as Go's JSON encoder does, so this is the text kubectl sent.
    if (!Number.isFinite(input)) return { error: ERR_FORMAT_WRONG };
    return parseQuantityText(Object.is(input, -0) ? '0' : String(input));
  }
  if (typeof input !== 'string') return { error: ERR_FORMAT_WRONG };
  return parseQuantityText(trimGoSpace(input));
}

/** Go's strings.TrimSpace trims Unicode White_Space, which is not the set String.trim uses. */
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]';
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');

function trimGoSpace(s: string): string {
  return s.replace(GO_TRIM, '');
}

/** Exactly apimachinery's ParseQuantity, untrimmed. */
export function parseQuantityText(str: string): Quantity | QuantityError {
  if (str.length === 0) return { error: ERR_FORMAT_WRONG };
  if (str === '0') return { i: { value: 0n, scale: 0 }, d: null, s: str, format: 'DecimalSI' };

  const parts = splitQuantity(str);
  if ('error' in parts) return parts;
  const suffix = interpretSuffix(parts.suffix);
  if (!suffix) return { error: ERR_SUFFIX };
  if (Math.abs(suffix.exponent) > MAX_EXPONENT) return { error: ERR_MAGNITUDE };

  return parseInt64Form(str, parts, suffix) ?? parseDecForm(parts, suffix);
}

interface QuantityParts {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

interface Suffix {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

/** apimachinery's parseQuantityString: sign, leading zeros, numerator, denominator, suffix. */
function splitQuantity(str: string): QuantityParts | QuantityError {
  const end = str.length;
  let pos = 0;
  let positive = true;
  if (str[0] === '-' || str[0] === '+') {
    positive = str[0] === '+';
    pos++;
  }

  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };

  const numStart = pos;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos >= end) return { positive, value: str, num: str.slice(numStart), denom: '', suffix: '' };
  const num = pos > numStart ? str.slice(numStart, pos) : '0';

  let denom = '';
  if (str[pos] === '.') {
    const denomStart = ++pos;
    while (pos < end && isDigit(str[pos])) pos++;
    denom = str.slice(denomStart, pos);
    if (pos >= end) return { positive, value: str, num, denom, suffix: '' };
  }
  const value = str.slice(0, pos);

  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos])) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) return { error: ERR_FORMAT_WRONG };
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function interpretSuffix(suffix: string): Suffix | undefined {
  if (suffix in DECIMAL_SUFFIXES) {
    return { base: 10, exponent: DECIMAL_SUFFIXES[suffix], format: 'DecimalSI' };
  }
  if (suffix in BINARY_SUFFIXES) return { base: 2, exponent: BINARY_SUFFIXES[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const parsed = parseGoInt64(suffix.slice(1));
    if (parsed === undefined) return undefined;
    // Go converts the parsed int64 to int32 without a range check.
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** strconv.ParseInt(s, 10, 64): an optional sign, decimal digits, no overflow. */
function parseGoInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

/** The fast path: the value fits an int64 mantissa with a scale of at least nano. */
function parseInt64Form(str: string, p: QuantityParts, sfx: Suffix): Quantity | undefined {
  let scale = 0;
  let precision: number;
  let mantissa = 1n;
  if (sfx.format === 'BinarySI') {
    if (sfx.exponent < 0 || p.denom.length > 0) return undefined;
    mantissa = 1n << BigInt(sfx.exponent);
    // The float32 product is exact for every binary suffix exponent (multiples of ten).
    precision = 15 - p.num.length - Math.trunc((sfx.exponent * 3) / 10) - 1;
  } else {
    scale = sfx.exponent;
    precision = MAX_INT64_FACTORS - (p.num.length + p.denom.length);
  }
  if (precision < 0) return undefined;

  scale -= p.denom.length;
  if (scale < NANO) return undefined;
  const shifted = p.num + p.denom;
  const value = BigInt(shifted);
  let result = value * mantissa;
  if (result > INT64_MAX) return undefined;
  if (!p.positive) result = -result;

  const i = { value: result, scale };
  return { i, d: null, s: keepsText(shifted, value, scale, sfx) ? str : '', format: sfx.format };
}

/** Whether ParseQuantity caches the input as the quantity's string (it is already canonical). */
function keepsText(shifted: string, value: bigint, scale: number, sfx: Suffix): boolean {
  if (sfx.format === 'BinarySI') return sfx.exponent % 10 === 0 && (value & 7n) !== 0n;
  return scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
}

/** The slow path: an inf.Dec, rounded up to nano, binary values capped at 2^63-1. */
function parseDecForm(p: QuantityParts, sfx: Suffix): Quantity | QuantityError {
  const dec = parseInfDec(p.value);
  if (!dec) return { error: ERR_NUMERIC };
  let amount =
    sfx.base === 10
      ? { unscaled: dec.unscaled, scale: dec.scale - sfx.exponent }
      : { unscaled: dec.unscaled << BigInt(sfx.exponent), scale: dec.scale };

  const negative = amount.unscaled < 0n;
  if (negative) amount = { unscaled: -amount.unscaled, scale: amount.scale };
  if (amount.unscaled !== 0n) amount = roundDec(amount, -NANO);

  let format = sfx.format;
  if (format === 'BinarySI' && compareDec(amount, { unscaled: INT64_MAX, scale: 0 }) > 0) {
    amount = { unscaled: INT64_MAX, scale: 0 };
  }
  const one = { unscaled: 1n, scale: 0 };
  if (format === 'BinarySI' && compareDec(amount, one) < 0 && amount.unscaled > 0n) format = 'DecimalSI';
  if (negative) amount = { unscaled: -amount.unscaled, scale: amount.scale };
  return { i: { value: 0n, scale: 0 }, d: amount, s: '', format };
}

/** inf.Dec's SetString: an optional sign, digits with at most one decimal point. */
function parseInfDec(text: string): InfDec | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(text);
  if (!m || (m[2] + (m[3] ?? '')).length === 0) return undefined;
  const digits = m[2] + (m[3] ?? '');
  const unscaled = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  return { unscaled, scale: (m[3] ?? '').length };
}

/** inf.Dec Round with RoundUp: to exactly `scale` decimal places, away from zero. */
function roundDec(d: InfDec, scale: number): InfDec {
  if (d.scale <= scale) return { unscaled: d.unscaled * 10n ** BigInt(scale - d.scale), scale };
  const divisor = 10n ** BigInt(d.scale - scale);
  let q = d.unscaled / divisor;
  if (q * divisor !== d.unscaled) q += d.unscaled < 0n ? -1n : 1n;
  return { unscaled: q, scale };
}

function compareDec(a: InfDec, b: InfDec): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.unscaled * 10n ** BigInt(scale - a.scale);
  const y = b.unscaled * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The exact value as unscaled × 10^-scale, whichever form the quantity holds. */
export function quantityDec(q: Quantity): InfDec {
  return q.d ?? { unscaled: q.i.value, scale: -q.i.scale };
}

/** Compares two quantities by value: -1, 0 or 1. */
export function compareQuantity(a: Quantity, b: Quantity): number {
  return compareDec(quantityDec(a), quantityDec(b));
}

/**
 * The string Go's `Quantity.String()` returns and the API server stores: the cached input when
 * it was canonical, otherwise the canonical form (`0.5` → `500m`, `1024Mi` → `1Gi`).
 */
export function canonical(q: Quantity): string {
  if (q.s !== '') return q.s;
  const sign = quantityDec(q).unscaled;
  if (sign === 0n) return '0';

  let format: QuantityFormat = q.format === '' ? 'DecimalExponent' : q.format;
  if (format === 'BinarySI') {
    const small = compareQuantityInt(q, -1024) > 0 && compareQuantityInt(q, 1024) < 0;
    if (small || !isExactAtScaleZero(q)) format = 'DecimalSI';
  }
  if (format === 'BinarySI') return binaryCanonical(q);
  const [number, exponent] = decimalMantissa(q);
  return number + decimalSuffix(exponent, format);
}

function compareQuantityInt(q: Quantity, n: number): number {
  return compareDec(quantityDec(q), { unscaled: BigInt(n), scale: 0 });
}

function isExactAtScaleZero(q: Quantity): boolean {
  const d = quantityDec(q);
  return compareDec(roundDec(d, 0), d) === 0;
}

/** Mantissa and power of ten, factors of ten moved into the exponent, exponent a multiple of 3. */
function decimalMantissa(q: Quantity): [string, number] {
  const d = quantityDec(q);
  let amount = d.unscaled;
  let exponent = -d.scale;
  while (amount !== 0n && amount % 10n === 0n) {
    amount /= 10n;
    exponent++;
  }
  while (exponent % 3 !== 0) {
    amount *= 10n;
    exponent--;
  }
  return [amount.toString(), exponent];
}

/**
 * The suffix of a decimal exponent. Before 1.37 a DecimalSI exponent beyond the suffix table
 * (above E, below n) was silently dropped, and the supported minors all behave that way.
 */
function decimalSuffix(exponent: number, format: QuantityFormat): string {
  if (format === 'DecimalExponent') return exponent === 0 ? '' : `e${exponent}`;
  return DECIMAL_BY_EXPONENT[exponent] ?? '';
}

function binaryCanonical(q: Quantity): string {
  let amount = roundDec(quantityDec(q), 0).unscaled;
  let exponent = 0;
  while (amount !== 0n && amount % 1024n === 0n) {
    amount /= 1024n;
    exponent++;
  }
  return amount.toString() + (BINARY_BY_EXPONENT[exponent * 10] ?? '');
}

/**
 * Go's `Quantity.RoundUp(scale)`: rounds away from zero to the given power of ten. The cached
 * string survives when nothing changes, as in Go.
 */
export function roundUpQuantity(q: Quantity, scale: number): Quantity {
  if (q.d) return { ...q, s: '', d: roundDec(q.d, -scale) };
  if (q.i.scale >= scale) return q;
  return { ...q, s: '', i: { value: roundInt64(q.i.value, scale - q.i.scale), scale } };
}

/** negativeScaleInt64: drops `places` decimal digits, rounding a non-exact result away from zero. */
function roundInt64(value: bigint, places: number): bigint {
  const divisor = 10n ** BigInt(places);
  const q = value / divisor;
  if (q * divisor === value) return q;
  return value > 0n ? q + 1n : q - 1n;
}

/**
 * The string the API server stores for a quantity in a resource list (limits, requests,
 * overhead): rounded up to milli-units, then canonical. Errors are the decoder's.
 */
export function storedResourceQuantity(input: string | number | bigint): string | QuantityError {
  const q = parseQuantity(input);
  if (isQuantityError(q)) return q;
  return canonical(roundUpQuantity(q, -3));
}

/** The string the API server stores for any other quantity field (for example sizeLimit). */
export function storedQuantity(input: string | number | bigint): string | QuantityError {
  const q = parseQuantity(input);
  return isQuantityError(q) ? q : canonical(q);
}
