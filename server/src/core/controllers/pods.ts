/**
 * Pod helpers shared by the controllers: activity, readiness, availability, pods stamped from a
 * template, claiming (adopt and release), slow-start batches and the deletion ranking.
 */
import type { KubeObject, OwnerReference } from '../cluster/api';
import { matches, type Selector } from '../api/selectors';
import { freeze } from '../cluster/objects';
import { controllerRef, newControllerRef, type ReadContext, type SyncContext } from './context';

/** How many pods one sync of a ReplicaSet may create or delete (burstReplicas). */
export const BURST_REPLICAS = 500;

/** IsPodActive: not Succeeded, not Failed, not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function readyCondition(pod: KubeObject): any | undefined {
  return (pod.status?.conditions as any[] | undefined)?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/**
 * When a ready pod counts as available: `minReadySeconds` after its Ready transition, or at once
 * when that is 0. Returns the simulated ms, or undefined for a pod that is not ready.
 */
export function availableAt(
  pod: KubeObject,
  minReadySeconds: number,
  ctx: ReadContext,
): number | undefined {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True') return undefined;
  if (!minReadySeconds) return -Infinity;
  const since = ctx.msOf(ready.lastTransitionTime) ?? 0;
  // The controller's test is `lastTransitionTime + minReadySeconds < now`, strictly, at second
  // precision; the first whole second after that is when it passes.
  return since + minReadySeconds * 1000 + 1000;
}

export function isPodAvailable(
  pod: KubeObject,
  minReadySeconds: number,
  ctx: ReadContext,
): boolean {
  const at = availableAt(pod, minReadySeconds, ctx);
  return at !== undefined && at <= ctx.now;
}

/**
 * The pod the API server would store for `template`, minus identity: the template run through
 * pod defaulting once, then shared by every pod stamped from the same stored template.
 */
const prototypes = new WeakMap<object, KubeObject>();

export function podPrototype(template: any, ctx: ReadContext): KubeObject {
  let proto = prototypes.get(template);
  if (proto) return proto;
  const meta = template?.metadata ?? {};
  const raw: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(meta.labels ? { labels: meta.labels } : {}),
      ...(meta.annotations ? { annotations: meta.annotations } : {}),
      ...(meta.finalizers ? { finalizers: meta.finalizers } : {}),
    },
    spec: template?.spec ?? {},
  };
  proto = freeze(ctx.machinery.defaults(raw));
  prototypes.set(template, proto);
  return proto;
}

/** GetPodFromTemplate: labels, annotations and spec of the template, owned by `owner`. */
export function podFromTemplate(
  template: any,
  owner: KubeObject,
  ctx: ReadContext,
  prefix: string,
): KubeObject {
  const proto = podPrototype(template, ctx);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...proto.metadata,
      generateName: prefix,
      namespace: owner.metadata.namespace,
      ownerReferences: controllerRefs(owner),
    },
    spec: proto.spec,
  };
}

const ownerLists = new WeakMap<KubeObject, OwnerReference[]>();

/**
 * `[newControllerRef(owner)]`, one list per stored owner object: the pods one sync creates share
 * it, as they share their spec, since stored objects are never changed.
 */
function controllerRefs(owner: KubeObject): OwnerReference[] {
  let refs = ownerLists.get(owner);
  if (!refs) ownerLists.set(owner, (refs = [newControllerRef(owner)]));
  return refs;
}

/** The generateName prefix: `<owner>-` when that is a valid name prefix, else the bare name. */
export function podNamePrefix(ownerName: string): string {
  const prefix = `${ownerName}-`;
  return /^[a-z0-9]([-a-z0-9.]*)?$/.test(prefix) && prefix.length <= 253 ? prefix : ownerName;
}

/**
 * ClaimPods as the controller ref manager does it: keep my pods that still match, release those
 * that stopped matching (unless I am being deleted), adopt matching orphans that are not being
 * deleted (unless I am). Returns the pods I own afterwards.
 */
export function claimPods(
  ctx: SyncContext,
  owner: KubeObject,
  selector: Selector,
  filter = isPodActive,
): KubeObject[] {
  const uid = owner.metadata.uid!;
  const deleting = !!owner.metadata.deletionTimestamp;
  const claimed: KubeObject[] = [];

  for (const pod of ctx.eachDependent(uid)) {
    if (pod.kind !== 'Pod' || controllerRef(pod)?.uid !== uid || !filter(pod)) continue;
    if (matches(selector, pod.metadata.labels) || deleting) claimed.push(pod);
    else release(ctx, pod, uid);
  }
  if (deleting) return claimed;

  for (const pod of ctx.server.store.selectOrphans('Pod', owner.metadata.namespace!, selector)) {
    if (!filter(pod) || pod.metadata.deletionTimestamp) continue;
    const adopted = adopt(ctx, owner, pod);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

/** Adds a controller reference to an orphan; refused when the owner changed or is deleting. */
export function adopt(
  ctx: SyncContext,
  owner: KubeObject,
  obj: KubeObject,
): KubeObject | undefined {
  const live = ctx.get(owner.kind, owner.metadata.namespace, owner.metadata.name ?? '');
  if (!live || live.metadata.uid !== owner.metadata.uid || live.metadata.deletionTimestamp)
    return undefined;
  const refs = [...(obj.metadata.ownerReferences ?? []), newControllerRef(owner)];
  const result = ctx.patchMetadata(
    obj,
    { ...obj.metadata, ownerReferences: refs },
    `adopt by ${owner.kind} ${owner.metadata.name}`,
  );
  return result.ok ? result.object : undefined;
}

/** Removes my reference from an object that stopped matching my selector. */
export function release(ctx: SyncContext, obj: KubeObject, uid: string): void {
  const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
  const metadata: KubeObject['metadata'] = { ...obj.metadata, ownerReferences: refs };
  if (refs.length === 0) delete metadata.ownerReferences;
  ctx.patchMetadata(obj, metadata, 'release');
}

/**
 * slowStartBatch: calls `fn` for `count` items in batches of 1, 2, 4, ... and stops after the
 * first batch with a failure. Returns how many succeeded and the first error.
 * Example: 10 pods are made in batches 1, 2, 4 and 3.
 */
export function slowStartBatch(
  count: number,
  fn: () => string | undefined,
): { done: number; error?: string } {
  let done = 0;
  let batch = Math.min(count, 1);
  while (batch > 0) {
    let error: string | undefined;
    for (let i = 0; i < batch; i++) {
      const err = fn();
      if (err === undefined) done++;
      else error ??= err;
    }
    if (error !== undefined) return { done, error };
    batch = Math.min(2 * batch, count - done);
  }
  return { done };
}

// ---------------------------------------------------------------------------------------------
// Which pods go first when scaling down (ActivePodsWithRanks with logarithmic scale-down).

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(pod: KubeObject): number {
  const v = pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'];
  const n = v === undefined ? 0 : Number(v);
  return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 ? n : 0;
}

function maxRestarts(pod: KubeObject): number {
  let max = 0;
  for (const s of (pod.status?.containerStatuses as any[]) ?? [])
    max = Math.max(max, s.restartCount ?? 0);
  return max;
}

/** −floor(log2(age in ns)), the bucket logarithmic scale-down compares; no time ranks newest. */
function logBucket(time: number | undefined, now: number): number {
  if (time === undefined) return Infinity;
  const ns = Math.max(1, (now - time) * 1e6);
  return -Math.floor(Math.log2(ns));
}

/**
 * The pods to delete first, in order: unscheduled, pending before running, not ready, lower
 * deletion cost, more related pods on the same node, more recently ready, more restarts, newer;
 * equal age buckets are broken by uid.
 */
export function rankForDeletion(
  pods: KubeObject[],
  related: KubeObject[],
  ctx: ReadContext,
): KubeObject[] {
  const perNode = new Map<string, number>();
  for (const p of related) {
    const node = p.spec?.nodeName ?? '';
    if (isPodActive(p)) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const info = pods.map((pod) => ({
    pod,
    rank: perNode.get(pod.spec?.nodeName ?? '') ?? 0,
    readySince: logBucket(ctx.msOf(readyCondition(pod)?.lastTransitionTime), ctx.now),
    created: logBucket(ctx.msOf(pod.metadata.creationTimestamp), ctx.now),
  }));
  info.sort((a, b) => compareForDeletion(a, b));
  return info.map((i) => i.pod);
}

type Ranked = { pod: KubeObject; rank: number; readySince: number; created: number };

function compareForDeletion(a: Ranked, b: Ranked): number {
  const pa = a.pod;
  const pb = b.pod;
  const sa = pa.spec?.nodeName ? 1 : 0;
  const sb = pb.spec?.nodeName ? 1 : 0;
  if (sa !== sb) return sa - sb;
  const pha = PHASE_ORDER[pa.status?.phase] ?? 0;
  const phb = PHASE_ORDER[pb.status?.phase] ?? 0;
  if (pha !== phb) return pha - phb;
  const ra = isPodReady(pa) ? 1 : 0;
  const rb = isPodReady(pb) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  const ca = deletionCost(pa);
  const cb = deletionCost(pb);
  if (ca !== cb) return ca - cb;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (ra && rb && a.readySince !== b.readySince) return b.readySince - a.readySince;
  const xa = maxRestarts(pa);
  const xb = maxRestarts(pb);
  if (xa !== xb) return xb - xa;
  if (a.created !== b.created) return b.created - a.created;
  const ua = pa.metadata.uid ?? '';
  const ub = pb.metadata.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}
