/**
 * The editor's simulated cluster: the state a user builds by applying manifests, scaling,
 * deleting and labelling, and the timeline of the last operation, which the user can step
 * through. Every operation answers with kubectl's lines; none throws.
 */
import type { ManifestObject } from '../core/api/objects';
import type { Minor } from '../core/api/versions';
import { Cluster } from '../core/cluster';
import type { KubeObject, Outcome, Step } from '../core/cluster/api';
import { completeNode } from '../core/cluster/bootstrap';
import { namePrefix } from '../core/kubectl/apply';
import { kindPrefix } from '../core/kubectl/resources';
import type {
  ClusterTreeResult,
  GraphResult,
  ObjectKey,
  Operation,
  OperationResult,
  RolloutChart,
  SourceLocation,
  StepView,
  TimelineMove,
  TimelineResult,
} from '../protocol';
import { ClusterIndex, idOf } from './objects';
import { actionText, applyDecoded, asKube, eventText, keyOfManifest, PREVIEW_MAX_STEPS } from './plan';
import { clusterTree, ownershipGraph } from './views';

export interface SimulationOptions {
  minor: Minor;
  seed: number;
  maxPods: number;
  /** Nodes to start with; the cluster's default single node when empty. */
  nodes: KubeObject[];
}

/** A manifest object with where it sits in its file, as the editor names it. */
export interface Located {
  object: ManifestObject;
  source: SourceLocation;
}

interface Timeline {
  operation: string;
  /** The cluster right after the operation's API writes, before any controller ran. */
  start: Cluster;
  /** Every step from `start` to steady state. */
  planned: Step[];
  /** How many of `planned` the editor's cluster has taken. */
  cursor: number;
  chart?: RolloutChart;
}

/** How many points the rollout chart shows at most; longer timelines are sampled. */
const CHART_POINTS = 120;

export class Simulation {
  private cluster: Cluster;
  private revisionValue = 0;
  private timeline: Timeline | undefined;
  private readonly sources = new Map<string, SourceLocation>();

  constructor(private options: SimulationOptions) {
    this.cluster = this.fresh();
  }

  get revision(): number {
    return this.revisionValue;
  }

  get minor(): Minor {
    return this.options.minor;
  }

  /** The editor's cluster as it stands; callers must not write to it. */
  get current(): Cluster {
    return this.cluster;
  }

  /** Takes new options; a change of minor, seed, bound or nodes starts a fresh cluster. */
  configure(options: SimulationOptions): boolean {
    if (JSON.stringify(options) === JSON.stringify(this.options)) return false;
    this.options = options;
    this.reset();
    return true;
  }

  private fresh(): Cluster {
    return new Cluster({
      minor: this.options.minor,
      seed: this.options.seed,
      nodes: this.options.nodes.length ? this.options.nodes : undefined,
      limits: { maxPods: this.options.maxPods },
    });
  }

  reset(): void {
    this.cluster = this.fresh();
    this.timeline = undefined;
    this.sources.clear();
    this.revisionValue++;
  }

  /** Runs one operation from the editor. `objects` are the manifest's, for `apply`. */
  operate(op: Operation, objects: readonly Located[] = [], label = ''): OperationResult {
    if (op.op === 'reset') {
      this.reset();
      return this.result(true, ['simulated cluster reset'], 0);
    }
    if (op.op === 'apply') return this.apply(objects, label || op.uri, op.stage === true);
    const outcome = this.write(op);
    if (!outcome.ok) return this.result(false, [outcome.error], 0);
    const line = outcomeLine(op, outcome);
    const steps = this.commit(describe(op));
    return this.result(true, line ? [line] : [], steps);
  }

  private apply(objects: readonly Located[], label: string, stage: boolean): OperationResult {
    if (objects.length === 0) return this.result(false, ['error: no objects passed to apply'], 0);
    const lines: string[] = [];
    let ok = true;
    let applied = 0;
    for (const { object, source } of objects) {
      const outcome = applyDecoded(this.cluster, asKube(object));
      if (!outcome.ok) {
        ok = false;
        lines.push(outcome.error);
        continue;
      }
      applied++;
      this.sources.set(idOf(keyOfManifest(object)), source);
      for (const w of outcome.warnings ?? [])
        lines.push(w.startsWith('Warning: ') ? w : `Warning: ${w}`);
      const word = outcome.operation ?? outcome.result;
      if (word !== '') lines.push(`${namePrefix(outcome.object)} ${word}`);
    }
    const steps = stage ? this.stage(`apply -f ${label}`) : this.commit(`apply -f ${label}`);
    return this.result(ok, lines, steps, applied > 0);
  }

  /** Runs the controllers to steady state and keeps the way there as the timeline. */
  private commit(operation: string): number {
    const start = this.cluster.clone();
    const planned = this.cluster.settle({ maxSteps: PREVIEW_MAX_STEPS });
    this.timeline = { operation, start, planned, cursor: planned.length };
    return planned.length;
  }

  /** Plans the controllers' steps on a copy; the editor's cluster takes them one at a time. */
  private stage(operation: string): number {
    const start = this.cluster.clone();
    const planned = start.clone().settle({ maxSteps: PREVIEW_MAX_STEPS });
    this.timeline = { operation, start, planned, cursor: 0 };
    return planned.length;
  }

  private write(op: Exclude<Operation, { op: 'apply' | 'reset' }>): Outcome {
    switch (op.op) {
      case 'delete':
        return this.cluster.delete(op.ref, op.propagation);
      case 'scale':
        return this.cluster.scale(op.ref, op.replicas);
      case 'label':
        return this.cluster.label(op.ref, { [op.key]: op.value ?? null }, op.overwrite);
      case 'taint':
        return this.cluster.taint(op.node, op.taint, op.remove === true);
      case 'rolloutUndo':
        return this.cluster.rolloutUndo(op.ref);
      case 'addNode': {
        const index = this.cluster.list('Node').length;
        const node = completeNode(
          { apiVersion: 'v1', kind: 'Node', metadata: { name: op.name, labels: op.labels ?? {} } },
          index,
          this.options.minor,
        );
        return this.cluster.create(node);
      }
    }
  }

  /** The answer to an operation; the revision grows only when the cluster changed. */
  private result(ok: boolean, lines: string[], steps: number, changed = ok): OperationResult {
    if (changed) this.revisionValue++;
    return { ok, lines, steps, revision: this.revisionValue };
  }

  // -------------------------------------------------------------------------------------------
  // the timeline

  /** Moves along the timeline: one step, to steady state, or back to its start. */
  move(how: TimelineMove): TimelineResult {
    const t = this.timeline;
    if (!t) return this.timelineView();
    const target =
      how === 'reset'
        ? 0
        : how === 'run'
          ? t.planned.length
          : Math.min(t.cursor + 1, t.planned.length);
    if (target !== t.cursor) {
      this.cluster = this.stateAt(t, target);
      t.cursor = target;
      this.revisionValue++;
    }
    return this.timelineView();
  }

  /**
   * The cluster after `k` planned steps. A bounded run from the start repeats exactly the first
   * syncs of the full run, so the state is replayed from there: the k-th step's sequence number
   * says how many syncs (visible or not) lead to it.
   */
  private stateAt(t: Timeline, k: number): Cluster {
    const state = t.start.clone();
    if (k === 0) return state;
    if (k >= t.planned.length) {
      state.settle({ maxSteps: PREVIEW_MAX_STEPS });
      return state;
    }
    const target = t.planned[k - 1].seq;
    const base = this.firstSeq(t) - 1;
    state.settle({ maxSteps: target - base });
    return state;
  }

  /** The sequence number the first sync after `start` gets. */
  private firstSeq(t: Timeline): number {
    const probe = t.start.clone();
    const steps = probe.settle({ maxSteps: 1 });
    const synced = steps.find((s) => s.controller !== 'kubeplan');
    if (synced) return synced.seq;
    // One sync ran and showed nothing; the marker the bound left comes right after it.
    const marker = steps[0];
    return marker ? marker.seq - 1 : (t.planned[0]?.seq ?? 1);
  }

  timelineView(): TimelineResult {
    const t = this.timeline;
    if (!t) return { revision: this.revisionValue, operation: '', steps: [], cursor: 0 };
    const since = t.start.now;
    return {
      revision: this.revisionValue,
      operation: t.operation,
      steps: t.planned.map((s) => stepView(s, since)),
      cursor: t.cursor,
    };
  }

  /**
   * Pods per ReplicaSet (`kubectl get rs` CURRENT) after each step of the timeline, read from
   * the steps' own writes: a ReplicaSet's status update records `replicas=N`.
   */
  private rolloutChart(): RolloutChart {
    const t = this.timeline;
    if (!t || t.planned.length === 0) return { steps: [], series: [] };
    if (!t.chart) t.chart = chartOf(t);
    const reached = t.planned[t.cursor - 1]?.seq ?? 0;
    return { ...t.chart, taken: t.chart.steps.filter((seq) => seq <= reached).length };
  }

  // -------------------------------------------------------------------------------------------
  // views

  tree(): ClusterTreeResult {
    const index = new ClusterIndex(this.cluster);
    return {
      revision: this.revisionValue,
      minor: this.options.minor,
      roots: clusterTree(index, this.sources, this.cluster.now),
    };
  }

  graph(focus?: ObjectKey): GraphResult {
    const index = new ClusterIndex(this.cluster);
    const { nodes, edges } = ownershipGraph(index, this.cluster.now, focus);
    return { revision: this.revisionValue, nodes, edges, rollout: this.rolloutChart() };
  }

  /** Notes on the cluster as it stands, without the marks the timeline's replays leave. */
  notes(): string[] {
    return this.cluster.notes().filter((n) => !/^stopped after \d+ controller syncs/.test(n));
  }
}

function chartOf(t: Timeline): RolloutChart {
  const current = new Map<string, number>();
  for (const rs of t.start.list('ReplicaSet'))
    current.set(rs.metadata.name ?? '', rs.status?.replicas ?? 0);
  const columns: Array<Map<string, number>> = [];
  for (const step of t.planned) {
    for (const a of step.actions) {
      if (a.kind !== 'ReplicaSet') continue;
      const replicas = /\bstatus replicas=(\d+)/.exec(a.detail ?? '');
      if (a.verb === 'delete') current.set(a.name, 0);
      else if (replicas) current.set(a.name, Number(replicas[1]));
      else if (!current.has(a.name)) current.set(a.name, 0);
    }
    columns.push(new Map(current));
  }
  const n = columns.length;
  const picks =
    n <= CHART_POINTS
      ? [...Array(n).keys()]
      : [...Array(CHART_POINTS).keys()].map((i) => Math.round((i * (n - 1)) / (CHART_POINTS - 1)));
  const names = [...current.keys()];
  const series = names
    .map((name) => ({ name, values: picks.map((k) => columns[k].get(name) ?? 0) }))
    .filter((s) => s.values.some((v) => v > 0));
  return { steps: picks.map((k) => t.planned[k].seq), series };
}

function stepView(step: Step, since: number): StepView {
  return {
    seq: step.seq,
    time: step.time - since,
    controller: step.controller,
    object: `${step.object.kind}/${step.object.name}`,
    actions: step.actions.map(actionText),
    events: step.events.map(eventText),
  };
}

function describe(op: Exclude<Operation, { op: 'apply' | 'reset' }>): string {
  switch (op.op) {
    case 'delete':
      return `delete ${kindPrefix(op.ref.kind)} ${op.ref.name} --cascade=${op.propagation.toLowerCase()}`;
    case 'scale':
      return `scale --replicas=${op.replicas} ${kindPrefix(op.ref.kind)}/${op.ref.name}`;
    case 'label':
      return `label ${kindPrefix(op.ref.kind)} ${op.ref.name} ${op.value === undefined ? `${op.key}-` : `${op.key}=${op.value}`}`;
    case 'taint':
      return `taint node ${op.node} ${op.taint.key}${op.taint.value ? `=${op.taint.value}` : ''}:${op.taint.effect}${op.remove ? '-' : ''}`;
    case 'rolloutUndo':
      return `rollout undo ${kindPrefix(op.ref.kind)}/${op.ref.name}`;
    case 'addNode':
      return `add node ${op.name}`;
  }
}

/** The line kubectl prints for a successful operation (none for `delete` of nothing). */
function outcomeLine(
  op: Exclude<Operation, { op: 'apply' | 'reset' }>,
  outcome: Extract<Outcome, { ok: true }>,
): string {
  if (op.op === 'delete')
    return `${kindPrefix(outcome.object.kind)} "${outcome.object.metadata.name}" deleted`;
  const word = outcome.operation ?? outcome.result;
  return word === '' ? '' : `${namePrefix(outcome.object)} ${word}`;
}
