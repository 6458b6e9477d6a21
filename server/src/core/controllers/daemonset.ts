/**
 * The DaemonSet controller: one pod per eligible node (node selector, required node affinity,
 * taints against the template's and the controller's own tolerations), pods pinned to their
 * node by a `metadata.name` affinity term, ControllerRevisions named with the template hash,
 * RollingUpdate and OnDelete, adoption of matching orphans, and status.
 */
import type { KubeObject } from '../cluster/api';
import { isEverything, matches } from '../api/selectors';
import { deepEqual, freeze, goJson } from '../cluster/objects';
import { TEMPLATE_GENERATION, type Change } from '../cluster/server';
import {
  enqueueOwners,
  fromLabelSelector,
  controllerRef,
  newControllerRef,
  nsKey,
  splitKey,
  type Controller,
  type ReadContext,
  type SyncContext,
} from './context';
import { scaledValue } from './deploymentutil';
import { requiredAffinityMatches, taintsOf, untoleratedTaint, type Toleration } from './nodes';
import {
  adopt,
  availableAt,
  claimPods,
  isPodReady,
  podNamePrefix,
  podPrototype,
  release,
  slowStartBatch,
} from './pods';

export const REVISION_HASH = 'controller-revision-hash';
const BURST = 250;

/** The tolerations the controller adds to every daemon pod, in the order it adds them. */
function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });
  const list = [
    t('node.kubernetes.io/not-ready', 'NoExecute'),
    t('node.kubernetes.io/unreachable', 'NoExecute'),
    t('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    t('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    t('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    t('node.kubernetes.io/unschedulable', 'NoSchedule'),
  ];
  if (hostNetwork) list.push(t('node.kubernetes.io/network-unavailable', 'NoSchedule'));
  return list;
}

/** AddOrUpdateTolerationInPodSpec: an equal toleration is replaced, others appended. */
function withDaemonTolerations(spec: any): Toleration[] {
  const out: Toleration[] = [...(spec?.tolerations ?? [])];
  for (const t of daemonTolerations(!!spec?.hostNetwork)) {
    const same = (o: Toleration) =>
      o.key === t.key &&
      (o.operator ?? 'Equal') === t.operator &&
      (o.value ?? '') === '' &&
      o.effect === t.effect;
    const at = out.findIndex(same);
    if (at >= 0) out[at] = t;
    else out.push(t);
  }
  return out;
}

const tolerationLists = new WeakMap<object, Toleration[]>();

/** withDaemonTolerations of a stored template spec, made once: it is asked for every node. */
function daemonPodTolerations(spec: any): Toleration[] {
  if (spec === null || typeof spec !== 'object') return withDaemonTolerations(spec);
  let list = tolerationLists.get(spec);
  if (!list) tolerationLists.set(spec, (list = withDaemonTolerations(spec)));
  return list;
}

/** NodeShouldRunDaemonPod: whether a pod should be placed, and whether one may stay. */
export function nodeShouldRun(
  ds: KubeObject,
  node: KubeObject,
): { shouldRun: boolean; shouldContinue: boolean } {
  const spec = ds.spec?.template?.spec ?? {};
  if (spec.nodeName && spec.nodeName !== node.metadata.name)
    return { shouldRun: false, shouldContinue: false };
  if (!requiredAffinityMatches(spec, node)) return { shouldRun: false, shouldContinue: false };
  const tolerations = daemonPodTolerations(spec);
  const taints = taintsOf(node);
  if (!untoleratedTaint(taints, tolerations, ['NoSchedule', 'NoExecute']))
    return { shouldRun: true, shouldContinue: true };
  return {
    shouldRun: false,
    shouldContinue: !untoleratedTaint(taints, tolerations, ['NoExecute']),
  };
}

/** The node a daemon pod is for: its nodeName, or the name in its pinning affinity term. */
function targetNode(pod: KubeObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1)
        return f.values[0];
    }
  }
  return undefined;
}

export class DaemonSetController implements Controller {
  readonly name = 'daemonset-controller';
  readonly watches = ['DaemonSet', 'Node', 'Pod', 'ControllerRevision'] as const;

  keysFor(change: Change, ctx: ReadContext, add: (key: string) => void): void {
    const obj = change.object;
    if (obj.kind === 'DaemonSet') add(nsKey(obj));
    else if (obj.kind === 'Node') {
      if (change.type === 'modified' && sameScheduling(change.old!, obj)) return;
      for (const ds of ctx.list('DaemonSet')) add(nsKey(ds));
    } else if (obj.kind === 'Pod' || obj.kind === 'ControllerRevision') {
      enqueueOwners('DaemonSet', obj, ctx, add);
      if (change.old && change.old.metadata.labels !== obj.metadata.labels)
        enqueueOwners('DaemonSet', change.old, ctx, add);
    }
  }

  sync(key: string, ctx: SyncContext): void {
    const { namespace, name } = splitKey(key);
    const ds = ctx.get('DaemonSet', namespace, name);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const selector = fromLabelSelector(ds.spec?.selector);
    if (isEverything(selector)) {
      ctx.event(
        ds,
        'Warning',
        'SelectingAll',
        'This daemon set is selecting all pods. A non-empty selector is required.',
      );
      return;
    }

    const history = this.constructHistory(ds, ctx);
    if (!history) return;
    const live = ctx.get('DaemonSet', namespace, name)!;
    const nodes = [...ctx.list('Node')].sort((a, b) =>
      a.metadata.name! < b.metadata.name! ? -1 : 1,
    );

    this.manage(live, nodes, history.hash, ctx);
    if ((live.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      this.rollingUpdate(live, nodes, history.hash, ctx);
    }
    this.cleanupHistory(live, history.old, ctx);
    this.updateStatus(live, nodes, history.hash, ctx);
  }

  /** Claimed pods (terminating ones included) grouped by the node they are for. */
  private podsByNode(ds: KubeObject, ctx: SyncContext): Map<string, KubeObject[]> {
    const pods = claimPods(ctx, ds, fromLabelSelector(ds.spec?.selector), () => true);
    const byNode = new Map<string, KubeObject[]>();
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (pod.metadata.deletionTimestamp && (phase === 'Succeeded' || phase === 'Failed')) continue;
      const node = targetNode(pod) ?? '';
      let list = byNode.get(node);
      if (!list) byNode.set(node, (list = []));
      list.push(pod);
    }
    return byNode;
  }

  // -------------------------------------------------------------------------------------------
  // manage: create and delete pods per node

  private manage(ds: KubeObject, nodes: KubeObject[], hash: string, ctx: SyncContext): void {
    const byNode = this.podsByNode(ds, ctx);
    const toCreate: string[] = [];
    const toDelete: KubeObject[] = [];
    const known = new Set(nodes.map((n) => n.metadata.name!));

    for (const node of nodes) {
      const pods = byNode.get(node.metadata.name!) ?? [];
      const { shouldRun, shouldContinue } = nodeShouldRun(ds, node);
      if (shouldRun && pods.length === 0) toCreate.push(node.metadata.name!);
      else if (shouldContinue) this.keepOne(ds, pods, node, toDelete, ctx);
      else for (const p of pods) if (!p.metadata.deletionTimestamp) toDelete.push(p);
    }
    // Pods for nodes that no longer exist and were never scheduled go too.
    for (const [node, pods] of byNode) {
      if (known.has(node)) continue;
      for (const p of pods)
        if (!p.spec?.nodeName && !p.metadata.deletionTimestamp) toDelete.push(p);
    }
    this.syncNodes(ds, toCreate, toDelete, hash, ctx);
  }

  /** On a node that may keep its pod: drop failed and succeeded pods, and all but the oldest. */
  private keepOne(
    ds: KubeObject,
    pods: KubeObject[],
    node: KubeObject,
    toDelete: KubeObject[],
    ctx: SyncContext,
  ): void {
    const running: KubeObject[] = [];
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp) continue;
      const where = `${pod.metadata.namespace}/${pod.metadata.name} on node ${node.metadata.name}`;
      if (pod.status?.phase === 'Failed') {
        ctx.event(
          ds,
          'Warning',
          'FailedDaemonPod',
          `Found failed daemon pod ${where}, will try to kill it`,
        );
        toDelete.push(pod);
      } else if (pod.status?.phase === 'Succeeded') {
        ctx.event(
          ds,
          'Normal',
          'SucceededDaemonPod',
          `Found succeeded daemon pod ${where}, will try to delete it`,
        );
        toDelete.push(pod);
      } else {
        running.push(pod);
      }
    }
    if (running.length <= 1) return;
    running.sort(oldestFirst(ctx));
    toDelete.push(...running.slice(1));
  }

  private syncNodes(
    ds: KubeObject,
    nodes: string[],
    toDelete: KubeObject[],
    hash: string,
    ctx: SyncContext,
  ): void {
    const create = nodes.slice(0, BURST);
    let i = 0;
    const result = slowStartBatch(create.length, () => {
      const pod = this.newPod(ds, create[i++], hash, ctx);
      const created = ctx.create(pod, `for node ${create[i - 1]}`);
      if (created.ok) {
        ctx.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.object.metadata.name}`);
        return undefined;
      }
      ctx.event(ds, 'Warning', 'FailedCreate', `Error creating: ${created.error}`);
      return created.error;
    });
    if (result.error)
      ctx.warn(`DaemonSet ${ds.metadata.name} could not create pods: ${result.error}`);

    for (const pod of toDelete.slice(0, BURST)) {
      const deleted = ctx.delete(pod);
      if (deleted.ok)
        ctx.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      else if (deleted.reason !== 'NotFound')
        ctx.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${deleted.error}`);
    }
  }

  /** A daemon pod for `node`: the template plus tolerations, revision labels and node pinning. */
  private newPod(ds: KubeObject, node: string, hash: string, ctx: ReadContext): KubeObject {
    const proto = this.prototype(ds, hash, ctx);
    const affinity = { ...(proto.spec.affinity ?? {}) };
    affinity.nodeAffinity = {
      ...(affinity.nodeAffinity ?? {}),
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] },
        ],
      },
    };
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...proto.metadata,
        generateName: podNamePrefix(ds.metadata.name!),
        namespace: ds.metadata.namespace,
        ownerReferences: [newControllerRef(ds)],
      },
      spec: { ...proto.spec, affinity },
    };
  }

  private prototypes = new WeakMap<object, Map<string, KubeObject>>();

  private prototype(ds: KubeObject, hash: string, ctx: ReadContext): KubeObject {
    const template = ds.spec.template;
    const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION];
    const cacheKey = `${hash}/${generation ?? ''}`;
    let byKey = this.prototypes.get(template);
    if (!byKey) this.prototypes.set(template, (byKey = new Map()));
    const cached = byKey.get(cacheKey);
    if (cached) return cached;

    const base = podPrototype(template, ctx);
    const labels: Record<string, string> = {
      ...(base.metadata.labels ?? {}),
      [REVISION_HASH]: hash,
    };
    if (generation !== undefined) labels['pod-template-generation'] = generation;
    const proto = freeze({
      ...base,
      metadata: { ...base.metadata, labels },
      spec: { ...base.spec, tolerations: withDaemonTolerations(base.spec) },
    });
    byKey.set(cacheKey, proto);
    return proto;
  }

  // -------------------------------------------------------------------------------------------
  // rolling update

  /**
   * Replaces old pods node by node: unavailable old pods at once, available ones only while
   * fewer than maxUnavailable nodes are unavailable. Percentages round up against the number of
   * nodes that should run a pod; both 0 makes maxUnavailable 1.
   */
  private rollingUpdate(ds: KubeObject, nodes: KubeObject[], hash: string, ctx: SyncContext): void {
    const desired = nodes.filter((n) => nodeShouldRun(ds, n).shouldRun).length;
    const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
    let maxUnavailable = scaledValue(ru.maxUnavailable ?? 1, desired, true);
    const maxSurge = scaledValue(ru.maxSurge ?? 0, desired, true);
    if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
    // FIXME: With maxSurge > 0 the real controller starts the new pod before removing the old
    // one on each node; this simulation replaces pods as if maxSurge were 0.

    const minReady = Number(ds.spec?.minReadySeconds ?? 0);
    const byNode = this.podsByNode(
      ctx.get('DaemonSet', ds.metadata.namespace, ds.metadata.name!)!,
      ctx,
    );
    let unavailable = 0;
    const replace: KubeObject[] = [];
    const candidates: KubeObject[] = [];
    for (const node of [...byNode.keys()].sort()) {
      const split = splitByRevision(byNode.get(node)!, hash);
      if (!split) {
        unavailable++;
        continue;
      }
      const { newPod, oldPod } = split;
      if ((!newPod && !oldPod) || (newPod && oldPod)) unavailable++;
      else if (newPod) {
        if (!isAvailable(newPod, minReady, ctx)) unavailable++;
      } else if (!isAvailable(oldPod!, minReady, ctx)) {
        replace.push(oldPod!);
        unavailable++;
      } else if (unavailable < maxUnavailable) {
        candidates.push(oldPod!);
      }
    }
    const remaining = Math.max(0, maxUnavailable - unavailable);
    const victims = [...replace, ...candidates.slice(0, remaining)];
    if (victims.length) this.syncNodes(ds, [], victims, hash, ctx);
  }

  // -------------------------------------------------------------------------------------------
  // history

  /** The revision data: the template as a strategic-merge "replace" patch, keys sorted. */
  private revisionData(ds: KubeObject, ctx: ReadContext): string {
    return ctx.machinery.revisionData(ds.spec.template);
  }

  private constructHistory(
    ds: KubeObject,
    ctx: SyncContext,
  ): { hash: string; old: KubeObject[] } | undefined {
    const histories = this.claimHistories(ds, ctx);
    const data = this.revisionData(ds, ctx);
    const current = histories.filter((h) => goJson(h.data) === data);
    const old = histories.filter((h) => !current.includes(h));
    const next = old.reduce((m, h) => Math.max(m, Number(h.revision ?? 0)), 0) + 1;

    if (current.length === 0) {
      const created = this.snapshot(ds, data, next, ctx);
      return created && { hash: created.metadata.labels![REVISION_HASH], old };
    }
    current.sort((a, b) => Number(b.revision) - Number(a.revision));
    const [cur, ...dups] = current;
    for (const dup of dups) ctx.delete(dup, 'Background', 'duplicate revision');
    if (Number(cur.revision) < next) ctx.update({ ...cur, revision: next }, `revision ${next}`);
    return {
      hash:
        cur.metadata.labels?.[REVISION_HASH] ??
        ctx.machinery.templateHash(ds.spec.template, ds.status?.collisionCount),
      old,
    };
  }

  private claimHistories(ds: KubeObject, ctx: SyncContext): KubeObject[] {
    const selector = fromLabelSelector(ds.spec?.selector);
    const uid = ds.metadata.uid!;
    const out: KubeObject[] = [];
    for (const h of ctx.dependents(uid)) {
      if (h.kind !== 'ControllerRevision' || controllerRef(h)?.uid !== uid) continue;
      if (matches(selector, h.metadata.labels)) out.push(h);
      else release(ctx, h, uid);
    }
    for (const h of ctx.server.store.selectOrphans(
      'ControllerRevision',
      ds.metadata.namespace!,
      selector,
    )) {
      const adopted = adopt(ctx, ds, h);
      if (adopted) out.push(adopted);
    }
    return out;
  }

  private snapshot(
    ds: KubeObject,
    data: string,
    revision: number,
    ctx: SyncContext,
  ): KubeObject | undefined {
    const hash = ctx.machinery.templateHash(ds.spec.template, ds.status?.collisionCount);
    const cr: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: `${ds.metadata.name}-${hash}`,
        namespace: ds.metadata.namespace,
        labels: { ...(ds.spec.template?.metadata?.labels ?? {}), [REVISION_HASH]: hash },
        ...(ds.metadata.annotations ? { annotations: ds.metadata.annotations } : {}),
        ownerReferences: [newControllerRef(ds)],
      },
      data: JSON.parse(data),
      revision,
    };
    const result = ctx.create(cr, `revision ${revision}`);
    if (result.ok) return result.object;
    if (result.reason !== 'AlreadyExists') return undefined;
    const existing = ctx.get('ControllerRevision', ds.metadata.namespace, cr.metadata.name!)!;
    if (goJson(existing.data) === data) return existing;
    const status = {
      ...(ds.status ?? {}),
      collisionCount: Number(ds.status?.collisionCount ?? 0) + 1,
    };
    ctx.updateStatus(ds, status, `collisionCount=${status.collisionCount}`);
    return undefined;
  }

  /** Keeps revisionHistoryLimit old revisions, never one a live pod still carries. */
  private cleanupHistory(ds: KubeObject, old: KubeObject[], ctx: SyncContext): void {
    const limit = Number(ds.spec?.revisionHistoryLimit ?? 10);
    let toKill = old.length - limit;
    if (toKill <= 0) return;
    const live = new Set<string>();
    for (const pod of ctx.dependents(ds.metadata.uid!)) {
      const h = pod.kind === 'Pod' ? pod.metadata.labels?.[REVISION_HASH] : undefined;
      if (h) live.add(h);
    }
    for (const h of [...old].sort((a, b) => Number(a.revision) - Number(b.revision))) {
      if (toKill <= 0) break;
      if (live.has(h.metadata.labels?.[REVISION_HASH] ?? '')) continue;
      ctx.delete(h, 'Background', 'beyond revisionHistoryLimit');
      toKill--;
    }
  }

  // -------------------------------------------------------------------------------------------
  // status

  private updateStatus(ds: KubeObject, nodes: KubeObject[], hash: string, ctx: SyncContext): void {
    const live = ctx.get('DaemonSet', ds.metadata.namespace, ds.metadata.name!);
    if (!live) return;
    const byNode = this.podsByNode(live, ctx);
    const minReady = Number(live.spec?.minReadySeconds ?? 0);
    const c = { desired: 0, current: 0, misscheduled: 0, ready: 0, available: 0, updated: 0 };
    let nextAvailable = Infinity;
    for (const node of nodes) {
      const pods = byNode.get(node.metadata.name!) ?? [];
      if (!nodeShouldRun(live, node).shouldRun) {
        if (pods.length) c.misscheduled++;
        continue;
      }
      c.desired++;
      if (!pods.length) continue;
      c.current++;
      const pod = [...pods].sort(oldestFirst(ctx))[0];
      if (isPodReady(pod)) {
        c.ready++;
        const at = availableAt(pod, minReady, ctx)!;
        if (at <= ctx.now) c.available++;
        else nextAvailable = Math.min(nextAvailable, at);
      }
      if (pod.metadata.labels?.[REVISION_HASH] === hash) c.updated++;
    }
    const status: any = {
      currentNumberScheduled: c.current,
      numberMisscheduled: c.misscheduled,
      desiredNumberScheduled: c.desired,
      numberReady: c.ready,
    };
    if (live.metadata.generation) status.observedGeneration = live.metadata.generation;
    if (c.updated) status.updatedNumberScheduled = c.updated;
    if (c.available) status.numberAvailable = c.available;
    if (c.desired - c.available) status.numberUnavailable = c.desired - c.available;
    if (live.status?.collisionCount !== undefined)
      status.collisionCount = live.status.collisionCount;
    if (!deepEqual(status, live.status)) {
      ctx.updateStatus(
        live,
        status,
        `status desired=${c.desired} current=${c.current} ready=${c.ready}`,
      );
    }
    if (nextAvailable !== Infinity) ctx.after(nextAvailable - ctx.now, nsKey(live));
  }
}

function isAvailable(pod: KubeObject, minReady: number, ctx: ReadContext): boolean {
  const at = availableAt(pod, minReady, ctx);
  return at !== undefined && at <= ctx.now;
}

/** findUpdatedPodsOnNode: at most one new and one old live pod, else undefined. */
function splitByRevision(
  pods: KubeObject[],
  hash: string,
): { newPod?: KubeObject; oldPod?: KubeObject } | undefined {
  let newPod: KubeObject | undefined;
  let oldPod: KubeObject | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (pod.metadata.labels?.[REVISION_HASH] === hash) {
      if (newPod) return undefined;
      newPod = pod;
    } else {
      if (oldPod) return undefined;
      oldPod = pod;
    }
  }
  return { newPod, oldPod };
}

/** Scheduled pods first, then older, then by name. */
function oldestFirst(ctx: ReadContext) {
  return (a: KubeObject, b: KubeObject): number => {
    const sa = a.spec?.nodeName ? 0 : 1;
    const sb = b.spec?.nodeName ? 0 : 1;
    if (sa !== sb) return sa - sb;
    const ta = ctx.msOf(a.metadata.creationTimestamp) ?? 0;
    const tb = ctx.msOf(b.metadata.creationTimestamp) ?? 0;
    if (ta !== tb) return ta - tb;
    return a.metadata.name! < b.metadata.name! ? -1 : 1;
  };
}

function sameScheduling(a: KubeObject, b: KubeObject): boolean {
  return (
    deepEqual(a.metadata.labels, b.metadata.labels) &&
    deepEqual(a.spec?.taints, b.spec?.taints) &&
    a.spec?.unschedulable === b.spec?.unschedulable
  );
}
