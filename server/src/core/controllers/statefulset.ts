/**
 * The StatefulSet controller: pods named `<set>-<ordinal>` with stable hostnames, one
 * PersistentVolumeClaim per claim template and ordinal (`<claim>-<set>-<ordinal>`), created in
 * order and each waited for (OrderedReady) or all at once (Parallel), removed from the highest
 * ordinal, and rolled from the highest ordinal down to the partition. Revisions are
 * ControllerRevisions named `<set>-<hash>` with the FNV-1 hash of their data.
 */
import type { KubeObject } from '../cluster/api';
import { matches } from '../api/selectors';
import { deepEqual, goJson } from '../cluster/objects';
import type { Change } from '../cluster/server';
import {
  enqueueOwners,
  fromLabelSelector,
  atLeast,
  controllerRef,
  newControllerRef,
  nsKey,
  splitKey,
  type Controller,
  type ReadContext,
  type SyncContext,
} from './context';
import {
  adopt,
  availableAt,
  claimPods,
  isPodReady,
  podPrototype,
  release,
  slowStartBatch,
} from './pods';

const REVISION_HASH = 'controller-revision-hash';
const HASH_LABEL = 'controller.kubernetes.io/hash';
const POD_NAME = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX = 'apps.kubernetes.io/pod-index';

interface Revisions {
  current: KubeObject;
  update: KubeObject;
}

export class StatefulSetController implements Controller {
  readonly name = 'statefulset-controller';
  readonly watches = ['StatefulSet', 'Pod', 'ControllerRevision'] as const;

  keysFor(change: Change, ctx: ReadContext, add: (key: string) => void): void {
    const obj = change.object;
    if (obj.kind === 'StatefulSet') add(nsKey(obj));
    else if (obj.kind === 'Pod' || obj.kind === 'ControllerRevision') {
      enqueueOwners('StatefulSet', obj, ctx, add);
    }
  }

  sync(key: string, ctx: SyncContext): void {
    const { namespace, name } = splitKey(key);
    const set = ctx.get('StatefulSet', namespace, name);
    if (!set || set.metadata.deletionTimestamp) return;

    const revisions = this.revisions(set, ctx);
    if (!revisions) return;
    const pods = claimPods(
      ctx,
      set,
      fromLabelSelector(set.spec?.selector),
      (p) => ownedOrdinal(set, p) !== undefined,
    );
    this.updateSet(set, pods, revisions, ctx);
    this.updateStatus(set, revisions, ctx);
  }

  // -------------------------------------------------------------------------------------------
  // the ordered walk over replicas

  private updateSet(
    set: KubeObject,
    claimed: KubeObject[],
    rev: Revisions,
    ctx: SyncContext,
  ): void {
    const start = Number(set.spec?.ordinals?.start ?? 0);
    const replicas = Number(set.spec?.replicas ?? 1);
    const ordered = (set.spec?.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const byOrdinal = new Map<number, KubeObject>();
    for (const pod of claimed) byOrdinal.set(ownedOrdinal(set, pod)!, pod);

    const missing: number[] = [];
    for (let ord = start; ord < start + replicas; ord++) {
      const pod = byOrdinal.get(ord);
      if (!pod) {
        missing.push(ord);
        if (ordered) break;
        continue;
      }
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') {
        this.deletePod(set, pod, ctx);
        if (ordered) return;
        continue;
      }
      if (ordered && !this.healthy(set, pod, ctx)) return;
    }
    if (missing.length) {
      this.createPods(set, missing, rev, ctx);
      return;
    }

    const condemned = [...byOrdinal.keys()]
      .filter((o) => o < start || o >= start + replicas)
      .sort((a, b) => b - a);
    for (const ord of condemned) {
      const pod = byOrdinal.get(ord)!;
      if (pod.metadata.deletionTimestamp) {
        if (ordered) return;
        continue;
      }
      this.deletePod(set, pod, ctx);
      if (ordered) return;
    }
    if (condemned.length) return;

    if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
    this.rollingUpdate(set, byOrdinal, rev, start, replicas, ctx);
  }

  /** Running, Ready and available (minReadySeconds), and not terminating. */
  private healthy(set: KubeObject, pod: KubeObject, ctx: ReadContext): boolean {
    if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running' || !isPodReady(pod))
      return false;
    const at = availableAt(pod, Number(set.spec?.minReadySeconds ?? 0), ctx);
    return at !== undefined && at <= ctx.now;
  }

  /** From the highest ordinal down to the partition: replace the first pod of an old revision. */
  private rollingUpdate(
    set: KubeObject,
    byOrdinal: Map<number, KubeObject>,
    rev: Revisions,
    start: number,
    replicas: number,
    ctx: SyncContext,
  ): void {
    const partition = Number(set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0);
    const updateName = rev.update.metadata.name!;
    for (let ord = start + replicas - 1; ord >= start + partition; ord--) {
      const pod = byOrdinal.get(ord)!;
      if (pod.metadata.labels?.[REVISION_HASH] !== updateName && !pod.metadata.deletionTimestamp) {
        this.deletePod(set, pod, ctx);
        return;
      }
      if (!this.healthy(set, pod, ctx)) return;
    }
  }

  private createPods(set: KubeObject, ordinals: number[], rev: Revisions, ctx: SyncContext): void {
    let i = 0;
    slowStartBatch(ordinals.length, () => {
      const ord = ordinals[i++];
      const claims = this.createClaims(set, ord, ctx);
      if (claims) return claims;
      const pod = this.newPod(set, ord, this.revisionFor(set, ord, rev), ctx);
      const result = ctx.create(pod, `ordinal ${ord}`);
      if (result.ok) {
        ctx.event(
          set,
          'Normal',
          'SuccessfulCreate',
          `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
        );
        return undefined;
      }
      ctx.event(
        set,
        'Warning',
        'FailedCreate',
        `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} ` +
          `failed error: ${result.error}`,
      );
      return result.error;
    });
  }

  /**
   * The revision a new pod gets (newVersionedStatefulSetPod): the current one below the
   * partition (or, without rollingUpdate, below the count of current replicas), else the update.
   */
  private revisionFor(set: KubeObject, ord: number, rev: Revisions): KubeObject {
    const strategy = set.spec?.updateStrategy ?? {};
    const start = Number(set.spec?.ordinals?.start ?? 0);
    const ru = strategy.rollingUpdate;
    const rolling = (strategy.type ?? 'RollingUpdate') === 'RollingUpdate';
    const belowCurrent = rolling && !ru && ord < start + Number(set.status?.currentReplicas ?? 0);
    const belowPartition = !!ru && ord < start + Number(ru.partition ?? 0);
    return belowCurrent || belowPartition ? rev.current : rev.update;
  }

  private createClaims(set: KubeObject, ord: number, ctx: SyncContext): string | undefined {
    for (const tmpl of set.spec?.volumeClaimTemplates ?? []) {
      const name = `${tmpl.metadata?.name}-${set.metadata.name}-${ord}`;
      if (ctx.get('PersistentVolumeClaim', set.metadata.namespace, name)) continue;
      const labels = {
        ...(tmpl.metadata?.labels ?? {}),
        ...(set.spec?.selector?.matchLabels ?? {}),
      };
      const pvc: KubeObject = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name, namespace: set.metadata.namespace, labels },
        spec: { ...tmpl.spec },
      };
      const result = ctx.create(pvc, `for ordinal ${ord}`, false);
      const podName = `${set.metadata.name}-${ord}`;
      if (!result.ok) {
        ctx.event(
          set,
          'Warning',
          'FailedCreate',
          `create Claim ${name} for Pod ${podName} in StatefulSet ${set.metadata.name} ` +
            `failed error: ${result.error}`,
        );
        return result.error;
      }
      ctx.event(
        set,
        'Normal',
        'SuccessfulCreate',
        `create Claim ${name} Pod ${podName} in StatefulSet ${set.metadata.name} success`,
      );
    }
    return undefined;
  }

  private newPod(set: KubeObject, ord: number, revision: KubeObject, ctx: ReadContext): KubeObject {
    const template = revisionTemplate(revision) ?? set.spec.template;
    const proto = podPrototype(template, ctx);
    const name = `${set.metadata.name}-${ord}`;
    const labels: Record<string, string> = {
      ...(proto.metadata.labels ?? {}),
      [REVISION_HASH]: revision.metadata.name!,
      [POD_NAME]: name,
    };
    if (atLeast(ctx.minor, '1.28')) labels[POD_INDEX] = String(ord);
    const volumes = [...(proto.spec.volumes ?? [])];
    for (const tmpl of set.spec?.volumeClaimTemplates ?? []) {
      const claimName = `${tmpl.metadata?.name}-${set.metadata.name}-${ord}`;
      const at = volumes.findIndex((v: any) => v.name === tmpl.metadata?.name);
      const volume = { name: tmpl.metadata?.name, persistentVolumeClaim: { claimName } };
      if (at >= 0) volumes[at] = volume;
      else volumes.push(volume);
    }
    const spec: any = { ...proto.spec, hostname: name };
    if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
    if (volumes.length) spec.volumes = volumes;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...proto.metadata,
        name,
        namespace: set.metadata.namespace,
        labels,
        ownerReferences: [newControllerRef(set)],
      },
      spec,
    };
  }

  private deletePod(set: KubeObject, pod: KubeObject, ctx: SyncContext): void {
    const result = ctx.delete(pod);
    const base = `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name}`;
    if (result.ok) ctx.event(set, 'Normal', 'SuccessfulDelete', `${base} successful`);
    else ctx.event(set, 'Warning', 'FailedDelete', `${base} failed error: ${result.error}`);
  }

  // -------------------------------------------------------------------------------------------
  // revisions

  private revisions(set: KubeObject, ctx: SyncContext): Revisions | undefined {
    const histories = this.claimHistories(set, ctx);
    const data = ctx.machinery.revisionData(set.spec.template);
    const collision = Number(set.status?.collisionCount ?? 0);
    const hash = ctx.machinery.revisionHash(data, collision);
    const next = histories.reduce((m, h) => Math.max(m, Number(h.revision ?? 0)), 0) + 1;

    let update = histories.find(
      (h) => h.metadata.labels?.[HASH_LABEL] === hash && goJson(h.data) === data,
    );
    if (!update) {
      const cr: KubeObject = {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: {
          name: `${set.metadata.name!.slice(0, 223)}-${hash}`,
          namespace: set.metadata.namespace,
          labels: { ...(set.spec.template?.metadata?.labels ?? {}), [HASH_LABEL]: hash },
          ...(set.metadata.annotations ? { annotations: set.metadata.annotations } : {}),
          ownerReferences: [newControllerRef(set)],
        },
        data: JSON.parse(data),
        revision: next,
      };
      const result = ctx.create(cr, `revision ${next}`);
      if (!result.ok) return undefined;
      update = result.object;
    } else if (Number(update.revision) < next - 1) {
      // An equal revision that is not the latest is a rollback: it becomes the latest again.
      const raised = ctx.update({ ...update, revision: next }, `revision ${next}`);
      if (raised.ok) update = raised.object;
    }
    const currentName = set.status?.currentRevision;
    const current =
      (currentName && ctx.get('ControllerRevision', set.metadata.namespace, currentName)) || update;
    this.cleanupHistory(set, [current, update], ctx);
    return { current, update };
  }

  private claimHistories(set: KubeObject, ctx: SyncContext): KubeObject[] {
    const selector = fromLabelSelector(set.spec?.selector);
    const uid = set.metadata.uid!;
    const out: KubeObject[] = [];
    for (const h of ctx.dependents(uid)) {
      if (h.kind !== 'ControllerRevision' || controllerRef(h)?.uid !== uid) continue;
      if (matches(selector, h.metadata.labels)) out.push(h);
      else release(ctx, h, uid);
    }
    for (const h of ctx.server.store.selectOrphans(
      'ControllerRevision',
      set.metadata.namespace!,
      selector,
    )) {
      const adopted = adopt(ctx, set, h);
      if (adopted) out.push(adopted);
    }
    return out;
  }

  /** Keeps revisionHistoryLimit revisions besides the live ones, deleting the oldest first. */
  private cleanupHistory(set: KubeObject, live: KubeObject[], ctx: SyncContext): void {
    const limit = Number(set.spec?.revisionHistoryLimit ?? 10);
    const keep = new Set(live.map((h) => h.metadata.name));
    for (const pod of ctx.dependents(set.metadata.uid!)) {
      if (pod.kind === 'Pod') keep.add(pod.metadata.labels?.[REVISION_HASH]);
    }
    const old = ctx
      .dependents(set.metadata.uid!)
      .filter((h) => h.kind === 'ControllerRevision' && !keep.has(h.metadata.name))
      .sort((a, b) => Number(a.revision) - Number(b.revision));
    for (const h of old.slice(0, Math.max(0, old.length - limit)))
      ctx.delete(h, 'Background', 'beyond revisionHistoryLimit');
  }

  // -------------------------------------------------------------------------------------------
  // status

  private updateStatus(set: KubeObject, rev: Revisions, ctx: SyncContext): void {
    const live = ctx.get('StatefulSet', set.metadata.namespace, set.metadata.name!);
    if (!live) return;
    const pods = ctx
      .dependents(live.metadata.uid!)
      .filter((p) => p.kind === 'Pod' && ownedOrdinal(live, p) !== undefined);
    const minReady = Number(live.spec?.minReadySeconds ?? 0);
    let replicas = 0;
    let ready = 0;
    let available = 0;
    let current = 0;
    let updated = 0;
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp) continue;
      replicas++;
      if (isPodReady(pod)) {
        ready++;
        const at = availableAt(pod, minReady, ctx)!;
        if (at <= ctx.now) available++;
      }
      const label = pod.metadata.labels?.[REVISION_HASH];
      if (label === rev.current.metadata.name) current++;
      if (label === rev.update.metadata.name) updated++;
    }
    const want = Number(live.spec?.replicas ?? 1);
    const status: any = {
      observedGeneration: live.metadata.generation,
      replicas,
      readyReplicas: ready,
      currentReplicas: current,
      updatedReplicas: updated,
      currentRevision: rev.current.metadata.name,
      updateRevision: rev.update.metadata.name,
      collisionCount: Number(live.status?.collisionCount ?? 0),
      availableReplicas: available,
    };
    // A finished rolling update makes the update revision the current one.
    if (
      updated === want &&
      ready === want &&
      replicas === want &&
      status.currentRevision !== status.updateRevision
    ) {
      status.currentRevision = status.updateRevision;
      status.currentReplicas = updated;
    }
    for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas'])
      if (!status[k]) delete status[k];
    if (!deepEqual(status, live.status))
      ctx.updateStatus(live, status, `status replicas=${replicas} ready=${ready}`);
  }
}

/** The ordinal of a pod named `<set>-<n>`, or undefined when it is not one of the set's. */
function ownedOrdinal(set: KubeObject, pod: KubeObject): number | undefined {
  const prefix = `${set.metadata.name}-`;
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^\d+$/.test(rest) ? Number(rest) : undefined;
}

function revisionTemplate(revision: KubeObject): any | undefined {
  const t = (revision.data as any)?.spec?.template;
  if (!t) return undefined;
  const { $patch, ...template } = t;
  void $patch;
  if (template.metadata && template.metadata.creationTimestamp === null) {
    const { creationTimestamp, ...meta } = template.metadata;
    void creationTimestamp;
    template.metadata = meta;
  }
  return template;
}
