/**
 * The patch `kubectl apply` sends for an object that already exists, as the API server holds it
 * when it rejects the patched object: kubectl's three-way patch (what the manifest changes
 * against the live object, plus a null for each field dropped from the manifest since the last
 * apply), after the server's strategic merge has taken out the lists it merged by key together
 * with their `$setElementOrder` directives. The server quotes this map in its error
 * (`patch: Invalid value: "map[...]": ...`).
 */
import { mergeKeyOf } from '../cluster/apply';
import type { KubeObject } from '../cluster/api';
import { jsonCompact } from './gofmt';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Obj = Record<string, unknown>;

/** Stands for a list merged by key: present in kubectl's patch, gone from the server's copy. */
const KEYED = Symbol('list merged by key');

/**
 * The manifest as kubectl sends it on apply: namespace filled in, and its own JSON (keys sorted,
 * the annotation map present even when empty, a final newline) as the last-applied annotation.
 */
export function modifiedConfiguration(manifest: KubeObject, namespace?: string): KubeObject {
  const metadata = { ...manifest.metadata };
  if (namespace !== undefined) metadata.namespace = metadata.namespace || namespace;
  const annotations = { ...(metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const original = { ...manifest, metadata: { ...metadata, annotations } };
  const text = jsonCompact(original) + '\n';
  return {
    ...original,
    metadata: { ...original.metadata, annotations: { ...annotations, [LAST_APPLIED]: text } },
  };
}

/** The last-applied configuration of a live object, or undefined when it has none. */
export function lastApplied(live: KubeObject): Obj | undefined {
  const raw = live.metadata.annotations?.[LAST_APPLIED];
  if (raw === undefined) return undefined;
  try {
    const parsed = JSON.parse(raw);
    return isObj(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The server's copy of kubectl's apply patch (see the file comment). */
export function serverPatchView(
  kind: string,
  original: Obj | undefined,
  modified: Obj,
  current: Obj,
): Obj {
  const removed = original ? deletions(kind, [], original, modified) : {};
  const changed = additions(kind, [], current, modified);
  return withoutKeyedLists(combine(removed, changed));
}

/** Fields the manifest sets to something the live object does not have (deletions ignored). */
function additions(kind: string, path: string[], current: Obj, modified: Obj): Obj {
  const out: Obj = {};
  for (const [key, mod] of Object.entries(modified)) {
    if (!Object.prototype.hasOwnProperty.call(current, key)) {
      out[key] = mod;
      continue;
    }
    const cur = current[key];
    if (deepEqual(cur, mod)) continue;
    const here = [...path, key];
    if (isObj(cur) && isObj(mod)) {
      const sub = additions(kind, here, cur, mod);
      if (Object.keys(sub).length > 0) out[key] = sub;
    } else if (Array.isArray(cur) && Array.isArray(mod) && mergeKeyOf(kind, here)) {
      if (keyedAdditions(kind, here, mergeKeyOf(kind, here)!, cur, mod)) out[key] = KEYED;
    } else {
      out[key] = mod;
    }
  }
  return out;
}

function keyedAdditions(
  kind: string,
  path: string[],
  key: string,
  current: unknown[],
  modified: unknown[],
): boolean {
  return modified.some((item) => {
    const live = current.find((c) => isObj(c) && isObj(item) && deepEqual(c[key], item[key]));
    if (!isObj(item) || !isObj(live)) return !deepEqual(item, live);
    return Object.keys(additions(kind, path, live, item)).length > 0;
  });
}

/** Fields the last apply set that the manifest no longer has, as nulls. */
function deletions(kind: string, path: string[], original: Obj, modified: Obj): Obj {
  const out: Obj = {};
  for (const [key, orig] of Object.entries(original)) {
    if (!Object.prototype.hasOwnProperty.call(modified, key)) {
      out[key] = null;
      continue;
    }
    const mod = modified[key];
    const here = [...path, key];
    if (isObj(orig) && isObj(mod)) {
      const sub = deletions(kind, here, orig, mod);
      if (Object.keys(sub).length > 0) out[key] = sub;
    } else if (Array.isArray(orig) && Array.isArray(mod) && mergeKeyOf(kind, here)) {
      if (keyedDeletions(kind, here, mergeKeyOf(kind, here)!, orig, mod)) out[key] = KEYED;
    }
  }
  return out;
}

function keyedDeletions(
  kind: string,
  path: string[],
  key: string,
  original: unknown[],
  modified: unknown[],
): boolean {
  return original.some((item) => {
    if (!isObj(item)) return false;
    const kept = modified.find((m) => isObj(m) && deepEqual(m[key], item[key]));
    if (!isObj(kept)) return true;
    return Object.keys(deletions(kind, path, item, kept)).length > 0;
  });
}

/** kubectl merges the deletions into the changes; a change wins where both name a field. */
function combine(removed: Obj, changed: Obj): Obj {
  const out: Obj = { ...removed };
  for (const [key, value] of Object.entries(changed)) {
    const prev = out[key];
    out[key] = isObj(prev) && isObj(value) ? combine(prev, value) : value;
  }
  return out;
}

/** The server deletes each merged list from the patch; the maps that held them stay. */
function withoutKeyedLists(patch: Obj): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(patch)) {
    if ((value as unknown) === KEYED) continue;
    out[key] = isObj(value) ? withoutKeyedLists(value) : value;
  }
  return out;
}

/** Equality of JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (!isObj(a) || !isObj(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
