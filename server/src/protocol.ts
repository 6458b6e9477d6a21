/**
 * The requests and notifications Kubeplan adds to the language server protocol. Both the
 * extension client and the language server import these constants, so a method name or a
 * payload shape is written down once.
 */
import {
  NotificationType,
  RequestType,
  RequestType0,
  type Range,
} from 'vscode-languageserver-protocol';

/** Names one object of the simulated cluster. */
export interface ObjectKey {
  kind: string;
  namespace?: string;
  name: string;
}

/** `Kind/name`, with the namespace when it is not `default`: the id tree rows and graph boxes share. */
export function objectId(ref: ObjectKey): string {
  const ns = ref.namespace && ref.namespace !== 'default' ? `${ref.namespace}/` : '';
  return `${ref.kind}/${ns}${ref.name}`;
}

export interface SourceLocation {
  uri: string;
  range: Range;
}

/**
 * What a tree row holds. `contextValue` selects the row's context-menu commands: `node`, `pod`,
 * `workload.<kind>` (for example `workload.deployment`), `replicaset`, `service`, `endpoint`,
 * `group` and `note`.
 */
export interface TreeItemData {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  contextValue: string;
  /** A codicon name, such as `server` or `package`. */
  icon?: string;
  ref?: ObjectKey;
  /** The manifest the object was applied from, when the editor knows it. */
  source?: SourceLocation;
  children?: TreeItemData[];
}

export interface ClusterTreeResult {
  /** Grows by one with every change to the editor's simulated cluster. */
  revision: number;
  minor: string;
  roots: TreeItemData[];
}

/** One controller sync as the timeline lists it. */
export interface StepView {
  seq: number;
  /** Simulated milliseconds since the cluster started. */
  time: number;
  controller: string;
  /** `Kind/name` of the object the controller synced. */
  object: string;
  /** One line per write, e.g. `create Pod pi-web-6b94d996cc-x4kq2`. */
  actions: string[];
  /** One line per event, e.g. `Normal SuccessfulCreate Created pod: …`. */
  events: string[];
}

export interface TimelineResult {
  revision: number;
  /** What the timeline replays, e.g. `apply web.yaml`; empty when nothing was run yet. */
  operation: string;
  steps: StepView[];
  /** How many of `steps` the simulated cluster has taken; `steps.length` at steady state. */
  cursor: number;
}

export type TimelineMove = 'next' | 'run' | 'reset';

export interface TimelineMoveParams {
  move: TimelineMove;
}

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

export interface TaintData {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/**
 * One change to the editor's simulated cluster, as kubectl would make it. `apply` takes the
 * objects of a document (open or on disk); with `stage` set the controllers do not run yet, and
 * the timeline steps through what they do.
 */
export type Operation =
  | { op: 'apply'; uri: string; stage?: boolean }
  | { op: 'delete'; ref: ObjectKey; propagation: Propagation }
  | { op: 'scale'; ref: ObjectKey; replicas: number }
  | { op: 'label'; ref: ObjectKey; key: string; value?: string; overwrite: boolean }
  | { op: 'taint'; node: string; taint: TaintData; remove?: boolean }
  | { op: 'addNode'; name: string; labels?: Record<string, string> }
  | { op: 'rolloutUndo'; ref: ObjectKey }
  | { op: 'reset' };

export interface OperationResult {
  ok: boolean;
  /** What kubectl would print, one line each (`deployment.apps/pi-web created`). */
  lines: string[];
  /** How many controller syncs ran (or are staged, for a staged apply). */
  steps: number;
  revision: number;
}

export interface PreviewParams {
  uri: string;
}

export interface PreviewResult {
  title: string;
  /** The plan, in the layout the `kubeplan-plan` grammar highlights. */
  text: string;
}

export interface GraphParams {
  /** Limits the graph to one workload and what it owns. */
  focus?: ObjectKey;
}

/** A box of the ownership graph; `column` 0 holds workloads, 1 ReplicaSets, 2 pods, 3 nodes. */
export interface GraphNode {
  id: string;
  kind: string;
  name: string;
  column: number;
  row: number;
  /** A short state, e.g. `2/2 ready`, `Running`, `Pending`. */
  status: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  relation: 'owns' | 'runs on';
}

/** Pods of each ReplicaSet (`kubectl get rs` CURRENT) after each step of the last operation. */
export interface RolloutChart {
  steps: number[];
  /** How many of `steps` the editor's cluster has taken (the timeline's cursor). */
  taken?: number;
  series: Array<{ name: string; values: number[] }>;
}

export interface GraphResult {
  revision: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  rollout: RolloutChart;
}

export interface ClusterChangedParams {
  revision: number;
}

export const ClusterTreeRequest = new RequestType0<ClusterTreeResult, void>('kubeplan/clusterTree');
export const TimelineRequest = new RequestType0<TimelineResult, void>('kubeplan/timeline');
export const TimelineMoveRequest = new RequestType<TimelineMoveParams, TimelineResult, void>(
  'kubeplan/timelineMove',
);
export const OperationRequest = new RequestType<Operation, OperationResult, void>(
  'kubeplan/operate',
);
export const PreviewRequest = new RequestType<PreviewParams, PreviewResult, void>(
  'kubeplan/preview',
);
export const GraphRequest = new RequestType<GraphParams, GraphResult, void>('kubeplan/graph');

/** Sent by the server after every change to the editor's simulated cluster or its timeline. */
export const ClusterChangedNotification = new NotificationType<ClusterChangedParams>(
  'kubeplan/clusterChanged',
);

/** The command a CodeLens runs, with its arguments as the server sends them. */
export const Commands = {
  previewApply: 'kubeplan.previewApply',
  apply: 'kubeplan.apply',
  step: 'kubeplan.step',
  showGraph: 'kubeplan.showGraph',
} as const;
