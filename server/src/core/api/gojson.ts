/**
 * JSON as Go's encoding/json writes Kubernetes objects: the form the API server returns after
 * storing an object, and the bytes the DaemonSet and StatefulSet controllers compare and hash.
 */
import { compareUtf8 } from '../hash/fnv';
import { canonical, isQuantityError, parseQuantity } from './quantity';
import {
  BYTES,
  FIELDS_V1,
  goTypes,
  INT_OR_STRING,
  QUANTITY,
  RAW_EXTENSION,
  TIME,
  type GoField,
  type GoType,
  type GoTypeTable,
} from './types';
import { atLeast, type Minor } from './versions';

export interface EncodeOptions {
  /**
   * Keep members the Go type does not have, and values of the wrong JSON type, unchanged, so
   * that a validator still sees them. The API server refuses such objects; the controllers
   * never see them.
   */
  keepUnknown: boolean;
}

/** A JSON value in the shape Go's json.Marshal gives a typed value: the stored form. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject;
export type JsonObject = { [k: string]: JsonValue };

const OBJECT_META = 'k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta';

/**
 * Encodes a JSON-shaped value through the Go type `typeId` and back: members in Go declaration
 * order, `omitempty` members dropped when Go finds them empty, fields without `omitempty` present
 * with their zero value, empty lists and maps treated as nil (as protobuf storage returns them),
 * and quantities in their stored string form.
 */
export function encodeAs(typeId: string, value: unknown, minor: Minor, options: EncodeOptions): JsonValue {
  return new Encoder(goTypes(minor), options).encode(typeId, value);
}

class Encoder {
  constructor(
    private readonly table: GoTypeTable,
    private readonly options: EncodeOptions,
  ) {}

  encode(id: string, v: unknown): JsonValue {
    const special = this.special(id, v);
    if (special !== undefined) return special;
    const t = this.table.types.get(id);
    if (!t) return asJson(v);
    switch (t.kind) {
      case 'struct':
        return this.struct(t, v);
      case 'ptr':
        return v === null || v === undefined ? null : this.encode(t.elem!, v);
      case 'slice':
        return this.slice(t, v);
      case 'map':
        return this.map(t, v);
      case 'interface':
        return asJson(v ?? null);
      default:
        return this.scalar(t, v);
    }
  }

  private special(id: string, v: unknown): JsonValue | undefined {
    switch (id) {
      case QUANTITY:
        return this.quantity(v);
      case INT_OR_STRING:
        if (typeof v === 'string' || isInteger(v)) return v;
        return v === undefined || v === null || !this.options.keepUnknown ? 0 : asJson(v);
      case TIME:
        // FIXME: A set time is kept as written; Go rewrites it as RFC 3339 in UTC, whole seconds.
        return typeof v === 'string' || (v !== undefined && v !== null && this.options.keepUnknown)
          ? asJson(v)
          : null;
      case RAW_EXTENSION:
      case FIELDS_V1:
      case BYTES:
        return v === undefined ? null : asJson(v);
      default:
        return undefined;
    }
  }

  private quantity(v: unknown): JsonValue {
    if (v === undefined || v === null) return '0';
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'bigint') {
      return this.options.keepUnknown ? asJson(v) : '0';
    }
    const q = parseQuantity(v);
    if (!isQuantityError(q)) return canonical(q);
    return this.options.keepUnknown ? asJson(v) : '0';
  }

  private struct(t: GoType, v: unknown): JsonValue {
    if (!isObject(v)) {
      if (v !== undefined && v !== null && this.options.keepUnknown) return asJson(v);
      v = {};
    }
    const obj = v as Record<string, unknown>;
    const out: JsonObject = {};
    const known = new Set<string>();
    this.members(t, obj, out, known);
    if (this.options.keepUnknown) {
      for (const [k, value] of Object.entries(obj)) if (!known.has(k)) out[k] = asJson(value);
    }
    return out;
  }

  /** Writes the JSON members of struct `t` read from `obj`, embedded structs flattened. */
  private members(t: GoType, obj: Record<string, unknown>, out: JsonObject, known: Set<string>): void {
    for (const f of t.fields ?? []) {
      if (f.json === undefined) continue;
      if (f.json === '') {
        const inner = this.table.types.get(f.type);
        if (inner?.kind === 'struct') this.members(inner, obj, out, known);
        continue;
      }
      known.add(f.json);
      const raw = obj[f.json];
      if (this.omitted(t, f, raw)) continue;
      out[f.json] = this.encode(f.type, raw);
    }
  }

  /** Go's omitempty (false, 0, "", nil, empty list or map; never a struct) and omitzero. */
  private omitted(owner: GoType, f: GoField, raw: unknown): boolean {
    if (omitZero(owner, f, this.table.minor) && (raw === undefined || raw === null)) return true;
    if (!f.omitempty) return false;
    const t = this.table.types.get(f.type);
    if (!t || t.id === QUANTITY || t.id === INT_OR_STRING || t.id === TIME) return false;
    switch (t.kind) {
      case 'ptr':
      case 'interface':
        return raw === undefined || raw === null;
      case 'slice':
      case 'map':
        return isEmptyCollection(raw);
      case 'string':
        return raw === undefined || raw === null || raw === '';
      case 'bool':
        return raw === undefined || raw === null || raw === false;
      case 'struct':
        return false;
      default:
        return raw === undefined || raw === null || raw === 0 || raw === 0n;
    }
  }

  private slice(t: GoType, v: unknown): JsonValue {
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v)) return this.options.keepUnknown ? asJson(v) : null;
    if (v.length === 0) return null;
    if (t.elem === 'uint8') return asJson(v);
    return v.map((e) => this.encode(t.elem!, e));
  }

  private map(t: GoType, v: unknown): JsonValue {
    if (v === undefined || v === null) return null;
    if (!isObject(v)) return this.options.keepUnknown ? asJson(v) : null;
    const entries = Object.entries(v);
    if (entries.length === 0) return null;
    return Object.fromEntries(entries.map(([k, e]) => [k, this.encode(t.elem!, e)]));
  }

  private scalar(t: GoType, v: unknown): JsonValue {
    const ok =
      t.kind === 'string' ? typeof v === 'string' : t.kind === 'bool' ? typeof v === 'boolean' : isInteger(v);
    if (ok) return v as JsonValue;
    if (v !== undefined && v !== null && this.options.keepUnknown) return asJson(v);
    return t.kind === 'string' ? '' : t.kind === 'bool' ? false : 0;
  }
}

/**
 * Whether a field is left out when zero. The go-types data carry no `omitzero`, but
 * apimachinery 1.34 added it to ObjectMeta.creationTimestamp: from 1.34 a template's
 * `creationTimestamp: null` is no longer written.
 */
function omitZero(owner: GoType, f: GoField, minor: Minor): boolean {
  if (f.tag?.split(',').includes('omitzero')) return true;
  return owner.id === OBJECT_META && f.goName === 'CreationTimestamp' && atLeast(minor, '1.34');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInteger(v: unknown): v is number | bigint {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
}

function isEmptyCollection(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isObject(v) && Object.keys(v).length === 0;
}

/** A deep copy of a JSON-shaped value (anything else becomes null). */
function asJson(v: unknown): JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(asJson);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, asJson(e)]));
  return null;
}

/**
 * Go's json.Marshal of a map[string]interface{} holding `value`: keys sorted by bytes, numbers
 * as float64, and Go's escaping (HTML characters, U+2028/9, control characters).
 */
export function marshalSorted(value: JsonValue, minor: Minor): string {
  const shortEscapes = atLeast(minor, '1.30');
  const write = (v: JsonValue): string => {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'bigint') return String(Number(v));
    // JavaScript prints a double exactly as Go's float64 JSON encoder does.
    if (typeof v === 'number') return String(v);
    if (typeof v === 'string') return quote(v, shortEscapes);
    if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
    const keys = Object.keys(v).sort(compareUtf8);
    return `{${keys.map((k) => `${quote(k, shortEscapes)}:${write(v[k])}`).join(',')}}`;
  };
  return write(value);
}

/**
 * A Go JSON string. Go 1.22 began writing `\b` and `\f` short; the minors from 1.30 were
 * released with it.
 *
 * FIXME: Later patch releases of 1.26 to 1.29 were rebuilt with newer Go and write `\b` and `\f`
 * short too; this keeps the release-time behaviour for them.
 */
function quote(s: string, shortEscapes: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      out += pair ? s[i] + s[++i] : '\\ufffd';
      continue;
    }
    out += escapeChar(c, shortEscapes) ?? s[i];
  }
  return out + '"';
}

function escapeChar(c: number, shortEscapes: boolean): string | undefined {
  switch (c) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x08:
      return shortEscapes ? '\\b' : '\\u0008';
    case 0x0c:
      return shortEscapes ? '\\f' : '\\u000c';
  }
  if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
    return '\\u' + c.toString(16).padStart(4, '0');
  }
  return undefined;
}
