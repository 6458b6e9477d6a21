/**
 * The Go type layouts of the Kubernetes API per minor, read from the generated tables. The
 * pod-template hash walks them in Go declaration order; the JSON encoder and the schema generator
 * read their JSON tags.
 */
import {
  GENERATED_MINORS,
  GENERATED_ROOTS,
  GENERATED_TYPES,
  type GeneratedField,
  type GeneratedType,
} from './generated/go-types';
import type { Minor } from './versions';

/** Go reflect kinds that occur in the API types. */
export type GoKind =
  | 'struct'
  | 'ptr'
  | 'slice'
  | 'map'
  | 'string'
  | 'bool'
  | 'int'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint8'
  | 'uint64'
  | 'interface';

export interface GoField {
  goName: string;
  /** Type id of the field, a key of `GoTypeTable.types`. */
  type: string;
  /**
   * The JSON member name. An empty string means the field's own members appear in the parent
   * object (an embedded struct such as `TypeMeta` or `VolumeSource`); undefined means the field is
   * never in JSON (unexported, or tagged `-`).
   */
  json: string | undefined;
  omitempty: boolean;
  /** The JSON struct tag as declared, when there is one. */
  tag: string | undefined;
}

export interface GoType {
  id: string;
  /** The spelling Go's reflection gives the type, e.g. `v1.Container` or `*int64`. */
  print: string;
  kind: GoKind;
  /** Element type id of a pointer, slice or map. */
  elem?: string;
  /** Key type id of a map. */
  key?: string;
  /** Struct fields in Go declaration order, unexported ones included. */
  fields?: readonly GoField[];
}

export interface GoTypeTable {
  minor: Minor;
  /** Root kind (Deployment, Pod, PodTemplateSpec, ...) to type id. */
  roots: Readonly<Record<string, string>>;
  types: ReadonlyMap<string, GoType>;
}

/** Type ids with their own JSON encoding; their Go fields are never walked for JSON. */
export const QUANTITY = 'k8s.io/apimachinery/pkg/api/resource.Quantity';
export const INT_OR_STRING = 'k8s.io/apimachinery/pkg/util/intstr.IntOrString';
export const TIME = 'k8s.io/apimachinery/pkg/apis/meta/v1.Time';
export const RAW_EXTENSION = 'k8s.io/apimachinery/pkg/runtime.RawExtension';
export const FIELDS_V1 = 'k8s.io/apimachinery/pkg/apis/meta/v1.FieldsV1';
export const BYTES = '[]uint8';

const tables = new Map<Minor, GoTypeTable>();

/** The Go types of one minor. Built once per minor, then shared. */
export function goTypes(minor: Minor): GoTypeTable {
  let table = tables.get(minor);
  if (!table) {
    table = buildTable(minor);
    tables.set(minor, table);
  }
  return table;
}

/** One type of one minor, or undefined when that minor does not declare it. */
export function goType(minor: Minor, id: string): GoType | undefined {
  return goTypes(minor).types.get(id);
}

/** The field of a struct type with the given JSON name, searching embedded structs too. */
export function jsonField(minor: Minor, structId: string, name: string): GoField | undefined {
  return jsonFields(minor, structId).find((f) => f.name === name)?.field;
}

function buildTable(minor: Minor): GoTypeTable {
  const bit = 1 << (GENERATED_MINORS as readonly string[]).indexOf(minor);
  const types = new Map<string, GoType>();
  for (const t of GENERATED_TYPES) {
    if (t[1] & bit) types.set(t[0], toGoType(t));
  }
  const roots = GENERATED_ROOTS.find(([mask]) => mask & bit)?.[1] ?? {};
  return { minor, roots, types };
}

function toGoType(t: GeneratedType): GoType {
  const [id, , kind, print, elemOrFields, key] = t;
  const type: GoType = { id, print, kind: kind as GoKind };
  if (typeof elemOrFields === 'string') type.elem = elemOrFields;
  else if (elemOrFields) type.fields = elemOrFields.map(toGoField);
  if (key !== undefined) type.key = key;
  return type;
}

function toGoField([goName, type, tag]: GeneratedField): GoField {
  const exported = goName[0] >= 'A' && goName[0] <= 'Z';
  const [tagName = '', ...options] = tag === undefined ? [] : tag.split(',');
  const omitempty = options.includes('omitempty');
  if (!exported || tag === '-') return { goName, type, json: undefined, omitempty, tag };
  // encoding/json inlines an embedded struct without a tag name and otherwise uses the Go name.
  const embedded = goName === type.slice(type.lastIndexOf('.') + 1);
  const json = tagName !== '' ? tagName : embedded ? '' : goName;
  return { goName, type, json, omitempty, tag };
}

/** How a value of a type appears in JSON, as a strict validator needs to know it. */
export type JsonShape =
  | { kind: 'string' }
  | { kind: 'integer'; bits: 8 | 32 | 64; unsigned: boolean }
  | { kind: 'boolean' }
  /** A number or a string, decoded as an int32 or kept as a string (IntOrString). */
  | { kind: 'int-or-string' }
  /** A resource quantity: a string or a number matching the quantity grammar. */
  | { kind: 'quantity' }
  /** An RFC 3339 time string, or null for the zero time. */
  | { kind: 'time' }
  /** A base64 string ([]byte). */
  | { kind: 'bytes' }
  /** Any JSON value (runtime.RawExtension, FieldsV1). */
  | { kind: 'any' }
  /** An object whose members are `jsonFields(minor, typeId)`. */
  | { kind: 'object'; typeId: string }
  | { kind: 'map'; keyTypeId: string; values: JsonShape }
  | { kind: 'array'; items: JsonShape };

/** One JSON member of a struct, with the path of Go fields it lives in. */
export interface JsonMember {
  name: string;
  /** Go field names from the struct to the field, longer than one for embedded structs. */
  goPath: readonly string[];
  field: GoField;
  shape: JsonShape;
  omitempty: boolean;
  /** The Go type is a pointer, slice or map, so JSON null is accepted and means unset. */
  nullable: boolean;
}

const memberCache = new Map<string, readonly JsonMember[]>();

/** The complete JSON member list of a struct type in one minor, embedded structs flattened. */
export function jsonFields(minor: Minor, structId: string): readonly JsonMember[] {
  const cacheKey = `${minor} ${structId}`;
  let members = memberCache.get(cacheKey);
  if (!members) {
    members = collectMembers(minor, structId, []);
    memberCache.set(cacheKey, members);
  }
  return members;
}

function collectMembers(minor: Minor, structId: string, prefix: readonly string[]): JsonMember[] {
  const out: JsonMember[] = [];
  for (const field of goType(minor, structId)?.fields ?? []) {
    if (field.json === undefined) continue;
    const goPath = [...prefix, field.goName];
    if (field.json === '') {
      out.push(...collectMembers(minor, field.type, goPath));
      continue;
    }
    const kind = goType(minor, field.type)?.kind;
    out.push({
      name: field.json,
      goPath,
      field,
      shape: jsonShape(minor, field.type),
      omitempty: field.omitempty,
      nullable: kind === 'ptr' || kind === 'slice' || kind === 'map',
    });
  }
  return out;
}

/** The JSON shape of a type id in one minor; pointers are looked through. */
export function jsonShape(minor: Minor, id: string): JsonShape {
  const special = specialShape(id);
  if (special) return special;
  const t = goType(minor, id);
  if (!t) return { kind: 'any' };
  switch (t.kind) {
    case 'ptr':
      return jsonShape(minor, t.elem!);
    case 'struct':
      return { kind: 'object', typeId: id };
    case 'slice':
      return { kind: 'array', items: jsonShape(minor, t.elem!) };
    case 'map':
      return { kind: 'map', keyTypeId: t.key!, values: jsonShape(minor, t.elem!) };
    case 'string':
      return { kind: 'string' };
    case 'bool':
      return { kind: 'boolean' };
    case 'interface':
      return { kind: 'any' };
    default:
      return integerShape(t.kind);
  }
}

function specialShape(id: string): JsonShape | undefined {
  switch (id) {
    case QUANTITY:
      return { kind: 'quantity' };
    case INT_OR_STRING:
      return { kind: 'int-or-string' };
    case TIME:
      return { kind: 'time' };
    case RAW_EXTENSION:
    case FIELDS_V1:
      return { kind: 'any' };
    case BYTES:
      return { kind: 'bytes' };
    default:
      return undefined;
  }
}

function integerShape(kind: GoKind): JsonShape {
  const unsigned = kind.startsWith('u');
  const bits = kind.endsWith('8') ? 8 : kind.endsWith('32') ? 32 : 64;
  return { kind: 'integer', bits, unsigned };
}
