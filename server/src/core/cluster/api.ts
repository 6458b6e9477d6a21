/**
 * The simulated cluster as the rest of Kubeplan sees it. The kubectl layer, the plan recorder,
 * the language server and the CLI speak to the cluster only through these types.
 */
import type { Minor } from '../api/versions';

/** A Kubernetes object as the API server stores and returns it (plain JSON). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [field: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [field: string]: unknown;
}

/** Names one object. `kind` is the canonical Kind (`Deployment`, `Pod`, `Node`). */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

/** An event as `kubectl describe` and `kubectl get events` show it. */
export interface ClusterEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  involvedObject: ObjectRef & { uid?: string };
  /** The component that reported it, e.g. `deployment-controller`, `default-scheduler`. */
  source: string;
  count: number;
  /** Simulated milliseconds since the cluster started. */
  firstTime: number;
  lastTime: number;
}

/** One write a controller (or the API server on its behalf) made. */
export interface Action {
  verb: 'create' | 'update' | 'patch' | 'delete';
  kind: string;
  namespace?: string;
  name: string;
  /** A short human detail, e.g. `replicas 0 -> 3` or `nodeName=node-1`. */
  detail?: string;
}

/** One sync of one controller on one key, with what it wrote and reported. */
export interface Step {
  seq: number;
  /** Simulated milliseconds since the cluster started. */
  time: number;
  controller: string;
  object: ObjectRef;
  actions: Action[];
  events: ClusterEvent[];
}

/**
 * A field error as the API server reports it (apimachinery field.Error). `path` is the JSON path
 * of the field; `text` is the rendered error line, e.g. `spec.selector: Required value`.
 */
export interface FieldError {
  path: Array<string | number>;
  text: string;
}

/**
 * The outcome of one API request. On success `object` is the stored object. On failure `error`
 * is the whole message kubectl prints after `Error from server (Reason): ` or as it prints it,
 * and `reason` is the HTTP status reason (`NotFound`, `Invalid`, `AlreadyExists`, `Conflict`).
 */
export type Outcome =
  | { ok: true; object: KubeObject; result: 'created' | 'configured' | 'unchanged' | 'deleted' | 'scaled' | 'labeled' | 'patched' | 'rolled back' | 'paused' | 'resumed' | 'cordoned' | 'uncordoned' | 'tainted' | 'untainted' | 'image updated'; warnings?: string[] }
  | { ok: false; reason: string; error: string; fieldErrors?: FieldError[] };

export interface ClusterOptions {
  minor: Minor;
  /** Seeds the generator of uids and pod-name suffixes; the same seed gives the same names. */
  seed?: number;
  /** Nodes to start with; when absent, one ready node named `node-1` with the standard labels. */
  nodes?: KubeObject[];
}

/** What a label selector string (`app=x,tier!=y,env in (a,b),!k`) becomes. */
export interface SelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface ListOptions {
  /** Namespace to list in; undefined lists all namespaces (and cluster-scoped kinds). */
  namespace?: string;
  selector?: SelectorRequirement[];
}
