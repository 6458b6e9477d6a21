/**
 * "What would apply do": manifests applied to a copy of a simulated cluster and run to steady
 * state, told as a CodeLens line, a hover and the plan document. Pure: clusters in, text out.
 */
import type { ManifestObject } from '../core/api/objects';
import type { Cluster } from '../core/cluster';
import type { KubeObject, Outcome, Step } from '../core/cluster/api';
import { namePrefix } from '../core/kubectl/apply';
import { openApiError, serverDecode, serverSide } from '../core/kubectl/fieldValidation';
import type { Minor } from '../core/api/versions';
import { fromMapSelector, matches } from '../core/api/selectors';
import {
  ClusterIndex,
  controllerOf,
  idOf,
  keyOf,
  newestReplicaSet,
  plural,
  podState,
  workloadState,
} from './objects';

/** Controller syncs one preview may run before it stops and says so. */
export const PREVIEW_MAX_STEPS = 100_000;

export interface AppliedObject {
  object: ManifestObject;
  outcome: Outcome;
}

/** The cluster before, the same cluster after the apply and its controllers, and the way there. */
export interface World {
  before: Cluster;
  after: Cluster;
  applied: AppliedObject[];
  steps: Step[];
  /** The `after` cluster read once, on first use, for every lens and hover of the world. */
  index?: ClusterIndex;
  byObject?: Map<ManifestObject, AppliedObject>;
}

/** Why no world was built: a bound was hit. */
export interface Skipped {
  skipped: string;
}

function indexOf(world: World): ClusterIndex {
  world.index ??= new ClusterIndex(world.after);
  return world.index;
}

/** The manifest as kubectl would send it. */
export function asKube(object: ManifestObject): KubeObject {
  return object.value as unknown as KubeObject;
}

/**
 * Why the API server of `minor` would refuse to decode an object kubectl sends with its default
 * strict validation (kubectl itself checks against OpenAPI for 1.20), or undefined.
 */
export function decodeRefusal(object: KubeObject, minor: Minor): string | undefined {
  const failure = serverSide(minor)
    ? serverDecode(object, minor, 'Strict').failure
    : openApiError(object, 'manifest', minor);
  if (!failure) return undefined;
  return `the API server refuses ${namePrefix(object)}: ${failure}`;
}

/** Sends one object as `kubectl apply` would: refused when it cannot be decoded. */
export function applyDecoded(cluster: Cluster, object: KubeObject): Outcome {
  const refusal = decodeRefusal(object, cluster.minor);
  if (refusal) return { ok: false, reason: 'BadRequest', error: refusal };
  return cluster.apply(object);
}

/** Applies objects to a copy of `base`, in order, then runs the controllers to steady state. */
export function applyToCopy(base: Cluster, objects: readonly ManifestObject[]): World {
  const after = base.clone();
  const applied = objects.map((object) => ({ object, outcome: applyDecoded(after, asKube(object)) }));
  const steps = after.settle({ maxSteps: PREVIEW_MAX_STEPS });
  return { before: base, after, applied, steps };
}

function outcomeOf(world: World, object: ManifestObject): AppliedObject | undefined {
  if (!world.byObject) world.byObject = new Map(world.applied.map((a) => [a.object, a]));
  return world.byObject.get(object);
}

/** The first line of an error, shortened for a CodeLens. */
export function firstLine(text: string, max = 140): string {
  const line = text.split('\n')[0];
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function nodeList(pods: readonly KubeObject[]): string {
  const names = [
    ...new Set(pods.map((p) => p.spec?.nodeName).filter((n): n is string => !!n)),
  ].sort();
  return names.join(', ');
}

/** Why pods of a workload wait: the scheduler's last word on the first pending one. */
function pendingReason(cluster: Cluster, pods: readonly KubeObject[]): string | undefined {
  const pending = pods.find((p) => !p.spec?.nodeName);
  if (!pending) return undefined;
  const events = cluster.events(keyOf(pending)).filter((e) => e.reason === 'FailedScheduling');
  return events[events.length - 1]?.message;
}

/** What the pods of a workload look like: `2 pods · node-1`, with the pending ones explained. */
function podsLine(cluster: Cluster, pods: readonly KubeObject[]): string {
  const live = pods.filter((p) => !p.metadata.deletionTimestamp);
  const parts = [plural(live.length, 'pod')];
  const nodes = nodeList(live);
  if (nodes) parts.push(nodes);
  const waiting = live.filter((p) => !p.spec?.nodeName).length;
  if (waiting) {
    const why = pendingReason(cluster, live);
    parts.push(`${waiting} pending${why ? `: ${firstLine(why, 100)}` : ''}`);
  }
  return parts.join(' · ');
}

/** Why a DaemonSet runs nowhere: the nodes its selector or taints rule out. */
export function daemonSetNoNodes(ds: KubeObject, nodes: readonly KubeObject[]): string {
  const selector = ds.spec?.template?.spec?.nodeSelector as Record<string, string> | undefined;
  if (selector && Object.keys(selector).length) {
    const matching = nodes.filter((n) => matches(fromMapSelector(selector), n.metadata.labels));
    if (matching.length === 0) {
      const text = Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return `0 pods: no node matches nodeSelector ${text}`;
    }
  }
  if (nodes.length === 0) return '0 pods: the cluster has no nodes';
  return '0 pods: no node can run them';
}

/**
 * One line for a workload's CodeLens: `ReplicaSet pi-web-6b94d996cc · 2 pods · node-1`, or
 * why nothing runs.
 */
export function workloadLine(world: World, object: ManifestObject): string {
  const applied = outcomeOf(world, object);
  if (applied && !applied.outcome.ok) return `not applied: ${firstLine(applied.outcome.error)}`;
  const ref = keyOfManifest(object);
  const live = world.after.get(ref);
  if (!live) return 'not in the simulated cluster after apply';
  const index = indexOf(world);
  if (live.kind === 'Deployment') {
    const newest = newestReplicaSet(index.ownedBy(live, 'ReplicaSet'));
    if (!newest) return `no ReplicaSet yet · ${workloadState(live)}`;
    const pods = index.ownedBy(newest, 'Pod');
    const zero = (live.spec?.replicas ?? 1) === 0 ? ' (replicas: 0)' : '';
    return `ReplicaSet ${newest.metadata.name} · ${podsLine(world.after, pods)}${zero}`;
  }
  const pods = index.ownedBy(live, 'Pod');
  if (live.kind === 'DaemonSet' && pods.length === 0)
    return daemonSetNoNodes(live, index.list('Node'));
  if (live.kind === 'Pod')
    return `${podState(live, world.after.now)} · ${live.spec?.nodeName || 'unscheduled'}`;
  return podsLine(world.after, pods);
}

/** The object a manifest document names, with the namespace apply would give it. */
export function keyOfManifest(object: ManifestObject) {
  const namespaced =
    object.kind !== 'Node' && object.kind !== 'Namespace' && object.kind !== 'PersistentVolume';
  return {
    kind: object.kind,
    namespace: namespaced ? (object.namespace ?? 'default') : undefined,
    name: object.name ?? '',
  };
}

/** The hover of a workload: the objects it would own, each with its state and node. */
export function workloadHover(world: World, object: ManifestObject, minor: string): string {
  const head = `**${object.kind} ${object.name}** in the simulated cluster (Kubernetes ${minor}), after applying the workspace:`;
  const applied = outcomeOf(world, object);
  if (applied && !applied.outcome.ok) return `${head}\n\nNot applied: ${applied.outcome.error}`;
  const live = world.after.get(keyOfManifest(object));
  if (!live) return `${head}\n\nNot in the cluster.`;
  const index = indexOf(world);
  const now = world.after.now;
  const lines: string[] = [];
  const pod = (p: KubeObject, indent: string) =>
    lines.push(
      `${indent}- Pod \`${p.metadata.name}\` · ${podState(p, now)} · ${p.spec?.nodeName || 'unscheduled'}`,
    );
  if (live.kind === 'Deployment') {
    for (const rs of index.ownedBy(live, 'ReplicaSet')) {
      lines.push(
        `- ReplicaSet \`${rs.metadata.name}\` · ${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0}`,
      );
      index.ownedBy(rs, 'Pod').forEach((p) => pod(p, '  '));
    }
  } else {
    index.ownedBy(live, 'Pod').forEach((p) => pod(p, ''));
  }
  if (lines.length === 0) lines.push(`- nothing: ${workloadLine(world, object)}`);
  return `${head}\n\n${lines.join('\n')}`;
}

// ---------------------------------------------------------------------------------------------
// The plan document

const MARK: Record<string, string> = {
  created: '+',
  configured: '~',
  unchanged: '=',
  deleted: '-',
};

function time(ms: number): string {
  return `t+${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}

/** What changed between two clusters, by uid: objects the controllers created and deleted. */
function changes(before: Cluster, after: Cluster, applied: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  const uids = (c: Cluster, kind: string) => new Map(c.list(kind).map((o) => [o.metadata.uid, o]));
  for (const kind of ['ReplicaSet', 'Pod', 'ControllerRevision', 'Endpoints']) {
    const was = uids(before, kind);
    const is = uids(after, kind);
    for (const [uid, obj] of is) {
      if (was.has(uid) || applied.has(idOf(keyOf(obj)))) continue;
      const owner = controllerOf(obj);
      const where =
        kind === 'Pod'
          ? ` on ${obj.spec?.nodeName || 'no node'} (${podState(obj, after.now)})`
          : '';
      lines.push(
        `  + ${pad(kind, 19)}${obj.metadata.name}${where}${owner ? ` · owner ${owner.kind}/${owner.name}` : ''}`,
      );
    }
    for (const [uid, obj] of was) {
      if (!is.has(uid)) lines.push(`  - ${pad(kind, 19)}${obj.metadata.name}`);
    }
  }
  return lines;
}

/** The plan of applying `objects`, in the layout the `kubeplan-plan` grammar colours. */
export function planText(
  world: World,
  title: string,
  minor: string,
  notes: readonly string[],
): string {
  const nodes = world.before.list('Node').length;
  const out: string[] = [
    `Plan: ${title}`,
    `Simulated cluster: Kubernetes ${minor} · ${plural(nodes, 'node')} · before: ${time(world.before.now)}`,
    '',
    'Objects',
  ];
  if (world.applied.length === 0) out.push('  (no Kubernetes objects in this document)');
  for (const { object, outcome } of world.applied) {
    if (outcome.ok) {
      const word = outcome.operation ?? outcome.result;
      out.push(`  ${MARK[outcome.result] ?? '~'} ${pad(word, 12)}${namePrefix(outcome.object)}`);
      for (const w of outcome.warnings ?? []) out.push(`    Warning: ${w}`);
    } else {
      out.push(`  ! ${pad('error', 12)}${object.kind}/${object.name ?? ''}`);
      for (const line of outcome.error.split('\n')) out.push(`    ${line}`);
    }
  }
  const last = world.steps[world.steps.length - 1];
  const span = last ? `, ${time(last.time - world.before.now)} simulated` : '';
  out.push('', `Steps (${world.steps.length} to steady state${span})`);
  if (world.steps.length === 0) out.push('  (no controller had anything to do)');
  for (const step of world.steps) out.push(...stepLines(step, world.before.now));
  const applied = new Set(world.applied.map((a) => idOf(keyOfManifest(a.object))));
  const changed = changes(world.before, world.after, applied);
  out.push('', 'Result');
  out.push(...(changed.length ? changed : ['  (no objects created or deleted by controllers)']));
  if (notes.length) out.push('', 'Notes', ...notes.map((n) => `  ${n}`));
  return `${out.join('\n')}\n`;
}

/** One step: its header line, then its writes and events, indented. */
export function stepLines(step: Step, since = 0): string[] {
  const object = `${step.object.kind}/${step.object.name}`;
  const lines = [
    `  #${pad(String(step.seq), 5)}${pad(time(step.time - since), 8)}${pad(step.controller, 26)}${object}`,
  ];
  for (const a of step.actions) lines.push(`        ${actionText(a)}`);
  for (const e of step.events) lines.push(`        ${eventText(e)}`);
  for (const w of step.warnings ?? []) lines.push(`        Warning: ${w}`);
  return lines;
}

export function actionText(a: Step['actions'][number]): string {
  return `${pad(a.verb, 7)}${a.kind} ${a.name}${a.detail ? ` (${a.detail})` : ''}`;
}

export function eventText(e: Step['events'][number]): string {
  return `${pad(e.type, 8)}${pad(e.reason, 20)}${e.message}`;
}
