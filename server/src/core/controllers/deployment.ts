/**
 * The deployment controller: one ReplicaSet per pod template, named with the template's hash;
 * rolling updates within maxSurge and maxUnavailable, Recreate, proportional scaling, pause,
 * revision history and progress conditions. One sync takes one branch and returns, as
 * syncDeployment does, and is entered again on the next change.
 */
import type { KubeObject } from '../cluster/api';
import { matches } from '../api/selectors';
import { deepClone, deepEqual } from '../cluster/objects';
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
  activeOnly,
  byCreation,
  calculateStatus,
  deploymentComplete,
  deploymentProgressing,
  desiredReplicasAnnotation,
  equalIgnoreHash,
  getCondition,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newCondition,
  newRSNewReplicas,
  POD_TEMPLATE_HASH,
  proportion,
  removeCondition,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  REVISION,
  revisionOf,
  setCondition,
  setNewRSAnnotations,
  setReplicasAnnotations,
  specReplicas,
  statusSum,
} from './deploymentutil';
import { adopt, release } from './pods';

const NAME = 'deployment-controller';

interface RSSet {
  newRS?: KubeObject;
  oldRSs: KubeObject[];
}

export class DeploymentController implements Controller {
  readonly name = NAME;
  readonly watches = ['Deployment', 'ReplicaSet', 'Pod'] as const;

  keysFor(change: Change, ctx: ReadContext, add: (key: string) => void): void {
    const obj = change.object;
    if (obj.kind === 'Deployment') {
      add(nsKey(obj));
    } else if (obj.kind === 'ReplicaSet') {
      enqueueOwners('Deployment', obj, ctx, add);
      if (change.old && change.old.metadata.labels !== obj.metadata.labels)
        enqueueOwners('Deployment', change.old, ctx, add);
    } else if (obj.kind === 'Pod' && change.type === 'deleted') {
      // Recreate waits for the old pods to be gone, so a pod's deletion wakes its Deployment.
      const rsRef = controllerRef(obj);
      const rs = rsRef?.kind === 'ReplicaSet' ? ctx.byUid(rsRef.uid) : undefined;
      const dRef = rs && controllerRef(rs);
      if (dRef?.kind === 'Deployment') add(`${obj.metadata.namespace}/${dRef.name}`);
    }
  }

  sync(key: string, ctx: SyncContext): void {
    const { namespace, name } = splitKey(key);
    const d = ctx.get('Deployment', namespace, name);
    if (!d) return;

    const rsList = this.claimReplicaSets(d, ctx);
    if (d.metadata.deletionTimestamp) {
      this.syncStatusOnly(d, rsList, ctx);
      return;
    }
    // FIXME: The controller-side rollback of the `deprecated.deployment.rollback.to` annotation
    // (only reachable through the removed extensions/v1beta1 API) is not simulated; kubectl's
    // client-side `rollout undo` is.
    const live = this.checkPausedConditions(d, ctx);
    if (live.spec?.paused) {
      this.syncScale(live, rsList, ctx);
      return;
    }
    if (this.isScalingEvent(live, rsList, ctx)) {
      this.syncScale(this.fresh(live, ctx), this.claimReplicaSets(live, ctx), ctx);
      return;
    }
    const current = this.fresh(live, ctx);
    const rss = this.claimReplicaSets(current, ctx);
    if (current.spec?.strategy?.type === 'Recreate') this.rolloutRecreate(current, rss, ctx);
    else this.rolloutRolling(current, rss, ctx);
  }

  private fresh(d: KubeObject, ctx: ReadContext): KubeObject {
    return ctx.get('Deployment', d.metadata.namespace, d.metadata.name ?? '') ?? d;
  }

  /** ClaimReplicaSets: my ReplicaSets that still match, plus matching orphans adopted now. */
  private claimReplicaSets(d: KubeObject, ctx: SyncContext): KubeObject[] {
    const selector = fromLabelSelector(d.spec?.selector);
    const uid = d.metadata.uid!;
    const deleting = !!d.metadata.deletionTimestamp;
    const claimed: KubeObject[] = [];
    for (const rs of ctx.dependents(uid)) {
      if (rs.kind !== 'ReplicaSet' || controllerRef(rs)?.uid !== uid) continue;
      if (matches(selector, rs.metadata.labels) || deleting) claimed.push(rs);
      else release(ctx, rs, uid);
    }
    if (deleting) return claimed;
    for (const rs of ctx.server.store.selectOrphans(
      'ReplicaSet',
      d.metadata.namespace!,
      selector,
    )) {
      if (rs.metadata.deletionTimestamp) continue;
      const adopted = adopt(ctx, d, rs);
      if (adopted) claimed.push(adopted);
    }
    return claimed;
  }

  // -------------------------------------------------------------------------------------------
  // finding and creating the new ReplicaSet

  /** FindNewReplicaSet: the oldest RS whose template equals the Deployment's, ignoring the hash. */
  private findNewRS(d: KubeObject, rsList: KubeObject[], ctx: ReadContext): RSSet {
    const sorted = [...rsList].sort(byCreation(ctx));
    const newRS = sorted.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
    return { newRS, oldRSs: sorted.filter((rs) => rs !== newRS) };
  }

  /** getAllReplicaSetsAndSyncRevision: the new RS (created when asked) and the old ones. */
  private getAll(
    d: KubeObject,
    rsList: KubeObject[],
    create: boolean,
    ctx: SyncContext,
  ): RSSet & { failed?: boolean } {
    const { newRS, oldRSs } = this.findNewRS(d, rsList, ctx);
    const newRevision = maxRevision(oldRSs) + 1;
    if (newRS) return { newRS: this.syncExistingNewRS(d, newRS, newRevision, ctx), oldRSs };
    if (!create) return { oldRSs };
    const created = this.createNewRS(d, oldRSs, newRevision, ctx);
    return created ? { newRS: created, oldRSs } : { oldRSs, failed: true };
  }

  private syncExistingNewRS(
    d: KubeObject,
    rs: KubeObject,
    newRevision: number,
    ctx: SyncContext,
  ): KubeObject {
    const annotations = { ...(rs.metadata.annotations ?? {}) };
    const changed = setNewRSAnnotations(d, annotations, newRevision, true);
    const minReady = d.spec?.minReadySeconds ?? 0;
    if (changed || (rs.spec?.minReadySeconds ?? 0) !== minReady) {
      const spec = { ...rs.spec, minReadySeconds: minReady };
      if (!minReady) delete spec.minReadySeconds;
      const updated = ctx.update(
        { ...rs, metadata: { ...rs.metadata, annotations }, spec },
        `revision ${annotations[REVISION]}`,
      );
      return updated.ok ? updated.object : rs;
    }

    const status = { ...(d.status ?? {}) };
    let needsUpdate = this.setRevision(d, rs.metadata.annotations?.[REVISION]);
    if (hasProgressDeadline(d) && !getCondition(status, 'Progressing')) {
      const msg = `Found new replica set "${rs.metadata.name}"`;
      setCondition(
        status,
        newCondition('Progressing', 'True', 'FoundNewReplicaSet', msg, ctx.timestamp()),
      );
      needsUpdate = true;
    }
    if (needsUpdate) this.writeStatus(d, status, ctx, rs.metadata.annotations?.[REVISION]);
    return rs;
  }

  /** True when the Deployment's revision annotation must change to `revision`. */
  private setRevision(d: KubeObject, revision: string | undefined): boolean {
    return revision !== undefined && d.metadata.annotations?.[REVISION] !== revision;
  }

  /**
   * Writes status, and the revision annotation, which the controller sets through UpdateStatus
   * (so it never bumps the generation).
   */
  private writeStatus(d: KubeObject, status: any, ctx: SyncContext, revision?: string): KubeObject {
    const live = this.fresh(d, ctx);
    const annotations =
      revision === undefined
        ? live.metadata.annotations
        : { ...(live.metadata.annotations ?? {}), [REVISION]: revision };
    const target = { ...live, metadata: { ...live.metadata, annotations } };
    const result = ctx.updateStatus(
      target,
      status,
      `status revision=${annotations?.[REVISION] ?? ''}`,
      true,
    );
    return result.ok ? result.object : live;
  }

  private createNewRS(
    d: KubeObject,
    oldRSs: KubeObject[],
    newRevision: number,
    ctx: SyncContext,
  ): KubeObject | undefined {
    const collisionCount = d.status?.collisionCount;
    const hash = ctx.machinery.templateHash(d.spec.template, collisionCount);
    const template = deepClone(d.spec.template);
    template.metadata = { ...(template.metadata ?? {}) };
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const selector = deepClone(d.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };

    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: template.metadata.labels,
        annotations: {},
        ownerReferences: [newControllerRef(d)],
      },
      spec: { replicas: 0, selector, template },
    };
    if (d.spec.minReadySeconds) rs.spec.minReadySeconds = d.spec.minReadySeconds;
    rs.spec.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
    setNewRSAnnotations(d, rs.metadata.annotations!, newRevision, false);

    const result = ctx.create(rs, `replicas ${rs.spec.replicas}`, false);
    if (!result.ok) return this.handleCreateFailure(d, rs, result, ctx);

    const created = result.object;
    if (created.spec.replicas > 0) {
      ctx.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        this.createdMessage(created.metadata.name!, created.spec.replicas, ctx),
      );
    }
    const status = { ...(d.status ?? {}) };
    if (hasProgressDeadline(d)) {
      const msg = `Created new replica set "${created.metadata.name}"`;
      setCondition(
        status,
        newCondition('Progressing', 'True', 'NewReplicaSetCreated', msg, ctx.timestamp()),
      );
    }
    this.writeStatus(d, status, ctx, String(newRevision));
    return created;
  }

  /**
   * AlreadyExists with a ReplicaSet I own and the same template means it is mine after all;
   * anything else is a hash collision: count it and retry under another name next sync.
   */
  private handleCreateFailure(
    d: KubeObject,
    rs: KubeObject,
    result: { reason: string; error: string },
    ctx: SyncContext,
  ) {
    if (result.reason === 'AlreadyExists') {
      const existing = ctx.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name!)!;
      if (
        controllerRef(existing)?.uid === d.metadata.uid &&
        equalIgnoreHash(existing.spec?.template, d.spec?.template)
      ) {
        return existing;
      }
      const status = {
        ...(d.status ?? {}),
        collisionCount: Number(d.status?.collisionCount ?? 0) + 1,
      };
      ctx.updateStatus(d, status, `collisionCount=${status.collisionCount}`);
      return undefined;
    }
    const msg = `Failed to create new replica set "${rs.metadata.name}": ${result.error}`;
    if (hasProgressDeadline(d)) {
      const status = { ...(d.status ?? {}) };
      setCondition(
        status,
        newCondition('Progressing', 'False', 'ReplicaSetCreateError', msg, ctx.timestamp()),
      );
      ctx.updateStatus(d, status);
    }
    ctx.event(d, 'Warning', 'ReplicaSetCreateError', msg);
    ctx.warn(msg);
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // scaling and events

  private createdMessage(name: string, replicas: number, ctx: ReadContext): string {
    return atLeast(ctx.minor, '1.31')
      ? `Scaled up replica set ${name} from 0 to ${replicas}`
      : `Scaled up replica set ${name} to ${replicas}`;
  }

  private scaledMessage(
    op: string,
    name: string,
    from: number,
    to: number,
    ctx: ReadContext,
  ): string {
    return atLeast(ctx.minor, '1.31')
      ? `Scaled ${op} replica set ${name} from ${from} to ${to}`
      : `Scaled ${op} replica set ${name} to ${to}`;
  }

  /** scaleReplicaSetAndRecordEvent; returns the RS as stored afterwards and whether it scaled. */
  private scaleAndRecord(
    rs: KubeObject,
    to: number,
    d: KubeObject,
    ctx: SyncContext,
  ): { rs: KubeObject; scaled: boolean } {
    if (replicasOf(rs) === to) return { rs, scaled: false };
    return this.scaleRS(rs, to, d, replicasOf(rs) < to ? 'up' : 'down', ctx);
  }

  /** scaleReplicaSet: size and replica annotations in one update; an event for a size change. */
  private scaleRS(
    rs: KubeObject,
    to: number,
    d: KubeObject,
    op: string,
    ctx: SyncContext,
  ): { rs: KubeObject; scaled: boolean } {
    const desired = replicasOf(d);
    const max = desired + maxSurge(d);
    const sizeChanges = replicasOf(rs) !== to;
    if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, desired, max))
      return { rs, scaled: false };

    const annotations = { ...(rs.metadata.annotations ?? {}) };
    setReplicasAnnotations(annotations, desired, max);
    const from = replicasOf(rs);
    const next = {
      ...rs,
      metadata: { ...rs.metadata, annotations },
      spec: { ...rs.spec, replicas: to },
    };
    const result = ctx.update(next, `replicas ${from} -> ${to}`);
    if (!result.ok) return { rs, scaled: false };
    if (sizeChanges)
      ctx.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        this.scaledMessage(op, rs.metadata.name!, from, to, ctx),
      );
    return { rs: result.object, scaled: sizeChanges };
  }

  /** isScalingEvent: an active RS annotated with a desired count other than spec.replicas. */
  private isScalingEvent(d: KubeObject, rsList: KubeObject[], ctx: SyncContext): boolean {
    const { newRS, oldRSs } = this.getAll(d, rsList, false, ctx);
    const all = newRS ? [...oldRSs, newRS] : oldRSs;
    return activeOnly(all).some((rs) => {
      const desired = desiredReplicasAnnotation(rs);
      return desired !== undefined && desired !== replicasOf(d);
    });
  }

  /** sync: scale (proportionally when needed), clean up when paused, write status. */
  private syncScale(d: KubeObject, rsList: KubeObject[], ctx: SyncContext): void {
    const { newRS, oldRSs } = this.getAll(d, rsList, false, ctx);
    this.scale(d, newRS, oldRSs, ctx);
    const refreshed = this.refresh(ctx, newRS, oldRSs);
    if (d.spec?.paused) this.cleanup(refreshed.oldRSs, d, ctx);
    const after = this.refresh(ctx, refreshed.newRS, refreshed.oldRSs);
    this.syncDeploymentStatus(this.fresh(d, ctx), after, ctx);
  }

  private refresh(ctx: ReadContext, newRS: KubeObject | undefined, oldRSs: KubeObject[]): RSSet {
    const get = (rs: KubeObject) => ctx.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name!);
    return {
      newRS: newRS && get(newRS),
      oldRSs: oldRSs.map(get).filter((rs): rs is KubeObject => rs !== undefined),
    };
  }

  private scale(
    d: KubeObject,
    newRS: KubeObject | undefined,
    oldRSs: KubeObject[],
    ctx: SyncContext,
  ): void {
    const target = this.activeOrLatest(newRS, oldRSs, ctx);
    if (target) {
      if (replicasOf(target) !== replicasOf(d)) this.scaleAndRecord(target, replicasOf(d), d, ctx);
      return;
    }
    if (this.isSaturated(d, newRS)) {
      for (const old of activeOnly(oldRSs)) this.scaleAndRecord(old, 0, d, ctx);
      return;
    }
    if (isRollingUpdate(d)) this.scaleProportionally(d, newRS, oldRSs, ctx);
  }

  /** FindActiveOrLatest: the only active RS; with none, the new one or else the newest old one. */
  private activeOrLatest(
    newRS: KubeObject | undefined,
    oldRSs: KubeObject[],
    ctx: ReadContext,
  ): KubeObject | undefined {
    if (!newRS && oldRSs.length === 0) return undefined;
    const newestFirst = [...oldRSs].sort(byCreation(ctx)).reverse();
    const active = activeOnly(newRS ? [...newestFirst, newRS] : newestFirst);
    if (active.length === 0) return newRS ?? newestFirst[0];
    return active.length === 1 ? active[0] : undefined;
  }

  private isSaturated(d: KubeObject, rs: KubeObject | undefined): boolean {
    if (!rs) return false;
    const r = replicasOf(d);
    return (
      desiredReplicasAnnotation(rs) === r &&
      replicasOf(rs) === r &&
      Number(rs.status?.availableReplicas ?? 0) === r
    );
  }

  /**
   * Proportional scaling: the replicas to add or remove are shared by the active ReplicaSets in
   * proportion to their size; the rounding leftover goes to the first in order (largest; newest
   * first when growing, oldest first when shrinking).
   */
  private scaleProportionally(
    d: KubeObject,
    newRS: KubeObject | undefined,
    oldRSs: KubeObject[],
    ctx: SyncContext,
  ): void {
    const all = activeOnly(newRS ? [...oldRSs, newRS] : oldRSs);
    const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
    const toAdd = allowed - specReplicas(all);
    const created = byCreation(ctx);
    if (toAdd > 0) all.sort((a, b) => replicasOf(b) - replicasOf(a) || created(b, a));
    else if (toAdd < 0) all.sort((a, b) => replicasOf(b) - replicasOf(a) || created(a, b));

    const sizes = new Map<KubeObject, number>();
    let added = 0;
    for (const rs of all) {
      const share = toAdd !== 0 ? proportion(rs, d, toAdd, added) : 0;
      sizes.set(rs, replicasOf(rs) + share);
      added += share;
    }
    if (toAdd !== 0 && added !== toAdd && all.length) {
      sizes.set(all[0], Math.max(0, sizes.get(all[0])! + toAdd - added));
    }
    // FIXME: Releases before the per-ReplicaSet direction word (assumed here to be 1.32) named
    // the direction of the whole resize on every event; the first release to change this is
    // not confirmed.
    const globalOp = toAdd > 0 ? 'up' : 'down';
    for (const rs of all) {
      const to = sizes.get(rs)!;
      const op = atLeast(ctx.minor, '1.32') ? (replicasOf(rs) < to ? 'up' : 'down') : globalOp;
      this.scaleRS(rs, to, d, op, ctx);
    }
  }

  // -------------------------------------------------------------------------------------------
  // rollouts

  private rolloutRolling(d: KubeObject, rsList: KubeObject[], ctx: SyncContext): void {
    const got = this.getAll(d, rsList, true, ctx);
    if (got.failed) return;
    let { newRS, oldRSs } = got;
    d = this.fresh(d, ctx);

    if (newRS && this.reconcileNewRS([...oldRSs, newRS], newRS, d, ctx)) {
      this.syncRolloutStatus(d, this.refresh(ctx, newRS, oldRSs), ctx);
      return;
    }
    if (this.reconcileOldRSs(newRS, oldRSs, d, ctx)) {
      this.syncRolloutStatus(d, this.refresh(ctx, newRS, oldRSs), ctx);
      return;
    }
    ({ newRS, oldRSs } = this.refresh(ctx, newRS, oldRSs));
    if (deploymentComplete(d, d.status ?? {})) this.cleanup(oldRSs, d, ctx);
    this.syncRolloutStatus(d, this.refresh(ctx, newRS, oldRSs), ctx);
  }

  private reconcileNewRS(
    all: KubeObject[],
    newRS: KubeObject,
    d: KubeObject,
    ctx: SyncContext,
  ): boolean {
    const want = replicasOf(d);
    if (replicasOf(newRS) === want) return false;
    if (replicasOf(newRS) > want) return this.scaleAndRecord(newRS, want, d, ctx).scaled;
    return this.scaleAndRecord(newRS, newRSNewReplicas(d, all, newRS), d, ctx).scaled;
  }

  /**
   * reconcileOldReplicaSets. Example, replicas 3 with surge 1 and unavailable 0, old RS at 3
   * available and the new RS just created with 1 pod not yet available: all 4, minAvailable 3,
   * new RS unavailable 1, so maxScaledDown = 4 − 3 − 1 = 0 and nothing is scaled down yet.
   */
  private reconcileOldRSs(
    newRS: KubeObject | undefined,
    oldRSs: KubeObject[],
    d: KubeObject,
    ctx: SyncContext,
  ): boolean {
    const active = activeOnly(oldRSs);
    if (specReplicas(active) === 0) return false;
    const all = newRS ? [...oldRSs, newRS] : oldRSs;
    const minAvailable = replicasOf(d) - maxUnavailable(d);
    const newUnavailable = newRS
      ? replicasOf(newRS) - Number(newRS.status?.availableReplicas ?? 0)
      : 0;
    const maxScaledDown = specReplicas(all) - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;

    const { rss: cleaned, count: cleanedCount } = this.cleanupUnhealthy(
      active,
      d,
      maxScaledDown,
      ctx,
    );
    const allAfter = newRS ? [...cleaned, newRS] : cleaned;
    const scaledCount = this.scaleDownOld(allAfter, cleaned, d, ctx);
    return cleanedCount + scaledCount > 0;
  }

  /** Scales down old ReplicaSets' unavailable replicas first, oldest first. */
  private cleanupUnhealthy(
    oldRSs: KubeObject[],
    d: KubeObject,
    maxCleanup: number,
    ctx: SyncContext,
  ) {
    const rss = [...oldRSs].sort(byCreation(ctx));
    let total = 0;
    for (let i = 0; i < rss.length; i++) {
      if (total >= maxCleanup) break;
      const rs = rss[i];
      const available = Number(rs.status?.availableReplicas ?? 0);
      if (replicasOf(rs) === 0 || replicasOf(rs) === available) continue;
      const count = Math.min(maxCleanup - total, replicasOf(rs) - available);
      rss[i] = this.scaleAndRecord(rs, replicasOf(rs) - count, d, ctx).rs;
      total += count;
    }
    return { rss, count: total };
  }

  /** Scales old ReplicaSets down by what availability above minAvailable allows, oldest first. */
  private scaleDownOld(
    all: KubeObject[],
    oldRSs: KubeObject[],
    d: KubeObject,
    ctx: SyncContext,
  ): number {
    const minAvailable = replicasOf(d) - maxUnavailable(d);
    const available = statusSum(all, 'availableReplicas');
    if (available <= minAvailable) return 0;
    const budget = available - minAvailable;
    let total = 0;
    for (const rs of [...oldRSs].sort(byCreation(ctx))) {
      if (total >= budget) break;
      if (replicasOf(rs) === 0) continue;
      const count = Math.min(replicasOf(rs), budget - total);
      this.scaleAndRecord(rs, replicasOf(rs) - count, d, ctx);
      total += count;
    }
    return total;
  }

  private rolloutRecreate(d: KubeObject, rsList: KubeObject[], ctx: SyncContext): void {
    let { newRS, oldRSs } = this.getAll(d, rsList, false, ctx);
    let scaledDown = false;
    for (const rs of activeOnly(oldRSs))
      scaledDown = this.scaleAndRecord(rs, 0, d, ctx).scaled || scaledDown;
    if (scaledDown) {
      this.syncRolloutStatus(d, this.refresh(ctx, newRS, oldRSs), ctx);
      return;
    }
    if (this.oldPodsRunning(newRS, oldRSs, ctx)) {
      this.syncRolloutStatus(d, this.refresh(ctx, newRS, oldRSs), ctx);
      return;
    }
    if (!newRS) {
      const got = this.getAll(d, rsList, true, ctx);
      if (got.failed) return;
      ({ newRS, oldRSs } = got);
    }
    d = this.fresh(d, ctx);
    this.scaleAndRecord(newRS!, replicasOf(d), d, ctx);
    ({ newRS, oldRSs } = this.refresh(ctx, newRS, oldRSs));
    if (deploymentComplete(d, d.status ?? {})) this.cleanup(oldRSs, d, ctx);
    this.syncRolloutStatus(d, this.refresh(ctx, newRS, oldRSs), ctx);
  }

  /** Recreate waits while an old ReplicaSet reports pods or any old pod has not finished. */
  private oldPodsRunning(
    newRS: KubeObject | undefined,
    oldRSs: KubeObject[],
    ctx: ReadContext,
  ): boolean {
    if (oldRSs.some((rs) => Number(rs.status?.replicas ?? 0) > 0)) return true;
    for (const rs of oldRSs) {
      if (rs === newRS) continue;
      for (const pod of ctx.dependents(rs.metadata.uid!)) {
        if (pod.kind !== 'Pod') continue;
        const phase = pod.status?.phase;
        if (phase !== 'Failed' && phase !== 'Succeeded') return true;
      }
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // cleanup, paused conditions and status

  /** cleanupDeployment: deletes the lowest revisions beyond revisionHistoryLimit, if idle. */
  private cleanup(oldRSs: KubeObject[], d: KubeObject, ctx: SyncContext): void {
    if (!hasRevisionHistoryLimit(d)) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - d.spec.revisionHistoryLimit;
    if (diff <= 0) return;
    const created = byCreation(ctx);
    cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || created(a, b));
    for (const rs of cleanable.slice(0, diff)) {
      const idle =
        Number(rs.status?.replicas ?? 0) === 0 &&
        replicasOf(rs) === 0 &&
        Number(rs.metadata.generation ?? 0) <= Number(rs.status?.observedGeneration ?? 0);
      if (idle)
        ctx.delete(rs, 'Background', `revision ${revisionOf(rs)} beyond revisionHistoryLimit`);
    }
  }

  private checkPausedConditions(d: KubeObject, ctx: SyncContext): KubeObject {
    if (!hasProgressDeadline(d)) return d;
    const cond = getCondition(d.status, 'Progressing');
    if (cond?.reason === 'ProgressDeadlineExceeded') return d;
    const pausedExists = cond?.reason === 'DeploymentPaused';
    const status = { ...(d.status ?? {}) };
    if (d.spec?.paused && !pausedExists) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'Unknown',
          'DeploymentPaused',
          'Deployment is paused',
          ctx.timestamp(),
        ),
      );
    } else if (!d.spec?.paused && pausedExists) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'Unknown',
          'DeploymentResumed',
          'Deployment is resumed',
          ctx.timestamp(),
        ),
      );
    } else {
      return d;
    }
    const result = ctx.updateStatus(d, status, 'status paused condition');
    return result.ok ? result.object : d;
  }

  private syncStatusOnly(d: KubeObject, rsList: KubeObject[], ctx: SyncContext): void {
    this.syncDeploymentStatus(d, this.getAll(d, rsList, false, ctx), ctx);
  }

  private syncDeploymentStatus(d: KubeObject, rss: RSSet, ctx: SyncContext): void {
    const all = rss.newRS ? [...rss.oldRSs, rss.newRS] : rss.oldRSs;
    const status = calculateStatus(all, rss.newRS, d, ctx.timestamp());
    if (!deepEqual(status, d.status)) ctx.updateStatus(d, status, statusDetail(status));
  }

  /** syncRolloutStatus: status plus the Progressing condition, and the progress-deadline timer. */
  private syncRolloutStatus(d: KubeObject, rss: RSSet, ctx: SyncContext): void {
    d = this.fresh(d, ctx);
    const all = rss.newRS ? [...rss.oldRSs, rss.newRS] : rss.oldRSs;
    const now = ctx.timestamp();
    const status = calculateStatus(all, rss.newRS, d, now);
    if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');

    const current = getCondition(status, 'Progressing');
    const complete =
      status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
    if (hasProgressDeadline(d) && !complete)
      this.progressCondition(d, rss.newRS, status, current, now, ctx);
    this.copyReplicaFailure(rss, status);

    if (deepEqual(status, d.status)) {
      this.requeueStuck(d, status, ctx);
      return;
    }
    ctx.updateStatus(d, status, statusDetail(status));
  }

  private progressCondition(
    d: KubeObject,
    newRS: KubeObject | undefined,
    status: any,
    current: any,
    now: string,
    ctx: ReadContext,
  ) {
    const rsName = newRS?.metadata.name;
    if (deploymentComplete(d, status)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" has successfully progressed.`
        : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetAvailable', msg, now));
    } else if (deploymentProgressing(d, status)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" is progressing.`
        : `Deployment "${d.metadata.name}" is progressing.`;
      const cond = newCondition('Progressing', 'True', 'ReplicaSetUpdated', msg, now);
      if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
      removeCondition(status, 'Progressing');
      setCondition(status, cond);
    } else if (this.timedOut(d, status, ctx)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" has timed out progressing.`
        : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setCondition(
        status,
        newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', msg, now),
      );
    }
  }

  private timedOut(d: KubeObject, status: any, ctx: ReadContext): boolean {
    const cond = getCondition(status, 'Progressing');
    if (!cond || cond.reason === 'NewReplicaSetAvailable') return false;
    if (cond.reason === 'ProgressDeadlineExceeded') return true;
    const from = ctx.msOf(cond.lastUpdateTime) ?? 0;
    return from + d.spec.progressDeadlineSeconds * 1000 < ctx.now;
  }

  private copyReplicaFailure(rss: RSSet, status: any): void {
    const ordered = rss.newRS ? [rss.newRS, ...rss.oldRSs] : rss.oldRSs;
    for (const rs of ordered) {
      const failure = getCondition(rs.status, 'ReplicaFailure');
      if (!failure) continue;
      setCondition(status, { ...failure, lastUpdateTime: failure.lastTransitionTime });
      return;
    }
    removeCondition(status, 'ReplicaFailure');
  }

  /** requeueStuckDeployment: sync again just after the progress deadline would pass. */
  private requeueStuck(d: KubeObject, status: any, ctx: SyncContext): void {
    const cond = getCondition(status, 'Progressing');
    if (!hasProgressDeadline(d) || !cond) return;
    if (deploymentComplete(d, status) || cond.reason === 'ProgressDeadlineExceeded') return;
    const deadline = (ctx.msOf(cond.lastUpdateTime) ?? 0) + d.spec.progressDeadlineSeconds * 1000;
    ctx.after(Math.max(0, deadline - ctx.now) + 1000, nsKey(d), NAME, true);
  }
}

function statusDetail(status: any): string {
  const n = (v: unknown) => Number(v ?? 0);
  const counts = [status.replicas, status.updatedReplicas, status.availableReplicas].map(n);
  return `status replicas=${counts[0]} updated=${counts[1]} available=${counts[2]}`;
}

export { revisionOf };
