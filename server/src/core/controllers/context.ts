/**
 * What a controller sees of the cluster during one sync: reads from the store's indexes, and
 * writes through the API server that are recorded as the actions of the current step.
 */
import type { Action, KubeObject, OwnerReference, Propagation, Step } from '../cluster/api';
import type { Failure } from '../cluster/errors';
import type { Change, ApiServer, WriteResult } from '../cluster/server';
import {
  fromLabelSelector as convertLabelSelector,
  fromMapSelector as convertMapSelector,
  matches,
  type LabelSelector,
  type Selector,
} from '../api/selectors';
import { atLeast as minorAtLeast, type Minor } from '../api/versions';
import type { Machinery } from '../cluster/machinery';

/** One controller: which keys a change enqueues, and how one key is synced. */
export interface Controller {
  /** The component name: the step's controller and the events' source. */
  readonly name: string;
  /** The kinds whose changes concern it (`'*'` for every kind). */
  readonly watches: readonly string[] | '*';
  /** Passes to `add` the keys of this controller that `change` makes worth a sync. */
  keysFor(change: Change, ctx: ReadContext, add: (key: string) => void): void;
  sync(key: string, ctx: SyncContext): void;
  /** Per-controller state a cluster clone must copy (expectations, caches, allocators). */
  clone?(): Controller;
}

export interface ClusterTimingValues {
  podStartMs: number;
  podStopMs: number;
}

/** Read-only access, for deciding what to enqueue. */
export class ReadContext {
  constructor(
    readonly server: ApiServer,
    readonly timing: ClusterTimingValues,
  ) {}

  get now(): number {
    return this.server.now;
  }

  get minor(): Minor {
    return this.server.minor;
  }

  get machinery(): Machinery {
    return this.server.machinery;
  }

  timestamp(ms?: number): string {
    return this.server.timestamp(ms);
  }

  /** Simulated ms of an RFC 3339 time written by this cluster. */
  msOf(time: unknown): number | undefined {
    if (typeof time !== 'string') return undefined;
    const t = parseTimestamp(time);
    return Number.isNaN(t) ? undefined : t - this.server.epoch;
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.server.get(kind, namespace, name);
  }

  /** get() by a `namespace/name` (or `name`) key, as splitKey reads it. */
  getByKey(kind: string, key: string): KubeObject | undefined {
    // The same as splitKey, without the object it returns: controllers do this on every sync.
    const slash = key.indexOf('/');
    if (slash < 0) return this.get(kind, undefined, key);
    return this.get(kind, key.slice(0, slash), key.slice(slash + 1));
  }

  byUid(uid: string): KubeObject | undefined {
    return this.server.store.byUid(uid);
  }

  list(kind: string, namespace?: string): Iterable<KubeObject> {
    return this.server.store.iterate(kind, namespace);
  }

  select(kind: string, namespace: string | undefined, selector: Selector): KubeObject[] {
    return this.server.store.select(kind, namespace, selector);
  }

  dependents(uid: string): KubeObject[] {
    return this.server.store.dependents(uid);
  }

  eachDependent(uid: string): Iterable<KubeObject> {
    return this.server.store.eachDependent(uid);
  }
}

/** Read and write access for one sync; every write becomes an Action of `step`. */
export class SyncContext extends ReadContext {
  constructor(
    server: ApiServer,
    timing: ClusterTimingValues,
    readonly step: Step,
    private readonly schedule: (
      controller: string,
      key: string,
      time: number,
      deadline: boolean,
    ) => void,
  ) {
    super(server, timing);
  }

  private record(verb: Action['verb'], obj: KubeObject, detail?: string): void {
    const action: Action = { verb, kind: obj.kind, name: obj.metadata.name ?? '' };
    if (obj.metadata.namespace !== undefined) action.namespace = obj.metadata.namespace;
    if (detail) action.detail = detail;
    this.step.actions.push(action);
  }

  /** Creates `obj`, which the controller built for this call and hands over to the server. */
  create(obj: KubeObject, detail?: string, trusted = true): WriteResult {
    const result = this.server.create(obj, { trusted, owned: true });
    if (result.ok) this.record('create', result.object, detail);
    return result;
  }

  /** Updates metadata and spec (not status) of a stored object. */
  update(obj: KubeObject, detail?: string): WriteResult {
    const before = this.server.get(obj.kind, obj.metadata.namespace, obj.metadata.name ?? '');
    const result = this.server.update(obj, { trusted: obj.kind === 'Pod' });
    if (result.ok && result.object !== before) this.record('update', result.object, detail);
    return result;
  }

  /** Writes status; with `annotations`, also annotations (as the deployment controller does). */
  updateStatus(
    obj: KubeObject,
    status: unknown,
    detail?: string,
    annotations = false,
  ): WriteResult {
    const result = this.server.updateStatus(obj, status, annotations);
    // Compared with what the caller read, as the controller sees it: a write from a stale copy
    // that finds its status already stored still counts as an update.
    if (result.ok && result.object !== obj)
      this.record('update', result.object, detail ?? 'status');
    return result;
  }

  /** A patch of metadata (labels, ownerReferences, finalizers) without validation. */
  patchMetadata(obj: KubeObject, metadata: KubeObject['metadata'], detail?: string): WriteResult {
    const result = this.server.update({ ...obj, metadata }, { trusted: true });
    if (result.ok && result.object !== obj) this.record('patch', result.object, detail);
    return result;
  }

  delete(obj: KubeObject, propagation?: Propagation, detail?: string): WriteResult {
    const { kind, metadata } = obj;
    const result = this.server.delete(kind, metadata.namespace, metadata.name ?? '', propagation);
    if (result.ok) this.record('delete', obj, detail);
    return result;
  }

  /** Deletes at once, as a kubelet's final grace-period-0 delete does. */
  remove(obj: KubeObject, detail?: string): void {
    this.server.remove(obj);
    this.record('delete', obj, detail);
  }

  removeFinalizer(obj: KubeObject, finalizer: string): KubeObject | undefined {
    const result = this.server.removeFinalizer(obj, finalizer);
    this.record(result ? 'patch' : 'delete', obj, `remove finalizer ${finalizer}`);
    return result;
  }

  event(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    fieldPath?: string,
  ): void {
    const event = this.server.recordEvent(
      obj,
      type,
      reason,
      message,
      this.step.controller,
      fieldPath,
    );
    this.step.events.push(event);
  }

  warn(message: string): void {
    (this.step.warnings ??= []).push(message);
  }

  /**
   * Syncs `key` of this controller again once the clock reaches `now + ms`. A `deadline` timer
   * (a progress deadline) does not keep the cluster from counting as settled.
   */
  after(ms: number, key: string, controller = this.step.controller, deadline = false): void {
    this.schedule(controller, key, this.now + Math.max(0, ms), deadline);
  }
}

export type { Failure };

let lastTimestamp = '';
let lastParsed = NaN;

/**
 * Date.parse, remembering the last text: the pods of one round carry the same few timestamps
 * (all written in the same simulated second), and the controllers read them once per pod.
 */
function parseTimestamp(text: string): number {
  if (text !== lastTimestamp) {
    lastParsed = Date.parse(text);
    lastTimestamp = text;
  }
  return lastParsed;
}

const labelSelectors = new WeakMap<object, Selector>();
const mapSelectors = new WeakMap<object, Selector>();

/**
 * fromLabelSelector for a stored object's selector, converted once: stored objects are never
 * changed, and the controllers convert the same selectors on every pod change they see.
 */
export function fromLabelSelector(selector: LabelSelector | undefined | null): Selector {
  if (selector == null || typeof selector !== 'object') return convertLabelSelector(selector);
  let converted = labelSelectors.get(selector);
  if (converted === undefined)
    labelSelectors.set(selector, (converted = convertLabelSelector(selector)));
  return converted;
}

/** fromMapSelector for a stored object's map selector, converted once. */
export function fromMapSelector(selector: Record<string, string> | undefined | null): Selector {
  if (selector == null || typeof selector !== 'object') return convertMapSelector(selector);
  let converted = mapSelectors.get(selector);
  if (converted === undefined)
    mapSelectors.set(selector, (converted = convertMapSelector(selector)));
  return converted;
}

const minorChecks = new Map<string, boolean>();

/** versions.atLeast, remembered: the controllers ask it for every pod they touch. */
export function atLeast(minor: Minor, floor: Minor): boolean {
  const key = minor + floor;
  let answer = minorChecks.get(key);
  if (answer === undefined) minorChecks.set(key, (answer = minorAtLeast(minor, floor)));
  return answer;
}

/** The controller reference (`controller: true`) among an object's owners. */
export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  const refs = obj.metadata.ownerReferences;
  if (!refs) return undefined;
  for (let i = 0; i < refs.length; i++) if (refs[i].controller === true) return refs[i];
  return undefined;
}

/**
 * Queues the workloads of `kind` a write to a dependent (pod, ReplicaSet, revision) wakes, as the
 * controllers' event handlers do: its controller when it has one of that kind; when it has no
 * controller, every one in its namespace whose selector matches it, since one may adopt it.
 */
export function enqueueOwners(
  kind: string,
  obj: KubeObject,
  ctx: ReadContext,
  add: (key: string) => void,
): void {
  const ref = controllerRef(obj);
  if (ref) {
    if (ref.kind === kind) add(ownerKey(obj.metadata.namespace, ref));
    return;
  }
  for (const owner of ctx.list(kind, obj.metadata.namespace)) {
    if (matches(fromLabelSelector(owner.spec?.selector), obj.metadata.labels)) add(nsKey(owner));
  }
}

/** metav1.NewControllerRef. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

const ownerKeys = new WeakMap<OwnerReference, { namespace: string | undefined; key: string }>();

/**
 * `namespace/name` of the owner `ref` names, for an object in `namespace`. Made once per
 * reference object: the pods of one batch share their owner's reference, and a write to any of
 * them queues their owner again.
 */
export function ownerKey(namespace: string | undefined, ref: OwnerReference): string {
  const known = ownerKeys.get(ref);
  if (known && known.namespace === namespace) return known.key;
  const key = `${namespace}/${ref.name}`;
  if (typeof ref === 'object' && ref !== null) ownerKeys.set(ref, { namespace, key });
  return key;
}

export function nsKey(obj: KubeObject): string {
  return obj.metadata.namespace === undefined
    ? (obj.metadata.name ?? '')
    : `${obj.metadata.namespace}/${obj.metadata.name}`;
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
