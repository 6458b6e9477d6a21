/**
 * The simulated cluster: an API server and kube-controller-manager, scheduler and kubelets,
 * driven one controller sync at a time on a simulated clock. kubectl-level operations go in;
 * objects, events and the steps the controllers took come out. Nothing here throws for user
 * input, and all work is bounded.
 */
import type { Minor } from '../api/versions';
import type {
  ClusterEvent,
  ClusterOptions,
  KubeObject,
  ListOptions,
  ObjectRef,
  Outcome,
  Propagation,
  SettleLimit,
  Step,
} from './api';
import { matches } from '../api/selectors';
import { LAST_APPLIED, threeWayMerge } from './apply';
import { clientError, noKindMatch, notFound, type Failure } from './errors';
import { isNamespaced, lookupKind } from './kinds';
import { realMachinery, type Machinery } from './machinery';
import { deepClone, goJson, isObject } from './objects';
import { SeededRandom } from './random';
import { ApiServer, type Change, type Ok, type WriteResult } from './server';
import { WorkQueue } from './queue';
import {
  ReadContext,
  SyncContext,
  type ClusterTimingValues,
  type Controller,
} from '../controllers/context';
import { defaultControllers, stepObject } from '../controllers';
import { bootstrap } from './bootstrap';
import { volumeNotes } from './notes';
import * as ops from './operations';

/** The instant simulated time starts at, unless the options name another. */
export const DEFAULT_START = '2025-01-01T00:00:00Z';
const DEFAULT_MAX_STEPS = 2_000_000;
const DEFAULT_MAX_TIME = 60 * 60 * 1000;

export class Cluster {
  readonly minor: Minor;
  private server: ApiServer;
  private controllers: Controller[];
  private queue = new WorkQueue();
  private timing: ClusterTimingValues;
  private seq = 0;
  private boundNotes: string[] = [];
  private dispatch?: Map<string, Watcher[]>;
  private readContext?: ReadContext;
  private schedule?: (controller: string, key: string, time: number, deadline: boolean) => void;

  constructor(options: ClusterOptions, machinery?: Machinery) {
    this.minor = options.minor;
    const rng = options.random ?? new SeededRandom(options.seed ?? 1);
    const epoch = Date.parse(options.start ?? DEFAULT_START);
    const limits = {
      maxPods: options.limits?.maxPods ?? 200_000,
      maxObjects: options.limits?.maxObjects ?? 400_000,
    };
    this.timing = {
      podStartMs: options.timing?.podStartMs ?? 2000,
      podStopMs: options.timing?.podStopMs ?? 1000,
    };
    this.server = new ApiServer(
      this.minor,
      machinery ?? realMachinery(this.minor),
      rng,
      Number.isNaN(epoch) ? Date.parse(DEFAULT_START) : epoch,
      limits,
    );
    this.server.freezeObjects = options.freezeObjects ?? false;
    this.controllers = defaultControllers();
    this.server.watch((change) => this.enqueue(change));
    bootstrap(this.server, options.nodes);
    this.settle();
    this.seq = 0;
  }

  /** Simulated milliseconds since the cluster started. */
  get now(): number {
    return this.server.now;
  }

  /** The wall-clock instant (ms since the Unix epoch) of simulated time zero. */
  get startedAt(): number {
    return this.server.epoch;
  }

  /** RFC 3339 of a simulated time (default now), as object timestamps are written. */
  timestamp(ms = this.now): string {
    return this.server.timestamp(ms);
  }

  /** A deep, independent copy; stored objects are shared because they are never mutated. */
  clone(): Cluster {
    const copy = Object.create(Cluster.prototype) as Cluster;
    const mutable = copy as unknown as Record<string, unknown>;
    mutable.minor = this.minor;
    mutable.timing = this.timing;
    copy.seq = this.seq;
    copy.boundNotes = [...this.boundNotes];
    copy.queue = this.queue.clone();
    copy.server = this.server.clone(this.server.rng.clone());
    copy.controllers = this.controllers.map((c) => (c.clone ? c.clone() : c));
    copy.server.watch((change) => copy.enqueue(change));
    return copy;
  }

  /** Hands a change to the controllers that watch its kind, which name the keys to sync. */
  private enqueue(change: Change): void {
    const dispatch = (this.dispatch ??= this.watchers());
    const ctx = (this.readContext ??= new ReadContext(this.server, this.timing));
    const watching = dispatch.get(change.object.kind) ?? dispatch.get('*')!;
    for (const w of watching) w.controller.keysFor(change, ctx, w.add);
  }

  /**
   * The dispatch table with one `add` per controller, made once: every write reaches about ten
   * controllers, and a closure per controller per write was a large share of the garbage.
   * Built lazily, so a clone builds its own around its own queue.
   */
  private watchers(): Map<string, Watcher[]> {
    const adders = new Map<Controller, Watcher>();
    for (const c of this.controllers) {
      const name = c.name;
      adders.set(c, { controller: c, add: (key) => this.queue.add(name, key) });
    }
    const table = new Map<string, Watcher[]>();
    for (const [kind, list] of dispatchTable(this.controllers))
      table.set(kind, list.map((c) => adders.get(c)!));
    return table;
  }

  // -------------------------------------------------------------------------------------------
  // reads

  /**
   * The stored object. It is shared with the store and with clones: treat it as read-only
   * (with `freezeObjects` a write to it throws).
   */
  get(ref: ObjectRef): KubeObject | undefined {
    return this.server.get(ref.kind, this.namespaceOf(ref), ref.name);
  }

  /** Objects of a kind, sorted by namespace then name as the API server lists them. */
  list(kind: string, opts: ListOptions = {}): KubeObject[] {
    const ns = isNamespaced(kind) ? opts.namespace : undefined;
    const items = opts.selector
      ? this.server.store.select(kind, ns, opts.selector)
      : [...this.server.store.iterate(kind, ns)];
    return items.sort(byNamespaceThenName);
  }

  /** Events of one object (by its current uid), or all events, oldest first. */
  events(ref?: ObjectRef): ClusterEvent[] {
    if (!ref) return this.server.events.list();
    const obj = this.get(ref);
    return this.server.events.forObject(
      ref.kind,
      this.namespaceOf(ref),
      ref.name,
      obj?.metadata.uid,
    );
  }

  /** Warnings about the cluster as it stands: shared hostPaths, shared RWO claims, bounds hit. */
  notes(): string[] {
    return [...this.boundNotes, ...volumeNotes(this.server)];
  }

  /** True when no controller has work left other than waiting for a deadline. */
  get settled(): boolean {
    return !this.queue.hasReady() && !this.queue.hasProgressTimers();
  }

  private namespaceOf(ref: ObjectRef): string | undefined {
    return isNamespaced(ref.kind) ? (ref.namespace ?? 'default') : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // writes, as kubectl sends them

  /** `kubectl apply` (client-side): create, or merge three ways with the last applied manifest. */
  apply(obj: KubeObject, opts: { namespace?: string } = {}): Outcome {
    return this.guard(() => {
      const info = lookupKind(obj?.apiVersion, obj?.kind);
      if (!info || !isObject(obj.metadata)) return noKindMatch(obj?.apiVersion, obj?.kind);
      const manifest = deepClone(obj);
      if (info.namespaced)
        manifest.metadata.namespace = manifest.metadata.namespace || opts.namespace || 'default';
      const modified = withLastApplied(manifest);

      const live = this.server.get(
        manifest.kind,
        manifest.metadata.namespace,
        String(manifest.metadata.name ?? ''),
      );
      if (!live) return this.created(this.server.create(modified), 'created');

      const warnings: string[] = [];
      const raw = live.metadata.annotations?.[LAST_APPLIED];
      const original = parseLastApplied(raw);
      if (raw === undefined) warnings.push(missingAnnotationWarning(live));
      if (live.metadata.deletionTimestamp) {
        warnings.push(
          `Detected changes to resource ${plural(live)}/${live.metadata.name} ` +
            'which is currently being deleted.',
        );
      }
      const merged = threeWayMerge(live.kind, original, modified as any, live as any);
      if (!merged.changed)
        return {
          ok: true,
          object: live,
          result: 'unchanged',
          ...(warnings.length ? { warnings } : {}),
        };
      const result = this.server.update(merged.value as KubeObject);
      if (!result.ok) return result;
      return {
        ok: true,
        object: result.object,
        result: 'configured',
        ...(warnings.length ? { warnings } : {}),
      };
    });
  }

  /** `kubectl create -f`: fails with AlreadyExists when the object exists. */
  create(obj: KubeObject, opts: { namespace?: string } = {}): Outcome {
    return this.guard(() =>
      this.created(this.server.create(obj, { namespace: opts.namespace }), 'created'),
    );
  }

  /** `kubectl delete` with `--cascade` (background by default). */
  delete(ref: ObjectRef, propagation: Propagation = 'Background'): Outcome {
    return this.guard(() => {
      if (ref.kind === 'Namespace') return ops.deleteNamespace(this.server, ref.name);
      const result = this.server.delete(ref.kind, this.namespaceOf(ref), ref.name, propagation);
      return result.ok ? { ok: true, object: result.object, result: 'deleted' } : result;
    });
  }

  /**
   * Replaces an object's metadata and spec, defaulted and validated as an update (what
   * `kubectl annotate` and `kubectl patch` send after editing the live object).
   */
  update(obj: KubeObject): Outcome {
    return this.guard(() => {
      const result = this.server.update(obj);
      return result.ok ? { ok: true, object: result.object, result: 'configured' } : result;
    });
  }

  /** `kubectl scale --replicas=N`. */
  scale(ref: ObjectRef, replicas: number): Outcome {
    return this.guard(() => ops.scale(this.server, this.resolve(ref), replicas));
  }

  /** `kubectl label`: `null` removes a key; an existing different value needs `overwrite`. */
  label(ref: ObjectRef, changes: Record<string, string | null>, overwrite: boolean): Outcome {
    return this.guard(() => ops.label(this.server, this.resolve(ref), changes, overwrite));
  }

  /** `kubectl set image`: container name (or `*`) to image. */
  setImage(ref: ObjectRef, images: Record<string, string>): Outcome {
    return this.guard(() => ops.setImage(this.server, this.resolve(ref), images));
  }

  /** `kubectl cordon` / `uncordon`. */
  cordon(nodeName: string, unschedulable: boolean): Outcome {
    return this.guard(() => ops.cordon(this.server, nodeName, unschedulable));
  }

  /** `kubectl taint node n key=value:Effect` (or `key:Effect-` with `remove`). */
  taint(
    nodeName: string,
    taint: { key: string; value?: string; effect: string },
    remove: boolean,
  ): Outcome {
    return this.guard(() => ops.taint(this.server, nodeName, taint, remove));
  }

  /** `kubectl rollout undo [--to-revision=N]`. */
  rolloutUndo(ref: ObjectRef, toRevision?: number): Outcome {
    return this.guard(() => ops.rolloutUndo(this.server, this.resolve(ref), toRevision ?? 0));
  }

  /** `kubectl rollout pause` / `resume`. */
  setPaused(ref: ObjectRef, paused: boolean): Outcome {
    return this.guard(() => ops.setPaused(this.server, this.resolve(ref), paused));
  }

  /** `kubectl rollout restart`: stamps the template with `kubectl.kubernetes.io/restartedAt`. */
  restart(ref: ObjectRef): Outcome {
    return this.guard(() => ops.restart(this.server, this.resolve(ref)));
  }

  private resolve(ref: ObjectRef): KubeObject | Failure {
    return this.get(ref) ?? notFound(ref.kind, ref.name);
  }

  private created(result: WriteResult, word: Ok['result']): Outcome {
    return result.ok ? { ok: true, object: result.object, result: word } : result;
  }

  /** Contains a failure inside one operation: the caller gets an error outcome, never a throw. */
  private guard(fn: () => Outcome): Outcome {
    try {
      return fn();
    } catch (err) {
      return clientError(`internal error in the simulated cluster: ${String(err)}`);
    }
  }

  // -------------------------------------------------------------------------------------------
  // running the controllers

  /**
   * Runs controller syncs on the simulated clock until nothing is left to do but wait for a
   * deadline: all pods started and ready, rollouts complete. Bounded by `maxSteps` syncs and
   * `maxTime` simulated ms; a bound hit is reported as a warning on the last step and in notes().
   */
  settle(limit: SettleLimit = {}): Step[] {
    return this.run(
      limit.maxSteps ?? DEFAULT_MAX_STEPS,
      this.now + (limit.maxTime ?? DEFAULT_MAX_TIME),
      false,
    );
  }

  /** Lets `ms` of simulated time pass, running everything due, deadlines included. */
  advance(ms: number, limit: { maxSteps?: number } = {}): Step[] {
    const until = this.now + Math.max(0, ms);
    const steps = this.run(limit.maxSteps ?? DEFAULT_MAX_STEPS, until, true);
    if (this.server.now < until) this.server.now = until;
    return steps;
  }

  private run(maxSteps: number, until: number, throughDeadlines: boolean): Step[] {
    const steps: Step[] = [];
    let syncs = 0;
    for (;;) {
      this.queue.promote(this.now);
      if (!this.queue.hasReady()) {
        const next = this.queue.nextTime();
        const waiting = throughDeadlines ? next !== undefined : this.queue.hasProgressTimers();
        if (!waiting || next === undefined) return steps;
        if (next > until) {
          if (!throughDeadlines)
            this.hitBound(
              steps,
              `stopped at ${Math.round((until - this.now) / 1000)}s of simulated time ` +
                'before the cluster settled',
            );
          return steps;
        }
        this.server.now = next;
        continue;
      }
      for (const c of this.controllers) {
        for (const key of this.queue.take(c.name)) {
          if (syncs >= maxSteps) {
            // FIXME: Only this key goes back; the keys taken with it and not synced yet are lost,
            // so stepping one sync at a time can leave pods Pending for good while the cluster
            // counts as settled. Every key not synced should go back, in order.
            this.queue.add(c.name, key);
            this.hitBound(
              steps,
              `stopped after ${maxSteps} controller syncs before the cluster settled`,
            );
            return steps;
          }
          syncs++;
          const step = this.syncOne(c, key);
          if (step.actions.length || step.events.length || step.warnings) steps.push(step);
        }
      }
    }
  }

  /**
   * Runs one sync of one controller (by its component name, e.g. `deployment-controller`) on
   * `key` (`namespace/name`; a uid for the garbage collector), whatever is queued. Tests drive
   * controllers this way, one sync at a time.
   */
  sync(controller: string, key: string): Step {
    const c = this.controllers.find((x) => x.name === controller);
    if (!c) {
      const warnings = [`no controller named ${controller}`];
      return {
        seq: ++this.seq,
        time: this.now,
        controller,
        object: { kind: 'Unknown', name: key },
        actions: [],
        events: [],
        warnings,
      };
    }
    return this.syncOne(c, key);
  }

  /** Replaces an object's status, as `kubectl patch --subresource=status` would. */
  patchStatus(ref: ObjectRef, status: unknown): Outcome {
    return this.guard(() => {
      const obj = this.get(ref);
      if (!obj) return notFound(ref.kind, ref.name);
      const result = this.server.update(
        { ...obj, status: deepClone(status) },
        { status: true, trusted: true },
      );
      return result.ok ? { ok: true, object: result.object, result: 'patched' } : result;
    });
  }

  private syncOne(c: Controller, key: string): Step {
    const step: Step = {
      seq: ++this.seq,
      time: this.now,
      controller: c.name,
      object: stepObject(c.name, key, this.server),
      actions: [],
      events: [],
    };
    const schedule = (this.schedule ??= (name, k, time, deadline) =>
      this.queue.addAt(name, k, time, deadline));
    const ctx = new SyncContext(this.server, this.timing, step, schedule);
    try {
      c.sync(key, ctx);
    } catch (err) {
      (step.warnings ??= []).push(`${c.name} failed to sync ${key}: ${String(err)}`);
    }
    step.actions = compact(step.actions);
    step.events = compact(step.events);
    return step;
  }

  private hitBound(steps: Step[], message: string): void {
    this.boundNotes.push(message);
    const last = steps[steps.length - 1];
    if (last) (last.warnings ??= []).push(message);
    else
      steps.push({
        seq: ++this.seq,
        time: this.now,
        controller: 'kubeplan',
        object: { kind: 'Cluster', name: '' },
        actions: [],
        events: [],
        warnings: [message],
      });
  }
}

/** A controller with the function that queues a key for it. */
interface Watcher {
  controller: Controller;
  add: (key: string) => void;
}

/** Controllers by watched kind, in run order; `*` holds those that watch every kind. */
function dispatchTable(controllers: Controller[]): Map<string, Controller[]> {
  const table = new Map<string, Controller[]>();
  const every = controllers.filter((c) => c.watches === '*');
  table.set('*', every);
  for (const c of controllers) {
    if (c.watches === '*') continue;
    for (const kind of c.watches) {
      if (!table.has(kind)) table.set(kind, []);
      table.get(kind)!.push(c);
    }
  }
  for (const [kind, list] of table) {
    if (kind !== '*')
      table.set(
        kind,
        controllers.filter((c) => c.watches === '*' || list.includes(c)),
      );
  }
  return table;
}

/**
 * The list with room for exactly its items. A list grown by push keeps room for 16 or more, and
 * a large run keeps hundreds of thousands of steps of one or two items each.
 */
function compact<T>(list: T[]): T[] {
  return list.length === 0 ? list : list.slice();
}

function byNamespaceThenName(a: KubeObject, b: KubeObject): number {
  const na = a.metadata.namespace ?? '';
  const nb = b.metadata.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  const ma = a.metadata.name ?? '';
  const mb = b.metadata.name ?? '';
  return ma < mb ? -1 : ma > mb ? 1 : 0;
}

/**
 * The manifest as kubectl sends it on apply: its own JSON (keys sorted, with the annotation map
 * present even when empty, and a final newline) stored in the last-applied annotation.
 */
function withLastApplied(manifest: KubeObject): KubeObject {
  const annotations = { ...(manifest.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const original = { ...manifest, metadata: { ...manifest.metadata, annotations } };
  const text = goJson(original) + '\n';
  return {
    ...original,
    metadata: { ...original.metadata, annotations: { ...annotations, [LAST_APPLIED]: text } },
  };
}

function parseLastApplied(raw: string | undefined): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = JSON.parse(raw);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function plural(obj: KubeObject): string {
  return lookupKind(obj.apiVersion, obj.kind)?.plural ?? obj.kind.toLowerCase() + 's';
}

function missingAnnotationWarning(live: KubeObject): string {
  return (
    `resource ${plural(live)}/${live.metadata.name} is missing the ${LAST_APPLIED} annotation ` +
    'which is required by kubectl apply. kubectl apply should only be used on resources ' +
    'created declaratively by either kubectl create ' +
    '--save-config or kubectl apply. The missing annotation will be patched automatically.'
  );
}

export { matches };
export type { Step, Outcome, KubeObject, ObjectRef, ClusterEvent };
