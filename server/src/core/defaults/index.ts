/**
 * API defaulting: what the API server fills in before it stores an object, per Kubernetes minor,
 * returned in the JSON form the server would give back.
 */
import { encodeAs, type JsonValue } from '../api/gojson';
import { goTypes } from '../api/types';
import type { Minor } from '../api/versions';
import { POD_SPEC_DEFAULTERS } from './core';
import { KIND_DEFAULTERS } from './kinds';
import { createdPodStatus } from './pod';
import { context, isObject, walk, type Defaulter, type Json } from './walk';

export { defaultPullPolicy, parseImageReference } from './image';
export { podQOS } from './pod';

const POD_TEMPLATE_SPEC = 'k8s.io/api/core/v1.PodTemplateSpec';

const DEFAULTERS: Readonly<Record<string, Defaulter>> = { ...POD_SPEC_DEFAULTERS, ...KIND_DEFAULTERS };

/** The API group version of each kind the Go type tables cover. */
const API_VERSIONS: Readonly<Record<string, string>> = {
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  ControllerRevision: 'apps/v1',
  Pod: 'v1',
  ReplicationController: 'v1',
  Service: 'v1',
  PersistentVolumeClaim: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Namespace: 'v1',
  Node: 'v1',
};

/**
 * A new object with every default the API server of `minor` applies before storing it, in the
 * stored JSON form: empty lists and maps and other empty `omitempty` members dropped, members
 * without `omitempty` present with their zero value, quantities canonical. Objects of other
 * kinds come back as an unchanged copy. Never throws.
 *
 * Members the Go type lacks, and values of the wrong JSON type, are kept as written so that
 * validation can still report them; the API server would refuse the object. Fields the store
 * sets (uid, resourceVersion, creationTimestamp, generation) and admission plugins' changes
 * (service account token volume, default tolerations, priority) are not added.
 *
 * FIXME: The API server drops fields of features that are off by default in the minor (for
 * example `resizePolicy` before 1.33 or `hostUsers` before 1.33); they are kept here.
 */
export function applyDefaults(obj: Json, minor: Minor): Json;
export function applyDefaults(obj: unknown, minor: Minor): unknown;
export function applyDefaults(obj: unknown, minor: Minor): unknown {
  const copy = deepCopy(obj);
  const root = rootType(copy, minor);
  if (!root || !isObject(copy)) return copy;

  walk(root, copy, context(minor), DEFAULTERS);
  if (copy.kind === 'Pod') createdPodStatus(copy);
  const stored = encodeAs(root, copy, minor, { keepUnknown: true }) as Json;
  dropUnsetCreationTimestamp(stored, obj);
  return stored;
}

/**
 * A new pod template with the defaults of `minor`, as stored in a workload's `spec.template`.
 * Anything but an object counts as an empty template.
 */
export function defaultPodTemplate(template: unknown, minor: Minor): Json {
  const copy = isObject(template) ? (deepCopy(template) as Json) : {};
  walk(POD_TEMPLATE_SPEC, copy, context(minor), DEFAULTERS);
  return encodeAs(POD_TEMPLATE_SPEC, copy, minor, { keepUnknown: true }) as Json;
}

function rootType(obj: unknown, minor: Minor): string | undefined {
  if (!isObject(obj) || typeof obj.kind !== 'string') return undefined;
  if (API_VERSIONS[obj.kind] !== obj.apiVersion) return undefined;
  return goTypes(minor).roots[obj.kind];
}

/** The store sets the creation time of the object itself; leave it out rather than null. */
function dropUnsetCreationTimestamp(stored: Json, original: unknown): void {
  const metadata = isObject(original) && isObject(original.metadata) ? original.metadata : {};
  const given = metadata.creationTimestamp;
  if (isObject(stored.metadata) && (given === undefined || given === null)) {
    delete stored.metadata.creationTimestamp;
  }
}

/** A copy of a JSON-shaped value; a reference cycle is cut with null. */
function deepCopy(v: unknown, ancestors: object[] = []): JsonValue {
  if (typeof v !== 'object' || v === null) return isJsonScalar(v) ? v : null;
  if (ancestors.includes(v)) return null;
  ancestors.push(v);
  const out = Array.isArray(v)
    ? v.map((e) => deepCopy(e, ancestors))
    : Object.fromEntries(Object.entries(v).map(([k, e]) => [k, deepCopy(e, ancestors)]));
  ancestors.pop();
  return out;
}

function isJsonScalar(v: unknown): v is string | number | boolean | bigint {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint';
}
