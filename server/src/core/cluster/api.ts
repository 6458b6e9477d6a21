/**
 * The simulated cluster as the rest of Kubeplan sees it. The kubectl layer, the plan recorder,
 * the language server and the CLI speak to the cluster only through these types.
 */
import type { Minor } from '../api/versions';
import type { RandomSource } from './random';

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
  involvedObject: ObjectRef & { uid?: string; fieldPath?: string };
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
  /** Things a user should know that no controller reports (a bound hit, a shared hostPath). */
  warnings?: string[];
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
  | { ok: true; object: KubeObject; result: 'created' | 'configured' | 'unchanged' | 'deleted' | 'scaled' | 'labeled' | 'patched' | 'rolled back' | 'paused' | 'resumed' | 'cordoned' | 'uncordoned' | 'tainted' | 'untainted' | 'image updated'; warnings?: string[]; operation?: string; notices?: string[] }
  | { ok: false; reason: string; error: string; fieldErrors?: FieldError[]; message?: string };
// Added by the cluster (fields only):
// - `operation`: the exact word(s) kubectl prints after the object name when they differ from
//   `result`: `not labeled`, `unlabeled`, `modified`, `already cordoned`, `already uncordoned`,
//   `skipped rollback (current template already matches revision 2)`; an empty string means
//   kubectl prints no line at all (`set image` with nothing to change).
// - `notices`: lines kubectl prints on stdout before the result line (`label "x" not found.`).
// - failure `reason`: '' for an error kubectl raises itself; then `error` is the whole line it
//   prints, `error: ` included. For `Invalid`, `error` is the whole text kubectl prints
//   (`The Deployment "x" is invalid: ...`) and `message` is the server's own message
//   (`Deployment.apps "x" is invalid: ...`), which kubectl shows inside `error when creating`.
//   For other API errors `error` is what follows `Error from server (<reason>): `.
//   `NoKindMatch`: the server serves no such kind at that apiVersion; `error` is
//   `no matches for kind "X" in version "v"` (kubectl adds the resource-mapping prefix).

export interface ClusterOptions {
  minor: Minor;
  /** Seeds the generator of uids and pod-name suffixes; the same seed gives the same names. */
  seed?: number;
  /** Nodes to start with; when absent, one ready node named `node-1` with the standard labels. */
  nodes?: KubeObject[];
  /** The generator itself, instead of the seeded default (tests inject a fixed sequence). */
  random?: RandomSource;
  /** The wall-clock instant of simulated time zero (RFC 3339); a fixed instant by default. */
  start?: string;
  limits?: ClusterLimits;
  timing?: ClusterTiming;
  /**
   * Deep-freeze every stored object, so that a caller mutating what get() or list() returned
   * throws instead of corrupting the store (objects are shared, never copied). Off by default
   * because freezing costs about a third of a large simulation; tests turn it on.
   */
  freezeObjects?: boolean;
}

/** Bounds on the work hostile input can cause; hitting one is reported, never thrown. */
export interface ClusterLimits {
  /** Pods that may exist at once (default 200,000); controllers get a Forbidden error past it. */
  maxPods?: number;
  /** Objects of all kinds (default 400,000). */
  maxObjects?: number;
}

/** How long the simulated kubelet takes; real values depend on images and applications. */
export interface ClusterTiming {
  /** From binding to containers running (image pull and start), in ms. Default 2000. */
  podStartMs?: number;
  /** From a graceful delete to containers stopped, in ms (at most the grace period). Default 1000. */
  podStopMs?: number;
}

export interface SettleLimit {
  /** Controller syncs to run at most (default 2,000,000). */
  maxSteps?: number;
  /** Simulated milliseconds to advance at most (default one hour). */
  maxTime?: number;
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
