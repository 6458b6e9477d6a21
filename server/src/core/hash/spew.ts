/**
 * The text go-spew's `%#v` prints for a Kubernetes object, which the controllers hash
 * (pkg/util/hash DeepHashObject). Printing walks the minor's Go type layout, so every field of
 * the Go struct appears, in declaration order, whether or not the JSON value sets it.
 *
 * Input values are JSON-shaped as the API server stores them. Decoding is the controller's:
 * protobuf yields nil for empty lists and maps, so `[]` and `{}` print as `<nil>` there; a
 * quantity is parsed from its stored string. A value of the wrong JSON type, which the API
 * server would refuse, prints as the Go zero value.
 */
import { goTypes, INT_OR_STRING, QUANTITY, TIME, type GoType, type GoTypeTable } from '../api/types';
import { isQuantityError, parseQuantity, type Quantity } from '../api/quantity';
import type { Minor } from '../api/versions';
import { compareUtf8 } from './fnv';
import { ByteSink, utf8Bytes, type Sink } from './sink';

/** Writes a value without its type tag into the sink; the caller writes the tag where spew does. */
type Print = (v: unknown, out: Sink) => void;

/** Where a struct printer finds a field's value: by JSON member, or by Go name (internal forms). */
type Source = 'json' | 'go';

export const POD_TEMPLATE_SPEC = 'k8s.io/api/core/v1.PodTemplateSpec';

const NIL = utf8Bytes('<nil>');
const PTR = utf8Bytes('<*>');
const MAP_OPEN = utf8Bytes('map[');
const SPACE = 0x20;
const COLON = 0x3a;

const printers = new Map<Minor, Printers>();

/** The deep-hash text of a v1.PodTemplateSpec as the given minor's controllers print it. */
export function deepHashText(template: unknown, minor: Minor): string {
  const out = new ByteSink();
  printTemplate(template, minor, out);
  return out.text();
}

/** Writes the UTF-8 deep-hash text of a v1.PodTemplateSpec into `out`. */
export function printTemplate(template: unknown, minor: Minor, out: Sink): void {
  printTagged(POD_TEMPLATE_SPEC, template, minor, out);
}

/** Writes the deep-hash text of a value of any Go type of the minor, type tag first. */
export function printTagged(typeId: string, value: unknown, minor: Minor, out: Sink): void {
  const p = printersFor(minor);
  out.str(`(${p.table.types.get(typeId)?.print ?? typeId})`);
  p.get(typeId, 'json')(value, out);
}

function printersFor(minor: Minor): Printers {
  let p = printers.get(minor);
  if (!p) {
    p = new Printers(goTypes(minor));
    printers.set(minor, p);
  }
  return p;
}

/** One struct field, precompiled: ` Name:(type)` and the printer of its value. */
interface FieldPrinter {
  label: Uint8Array;
  print: Print;
}

/** Where each JSON member lives: its field index, and which fields are embedded structs. */
interface KeyIndex {
  fields: Map<string, number>;
  inline: boolean[];
}

/** Compiled printers of one minor, one per type and source, built on first use. */
class Printers {
  private readonly cache = new Map<string, Print>();

  constructor(readonly table: GoTypeTable) {}

  get(id: string, source: Source): Print {
    const key = `${source} ${id}`;
    let print = this.cache.get(key);
    if (!print) {
      // A forwarding stub first, so that recursive types terminate.
      let compiled: Print | undefined;
      this.cache.set(key, (v, out) => compiled!(v, out));
      compiled = this.compile(id, source);
      this.cache.set(key, compiled);
      print = compiled;
    }
    return print;
  }

  private compile(id: string, source: Source): Print {
    if (source === 'json' && id === QUANTITY) return this.quantity();
    if (source === 'json' && id === INT_OR_STRING) return this.intOrString();
    if (source === 'json' && id === TIME) return this.time();
    const t = this.table.types.get(id);
    if (!t) return (_, out) => out.bytes(NIL);
    switch (t.kind) {
      case 'struct':
        return this.struct(t, source);
      case 'ptr':
        return this.pointer(t, source);
      case 'slice':
        return this.slice(t, source);
      case 'map':
        return this.map(t, source);
      case 'string':
        return (v, out) => typeof v === 'string' && out.str(v);
      case 'bool':
        return (v, out) => out.str(v === true ? 'true' : 'false');
      case 'interface':
        return (_, out) => out.bytes(NIL);
      default:
        return (v, out) => out.str(isInteger(v) ? v.toString() : '0');
    }
  }

  /**
   * Only the members present in the value are visited; the runs of absent fields between them
   * are copied from the precomputed text of the zero struct, which keeps hashing fast.
   */
  private struct(t: GoType, source: Source): Print {
    const fields = (t.fields ?? []).map((f, i): FieldPrinter => {
      const tag = this.table.types.get(f.type)?.print ?? f.type;
      const label = utf8Bytes(`${i > 0 ? ' ' : ''}${f.goName}:(${tag})`);
      return { label, print: this.get(f.type, source) };
    });
    const zero = new ZeroText(fields);
    const keyIndex = this.keyIndex(t, source);
    return (v, out) => {
      const z = zero.get();
      if (!isObject(v)) return out.bytes(z.whole);
      const present = presentFields(v, keyIndex);
      out.byte(0x7b);
      let next = 0;
      for (let p = 0; p < present.length; p += 2) {
        const i = present[p] as number;
        // The absent fields before this one and this one's label are one run of the zero text.
        out.range(z.text, z.starts[next], z.labelEnds[i]);
        fields[i].print(present[p + 1], out);
        next = i + 1;
      }
      out.range(z.text, z.starts[next], z.starts[fields.length]);
      out.byte(0x7d);
    };
  }

  /**
   * JSON member (or Go name) to field index. Members of embedded structs map to the embedding
   * field; as in encoding/json, a field of the struct itself wins over an embedded one.
   */
  private keyIndex(t: GoType, source: Source): KeyIndex {
    const index: KeyIndex = { fields: new Map(), inline: [] };
    const fields = t.fields ?? [];
    fields.forEach((f, i) => {
      const key = source === 'go' ? f.goName : f.json;
      if (key) index.fields.set(key, i);
    });
    fields.forEach((f, i) => {
      const inner = source === 'json' && f.json === '' ? this.table.types.get(f.type) : undefined;
      if (!inner) return;
      index.inline[i] = true;
      for (const k of this.keyIndex(inner, source).fields.keys()) {
        if (!index.fields.has(k)) index.fields.set(k, i);
      }
    });
    return index;
  }

  private pointer(t: GoType, source: Source): Print {
    const elem = this.get(t.elem!, source);
    return (v, out) => (v === null || v === undefined ? out.bytes(NIL) : elem(v, out));
  }

  /** Elements and map values print untagged; a pointer among them prints `<*>` first. */
  private element(id: string, source: Source): Print {
    const t = this.table.types.get(id);
    if (t?.kind !== 'ptr') return this.get(id, source);
    const elem = this.get(t.elem!, source);
    return (v, out) => {
      if (v === null || v === undefined) return out.bytes(NIL);
      out.bytes(PTR);
      elem(v, out);
    };
  }

  private slice(t: GoType, source: Source): Print {
    const elem = this.element(t.elem!, source);
    return (v, out) => {
      if (!Array.isArray(v) || v.length === 0) return out.bytes(NIL);
      out.byte(0x5b);
      for (let i = 0; i < v.length; i++) {
        if (i > 0) out.byte(SPACE);
        elem(v[i], out);
      }
      out.byte(0x5d);
    };
  }

  private map(t: GoType, source: Source): Print {
    const key = this.get(t.key!, source);
    const value = this.element(t.elem!, source);
    return (v, out) => {
      const keys = isObject(v) ? Object.keys(v) : [];
      if (keys.length === 0) return out.bytes(NIL);
      keys.sort(compareUtf8);
      out.bytes(MAP_OPEN);
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) out.byte(SPACE);
        key(keys[i], out);
        out.byte(COLON);
        value((v as Record<string, unknown>)[keys[i]], out);
      }
      out.byte(0x5d);
    };
  }

  /** A quantity prints its internal fields, as ParseQuantity of the stored string leaves them. */
  private quantity(): Print {
    const print = this.get(QUANTITY, 'go');
    return memoized((v, out) => print(quantityFields(decodeQuantity(v)), out));
  }

  private intOrString(): Print {
    const print = this.get(INT_OR_STRING, 'go');
    return memoized((v, out) => {
      if (typeof v === 'string') return print({ Type: 1, IntVal: 0, StrVal: v }, out);
      print({ Type: 0, IntVal: isInteger(v) ? v : 0, StrVal: '' }, out);
    });
  }

  /**
   * FIXME: A set time prints Go's wall clock, seconds and location pointer, and the location is
   * the controller's local time zone; only the zero time (the template's null creationTimestamp)
   * is printed exactly, and a set time prints as zero too.
   */
  private time(): Print {
    const print = this.get(TIME, 'go');
    const zero = { Time: { wall: 0, ext: 0, loc: null } };
    return (_, out) => print(zero, out);
  }
}

/**
 * The text of a struct whose fields are all absent, with where each field and its label end,
 * so that a run of absent fields and the next label are one copy. Built on first use: the field
 * printers of a recursive type are not complete while its printer is being compiled.
 */
class ZeroText {
  private built: ZeroLayout | undefined;

  constructor(private readonly fields: readonly FieldPrinter[]) {}

  get(): ZeroLayout {
    return this.built ?? (this.built = this.build());
  }

  private build(): ZeroLayout {
    const sink = new ByteSink();
    const starts: number[] = [];
    const labelEnds: number[] = [];
    for (const f of this.fields) {
      starts.push(sink.len);
      sink.bytes(f.label);
      labelEnds.push(sink.len);
      f.print(undefined, sink);
    }
    starts.push(sink.len);
    const text = sink.buf.slice(0, sink.len);
    const whole = new Uint8Array(sink.len + 2);
    whole[0] = 0x7b;
    whole.set(text, 1);
    whole[sink.len + 1] = 0x7d;
    return { text, starts, labelEnds, whole };
  }
}

interface ZeroLayout {
  text: Uint8Array;
  /** Offset of each field's text; one more entry for the end. */
  starts: number[];
  labelEnds: number[];
  /** The whole zero struct, braces included. */
  whole: Uint8Array;
}

const MEMO_LIMIT = 4096;

/**
 * Remembers the text of scalar inputs. Quantities and int-or-strings print several nested
 * structs from a handful of distinct values, so this saves most of their cost.
 */
function memoized(print: Print): Print {
  const memo = new Map<unknown, Uint8Array>();
  return (v, out) => {
    if (typeof v === 'object' && v !== null) return print(v, out);
    let text = memo.get(v);
    if (!text) {
      const sink = new ByteSink();
      print(v, sink);
      text = sink.buf.slice(0, sink.len);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(v, text);
    }
    out.bytes(text);
  };
}

/**
 * The fields a JSON object sets, ascending, each once, as pairs [index, value, index, value...];
 * the value of an embedded struct's field is the object itself. Values are read inside the
 * for-in loop, where V8 serves them from the object's enumeration cache.
 */
function presentFields(v: Record<string, unknown>, keyIndex: KeyIndex): unknown[] {
  const present: unknown[] = [];
  let sorted = true;
  let last = -1;
  for (const k in v) {
    const value = v[k];
    const i = keyIndex.fields.get(k);
    if (i === undefined || value === undefined) continue;
    if (i <= last) sorted = false;
    last = i;
    present.push(i, keyIndex.inline[i] === true ? v : value);
  }
  return sorted ? present : sortPairs(present);
}

/** Sorts [index, value] pairs by index in place, dropping repeated indexes (one embedded struct). */
function sortPairs(pairs: unknown[]): unknown[] {
  let n = 0;
  for (let p = 0; p < pairs.length; p += 2) {
    const i = pairs[p] as number;
    const v = pairs[p + 1];
    let j = n;
    while (j > 0 && (pairs[j - 2] as number) > i) {
      pairs[j] = pairs[j - 2];
      pairs[j + 1] = pairs[j - 1];
      j -= 2;
    }
    if (j > 0 && pairs[j - 2] === i) {
      // Undo the shift: the index is already present.
      for (let k = j; k < n; k += 2) {
        pairs[k] = pairs[k + 2];
        pairs[k + 1] = pairs[k + 3];
      }
      continue;
    }
    pairs[j] = i;
    pairs[j + 1] = v;
    n += 2;
  }
  pairs.length = n;
  return pairs;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInteger(v: unknown): v is number | bigint {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
}

const ZERO_QUANTITY: Quantity = { i: { value: 0n, scale: 0 }, d: null, s: '', format: '' };

function decodeQuantity(v: unknown): Quantity {
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'bigint') return ZERO_QUANTITY;
  const q = parseQuantity(v);
  return isQuantityError(q) ? ZERO_QUANTITY : q;
}

/** The Go field values of a quantity, keyed by Go field name, big.Int as 64-bit words. */
function quantityFields(q: Quantity): Record<string, unknown> {
  const dec = q.d && {
    unscaled: { neg: q.d.unscaled < 0n, abs: words(q.d.unscaled < 0n ? -q.d.unscaled : q.d.unscaled) },
    scale: q.d.scale,
  };
  return { i: { value: q.i.value, scale: q.i.scale }, d: { Dec: dec }, s: q.s, Format: q.format };
}

/** A big.nat: little-endian 64-bit words, nil for zero. */
function words(n: bigint): bigint[] | null {
  const out: bigint[] = [];
  for (; n > 0n; n >>= 64n) out.push(n & 0xffffffffffffffffn);
  return out.length ? out : null;
}
