/**
 * Names and hashes the controllers derive from a pod template: the Deployment's ReplicaSet, and
 * the ControllerRevisions of DaemonSets and StatefulSets.
 */
import { encodeAs, marshalSorted, type JsonObject } from '../api/gojson';
import type { Minor } from '../api/versions';
import { applyDefaults, defaultPodTemplate } from '../defaults';
import { Fnv32, safeEncodeString } from './fnv';
import { POD_TEMPLATE_SPEC } from './spew';
import { podTemplateHash } from './template-hash';

type Json = Record<string, unknown>;

/** A ControllerRevision as the controller would create it. */
export interface RevisionIdentity {
  /** The revision's name, `<owner>-<hash>`. */
  name: string;
  /** The `controller-revision-hash` label of the revision (StatefulSet pods carry `name` instead). */
  hash: string;
  /** The revision's `data`: a patch that replaces `spec.template`, compact JSON, keys sorted. */
  data: string;
}

/**
 * The ReplicaSet name a Deployment gets: `<name>-<pod-template-hash>` of its defaulted template.
 * The Deployment may be as written or as stored (defaulting twice changes nothing). Without
 * `collisionCount` the Deployment's `status.collisionCount` is used; absent means Go's nil.
 */
export function replicaSetNameFor(deployment: unknown, minor: Minor, collisionCount?: number): string {
  const d = asObject(deployment);
  const template = defaultPodTemplate(asObject(d.spec).template, minor);
  return `${objectName(d)}-${podTemplateHash(template, minor, collisionCount ?? statusCollisionCount(d))}`;
}

/**
 * The DaemonSet controller's revision (update.go snapshot): named `<name>-<hash>` with the same
 * hash as a pod-template-hash of its template, which is also the `controller-revision-hash` label
 * of its pods. The data is what the controller compares byte for byte to find the current revision.
 */
export function daemonSetRevision(
  daemonSet: unknown,
  minor: Minor,
  collisionCount?: number,
): RevisionIdentity {
  const ds = applyDefaults(asObject(daemonSet), minor);
  const template = asObject(ds.spec).template;
  const hash = podTemplateHash(template, minor, collisionCount ?? statusCollisionCount(ds));
  return { name: `${objectName(ds)}-${hash}`, hash, data: templatePatch(template, minor) };
}

/**
 * The StatefulSet controller's revision (history.NewControllerRevision): FNV-1 (not 1a) of the
 * revision data, then the collision count in decimal, which the controller always writes (0 when
 * the status has none). Pods carry the revision name as their `controller-revision-hash`.
 */
export function statefulSetRevision(
  statefulSet: unknown,
  minor: Minor,
  collisionCount?: number,
): RevisionIdentity {
  const sts = applyDefaults(asObject(statefulSet), minor);
  const data = templatePatch(asObject(sts.spec).template, minor);
  const hash = hashControllerRevision(data, collisionCount ?? statusCollisionCount(sts) ?? 0);
  return { name: controllerRevisionName(objectName(sts), hash), hash, data };
}

/**
 * The revision data of a stored template: `{"spec":{"template":{...,"$patch":"replace"}}}`, as
 * the controllers produce it by encoding the object, decoding it into a map and encoding that.
 */
export function templatePatch(template: unknown, minor: Minor): string {
  const encoded = encodeAs(POD_TEMPLATE_SPEC, template, minor, { keepUnknown: false }) as JsonObject;
  return marshalSorted({ spec: { template: { ...encoded, $patch: 'replace' } } }, minor);
}

/** history.HashControllerRevision over revision data, with an optional collision count. */
export function hashControllerRevision(data: string, collisionCount?: number): string {
  const h = new Fnv32('1').writeString(data);
  if (collisionCount !== undefined) h.writeString(String(collisionCount | 0));
  return safeEncodeString(String(h.sum32()));
}

/** history.ControllerRevisionName: the owner's name cut to 223 characters, a dash, the hash. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

function statusCollisionCount(obj: Json): number | undefined {
  const count = asObject(obj.status).collisionCount;
  return typeof count === 'number' && Number.isInteger(count) ? count : undefined;
}

function objectName(obj: Json): string {
  const name = asObject(obj.metadata).name;
  return typeof name === 'string' ? name : '';
}

function asObject(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}
