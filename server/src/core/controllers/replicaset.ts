/**
 * The ReplicaSet controller, which also runs ReplicationControllers (as kube-controller-manager
 * does, with a map selector): claim pods, create or delete the difference in slow-start batches
 * of at most 500, and write the status.
 */
import type { KubeObject } from '../cluster/api';
import { matches, type Selector } from '../api/selectors';
import type { Change } from '../cluster/server';
import {
  fromLabelSelector,
  fromMapSelector,
  controllerRef,
  ownerKey,
  nsKey,
  splitKey,
  type Controller,
  type ReadContext,
  type SyncContext,
} from './context';
import {
  availableAt,
  BURST_REPLICAS,
  claimPods,
  isPodActive,
  isPodReady,
  podFromTemplate,
  podNamePrefix,
  rankForDeletion,
  slowStartBatch,
} from './pods';

export class ReplicaSetController implements Controller {
  readonly name: string;
  readonly watches: readonly string[];

  constructor(readonly kind: 'ReplicaSet' | 'ReplicationController' = 'ReplicaSet') {
    this.name = kind === 'ReplicaSet' ? 'replicaset-controller' : 'replication-controller';
    this.watches = [kind, 'Pod'];
  }

  selectorOf(rs: KubeObject): Selector {
    if (this.kind === 'ReplicaSet') return fromLabelSelector(rs.spec?.selector);
    // An RC without a selector selects its template's labels (the API server defaults it so).
    return fromMapSelector(rs.spec?.selector ?? rs.spec?.template?.metadata?.labels);
  }

  keysFor(change: Change, ctx: ReadContext, add: (key: string) => void): void {
    const obj = change.object;
    if (obj.kind === this.kind) {
      add(nsKey(obj));
      return;
    }
    if (obj.kind !== 'Pod') return;
    this.podOwners(obj, ctx, add);
    if (change.old && change.old.metadata.labels !== obj.metadata.labels)
      this.podOwners(change.old, ctx, add);
  }

  /** The owner of a pod, or for an orphan every ReplicaSet whose selector matches it. */
  private podOwners(pod: KubeObject, ctx: ReadContext, add: (key: string) => void): void {
    const ref = controllerRef(pod);
    if (ref) {
      if (ref.kind === this.kind) add(ownerKey(pod.metadata.namespace, ref));
      return;
    }
    for (const rs of ctx.list(this.kind, pod.metadata.namespace)) {
      if (matches(this.selectorOf(rs), pod.metadata.labels)) add(nsKey(rs));
    }
  }

  /** What the last full claim of each ReplicaSet established; see canCount. */
  private verified = new Map<string, Verified>();

  clone(): ReplicaSetController {
    const copy = new ReplicaSetController(this.kind);
    copy.verified = new Map(this.verified);
    return copy;
  }

  sync(key: string, ctx: SyncContext): void {
    const { namespace, name } = splitKey(key);
    const rs = ctx.get(this.kind, namespace, name);
    if (!rs) {
      return;
    }
    if (this.canCount(rs, ctx)) {
      this.syncCounted(rs, ctx);
      return;
    }

    const selector = this.selectorOf(rs);
    const pods = claimPods(ctx, rs, selector);

    let failure: { reason: string; message: string } | undefined;
    if (!rs.metadata.deletionTimestamp) failure = this.manageReplicas(rs, pods, ctx);

    const allFullyLabeled = this.updateStatus(rs, pods, failure, ctx);
    this.verified.set(rs.metadata.uid!, {
      selector,
      templateLabels: rs.spec?.template?.metadata?.labels,
      labelChanges: ctx.server.store.podTally(rs.metadata.uid!).labelChanges,
      allFullyLabeled,
    });
  }

  /**
   * Whether this sync may work from the store's counts of the pods the ReplicaSet controls
   * instead of walking them: the last full claim found every pod matching and fully labelled,
   * and since then neither the selector, the template labels nor any pod's labels changed. It
   * also needs minReadySeconds 0 (availability is then readiness) and no orphan to adopt.
   */
  private canCount(rs: KubeObject, ctx: SyncContext): boolean {
    const seen = this.verified.get(rs.metadata.uid!);
    if (!seen?.allFullyLabeled || rs.metadata.deletionTimestamp) return false;
    if (Number(rs.spec?.minReadySeconds ?? 0) > 0) return false;
    if (seen.selector !== this.selectorOf(rs)) return false;
    if (seen.templateLabels !== rs.spec?.template?.metadata?.labels) return false;
    if (seen.labelChanges !== ctx.server.store.podTally(rs.metadata.uid!).labelChanges) return false;
    const orphans = ctx.server.store.selectOrphans('Pod', rs.metadata.namespace!, this.selectorOf(rs));
    return !orphans.some((p) => isPodActive(p));
  }

  /**
   * The counted sync: create what is missing (pods stamped from the template match and carry
   * its labels), and take status from the counts. Scaling down needs the pods to rank them, so
   * it takes the full path.
   */
  private syncCounted(rs: KubeObject, ctx: SyncContext): void {
    const uid = rs.metadata.uid!;
    const diff = ctx.server.store.podTally(uid).active - Number(rs.spec?.replicas ?? 1);
    if (diff > 0) {
      this.verified.delete(uid);
      this.sync(nsKey(rs), ctx);
      return;
    }
    const failure = diff < 0 ? this.createPods(rs, Math.min(-diff, BURST_REPLICAS), [], ctx) : undefined;

    const live = ctx.get(this.kind, rs.metadata.namespace, rs.metadata.name ?? '')!;
    const tally = ctx.server.store.podTally(uid);
    const status = this.statusWith(live, tally.active, tally.active, tally.ready, tally.ready, failure, ctx);
    const detail = `status replicas=${tally.active} ready=${tally.ready} available=${tally.ready}`;
    ctx.updateStatus(live, status, detail);
  }

  /**
   * Creates or deletes pods to reach spec.replicas, keeping `pods` (the claimed active pods) up to
   * date; returns a failure for the status.
   */
  private manageReplicas(rs: KubeObject, pods: KubeObject[], ctx: SyncContext) {
    const want = Number(rs.spec?.replicas ?? 1);
    const diff = pods.length - want;
    if (diff < 0) return this.createPods(rs, Math.min(-diff, BURST_REPLICAS), pods, ctx);
    if (diff > 0) this.deletePods(rs, pods, Math.min(diff, BURST_REPLICAS), ctx);
    return undefined;
  }

  private createPods(rs: KubeObject, count: number, pods: KubeObject[], ctx: SyncContext) {
    const prefix = podNamePrefix(rs.metadata.name ?? '');
    const result = slowStartBatch(count, () => {
      const pod = podFromTemplate(rs.spec.template, rs, ctx, prefix);
      const created = ctx.create(pod);
      if (created.ok) {
        pods.push(created.object);
        ctx.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.object.metadata.name}`);
        return undefined;
      }
      ctx.event(rs, 'Warning', 'FailedCreate', `Error creating: ${created.error}`);
      return created.error;
    });
    if (result.error === undefined) return undefined;
    ctx.warn(`${this.kind} ${rs.metadata.name} could not create pods: ${result.error}`);
    return { reason: 'FailedCreate', message: result.error };
  }

  private deletePods(rs: KubeObject, pods: KubeObject[], count: number, ctx: SyncContext): void {
    const victims =
      count >= pods.length
        ? pods
        : rankForDeletion(pods, this.relatedPods(rs, ctx), ctx).slice(0, count);
    const deleted = new Set<KubeObject>();
    for (const pod of victims) {
      const result = ctx.delete(pod);
      if (result.ok) {
        deleted.add(pod);
        ctx.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      } else if (result.reason !== 'NotFound') {
        ctx.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${result.error}`);
      }
    }
    const kept = pods.filter((p) => !deleted.has(p));
    pods.length = 0;
    for (const p of kept) pods.push(p);
  }

  /** Pods of every ReplicaSet with the same controlling owner (getIndirectlyRelatedPods). */
  private relatedPods(rs: KubeObject, ctx: ReadContext): KubeObject[] {
    const owner = controllerRef(rs);
    const siblings = owner ? ctx.dependents(owner.uid).filter((o) => o.kind === this.kind) : [rs];
    const pods: KubeObject[] = [];
    for (const s of siblings)
      for (const p of ctx.dependents(s.metadata.uid!)) if (p.kind === 'Pod') pods.push(p);
    return pods;
  }

  /** Writes status from the claimed pods; returns whether all of them carry the template labels. */
  private updateStatus(
    rs: KubeObject,
    pods: KubeObject[],
    failure: { reason: string; message: string } | undefined,
    ctx: SyncContext,
  ): boolean {
    const live = ctx.get(this.kind, rs.metadata.namespace, rs.metadata.name ?? '');
    if (!live) return false;
    const minReady = Number(live.spec?.minReadySeconds ?? 0);
    const templateLabels = live.spec?.template?.metadata?.labels ?? {};
    let fullyLabeled = 0;
    let ready = 0;
    let available = 0;
    let nextAvailable = Infinity;
    for (const pod of pods) {
      if (hasAll(pod.metadata.labels, templateLabels)) fullyLabeled++;
      if (!isPodReady(pod)) continue;
      ready++;
      const at = availableAt(pod, minReady, ctx)!;
      if (at <= ctx.now) available++;
      else nextAvailable = Math.min(nextAvailable, at);
    }
    const status = this.statusWith(live, pods.length, fullyLabeled, ready, available, failure, ctx);
    ctx.updateStatus(
      live,
      status,
      `status replicas=${pods.length} ready=${ready} available=${available}`,
    );
    if (nextAvailable !== Infinity) ctx.after(nextAvailable - ctx.now, nsKey(live));
    return fullyLabeled === pods.length;
  }

  private statusWith(
    rs: KubeObject,
    replicas: number,
    fullyLabeled: number,
    ready: number,
    available: number,
    failure: { reason: string; message: string } | undefined,
    ctx: ReadContext,
  ): any {
    const status: any = { replicas };
    if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    if (rs.metadata.generation) status.observedGeneration = rs.metadata.generation;
    const old = (rs.status?.conditions as any[] | undefined)?.find(
      (c) => c.type === 'ReplicaFailure',
    );
    if (failure) {
      status.conditions = [
        old ?? {
          type: 'ReplicaFailure',
          status: 'True',
          lastTransitionTime: ctx.timestamp(),
          reason: failure.reason,
          message: failure.message,
        },
      ];
    }
    return status;
  }
}

/** What a full claim of one ReplicaSet found, and the state it found it in. */
interface Verified {
  selector: Selector;
  templateLabels: unknown;
  labelChanges: number;
  allFullyLabeled: boolean;
}

function hasAll(labels: Record<string, string> | undefined, want: Record<string, string>): boolean {
  for (const k in want) if (labels?.[k] !== want[k]) return false;
  return true;
}

export { isPodActive };
