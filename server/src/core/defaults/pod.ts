/**
 * What the API server sets on a Pod, and only on a Pod (never on a template, so never in a
 * pod-template hash): SetDefaults_Pod and the status the pod registry writes on create.
 */
import { compareQuantity, isQuantityError, parseQuantity, type Quantity } from '../api/quantity';
import { atLeast } from '../api/versions';
import { defaultHostNetworkPorts } from './core';
import { child, defaultPointer, isObject, list, type DefaultContext, type Json } from './walk';

/**
 * SetDefaults_Pod: requests default to limits, service links are on, and (since 1.28, when
 * templates stopped getting them) host-network pods get host ports.
 *
 * FIXME: From 1.34 (PodLevelResources on by default) pod-level requests are also defaulted from
 * pod-level limits and the containers' requests; that is not done here.
 */
export function defaultPod(pod: Json, ctx: DefaultContext): void {
  const spec = isObject(pod.spec) ? pod.spec : undefined;
  if (!spec) return;
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
    if (isObject(c)) requestsFromLimits(c);
  }
  defaultPointer(spec, 'enableServiceLinks', true);
  if (atLeast(ctx.minor, '1.28') && spec.hostNetwork === true) defaultHostNetworkPorts(spec);
}

function requestsFromLimits(c: Json): void {
  const resources = isObject(c.resources) ? c.resources : undefined;
  if (!resources || !isObject(resources.limits)) return;
  const requests = child(resources, 'requests');
  if (!requests) return;
  for (const [name, value] of Object.entries(resources.limits)) {
    if (!(name in requests)) requests[name] = value;
  }
}

/**
 * The status the pod registry sets on create, replacing any status sent: phase Pending and the
 * QoS class.
 *
 * FIXME: Since 1.26 a pod with scheduling gates also gets a PodScheduled=False condition
 * (reason SchedulingGated) with the creation time; that condition is not added.
 */
export function createdPodStatus(pod: Json): void {
  pod.status = { phase: 'Pending', qosClass: podQOS(pod) };
}

const QOS_RESOURCES = ['cpu', 'memory'];

/**
 * GetPodQOS over containers and init containers: BestEffort without cpu or memory requests and
 * limits, Guaranteed when every container limits both and requests equal limits, else Burstable.
 *
 * FIXME: With pod-level resources (PodLevelResources, on by default from 1.34) the class is
 * computed from `spec.resources`; this always uses the containers.
 */
export function podQOS(pod: Json): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const spec = isObject(pod.spec) ? pod.spec : {};
  const requests = new Map<string, bigint[]>();
  const limits = new Map<string, bigint[]>();
  let guaranteed = true;
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
    const resources = isObject(c) && isObject(c.resources) ? c.resources : {};
    addPositive(requests, resources.requests);
    const found = addPositive(limits, resources.limits);
    if (!QOS_RESOURCES.every((r) => found.has(r))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed && requests.size === limits.size && sameTotals(requests, limits)) return 'Guaranteed';
  return 'Burstable';
}

/** Adds the positive cpu and memory quantities of a resource list; returns the names added. */
function addPositive(totals: Map<string, bigint[]>, resourceList: unknown): Set<string> {
  const found = new Set<string>();
  if (!isObject(resourceList)) return found;
  for (const name of QOS_RESOURCES) {
    const q = quantityOf(resourceList[name]);
    if (!q || compareQuantity(q, ZERO) <= 0) continue;
    found.add(name);
    totals.set(name, [...(totals.get(name) ?? []), nanoValue(q)]);
  }
  return found;
}

function sameTotals(requests: Map<string, bigint[]>, limits: Map<string, bigint[]>): boolean {
  const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
  for (const [name, req] of requests) {
    const lim = limits.get(name);
    if (!lim || sum(lim) !== sum(req)) return false;
  }
  return true;
}

const ZERO: Quantity = { i: { value: 0n, scale: 0 }, d: null, s: '0', format: 'DecimalSI' };

function quantityOf(v: unknown): Quantity | undefined {
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'bigint') return undefined;
  const q = parseQuantity(v);
  return isQuantityError(q) ? undefined : q;
}

/** The value in nano-units; stored quantities never have a finer scale. */
function nanoValue(q: Quantity): bigint {
  const d = q.d ?? { unscaled: q.i.value, scale: -q.i.scale };
  const shift = 9 - d.scale;
  return shift >= 0 ? d.unscaled * 10n ** BigInt(shift) : d.unscaled / 10n ** BigInt(-shift);
}
