/**
 * Pods against nodes: taints and tolerations, node selectors and required node affinity, and
 * resource quantities. The scheduler and the DaemonSet controller share these predicates.
 */
import type { KubeObject } from '../cluster/api';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** Toleration.ToleratesTaint: empty effect matches all, empty key with Exists matches all keys. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/** The first taint with one of `effects` that no toleration tolerates. */
export function untoleratedTaint(
  taints: Taint[],
  tolerations: Toleration[],
  effects: string[],
): Taint | undefined {
  return taints.find(
    (taint) => effects.includes(taint.effect) && !tolerations.some((t) => tolerates(t, taint)),
  );
}

export function taintsOf(node: KubeObject): Taint[] {
  return Array.isArray(node.spec?.taints) ? node.spec.taints : [];
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

function requirementMatches(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const a = Number.parseInt(value, 10);
      const b = Number.parseInt(values[0], 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return req.operator === 'Gt' ? a > b : a < b;
    }
  }
  return false;
}

/** A nodeSelectorTerm: every matchExpression on labels and every matchField on the name. */
export function termMatches(term: any, node: KubeObject): boolean {
  const exprs: NodeSelectorRequirement[] = term?.matchExpressions ?? [];
  const fields: NodeSelectorRequirement[] = term?.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const req of exprs) if (!requirementMatches(req, labels[req.key])) return false;
  for (const req of fields) {
    const value = req.key === 'metadata.name' ? node.metadata.name : undefined;
    if (!requirementMatches(req, value)) return false;
  }
  return true;
}

/** GetRequiredNodeAffinity(pod).Match(node): nodeSelector pairs, then any required term. */
export function requiredAffinityMatches(podSpec: any, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(podSpec?.nodeSelector ?? {}))
    if (labels[k] !== v) return false;
  const required = podSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  const terms: any[] = required.nodeSelectorTerms ?? [];
  return terms.some((t) => termMatches(t, node));
}

// ---------------------------------------------------------------------------------------------
// Quantities (enough of resource.Quantity to compare requests with allocatable).

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The value of a quantity string (`100m` → 0.1, `128Mi` → 134217728), or NaN. */
export function parseQuantity(q: unknown): number {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return NaN;
  const m = /^([+-]?[0-9.]+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/.exec(
    q.trim(),
  );
  if (!m) return NaN;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? '';
  return base * (BINARY[suffix] ?? DECIMAL[suffix]);
}

export interface Resources {
  /** millicores */
  cpu: number;
  /** bytes */
  memory: number;
}

/**
 * A pod's effective requests: the sum over containers, or the largest init container when that
 * is more, plus overhead.
 */
export function podRequests(spec: any): Resources {
  const sum: Resources = { cpu: 0, memory: 0 };
  for (const c of spec?.containers ?? []) addRequests(sum, c?.resources?.requests);
  for (const c of spec?.initContainers ?? []) {
    const r: Resources = { cpu: 0, memory: 0 };
    addRequests(r, c?.resources?.requests);
    sum.cpu = Math.max(sum.cpu, r.cpu);
    sum.memory = Math.max(sum.memory, r.memory);
  }
  addRequests(sum, spec?.overhead);
  return sum;
}

function addRequests(into: Resources, requests: any): void {
  const cpu = parseQuantity(requests?.cpu);
  const mem = parseQuantity(requests?.memory);
  if (!Number.isNaN(cpu)) into.cpu += Math.ceil(cpu * 1000);
  if (!Number.isNaN(mem)) into.memory += Math.ceil(mem);
}

const allocatables = new WeakMap<object, Resources & { pods: number }>();

/** A node's allocatable cpu (millicores), memory (bytes) and pods; parsed once per status. */
export function allocatable(node: KubeObject): Resources & { pods: number } {
  const key = node.status ?? node;
  let cached = allocatables.get(key);
  if (!cached) allocatables.set(key, (cached = parseAllocatable(node)));
  return cached;
}

function parseAllocatable(node: KubeObject): Resources & { pods: number } {
  const a = node.status?.allocatable ?? node.status?.capacity ?? {};
  const cpu = parseQuantity(a.cpu);
  const mem = parseQuantity(a.memory);
  const pods = parseQuantity(a.pods);
  return {
    cpu: Number.isNaN(cpu) ? Infinity : Math.floor(cpu * 1000),
    memory: Number.isNaN(mem) ? Infinity : mem,
    pods: Number.isNaN(pods) ? 110 : pods,
  };
}

export function isNodeReady(node: KubeObject): boolean {
  const ready = (node.status?.conditions as any[] | undefined)?.find((c) => c.type === 'Ready');
  return ready === undefined || ready.status === 'True';
}

export function internalIp(node: KubeObject): string | undefined {
  return (node.status?.addresses as any[] | undefined)?.find((a) => a.type === 'InternalIP')
    ?.address;
}
