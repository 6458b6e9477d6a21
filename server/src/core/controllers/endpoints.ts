/**
 * The endpoints controller: for each Service with a selector, an Endpoints object of the same
 * name listing the matching pods that have an IP, ready ones under `addresses` and the others
 * under `notReadyAddresses`, with the Service's ports resolved against each pod's container
 * ports. Terminating pods are left out; at most 1000 addresses are kept.
 */
import type { KubeObject } from '../cluster/api';
import { matches } from '../api/selectors';
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

  keysFor(change: Change, ctx: ReadContext, add: (key: string) => void): void {
    const obj = change.object;
    if (obj.kind === 'Service') {
      add(nsKey(obj));
      return;
    }
    if (obj.kind !== 'Pod') return;
    for (const svc of ctx.list('Service', obj.metadata.namespace)) {
      const selector = serviceSelector(svc);
      if (!selector) continue;
      if (
        matches(selector, obj.metadata.labels) ||
        (change.old && matches(selector, change.old.metadata.labels))
      ) {
        add(nsKey(svc));
      }
    }
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
    const groups = new Map<string, { ports: any[]; addresses: any[]; notReadyAddresses: any[] }>();
    for (const pod of pods) {
      const ports = (svc.spec?.ports ?? [])
        .map((p: any) => resolvePort(p, pod))
        .filter((p: any) => p);
      const key = JSON.stringify(ports);
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
      if (g.addresses.length) subset.addresses = g.addresses.sort(byIp);
      if (g.notReadyAddresses.length) subset.notReadyAddresses = g.notReadyAddresses.sort(byIp);
      if (g.ports.length) subset.ports = g.ports;
      out.push(subset);
    }
    return out;
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

function byIp(a: any, b: any): number {
  const n = (ip: string) => ip.split('.').reduce((v, part) => v * 256 + Number(part), 0);
  return n(a.ip) - n(b.ip);
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
