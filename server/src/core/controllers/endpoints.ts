/**
 * The endpoints controller: for each Service with a selector, an Endpoints object of the same
 * name listing the matching pods that have an IP, ready ones under `addresses` and the others
 * under `notReadyAddresses`, with the Service's ports resolved against each pod's container
 * ports. Terminating pods are left out; at most 1000 addresses are kept.
 */
import type { KubeObject } from '../cluster/api';
import { matches, type Labels, type Selector } from '../api/selectors';
import { deepEqual } from '../cluster/objects';
import type { Change } from '../cluster/server';
import {
  fromMapSelector,
  nsKey,
  splitKey,
  type Controller,
  type ReadContext,
  type SyncContext,
} from './context';
import { isPodReady } from './pods';

// FIXME: The EndpointSlice controller's slices (`kubectl get endpointslices`) are not produced;
// only the v1 Endpoints object is.
const MAX_ADDRESSES = 1000;
const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

export class EndpointsController implements Controller {
  readonly name = 'endpoint-controller';
  readonly watches = ['Service', 'Pod'] as const;
  /** Per namespace, built when a pod first needs it and dropped when a Service changes. */
  private indexes = new Map<string, ServiceIndex>();
  private hits: IndexedService[] = [];

  /** The index is derived from the store, so a clone rebuilds its own from its own store. */
  clone(): EndpointsController {
    return new EndpointsController();
  }

  keysFor(change: Change, ctx: ReadContext, add: (key: string) => void): void {
    const obj = change.object;
    if (obj.kind === 'Service') {
      this.indexes.delete(obj.metadata.namespace ?? '');
      add(nsKey(obj));
      return;
    }
    if (obj.kind !== 'Pod') return;
    const labels = obj.metadata.labels;
    const oldLabels = change.old?.metadata.labels;
    const index = this.indexFor(obj.metadata.namespace ?? '', ctx);
    // One list for every pod change, emptied each time: this runs on every pod write.
    const hits = this.hits;
    hits.length = 0;
    candidates(index, labels, hits);
    if (change.old && oldLabels !== labels) candidates(index, oldLabels, hits);
    // The Services' own order in the store, as a scan of them would meet them.
    if (hits.length > 1) hits.sort((a, b) => a.order - b.order);
    let last: IndexedService | undefined;
    for (const svc of hits) {
      if (svc === last) continue;
      last = svc;
      if (matches(svc.selector, labels) || (change.old && matches(svc.selector, oldLabels)))
        add(svc.key);
    }
  }

  private indexFor(namespace: string, ctx: ReadContext): ServiceIndex {
    let index = this.indexes.get(namespace);
    if (index) return index;
    index = new Map();
    let order = 0;
    for (const svc of ctx.list('Service', namespace)) {
      const selector = serviceSelector(svc);
      order++;
      if (!selector) continue;
      // A map selector is all `key in (value)` requirements, so a pod it selects carries its
      // first pair: that pair is where the Service is filed.
      const { key, values } = selector[0];
      let byValue = index.get(key);
      if (!byValue) index.set(key, (byValue = new Map()));
      const value = values![0];
      const list = byValue.get(value);
      const entry = { order, key: nsKey(svc), selector };
      if (list) list.push(entry);
      else byValue.set(value, [entry]);
    }
    this.indexes.set(namespace, index);
    return index;
  }

  sync(key: string, ctx: SyncContext): void {
    const { namespace, name } = splitKey(key);
    const svc = ctx.get('Service', namespace, name);
    const existing = ctx.get('Endpoints', namespace, name);
    if (!svc) {
      if (existing && !existing.metadata.labels?.['kubeplan.dev/static']) ctx.delete(existing);
      return;
    }
    const selector = serviceSelector(svc);
    if (!selector) return;

    const pods = ctx.select('Pod', namespace, selector).filter((p) => includePod(p, svc));
    const subsets = this.subsets(svc, pods);
    const annotations: Record<string, string> = {};
    if (countAddresses(subsets) > MAX_ADDRESSES) {
      truncate(subsets);
      annotations[OVER_CAPACITY] = 'truncated';
    }
    if (
      existing &&
      deepEqual(existing.subsets ?? [], subsets) &&
      deepEqual(existing.metadata.labels ?? {}, svc.metadata.labels ?? {})
    ) {
      return;
    }
    annotations[TRIGGER_TIME] = ctx.timestamp();
    const ep: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name,
        namespace,
        ...(svc.metadata.labels ? { labels: svc.metadata.labels } : {}),
        annotations,
      },
      ...(subsets.length ? { subsets } : {}),
    };
    const detail = `${countAddresses(subsets)} addresses`;
    if (existing) ctx.update({ ...ep, metadata: { ...existing.metadata, ...ep.metadata } }, detail);
    else ctx.create(ep, detail);
  }

  /** Addresses grouped by the ports they resolve to, each group's addresses sorted by IP. */
  private subsets(svc: KubeObject, pods: KubeObject[]): any[] {
    const groups = new Map<string, Group>();
    const servicePorts = svc.spec?.ports ?? [];
    for (const pod of pods) {
      const { ports, key } = resolvedPorts(servicePorts, pod);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { ports, addresses: [], notReadyAddresses: [] }));
      const address = {
        ip: pod.status.podIP,
        nodeName: pod.spec?.nodeName,
        targetRef: {
          kind: 'Pod',
          namespace: pod.metadata.namespace,
          name: pod.metadata.name,
          uid: pod.metadata.uid,
        },
      };
      if (isPodReady(pod) || svc.spec?.publishNotReadyAddresses) g.addresses.push(address);
      else g.notReadyAddresses.push(address);
    }
    const out: any[] = [];
    for (const g of groups.values()) {
      const subset: any = {};
      if (g.addresses.length) subset.addresses = sortedByIp(g.addresses);
      if (g.notReadyAddresses.length) subset.notReadyAddresses = sortedByIp(g.notReadyAddresses);
      if (g.ports.length) subset.ports = g.ports;
      out.push(subset);
    }
    return out;
  }
}

interface Group {
  ports: any[];
  addresses: any[];
  notReadyAddresses: any[];
}

const resolved = new WeakMap<object, { servicePorts: unknown; ports: any[]; key: string }>();
const NO_CONTAINERS: unknown[] = [];

/**
 * The Service's ports resolved against the pod's containers, and their text as a group key.
 * Remembered against the container list, which the pods of one template share and which is
 * never changed once stored: a large Service's pods then cost one lookup each.
 */
function resolvedPorts(servicePorts: any[], pod: KubeObject): { ports: any[]; key: string } {
  const containers = pod.spec?.containers ?? NO_CONTAINERS;
  const known = resolved.get(containers);
  if (known && known.servicePorts === servicePorts) return known;
  const ports = servicePorts.map((p: any) => resolvePort(p, pod)).filter((p: any) => p);
  const entry = { servicePorts, ports, key: JSON.stringify(ports) };
  if (typeof containers === 'object') resolved.set(containers, entry);
  return entry;
}

/**
 * The addresses in IP order. Each IP is read once, not once per comparison; the positions are
 * sorted with the same comparisons the addresses would get, so the order is the same.
 */
function sortedByIp(list: any[]): any[] {
  if (list.length < 2) return list;
  const numbers = list.map((a) => ipNumber(a.ip));
  const order = list.map((_, i) => i);
  order.sort((i, j) => numbers[i] - numbers[j]);
  return order.map((i) => list[i]);
}

/**
 * The Services of one namespace that have a selector, filed under one label pair of their
 * selector (label key, then value), so that a pod change looks at the few Services that could
 * select it rather than at every Service of the namespace.
 */
type ServiceIndex = Map<string, Map<string, IndexedService[]>>;

interface IndexedService {
  /** Position in the store's listing of the namespace's Services. */
  order: number;
  key: string;
  selector: Selector & object;
}

/** The Services filed under one of `labels`' pairs; each is filed once, under one pair. */
function candidates(index: ServiceIndex, labels: Labels, out: IndexedService[]): void {
  if (!labels) return;
  for (const key in labels) {
    const list = index.get(key)?.get(labels[key]);
    if (list) for (const svc of list) out.push(svc);
  }
}

function serviceSelector(svc: KubeObject) {
  const sel = svc.spec?.selector;
  if (!sel || typeof sel !== 'object' || Object.keys(sel).length === 0) return undefined;
  return fromMapSelector(sel);
}

function includePod(pod: KubeObject, svc: KubeObject): boolean {
  const phase = pod.status?.phase;
  if (!pod.status?.podIP || phase === 'Succeeded' || phase === 'Failed') return false;
  return !pod.metadata.deletionTimestamp || !!svc.spec?.publishNotReadyAddresses;
}

/** A Service port against one pod: a number as is, a name looked up in the pod's containers. */
function resolvePort(port: any, pod: KubeObject): any | undefined {
  const target = port.targetPort ?? port.port;
  let number: number | undefined;
  if (typeof target === 'number') number = target;
  else {
    for (const c of pod.spec?.containers ?? []) {
      const found = (c.ports ?? []).find(
        (p: any) => p.name === target && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'),
      );
      if (found) {
        number = found.containerPort;
        break;
      }
    }
  }
  if (number === undefined) return undefined;
  const out: any = { port: number, protocol: port.protocol ?? 'TCP' };
  if (port.name) out.name = port.name;
  if (port.appProtocol) out.appProtocol = port.appProtocol;
  return out;
}

/**
 * `10.244.1.7` as one number: each dotted part read with Number, then base 256. Text that is
 * not a number gives NaN, which the sort takes as equal to anything.
 */
function ipNumber(ip: string): number {
  // Short runs of digits between single dots (what pod IPs are) are read in place, which gives
  // exactly the same number without splitting; anything else takes the long way.
  let v = 0;
  let part = 0;
  let digits = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c >= 48 && c <= 57 && digits < 9) {
      part = part * 10 + (c - 48);
      digits++;
    } else if (c === 46 && digits > 0) {
      v = v * 256 + part;
      part = 0;
      digits = 0;
    } else {
      return ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
    }
  }
  if (digits === 0) return ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
  return v * 256 + part;
}

function countAddresses(subsets: any[]): number {
  return subsets.reduce(
    (n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0),
    0,
  );
}

/** Keeps the first 1000 addresses, ready ones first, as the controller's truncation does. */
function truncate(subsets: any[]): void {
  let budget = MAX_ADDRESSES;
  for (const s of subsets) {
    s.addresses = (s.addresses ?? []).slice(0, budget);
    budget -= s.addresses.length;
  }
  for (const s of subsets) {
    s.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, budget);
    budget -= s.notReadyAddresses.length;
    if (!s.addresses.length) delete s.addresses;
    if (!s.notReadyAddresses.length) delete s.notReadyAddresses;
  }
}
