/**
 * A stand-in for the kubelets of all nodes. A bound pod gets an IP from its node's pod CIDR and
 * pulls its images, runs after the start delay, turns Ready at once or when its readiness probe
 * first passes (initialDelaySeconds after the start), and on a graceful delete stops its
 * containers and is removed.
 *
 * FIXME: Containers never fail here: images always pull, commands never exit, probes always
 * pass, so there are no restarts, CrashLoopBackOff or ErrImagePull, and `imageID` stays empty.
 */
import type { Minor } from '../api/versions';
import type { KubeObject } from '../cluster/api';
import type { Change } from '../cluster/server';
import {
  atLeast,
  nsKey,
  type Controller,
  type ReadContext,
  type SyncContext,
} from './context';
import { internalIp } from './nodes';

const NAME = 'kubelet';

const bases = new Map<string, string>();

/** The first three octets of a /24 pod CIDR: `10.244.3.0/24` → `10.244.3`. */
function cidrBase(cidr: string): string {
  let base = bases.get(cidr);
  if (base === undefined)
    bases.set(cidr, (base = cidr.split('/')[0].split('.').slice(0, 3).join('.')));
  return base;
}

export class Kubelet implements Controller {
  readonly name = NAME;
  readonly watches = ['Pod'] as const;
  /** Images each node already holds, for the "already present on machine" events. */
  private images = new Map<string, Set<string>>();
  /** The last pod IP each node handed out (host-local IPAM goes round the range). */
  private lastIp = new Map<string, number>();
  private stopping = new Set<string>();

  clone(): Kubelet {
    const copy = new Kubelet();
    copy.images = new Map([...this.images].map(([n, s]) => [n, new Set(s)]));
    copy.lastIp = new Map(this.lastIp);
    copy.stopping = new Set(this.stopping);
    return copy;
  }

  keysFor(change: Change, _ctx: ReadContext, add: (key: string) => void): void {
    const pod = change.object;
    if (pod.kind !== 'Pod' || change.type === 'deleted') return;
    if (!pod.spec?.nodeName) return;
    const old = change.old;
    const becameBound = !old?.spec?.nodeName;
    const becameDeleting = !!pod.metadata.deletionTimestamp && !old?.metadata.deletionTimestamp;
    if (becameBound || becameDeleting) add(nsKey(pod));
  }

  /** `key` is the pod's `namespace/name`; a pod found under it has that key as its nsKey. */
  sync(key: string, ctx: SyncContext): void {
    const pod = ctx.getByKey('Pod', key);
    if (!pod || !pod.spec?.nodeName) return;
    if (pod.metadata.deletionTimestamp) return this.stop(pod, ctx);
    const phase = pod.status?.phase;
    if (phase !== 'Pending' && phase !== 'Running') return;

    if (!pod.status?.startTime) return this.admit(pod, key, ctx);
    if (phase === 'Pending') return this.start(pod, key, ctx);
    this.probe(pod, key, ctx);
  }

  /** The sandbox: pod IP, start time, containers creating, images pulled. */
  private admit(pod: KubeObject, key: string, ctx: SyncContext): void {
    const node = ctx.get('Node', undefined, pod.spec.nodeName);
    const ip = this.allocateIp(node);
    const hostIP = node ? internalIp(node) : undefined;
    const now = ctx.timestamp();
    const containers: any[] = pod.spec.containers ?? [];
    // Built step by step in the order of the object literal it replaces, so keys keep their order.
    const status: any = { ...pod.status, phase: 'Pending' };
    status.conditions = this.conditions(pod, now, false, ctx.minor);
    if (hostIP) {
      status.hostIP = hostIP;
      status.hostIPs = shared.hostIPs(hostIP);
    }
    status.podIP = ip;
    status.podIPs = [{ ip }];
    status.startTime = now;
    status.containerStatuses = waitingStatuses(containers);
    ctx.updateStatus(pod, status, `status podIP=${ip}`);
    for (const c of containers) this.pull(pod, c, ctx);
    ctx.after(ctx.timing.podStartMs, key);
  }

  private start(pod: KubeObject, key: string, ctx: SyncContext): void {
    const startedAt = (ctx.msOf(pod.status.startTime) ?? ctx.now) + ctx.timing.podStartMs;
    if (ctx.now < startedAt) {
      ctx.after(startedAt - ctx.now, key);
      return;
    }
    const now = ctx.timestamp();
    const containers: any[] = pod.spec.containers ?? [];
    const ready = containers.every((c) => !c.readinessProbe);
    const status = {
      ...pod.status,
      phase: 'Running',
      conditions: this.conditions(pod, now, ready, ctx.minor),
      containerStatuses: runningStatuses(pod.status.containerStatuses, containers, now),
    };
    ctx.updateStatus(pod, status, ready ? 'status Running, Ready' : 'status Running');
    for (const c of containers) this.containerEvents(pod, c, ctx);
    if (!ready) ctx.after(this.readyDelay(pod), key);
  }

  /** Readiness probes pass on their first run, initialDelaySeconds after the container started. */
  private probe(pod: KubeObject, key: string, ctx: SyncContext): void {
    if (
      (pod.status.conditions as any[] | undefined)?.some(
        (c) => c.type === 'Ready' && c.status === 'True',
      )
    )
      return;
    const startedAt =
      ctx.msOf(pod.status.containerStatuses?.[0]?.state?.running?.startedAt) ?? ctx.now;
    const due = startedAt + this.readyDelay(pod);
    if (ctx.now < due) {
      ctx.after(due - ctx.now, key);
      return;
    }
    const now = ctx.timestamp();
    const status = {
      ...pod.status,
      conditions: this.conditions(pod, now, true, ctx.minor),
      containerStatuses: readyStatuses(pod.status.containerStatuses),
    };
    ctx.updateStatus(pod, status, 'status Ready');
  }

  private readyDelay(pod: KubeObject): number {
    let max = 0;
    for (const c of pod.spec.containers ?? [])
      max = Math.max(max, Number(c.readinessProbe?.initialDelaySeconds ?? 0));
    return max * 1000;
  }

  /**
   * Pod conditions in the order the kubelet writes them; transition times kept when unchanged.
   * The list depends only on the pod's earlier list, the time, readiness, its containers and
   * the minor, so pods that go through a step together share one list (see `shared`).
   */
  private conditions(pod: KubeObject, now: string, ready: boolean, minor: Minor): any[] {
    const before: any[] = pod.status?.conditions ?? NO_CONDITIONS;
    const containers = pod.spec.containers;
    const last = shared.conditions.get(before);
    if (
      last &&
      last.now === now &&
      last.ready === ready &&
      last.containers === containers &&
      last.minor === minor
    )
      return last.list;
    const list = this.buildConditions(pod, now, ready, minor);
    shared.conditions.set(before, { now, ready, containers, minor, list });
    return list;
  }

  private buildConditions(pod: KubeObject, now: string, ready: boolean, minor: Minor): any[] {
    const old = new Map(((pod.status?.conditions as any[]) ?? []).map((c) => [c.type, c]));
    const cond = (type: string, ok: boolean, extra: object = {}) => {
      const status = ok ? 'True' : 'False';
      const prev = old.get(type);
      const lastTransitionTime = prev?.status === status ? prev.lastTransitionTime : now;
      return { type, status, lastProbeTime: null, lastTransitionTime, ...(ok ? {} : extra) };
    };
    const names = ((pod.spec.containers as any[]) ?? []).map((c) => c.name).join(' ');
    const notReady = {
      reason: 'ContainersNotReady',
      message: `containers with unready status: [${names}]`,
    };
    const list: any[] = [];
    if (atLeast(minor, '1.29')) list.push(cond('PodReadyToStartContainers', true));
    list.push(
      cond('Initialized', true),
      cond('Ready', ready, notReady),
      cond('ContainersReady', ready, notReady),
    );
    list.push(old.get('PodScheduled') ?? cond('PodScheduled', true));
    return list;
  }

  private pull(pod: KubeObject, c: any, ctx: SyncContext): void {
    const node = pod.spec.nodeName as string;
    let cached = this.images.get(node);
    if (!cached) this.images.set(node, (cached = new Set()));
    const text = containerText(c);
    const field = text.field;
    if (c.imagePullPolicy !== 'Always' && cached.has(c.image)) {
      ctx.event(pod, 'Normal', 'Pulled', text.present, field);
      return;
    }
    const took = `${ctx.timing.podStartMs / 1000}s`;
    // FIXME: Kubelets since about 1.30 end this message with `. Image size: <n> bytes.`; the size
    // of a real image cannot be known offline, so that sentence is left out.
    const pulled = atLeast(ctx.minor, '1.28')
      ? `Successfully pulled image "${c.image}" in ${took} (${took} including waiting)`
      : `Successfully pulled image "${c.image}" in ${took}`;
    ctx.event(pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, field);
    ctx.event(pod, 'Normal', 'Pulled', pulled, field);
    cached.add(c.image);
  }

  private containerEvents(pod: KubeObject, c: any, ctx: SyncContext): void {
    const text = containerText(c);
    if (text.lifecycle?.minor !== ctx.minor) {
      const created = atLeast(ctx.minor, '1.35')
        ? 'Created container'
        : atLeast(ctx.minor, '1.32')
          ? `Created container: ${c.name}`
          : `Created container ${c.name}`;
      const started = atLeast(ctx.minor, '1.35')
        ? 'Started container'
        : `Started container ${c.name}`;
      text.lifecycle = { minor: ctx.minor, created, started };
    }
    ctx.event(pod, 'Normal', 'Created', text.lifecycle.created, text.field);
    ctx.event(pod, 'Normal', 'Started', text.lifecycle.started, text.field);
  }

  /** Graceful stop: a Killing event per container, removal when they stopped. */
  private stop(pod: KubeObject, ctx: SyncContext): void {
    const grace = Number(pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
    const requested = (ctx.msOf(pod.metadata.deletionTimestamp) ?? ctx.now) - grace;
    const uid = pod.metadata.uid!;
    if (!this.stopping.has(uid)) {
      this.stopping.add(uid);
      if (pod.status?.phase === 'Running') {
        for (const c of pod.spec.containers ?? []) {
          ctx.event(
            pod,
            'Normal',
            'Killing',
            `Stopping container ${c.name}`,
            `spec.containers{${c.name}}`,
          );
        }
      }
    }
    const done = requested + Math.min(grace, ctx.timing.podStopMs);
    if (ctx.now < done) {
      ctx.after(done - ctx.now, nsKey(pod));
      return;
    }
    this.stopping.delete(uid);
    if (pod.metadata.finalizers?.length) return;
    ctx.remove(pod, 'containers stopped');
  }

  /** host-local IPAM: the next free address of the node's /24, going round from .2 to .254. */
  private allocateIp(node: KubeObject | undefined): string {
    const name = node?.metadata.name ?? '';
    const base = cidrBase(node?.spec?.podCIDR ?? '10.244.0.0/24');
    let last = this.lastIp.get(name) ?? 1;
    last = last >= 254 ? 2 : last + 1;
    this.lastIp.set(name, last);
    return `${base}.${last}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Parts of pod status shared between pods.
//
// Stored objects are never changed, so pods whose status goes through the same step in the same
// second can share the parts that come out equal: the conditions list, the container statuses,
// the host IP list. Each part is remembered against the object it was made from (a template's
// container list, the earlier list of a pod); a hundred thousand pods then hold a few hundred
// such lists instead of a hundred thousand each, and building them costs a lookup.

const NO_CONDITIONS: any[] = [];

interface ConditionsMemo {
  now: string;
  ready: boolean;
  containers: unknown;
  minor: Minor;
  list: any[];
}

interface StatusesMemo {
  now: string;
  containers: unknown;
  list: any[];
}

const shared = {
  /** The last conditions list built from each earlier list. */
  conditions: new WeakMap<object, ConditionsMemo>(),
  /** ContainerCreating statuses of each container list. */
  waiting: new WeakMap<object, any[]>(),
  /** The last Running statuses built from each waiting list. */
  running: new WeakMap<object, StatusesMemo>(),
  /** The ready statuses of each Running list. */
  ready: new WeakMap<object, any[]>(),
  /** `[{ ip }]` of each host IP; there are as many as nodes. */
  hostIPList: new Map<string, Array<{ ip: string }>>(),

  hostIPs(ip: string): Array<{ ip: string }> {
    let list = this.hostIPList.get(ip);
    if (!list) {
      // Node addresses are few, but a long-lived language server sees many clusters.
      if (this.hostIPList.size > 10_000) this.hostIPList.clear();
      this.hostIPList.set(ip, (list = [{ ip }]));
    }
    return list;
  },
};

function waitingStatuses(containers: any[]): any[] {
  let list = shared.waiting.get(containers);
  if (!list) {
    list = containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: 'ContainerCreating' } },
    }));
    shared.waiting.set(containers, list);
  }
  return list;
}

function runningStatuses(before: any[], containers: any[], now: string): any[] {
  const last = shared.running.get(before);
  if (last && last.now === now && last.containers === containers) return last.list;
  const list = before.map((s) => ({
    ...s,
    ready: !containers.find((c) => c.name === s.name)?.readinessProbe,
    started: true,
    state: { running: { startedAt: now } },
  }));
  shared.running.set(before, { now, containers, list });
  return list;
}

function readyStatuses(before: any[]): any[] {
  let list = shared.ready.get(before);
  if (!list) shared.ready.set(before, (list = before.map((s) => ({ ...s, ready: true }))));
  return list;
}

/** The texts of one container's events, made once per container object (and minor). */
interface ContainerText {
  field: string;
  present: string;
  /** The Created and Started messages, which are worded by minor. */
  lifecycle?: { minor: Minor; created: string; started: string };
}

const containerTexts = new WeakMap<object, ContainerText>();

function containerText(c: any): ContainerText {
  let text = containerTexts.get(c);
  if (!text) {
    text = {
      field: `spec.containers{${c.name}}`,
      present: `Container image "${c.image}" already present on machine`,
    };
    containerTexts.set(c, text);
  }
  return text;
}
