/** Reading a simulated cluster the way the views need it: owners, pods, state in a few words. */
import type { Cluster } from '../core/cluster';
import type { KubeObject, ObjectRef } from '../core/cluster/api';
import { podSummary } from '../core/kubectl/tables';
import { objectId, type ObjectKey } from '../protocol';

export const WORKLOAD_KINDS = ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet'] as const;
const REVISION = 'deployment.kubernetes.io/revision';

export function keyOf(obj: KubeObject): ObjectKey {
  const key: ObjectKey = { kind: obj.kind, name: obj.metadata.name ?? '' };
  if (obj.metadata.namespace) key.namespace = obj.metadata.namespace;
  return key;
}

/** `Kind/name`, with the namespace when it is not `default`: the id the views share. */
export function idOf(ref: ObjectRef | ObjectKey): string {
  return objectId(ref);
}

/** The owner that controls an object (the one with `controller: true`). */
export function controllerOf(obj: KubeObject) {
  return obj.metadata.ownerReferences?.find((o) => o.controller);
}

/**
 * Everything in the cluster indexed once: objects by kind, what each uid controls, and the
 * pods on each node. Built per view, so a view reads the cluster in one pass.
 */
export class ClusterIndex {
  readonly byKind = new Map<string, KubeObject[]>();
  private readonly owned = new Map<string, KubeObject[]>();
  private readonly onNode = new Map<string, KubeObject[]>();

  constructor(readonly cluster: Cluster) {
    for (const kind of ['Node', ...WORKLOAD_KINDS, 'Pod', 'Service', 'Endpoints']) {
      const items = cluster.list(kind);
      this.byKind.set(kind, items);
      for (const obj of items) {
        const owner = controllerOf(obj);
        if (owner) push(this.owned, owner.uid, obj);
        if (kind === 'Pod' && obj.spec?.nodeName) push(this.onNode, obj.spec.nodeName, obj);
      }
    }
  }

  list(kind: string): KubeObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The objects `owner` controls, of one kind, sorted by name. */
  ownedBy(owner: KubeObject, kind: string): KubeObject[] {
    const uid = owner.metadata.uid;
    if (!uid) return [];
    return (this.owned.get(uid) ?? []).filter((o) => o.kind === kind);
  }

  podsOn(node: string): KubeObject[] {
    return this.onNode.get(node) ?? [];
  }

  /** The pods a workload runs: its own, or (for a Deployment) those of its ReplicaSets. */
  podsOf(workload: KubeObject): KubeObject[] {
    if (workload.kind !== 'Deployment') return this.ownedBy(workload, 'Pod');
    return this.ownedBy(workload, 'ReplicaSet').flatMap((rs) => this.ownedBy(rs, 'Pod'));
  }

  /** A workload nobody controls (standalone ReplicaSets and pods included). */
  isTopLevel(obj: KubeObject): boolean {
    const owner = controllerOf(obj);
    if (!owner) return true;
    const uids = this.list(owner.kind).map((o) => o.metadata.uid);
    return !uids.includes(owner.uid);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The newest ReplicaSet of a Deployment, by its revision annotation. */
export function newestReplicaSet(sets: readonly KubeObject[]): KubeObject | undefined {
  let best: KubeObject | undefined;
  let bestRevision = -1;
  for (const rs of sets) {
    const revision = Number(rs.metadata.annotations?.[REVISION] ?? 0);
    if (revision > bestRevision) {
      best = rs;
      bestRevision = revision;
    }
  }
  return best;
}

export function revisionOf(rs: KubeObject): string | undefined {
  return rs.metadata.annotations?.[REVISION];
}

/** `Running 1/1`, `Pending`, `Terminating`: a pod as `kubectl get pods` would put it. */
export function podState(pod: KubeObject, now: number): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  if (!pod.spec?.nodeName) return 'Pending';
  const s = podSummary(pod, now);
  return `${s.reason || 'Unknown'} ${s.ready}/${s.total}`;
}

export function isPodReady(pod: KubeObject): boolean {
  const conditions: Array<{ type: string; status: string }> = pod.status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** `2/2 ready` for a workload, from its own status as the controllers keep it. */
export function workloadState(obj: KubeObject): string {
  const status = obj.status ?? {};
  if (obj.kind === 'DaemonSet') {
    return `${status.numberReady ?? 0}/${status.desiredNumberScheduled ?? 0} ready`;
  }
  return `${status.readyReplicas ?? 0}/${obj.spec?.replicas ?? 0} ready`;
}

export function nodeState(node: KubeObject): string {
  const conditions: Array<{ type: string; status: string }> = node.status?.conditions ?? [];
  const ready = conditions.some((c) => c.type === 'Ready' && c.status === 'True');
  const parts = [ready ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

export function formatLabels(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : '<none>';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
