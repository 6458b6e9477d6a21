/**
 * kubectl's client-side apply: the three-way strategic merge of the last applied configuration
 * (original), the manifest (modified) and the live object (current).
 *
 * The rules, as kubectl's patch computes them and the server applies it:
 * - a field the manifest sets wins over the live value;
 * - a field that was in the last applied configuration and is gone from the manifest is removed;
 * - a field neither ever set (defaults, `kubectl scale` on a field the manifest omits) survives;
 * - lists with a merge key (containers by name, container ports by containerPort, ...) merge item
 *   by item with the same three rules; other lists are replaced whole.
 */
import { deepEqual, isObject } from './objects';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Obj = Record<string, unknown>;

/** Merge keys of pod-spec lists, by the field name of the list. */
const POD_SPEC_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  resourceClaims: 'name',
  schedulingGates: 'name',
  topologySpreadConstraints: 'topologyKey',
};

const CONTAINER_KEYS: Record<string, string> = {
  ports: 'containerPort',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  resizePolicy: 'resourceName',
};

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** The pod spec paths of the workload kinds, as field-name sequences. */
const POD_SPEC_PATHS = [
  ['spec', 'template', 'spec'],
  ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
];

/** The merge key of the list at `path` (field names only), or undefined to replace it whole. */
export function mergeKeyOf(kind: string, path: string[]): string | undefined {
  const last = path[path.length - 1];
  if (path.length === 2 && path[0] === 'metadata' && last === 'ownerReferences') return 'uid';
  if (kind === 'Service' && path.length === 2 && path[0] === 'spec' && last === 'ports')
    return 'port';
  const specPaths = kind === 'Pod' ? [['spec']] : POD_SPEC_PATHS;
  for (const prefix of specPaths) {
    if (!startsWith(path, prefix)) continue;
    const rest = path.slice(prefix.length);
    if (rest.length === 1) return POD_SPEC_KEYS[rest[0]];
    if (rest.length === 2 && CONTAINER_LISTS.has(rest[0])) return CONTAINER_KEYS[rest[1]];
  }
  return undefined;
}

function startsWith(path: string[], prefix: string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

export interface MergeResult {
  value: Obj;
  /** False when kubectl's patch would be `{}` and it prints `unchanged`. */
  changed: boolean;
}

/** Merges for `kubectl apply`; `original` is undefined when the live object has no annotation. */
export function threeWayMerge(
  kind: string,
  original: Obj | undefined,
  modified: Obj,
  current: Obj,
): MergeResult {
  const state = { changed: false };
  const value = mergeMaps(kind, [], original, modified, current, state);
  return { value, changed: state.changed };
}

function mergeMaps(
  kind: string,
  path: string[],
  original: Obj | undefined,
  modified: Obj,
  current: Obj | undefined,
  state: { changed: boolean },
): Obj {
  const out: Obj = {};
  for (const [key, cur] of Object.entries(current ?? {})) {
    if (key in modified) continue;
    if (original && key in original) {
      state.changed = true;
      continue;
    }
    out[key] = cur;
  }
  for (const [key, mod] of Object.entries(modified)) {
    out[key] = mergeValue(kind, [...path, key], original?.[key], mod, current?.[key], state);
  }
  return out;
}

function mergeValue(
  kind: string,
  path: string[],
  original: unknown,
  modified: unknown,
  current: unknown,
  state: { changed: boolean },
): unknown {
  if (isObject(modified) && isObject(current)) {
    return mergeMaps(
      kind,
      path,
      isObject(original) ? original : undefined,
      modified,
      current,
      state,
    );
  }
  const key =
    Array.isArray(modified) && Array.isArray(current) ? mergeKeyOf(kind, path) : undefined;
  if (key) {
    return mergeKeyedLists(
      kind,
      path,
      key,
      original,
      modified as unknown[],
      current as unknown[],
      state,
    );
  }
  if (!deepEqual(modified, current)) state.changed = true;
  return modified;
}

function mergeKeyedLists(
  kind: string,
  path: string[],
  key: string,
  original: unknown,
  modified: unknown[],
  current: unknown[],
  state: { changed: boolean },
): unknown[] {
  const id = (item: unknown) => (isObject(item) ? String(item[key]) : undefined);
  const originalItems = new Map((Array.isArray(original) ? original : []).map((i) => [id(i), i]));
  const currentItems = new Map(current.map((i) => [id(i), i]));
  const modifiedIds = new Set(modified.map(id));

  const out: unknown[] = modified.map((item) => {
    const live = currentItems.get(id(item));
    if (!isObject(item) || !isObject(live)) {
      if (!deepEqual(item, live)) state.changed = true;
      return item;
    }
    const orig = originalItems.get(id(item));
    return mergeMaps(kind, path, isObject(orig) ? orig : undefined, item, live, state);
  });

  const liveOrder = current.map(id).filter((i) => modifiedIds.has(i));
  if (!deepEqual(liveOrder, modified.map(id))) state.changed = true;

  for (const item of current) {
    const itemId = id(item);
    if (modifiedIds.has(itemId)) continue;
    if (originalItems.has(itemId)) {
      state.changed = true;
      continue;
    }
    out.push(item);
  }
  return out;
}
