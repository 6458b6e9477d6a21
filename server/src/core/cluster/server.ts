/**
 * The simulated API server: admission (namespace, names, limits), defaulting, validation, the
 * registry rules each kind has on create, update and delete (generation, status, graceful pod
 * deletion, finalizers), and a change feed the controllers watch.
 */
import type { Minor } from '../api/versions';
import type { ClusterEvent, KubeObject, ObjectMeta, Outcome, Propagation } from './api';
import { alreadyExists, forbidden, invalid, noKindMatch, notFound, type Failure } from './errors';
import { EventLog } from './events';
import { isNamespaced, lookupKind } from './kinds';
import type { Machinery } from './machinery';
import { deepClone, deepEqual, freeze, isObject, rfc3339 } from './objects';
import { joinFlat, randomString, randomUid, type RandomSource } from './random';
import { Store } from './store';
import { completeNode } from './bootstrap';

export type Ok = Extract<Outcome, { ok: true }>;
export type WriteResult = { ok: true; object: KubeObject } | Failure;

/** One change to a stored object, as a watch delivers it. */
export interface Change {
  type: 'added' | 'modified' | 'deleted';
  object: KubeObject;
  old?: KubeObject;
}

export interface WriteOptions {
  /** Namespace for an object that names none (kubectl's context namespace). */
  namespace?: string;
  /**
   * A write from a controller or the kubelet whose content the server already accepted once
   * (a pod stamped from a validated template, a status change): defaulting and validation are
   * skipped, which is what makes a hundred thousand pods affordable.
   */
  trusted?: boolean;
  /**
   * `input` was built for this call and its builder does not use it again (a controller's new
   * pod), so the server may complete and store it as it is instead of copying it first.
   */
  owned?: boolean;
}

export interface Limits {
  maxPods: number;
  maxObjects: number;
}

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

/** Registry defaults the API server fills in itself, outside the defaulting functions. */
const SERVICE_CIDR_BASE = (10 << 24) | (96 << 16);

export class ApiServer {
  store = new Store();
  events = new EventLog();
  now = 0;
  /** Freeze stored objects (see ClusterOptions.freezeObjects). */
  freezeObjects = false;
  private listeners: Array<(change: Change) => void> = [];
  private allocatedIps = new Set<string>();

  constructor(
    readonly minor: Minor,
    readonly machinery: Machinery,
    readonly rng: RandomSource,
    readonly epoch: number,
    readonly limits: Limits,
  ) {}

  /** A copy sharing every stored object; the generator continues from its current state. */
  clone(rng: RandomSource): ApiServer {
    const copy = new ApiServer(this.minor, this.machinery, rng, this.epoch, this.limits);
    copy.store = this.store.clone();
    copy.events = this.events.clone();
    copy.now = this.now;
    copy.freezeObjects = this.freezeObjects;
    copy.allocatedIps = new Set(this.allocatedIps);
    return copy;
  }

  watch(listener: (change: Change) => void): void {
    this.listeners.push(listener);
  }

  timestamp(ms = this.now): string {
    return rfc3339(this.epoch + ms);
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.store.find(kind, isNamespaced(kind) ? namespace : undefined, name);
    if (obj) this.handOut(obj);
    return obj;
  }

  /**
   * The objects get() returned since the last write. While nothing is written they are still
   * what the store holds under their names, so a write based on one of them need not look it
   * up again: a controller reads a pod and writes its status, a hundred thousand times over.
   */
  private handedOut: KubeObject[] = [];
  private handedOutAt = -1;

  private handOut(obj: KubeObject): void {
    if (this.handedOutAt !== this.store.resourceVersion) {
      this.handedOut.length = 0;
      this.handedOutAt = this.store.resourceVersion;
    }
    if (this.handedOut.length < 4) this.handedOut.push(obj);
  }

  /**
   * The stored object with `target`'s kind, namespace and name. A handed-out object with the
   * same metadata object is that object (a controller's `{ ...pod, status }` is such a target).
   */
  private stored(target: KubeObject): KubeObject | undefined {
    if (this.handedOutAt === this.store.resourceVersion) {
      for (const obj of this.handedOut)
        if (obj === target || (obj.metadata === target.metadata && obj.kind === target.kind))
          return obj;
    }
    return this.get(target.kind, target.metadata?.namespace, target.metadata?.name ?? '');
  }

  recordEvent(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: string,
    fieldPath?: string,
  ): ClusterEvent {
    const involvedObject = this.involved(obj, fieldPath);
    const event: ClusterEvent = {
      type,
      reason,
      message,
      involvedObject,
      source,
      count: 1,
      firstTime: this.now,
      lastTime: this.now,
    };
    return this.events.record(event);
  }

  private lastInvolved?: {
    obj: KubeObject;
    fieldPath?: string;
    ref: ClusterEvent['involvedObject'];
  };

  /**
   * The involvedObject of an event about `obj`. Controllers report several events about one
   * object in a row (a kubelet's Pulling and Pulled, a ReplicaSet's SuccessfulCreate for each
   * pod of a batch), and those share one; events are never changed once recorded.
   */
  private involved(obj: KubeObject, fieldPath: string | undefined): ClusterEvent['involvedObject'] {
    const last = this.lastInvolved;
    if (last && last.obj === obj && last.fieldPath === fieldPath) return last.ref;
    const { kind, metadata } = obj;
    const ref: ClusterEvent['involvedObject'] = {
      kind,
      namespace: metadata.namespace,
      name: metadata.name ?? '',
      uid: metadata.uid,
    };
    if (fieldPath) ref.fieldPath = fieldPath;
    this.lastInvolved = { obj, fieldPath, ref };
    return ref;
  }

  // -------------------------------------------------------------------------------------------
  // create

  create(input: KubeObject, opts: WriteOptions = {}): WriteResult {
    const info = lookupKind(input?.apiVersion, input?.kind);
    if (!info) return noKindMatch(input?.apiVersion, input?.kind);

    const obj = !opts.trusted
      ? deepClone(input)
      : opts.owned && !Object.isFrozen(input) && !Object.isFrozen(input.metadata)
        ? input
        : { ...input, metadata: { ...input.metadata } };
    if (!isObject(obj.metadata)) obj.metadata = {};
    const meta = obj.metadata;
    if (info.namespaced) meta.namespace = meta.namespace || opts.namespace || 'default';
    else delete meta.namespace;

    const nsError = this.checkNamespace(obj);
    if (nsError) return nsError;

    // Whether the name is taken; a generated name was looked up as it was made.
    let taken: boolean | undefined;
    if (!meta.name && typeof meta.generateName === 'string' && meta.generateName) {
      const generated = this.generateName(obj.kind, meta.namespace, meta.generateName);
      meta.name = generated.name;
      taken = generated.taken;
    }
    const limitError = this.checkLimits(obj);
    if (limitError) return limitError;
    if (meta.name && (taken ?? !!this.get(obj.kind, meta.namespace, meta.name)))
      return alreadyExists(obj.kind, meta.name);

    const prepared = opts.trusted ? obj : this.machinery.defaults(obj);
    this.prepareForCreate(prepared);
    if (!opts.trusted) {
      const errors = this.machinery.validate(prepared);
      if (!prepared.metadata.name && !errors.some((e) => e.path[1] === 'name')) {
        errors.unshift({
          path: ['metadata', 'name'],
          text: 'metadata.name: Required value: name or generateName is required',
        });
      }
      if (errors.length)
        return invalid(prepared.kind, String(prepared.metadata.name ?? ''), errors);
    }

    this.stamp(prepared);
    // `prepared.metadata` belongs to this write: a copy made above, or the caller's, handed over.
    return { ok: true, object: this.commit(prepared, undefined, true) };
  }

  private checkNamespace(obj: KubeObject): Failure | undefined {
    const ns = obj.metadata.namespace;
    if (ns === undefined || obj.kind === 'Namespace') return undefined;
    const namespace = this.get('Namespace', undefined, ns);
    if (!namespace) return notFound('Namespace', ns);
    if (namespace.metadata.deletionTimestamp) {
      const detail = `unable to create new content in namespace ${ns} because it is being ` + 'terminated';
      return forbidden(obj.kind, String(obj.metadata.name ?? ''), detail);
    }
    return undefined;
  }

  /**
   * apiserver's SimpleNameGenerator: the prefix cut to 58 characters plus 5 random ones, drawn
   * again up to three times while the name is taken. Says whether the last one is taken too.
   */
  private generateName(
    kind: string,
    namespace: string | undefined,
    prefix: string,
  ): { name: string; taken: boolean } {
    const base = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
    let name = joinFlat(base, randomString(this.rng, 5));
    let taken = !!this.get(kind, namespace, name);
    for (let i = 0; i < 3 && taken; i++) {
      name = joinFlat(base, randomString(this.rng, 5));
      taken = !!this.get(kind, namespace, name);
    }
    return { name, taken };
  }

  private checkLimits(obj: KubeObject): Failure | undefined {
    const name = String(obj.metadata.name ?? '');
    if (obj.kind === 'Pod' && this.store.count('Pod') >= this.limits.maxPods) {
      return forbidden(
        'Pod',
        name,
        `the simulated cluster holds at most ${this.limits.maxPods} pods`,
      );
    }
    if (this.store.size >= this.limits.maxObjects) {
      return forbidden(
        obj.kind,
        name,
        `the simulated cluster holds at most ${this.limits.maxObjects} objects`,
      );
    }
    return undefined;
  }

  /** What each registry strategy does on create besides defaulting (PrepareForCreate). */
  private prepareForCreate(obj: KubeObject): void {
    switch (obj.kind) {
      case 'Pod':
        obj.status = { phase: 'Pending', qosClass: qosClassOf(obj.spec) };
        return;
      case 'Deployment':
      case 'ReplicaSet':
      case 'StatefulSet':
      case 'ReplicationController':
        obj.status = obj.kind === 'StatefulSet' ? { replicas: 0, availableReplicas: 0 } : {};
        return;
      case 'DaemonSet':
        obj.status = {};
        obj.metadata.annotations = { ...obj.metadata.annotations, [TEMPLATE_GENERATION]: '1' };
        return;
      case 'Service':
        this.allocateService(obj);
        return;
      case 'Namespace':
        obj.metadata.labels = {
          ...obj.metadata.labels,
          'kubernetes.io/metadata.name': obj.metadata.name!,
        };
        obj.spec = { finalizers: ['kubernetes'], ...(obj.spec ?? {}) };
        obj.status = { phase: 'Active' };
        return;
      case 'PersistentVolumeClaim':
        obj.status = { phase: 'Pending' };
        return;
      case 'Node':
        Object.assign(obj, completeNode(obj, this.store.count('Node'), this.minor));
        return;
    }
  }

  /** Gives a Service its cluster IP (random in 10.96.0.0/12, as the allocator picks) and ports. */
  private allocateService(svc: KubeObject): void {
    const spec = (svc.spec = isObject(svc.spec) ? svc.spec : {});
    const type = spec.type ?? 'ClusterIP';
    if (type !== 'ExternalName' && spec.clusterIP !== 'None' && !spec.clusterIP) {
      spec.clusterIP = this.allocateIp();
      spec.clusterIPs = [spec.clusterIP];
    }
    if (type === 'NodePort' || type === 'LoadBalancer') {
      spec.ports = (spec.ports ?? []).map((p: any) =>
        p.nodePort ? p : { ...p, nodePort: 30000 + (this.rng.next32() % 2768) },
      );
    }
    svc.status = { loadBalancer: {} };
  }

  private allocateIp(): string {
    for (;;) {
      const offset = 11 + (this.rng.next32() % ((1 << 20) - 12));
      const n = SERVICE_CIDR_BASE + offset;
      const ip = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
      if (!this.allocatedIps.has(ip)) {
        this.allocatedIps.add(ip);
        return ip;
      }
    }
  }

  /** Reserves a fixed IP (the `kubernetes` Service's 10.96.0.1). */
  reserveIp(ip: string): void {
    this.allocatedIps.add(ip);
  }

  private stamp(obj: KubeObject): void {
    const meta = obj.metadata as ObjectMeta;
    meta.uid = randomUid(this.rng);
    meta.creationTimestamp = this.timestamp();
    if (usesGeneration(obj.kind)) meta.generation = 1;
  }

  // -------------------------------------------------------------------------------------------
  // update

  /**
   * Replaces the stored object's metadata and spec with `input`'s (the status stays), or with
   * `status: true` only its status, as the status subresource does.
   */
  update(
    input: KubeObject,
    opts: WriteOptions & { status?: boolean; annotations?: boolean; withStatus?: boolean } = {},
  ): WriteResult {
    if (opts.status) return this.updateStatus(input, input.status, opts.annotations);
    const old = this.stored(input);
    if (!old) return notFound(input.kind, input.metadata?.name ?? '');

    const base = opts.trusted ? input : this.machinery.defaults(input);
    const next = this.prepareForUpdate(base, old);
    // A binding writes the node name and the PodScheduled condition together.
    if (opts.withStatus) next.status = input.status;
    if (!opts.trusted) {
      const errors = this.machinery.validate(next, old);
      if (errors.length) return invalid(next.kind, next.metadata.name ?? '', errors);
    }
    if (deepEqual(next, old)) return { ok: true, object: old };
    if (
      next.metadata.deletionTimestamp &&
      !next.metadata.finalizers?.length &&
      !this.awaitsKubelet(next)
    ) {
      return { ok: true, object: this.remove(old) };
    }
    return { ok: true, object: this.commit(next, old, true) };
  }

  /**
   * The status subresource: the stored object named like `target` gets `status`, and with
   * `annotations` also `target`'s annotations (the deployment controller writes its revision
   * annotation this way). The same as `update({ ...target, status }, { status: true })`, without
   * building that object on every status write.
   */
  updateStatus(target: KubeObject, status: unknown, annotations = false): WriteResult {
    const meta = target.metadata;
    const old = this.stored(target);
    if (!old) return notFound(target.kind, meta?.name ?? '');
    return this.writeStatus(old, status, annotations ? meta.annotations : old.metadata.annotations);
  }

  /** Writes status (and annotations) onto `old`; writing what is there already changes nothing. */
  private writeStatus(
    old: KubeObject,
    status: unknown,
    annotations: Record<string, string> | undefined,
  ): WriteResult {
    const newAnnotations =
      annotations !== old.metadata.annotations &&
      !deepEqual(annotations, old.metadata.annotations);
    if (!newAnnotations && deepEqual(status, old.status)) return { ok: true, object: old };
    const next: KubeObject = { ...old, status };
    if (newAnnotations) next.metadata = { ...old.metadata, annotations };
    if (
      next.metadata.deletionTimestamp &&
      !next.metadata.finalizers?.length &&
      !this.awaitsKubelet(next)
    ) {
      return { ok: true, object: this.remove(old) };
    }
    return { ok: true, object: this.commit(next, old, newAnnotations) };
  }

  /** PrepareForUpdate: identity stays, status stays, generation follows the spec. */
  private prepareForUpdate(input: KubeObject, old: KubeObject): KubeObject {
    const meta: ObjectMeta = {
      ...input.metadata,
      name: old.metadata.name,
      namespace: old.metadata.namespace,
      uid: old.metadata.uid,
      creationTimestamp: old.metadata.creationTimestamp,
      generation: old.metadata.generation,
      resourceVersion: old.metadata.resourceVersion,
    };
    if (old.metadata.deletionTimestamp) meta.deletionTimestamp = old.metadata.deletionTimestamp;
    if (old.metadata.deletionGracePeriodSeconds !== undefined) {
      meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    }
    if (meta.generateName === undefined) delete meta.generateName;
    const next: KubeObject = { ...input, metadata: meta };
    if ('status' in old) next.status = old.status;
    else delete next.status;

    this.bumpGeneration(next, old);
    return next;
  }

  private bumpGeneration(next: KubeObject, old: KubeObject): void {
    if (!usesGeneration(next.kind)) return;
    const specChanged = !deepEqual(next.spec, old.spec);
    // The deployment strategy also counts annotation edits, because they are copied to the RS.
    const annotationsChanged =
      next.kind === 'Deployment' &&
      !deepEqual(next.metadata.annotations ?? {}, old.metadata.annotations ?? {});
    if (specChanged || annotationsChanged)
      next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    if (next.kind === 'DaemonSet' && !deepEqual(next.spec?.template, old.spec?.template)) {
      const gen = Number(old.metadata.annotations?.[TEMPLATE_GENERATION] ?? '0') + 1;
      next.metadata.annotations = {
        ...next.metadata.annotations,
        [TEMPLATE_GENERATION]: String(gen),
      };
    }
  }

  // -------------------------------------------------------------------------------------------
  // delete

  /**
   * Deletes as the DELETE verb does: orphan and foreground deletes leave the object in place
   * with a finalizer for the garbage collector; a bound pod gets a grace period and waits for
   * its kubelet; anything else with finalizers waits for them.
   */
  delete(
    kind: string,
    namespace: string | undefined,
    name: string,
    propagation: Propagation = 'Background',
    gracePeriodSeconds?: number,
  ): WriteResult {
    const obj = this.get(kind, namespace, name);
    if (!obj) return notFound(kind, name);
    const meta = obj.metadata;

    const finalizers = [...(meta.finalizers ?? [])];
    if (propagation === 'Orphan' && !finalizers.includes(ORPHAN)) finalizers.push(ORPHAN);
    if (propagation === 'Foreground' && !finalizers.includes(FOREGROUND))
      finalizers.push(FOREGROUND);
    const grace = kind === 'Pod' ? podGrace(obj, gracePeriodSeconds) : 0;

    if (finalizers.length === 0 && grace === 0) return { ok: true, object: this.remove(obj) };
    if (meta.deletionTimestamp && deepEqual(finalizers, meta.finalizers ?? [])) {
      if (kind === 'Pod' && grace === 0) return { ok: true, object: this.remove(obj) };
      return { ok: true, object: obj };
    }
    const next: KubeObject = {
      ...obj,
      metadata: {
        ...meta,
        deletionTimestamp: meta.deletionTimestamp ?? this.timestamp(this.now + grace * 1000),
        ...(kind === 'Pod'
          ? { deletionGracePeriodSeconds: grace }
          : { deletionGracePeriodSeconds: 0 }),
        ...(finalizers.length ? { finalizers } : {}),
      },
    };
    return { ok: true, object: this.commit(next, obj) };
  }

  /** Removes a finalizer; the object goes away when it was the last one and it is deleting. */
  removeFinalizer(obj: KubeObject, finalizer: string): KubeObject | undefined {
    const rest = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (obj.metadata.deletionTimestamp && rest.length === 0 && !this.awaitsKubelet(obj)) {
      this.remove(obj);
      return undefined;
    }
    const meta: ObjectMeta = { ...obj.metadata, finalizers: rest };
    if (rest.length === 0) delete meta.finalizers;
    return this.commit({ ...obj, metadata: meta }, obj, true);
  }

  private awaitsKubelet(obj: KubeObject): boolean {
    return (
      obj.kind === 'Pod' &&
      !!obj.spec?.nodeName &&
      Number(obj.metadata.deletionGracePeriodSeconds ?? 0) > 0
    );
  }

  /** Deletes immediately (grace period 0), as the kubelet does once a pod's containers stopped. */
  remove(obj: KubeObject): KubeObject {
    const gone = this.store.remove(obj) ?? obj;
    this.store.resourceVersion++;
    this.notify({ type: 'deleted', object: gone });
    return gone;
  }

  /**
   * Stores `obj` with the next resourceVersion. `ownsMetadata` says `obj.metadata` was built for
   * this write, so the version may be written into it rather than into a copy (the key keeps its
   * place either way, so the stored JSON is the same).
   */
  private commit(obj: KubeObject, old: KubeObject | undefined, ownsMetadata = false): KubeObject {
    this.store.resourceVersion++;
    const resourceVersion = String(this.store.resourceVersion);
    if (ownsMetadata && !Object.isFrozen(obj.metadata))
      obj.metadata.resourceVersion = resourceVersion;
    else obj.metadata = { ...obj.metadata, resourceVersion };
    if (this.freezeObjects) freeze(obj);
    this.store.put(obj);
    this.notify(old ? { type: 'modified', object: obj, old } : { type: 'added', object: obj });
    return obj;
  }

  private notify(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }
}

export const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

function usesGeneration(kind: string): boolean {
  return (
    kind !== 'Pod' &&
    kind !== 'Node' &&
    kind !== 'Namespace' &&
    kind !== 'Event' &&
    kind !== 'Endpoints'
  );
}

function podGrace(pod: KubeObject, requested: number | undefined): number {
  if (!pod.spec?.nodeName) return 0;
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
  const grace = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, Number(grace) || 0);
}

const qosClasses = new WeakMap<object, string>();

/**
 * qosClass, worked out once per spec object: the pods of one template share their spec until
 * they are bound, and specs are never changed once stored.
 */
function qosClassOf(spec: any): string {
  if (spec === null || typeof spec !== 'object') return qosClass(spec);
  let qos = qosClasses.get(spec);
  if (qos === undefined) qosClasses.set(spec, (qos = qosClass(spec)));
  return qos;
}

/** The pod's QoS class from its containers' requests and limits. */
export function qosClass(spec: any): string {
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
