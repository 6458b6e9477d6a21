/**
 * The deployment controller's arithmetic and bookkeeping (deployment/util): fenceposts, revisions,
 * replica annotations, the new ReplicaSet's size, proportions, conditions and status.
 */
import type { KubeObject } from '../cluster/api';
import { semanticEqual } from '../cluster/objects';
import type { ReadContext } from './context';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const ROLLBACK_TO = 'deprecated.deployment.rollback.to';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const POD_TEMPLATE_HASH = 'pod-template-hash';
const MAX_REV_HISTORY_CHARS = 2000;
export const MAX_INT32 = 2147483647;

/** Annotations the controller never copies from a Deployment to its ReplicaSets. */
const SKIPPED = new Set([
  LAST_APPLIED,
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  ROLLBACK_TO,
]);

export function replicasOf(obj: KubeObject): number {
  const r = obj.spec?.replicas;
  return typeof r === 'number' ? r : 1;
}

export function isRollingUpdate(d: KubeObject): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/**
 * An int-or-percent against `total`: percentages scale in float64 and round up for surge, down
 * for unavailability. Example: 25% of 10 is 2.5, so surge 3 and unavailable 2.
 */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return 0;
  const m = /^(\d+)%$/.exec(value);
  if (!m) return Number.isNaN(Number(value)) ? 0 : Number(value);
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * ResolveFenceposts: surge rounded up, unavailable rounded down, and when both come out 0 the
 * rollout could never move, so unavailable becomes 1. Example: 1 replica, maxSurge 0,
 * maxUnavailable 25% gives floor(0.25) = 0 and surge 0, so unavailable is forced to 1.
 */
export function resolveFenceposts(d: KubeObject): { surge: number; unavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const replicas = replicasOf(d);
  const surge = scaledValue(ru.maxSurge ?? '25%', replicas, true);
  let unavailable = scaledValue(ru.maxUnavailable ?? '25%', replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: KubeObject): number {
  return isRollingUpdate(d) ? resolveFenceposts(d).surge : 0;
}

export function maxUnavailable(d: KubeObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d).unavailable, replicas);
}

export function revisionOf(rs: KubeObject): number {
  const v = Number.parseInt(rs.metadata.annotations?.[REVISION] ?? '', 10);
  return Number.isNaN(v) ? 0 : v;
}

export function maxRevision(rss: KubeObject[]): number {
  let max = 0;
  for (const rs of rss) {
    const raw = rs.metadata.annotations?.[REVISION];
    const v = raw === undefined ? NaN : Number(raw);
    if (Number.isInteger(v) && v > max) max = v;
  }
  return max;
}

/** Older first, equal creation times by name: ReplicaSetsByCreationTimestamp. */
export function byCreation(ctx: ReadContext) {
  return (a: KubeObject, b: KubeObject): number => {
    const ta = ctx.msOf(a.metadata.creationTimestamp) ?? 0;
    const tb = ctx.msOf(b.metadata.creationTimestamp) ?? 0;
    if (ta !== tb) return ta - tb;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  };
}

/** EqualIgnoreHash: templates equal once `pod-template-hash` is taken out of both. */
export function equalIgnoreHash(a: any, b: any): boolean {
  const strip = (t: any) => {
    const labels = { ...(t?.metadata?.labels ?? {}) };
    delete labels[POD_TEMPLATE_HASH];
    return { ...t, metadata: { ...(t?.metadata ?? {}), labels } };
  };
  return semanticEqual(strip(a), strip(b));
}

export function specReplicas(rss: KubeObject[]): number {
  return rss.reduce((n, rs) => n + replicasOf(rs), 0);
}

export function statusSum(rss: KubeObject[], field: string): number {
  return rss.reduce((n, rs) => n + Number(rs.status?.[field] ?? 0), 0);
}

export function activeOnly(rss: KubeObject[]): KubeObject[] {
  return rss.filter((rs) => replicasOf(rs) > 0);
}

/**
 * NewRSNewReplicas for a rolling update: grow the new ReplicaSet as far as the surge allows.
 * Example: 10 replicas, surge 3, old RS at 10 and new at 0 → room 13 − 10 = 3 → new RS 3.
 */
export function newRSNewReplicas(d: KubeObject, all: KubeObject[], newRS: KubeObject): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const maxTotal = replicasOf(d) + resolveFenceposts(d).surge;
  const current = specReplicas(all);
  if (current >= maxTotal) return replicasOf(newRS);
  const up = Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
  return replicasOf(newRS) + up;
}

/** Copies the Deployment's own annotations onto the RS; true when something changed. */
export function copyAnnotations(d: KubeObject, annotations: Record<string, string>): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIPPED.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * SetNewReplicaSetAnnotations: copied annotations, the revision raised to `newRevision` when
 * lower (remembering the old one in revision-history, as a rollback does), and on creation the
 * desired and max replica counts.
 */
export function setNewRSAnnotations(
  d: KubeObject,
  annotations: Record<string, string>,
  newRevision: number,
  exists: boolean,
): boolean {
  let changed = copyAnnotations(d, annotations);
  const had = REVISION in annotations;
  const oldRaw = annotations[REVISION] ?? '';
  const oldRevision = oldRaw === '' ? 0 : Number(oldRaw);
  if (!Number.isInteger(oldRevision)) return false;
  if (oldRevision < newRevision) {
    annotations[REVISION] = String(newRevision);
    changed = true;
    if (had) appendRevisionHistory(annotations, oldRaw);
  }
  if (!exists && setReplicasAnnotations(annotations, replicasOf(d), replicasOf(d) + maxSurge(d)))
    changed = true;
  return changed;
}

function appendRevisionHistory(annotations: Record<string, string>, oldRevision: string): void {
  const history = annotations[REVISION_HISTORY];
  if (!history) {
    annotations[REVISION_HISTORY] = oldRevision;
    return;
  }
  const entries = [...history.split(','), oldRevision];
  while (entries.join(',').length > MAX_REV_HISTORY_CHARS && entries.length > 1) entries.shift();
  annotations[REVISION_HISTORY] = entries.join(',');
}

export function setReplicasAnnotations(
  annotations: Record<string, string>,
  desired: number,
  max: number,
): boolean {
  const d = String(desired);
  const m = String(max);
  if (annotations[DESIRED_REPLICAS] === d && annotations[MAX_REPLICAS] === m) return false;
  annotations[DESIRED_REPLICAS] = d;
  annotations[MAX_REPLICAS] = m;
  return true;
}

export function replicasAnnotationsNeedUpdate(
  rs: KubeObject,
  desired: number,
  max: number,
): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

function intAnnotation(rs: KubeObject, key: string): number | undefined {
  const raw = rs.metadata.annotations?.[key];
  if (raw === undefined) return undefined;
  const v = Number(raw);
  return Number.isInteger(v) ? v : undefined;
}

export function desiredReplicasAnnotation(rs: KubeObject): number | undefined {
  return intAnnotation(rs, DESIRED_REPLICAS);
}

/**
 * GetReplicaSetProportion: this RS's share of a resize, from its size relative to the
 * max-replicas it was annotated with. Example: 10→20 replicas mid-rollout, A=8 and B=5 both
 * annotated 13, new allowed size 25: A gets round(8·25/13) − 8 = 7, B round(5·25/13) − 5 = 5.
 */
export function proportion(rs: KubeObject, d: KubeObject, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: KubeObject, d: KubeObject): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  const annotated = intAnnotation(rs, MAX_REPLICAS) ?? Number(d.status?.replicas ?? 0);
  if (!annotated) return 0;
  const size = (replicasOf(rs) * deploymentReplicas) / annotated;
  return goRound(size) - replicasOf(rs);
}

/** math.Round: half away from zero. */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export function hasProgressDeadline(d: KubeObject): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return typeof s === 'number' && s !== MAX_INT32;
}

export function hasRevisionHistoryLimit(d: KubeObject): boolean {
  const l = d.spec?.revisionHistoryLimit;
  return typeof l === 'number' && l !== MAX_INT32;
}

// ---------------------------------------------------------------------------------------------
// Conditions and status.

export interface Condition {
  type: string;
  status: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export function getCondition(status: any, type: string): Condition | undefined {
  return (status?.conditions as Condition[] | undefined)?.find((c) => c.type === type);
}

export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
): Condition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/**
 * SetDeploymentCondition: nothing when status and reason are unchanged; else the old condition
 * is removed and the new one appended, keeping the transition time when the status is the same.
 */
export function setCondition(status: any, cond: Condition): void {
  const current = getCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  if (current && current.status === cond.status)
    cond = { ...cond, lastTransitionTime: current.lastTransitionTime };
  status.conditions = [
    ...(status.conditions ?? []).filter((c: Condition) => c.type !== cond.type),
    cond,
  ];
}

export function removeCondition(status: any, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c: Condition) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

/** calculateStatus: sums over the ReplicaSets and the Available condition. */
export function calculateStatus(
  all: KubeObject[],
  newRS: KubeObject | undefined,
  d: KubeObject,
  now: string,
): any {
  const available = statusSum(all, 'availableReplicas');
  const unavailable = Math.max(0, specReplicas(all) - available);
  const status: any = { observedGeneration: d.metadata.generation };
  const counts: Array<[string, number]> = [
    ['replicas', statusSum(all, 'replicas')],
    ['updatedReplicas', newRS ? Number(newRS.status?.replicas ?? 0) : 0],
    ['readyReplicas', statusSum(all, 'readyReplicas')],
    ['availableReplicas', available],
    ['unavailableReplicas', unavailable],
  ];
  for (const [k, v] of counts) if (v) status[k] = v;
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions) status.conditions = d.status.conditions;

  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const cond =
    available >= minAvailable
      ? newCondition(
          'Available',
          'True',
          'MinimumReplicasAvailable',
          'Deployment has minimum availability.',
          now,
        )
      : newCondition(
          'Available',
          'False',
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
          now,
        );
  setCondition(status, cond);
  return status;
}

export function deploymentComplete(d: KubeObject, status: any): boolean {
  const r = replicasOf(d);
  return (
    Number(status.updatedReplicas ?? 0) === r &&
    Number(status.replicas ?? 0) === r &&
    Number(status.availableReplicas ?? 0) === r &&
    Number(status.observedGeneration ?? 0) >= Number(d.metadata.generation ?? 0)
  );
}

export function deploymentProgressing(d: KubeObject, next: any): boolean {
  const old = d.status ?? {};
  const n = (v: unknown) => Number(v ?? 0);
  const oldOld = n(old.replicas) - n(old.updatedReplicas);
  const newOld = n(next.replicas) - n(next.updatedReplicas);
  return (
    n(next.updatedReplicas) > n(old.updatedReplicas) ||
    newOld < oldOld ||
    n(next.readyReplicas) > n(old.readyReplicas) ||
    n(next.availableReplicas) > n(old.availableReplicas)
  );
}
