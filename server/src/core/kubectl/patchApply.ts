/**
 * The API server's half of `kubectl patch`: a patch applied to the live object's JSON, as a
 * strategic merge patch, a JSON merge patch (RFC 7386) or a JSON patch (RFC 6902).
 *
 * Strategic merge uses the merge keys the simulated cluster's apply uses (containers by name,
 * container ports by containerPort, Service ports by port, ...).
 * FIXME: lists the real types merge without a key (`metadata.finalizers`, merged as a set of
 * strings) and merge keys outside the pod spec and Service ports are replaced whole here; the
 * API server takes them from the Go struct tags of every type.
 */
import { mergeKeyOf } from '../cluster/apply';
import type { CommandError } from './errors';
import { goSprint } from './gofmt';
import { deepEqual } from './threeWay';

export type PatchType = 'strategic' | 'merge' | 'json';

type Obj = Record<string, unknown>;

export type PatchResult =
  | { ok: true; value: Obj }
  | { ok: false; error: CommandError }
  | { ok: false; notSimulated: string };

/** Applies `patch` to `current` (which it does not change), as the API server does. */
export function applyPatch(
  kind: string,
  current: Obj,
  patch: unknown,
  type: PatchType,
): PatchResult {
  if (type === 'merge') return mergePatchOf(current, patch);
  if (type === 'json') return jsonPatchOf(current, patch);
  return strategicPatchOf(kind, current, patch);
}

/** The server's own errors (`Error from server (Reason): ...`, or without a reason). */
function serverError(reason: string, message: string): { ok: false; error: CommandError } {
  const prefix = reason ? `Error from server (${reason})` : 'Error from server';
  const text = `${prefix}: ${message}`;
  return { ok: false, error: { single: text, listed: text } };
}

/** The JSON type name Go's decoder gives a value it cannot store. */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value !== null && typeof value === 'object') return 'object';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

// ---------------------------------------------------------------------------------------------
// JSON merge patch

function mergePatchOf(current: Obj, patch: unknown): PatchResult {
  if (patch === null) return { ok: true, value: current };
  if (!isObj(patch)) {
    // The document becomes the patch itself, which no longer decodes as the object.
    return { ok: false, notSimulated: 'a merge patch that is not a JSON object' };
  }
  return { ok: true, value: mergeObjects(current, patch) };
}

/** RFC 7386: null removes a field, an object merges into an object, anything else replaces. */
function mergeObjects(target: Obj, patch: Obj): Obj {
  const out: Obj = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isObj(value)) out[key] = mergeObjects(isObj(out[key]) ? (out[key] as Obj) : {}, value);
    else out[key] = value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON patch

type Op = { op?: unknown; path?: unknown; from?: unknown; value?: unknown };

/**
 * FIXME: an operation that does not apply (a missing path, a failed test) is reported as not
 * simulated: the API server returns the json-patch library's error inside an Invalid status
 * whose rendering by kubectl has not been confirmed.
 */
function jsonPatchOf(current: Obj, patch: unknown): PatchResult {
  if (patch === null) return { ok: true, value: current };
  if (!Array.isArray(patch))
    return serverError(
      'BadRequest',
      `json: cannot unmarshal ${jsonKind(patch)} into Go value of type jsonpatch.Patch`,
    );
  let doc: unknown = structuredClone(current);
  for (const op of patch as Op[]) {
    const next = isObj(op) ? applyOperation(doc, op) : undefined;
    if (next === undefined)
      return { ok: false, notSimulated: 'a JSON patch operation that does not apply' };
    doc = next.value;
  }
  if (!isObj(doc)) return { ok: false, notSimulated: 'a JSON patch that replaces the object' };
  return { ok: true, value: doc };
}

/** One operation on `doc` (which it may change); undefined when it does not apply. */
function applyOperation(doc: unknown, op: Op): { value: unknown } | undefined {
  const path = typeof op.path === 'string' ? pointer(op.path) : undefined;
  if (!path) return undefined;
  switch (op.op) {
    case 'add':
      return 'value' in op ? put(doc, path, structuredClone(op.value), true) : undefined;
    case 'replace':
      return 'value' in op && get(doc, path) !== undefined
        ? put(doc, path, structuredClone(op.value), false)
        : undefined;
    case 'remove':
      return remove(doc, path);
    case 'test':
      return deepEqual(get(doc, path), op.value) ? { value: doc } : undefined;
    case 'copy':
    case 'move':
      return copyOrMove(doc, op, path);
    default:
      return undefined;
  }
}

function copyOrMove(doc: unknown, op: Op, path: string[]): { value: unknown } | undefined {
  const from = typeof op.from === 'string' ? pointer(op.from) : undefined;
  const value = from ? get(doc, from) : undefined;
  if (!from || value === undefined) return undefined;
  const source = op.op === 'move' ? remove(doc, from) : { value: doc };
  return source && put(source.value, path, structuredClone(value), true);
}

/** A JSON pointer's reference tokens; undefined when it is not a pointer. */
function pointer(text: string): string[] | undefined {
  if (text === '') return [];
  if (!text.startsWith('/')) return undefined;
  return text
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(doc: unknown, path: string[]): unknown {
  let at: unknown = doc;
  for (const token of path) {
    if (Array.isArray(at)) at = /^\d+$/.test(token) ? at[Number(token)] : undefined;
    else if (isObj(at)) at = Object.hasOwn(at, token) ? at[token] : undefined;
    else return undefined;
  }
  return at;
}

/** Adds (inserting into lists) or replaces the value at `path`. */
function put(
  doc: unknown,
  path: string[],
  value: unknown,
  insert: boolean,
): { value: unknown } | undefined {
  if (path.length === 0) return { value };
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (isObj(parent)) {
    parent[last] = value;
    return { value: doc };
  }
  if (!Array.isArray(parent)) return undefined;
  const index = last === '-' && insert ? parent.length : /^\d+$/.test(last) ? Number(last) : -1;
  if (index < 0 || index > parent.length || (!insert && index === parent.length)) return undefined;
  parent.splice(index, insert ? 0 : 1, value);
  return { value: doc };
}

function remove(doc: unknown, path: string[]): { value: unknown } | undefined {
  if (path.length === 0 || get(doc, path) === undefined) return undefined;
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObj(parent)) delete parent[last];
  return { value: doc };
}

// ---------------------------------------------------------------------------------------------
// Strategic merge patch

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const ORDER_PREFIX = '$setElementOrder/';
const DELETE_PRIMITIVES_PREFIX = '$deleteFromPrimitiveList/';

/** A map deleted by `$patch: delete`. */
const DELETED = Symbol('deleted');

class MergeKeyMissing {
  constructor(readonly item: Obj, readonly key: string) {}
}

function strategicPatchOf(kind: string, current: Obj, patch: unknown): PatchResult {
  if (patch === null) return { ok: true, value: current };
  if (!isObj(patch))
    return serverError(
      'BadRequest',
      `json: cannot unmarshal ${jsonKind(patch)} into Go value of type map[string]interface {}`,
    );
  try {
    const merged = mergeMap(kind, [], current, patch);
    return { ok: true, value: merged === DELETED ? {} : merged };
  } catch (err) {
    if (!(err instanceof MergeKeyMissing)) throw err;
    // The merge library's error is no API status, so the server answers with no reason.
    return serverError(
      '',
      `map: ${goSprint(err.item)} does not contain declared merge key: ${err.key}`,
    );
  }
}

/** Merges a patch map into an original map; `path` holds field names only (no list indexes). */
function mergeMap(kind: string, path: string[], original: Obj, patch: Obj): Obj | typeof DELETED {
  const directive = patch[DIRECTIVE];
  if (directive === 'delete') return DELETED;
  if (directive === 'replace') return mergeMap(kind, path, {}, withoutKey(patch, DIRECTIVE));
  const out: Obj = { ...original };
  retainKeys(out, patch[RETAIN_KEYS]);
  for (const [key, value] of Object.entries(patch)) {
    if (key === DIRECTIVE || key === RETAIN_KEYS || key.startsWith(ORDER_PREFIX)) continue;
    if (key.startsWith(DELETE_PRIMITIVES_PREFIX)) {
      deletePrimitives(out, key.slice(DELETE_PRIMITIVES_PREFIX.length), value);
      continue;
    }
    mergeField(kind, [...path, key], out, key, value);
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(ORDER_PREFIX))
      orderList(kind, path, out, key.slice(ORDER_PREFIX.length), value);
  }
  return out;
}

function mergeField(kind: string, path: string[], out: Obj, key: string, value: unknown): void {
  if (value === null) {
    delete out[key];
    return;
  }
  const cur = out[key];
  if (isObj(value)) {
    const merged = mergeMap(kind, path, isObj(cur) ? cur : {}, value);
    if (merged === DELETED) delete out[key];
    else out[key] = merged;
    return;
  }
  const mergeKey = Array.isArray(value) ? mergeKeyOf(kind, path) : undefined;
  out[key] = mergeKey
    ? mergeList(kind, path, mergeKey, Array.isArray(cur) ? cur : [], value as unknown[])
    : value;
}

/** Merges a list by key: matching items merge, new ones are appended, `$patch` directives apply. */
function mergeList(
  kind: string,
  path: string[],
  key: string,
  original: unknown[],
  patch: unknown[],
): unknown[] {
  const replace = patch.find((i) => isObj(i) && i[DIRECTIVE] === 'replace');
  if (replace) return patch.filter((i) => i !== replace);
  const out = [...original];
  for (const item of patch) {
    if (!isObj(item)) {
      out.push(item);
      continue;
    }
    if (!(key in item)) throw new MergeKeyMissing(item, key);
    const at = out.findIndex((o) => isObj(o) && deepEqual(o[key], item[key]));
    if (item[DIRECTIVE] === 'delete') {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    const merged = mergeMap(kind, path, at >= 0 ? (out[at] as Obj) : {}, item);
    if (merged === DELETED) continue;
    if (at >= 0) out[at] = merged;
    else out.push(merged);
  }
  return out;
}

/** `$retainKeys`: the map keeps only the listed fields. */
function retainKeys(out: Obj, keys: unknown): void {
  if (!Array.isArray(keys)) return;
  for (const key of Object.keys(out)) if (!keys.includes(key)) delete out[key];
}

function deletePrimitives(out: Obj, field: string, values: unknown): void {
  const list = out[field];
  if (!Array.isArray(list) || !Array.isArray(values)) return;
  out[field] = list.filter((v) => !values.some((d) => deepEqual(d, v)));
}

/**
 * `$setElementOrder/<list>`: the listed items first, in that order, the others after them.
 * FIXME: the server interleaves items the order does not name at their old places; they are
 * put after the named ones here.
 */
function orderList(kind: string, path: string[], out: Obj, field: string, order: unknown): void {
  const list = out[field];
  const key = mergeKeyOf(kind, [...path, field]);
  if (!Array.isArray(list) || !Array.isArray(order)) return;
  const id = (item: unknown) => (key && isObj(item) ? item[key] : item);
  const wanted = order.map(id);
  const rank = (item: unknown) => {
    const i = wanted.findIndex((w) => deepEqual(w, id(item)));
    return i < 0 ? wanted.length : i;
  };
  out[field] = [...list].sort((a, b) => rank(a) - rank(b));
}

function withoutKey(map: Obj, key: string): Obj {
  const out = { ...map };
  delete out[key];
  return out;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
