/**
 * `kubectl expose TYPE NAME [--port=P] [--target-port=T] [--type=TYPE] [--name=N] ...`: a
 * Service built from a Deployment, ReplicaSet, ReplicationController, Pod or Service, taking
 * its selector, ports, protocols and labels from that object unless flags give them.
 */
import type { KubeObject } from '../cluster/api';
import { namePrefix, safely } from './apply';
import { apiError, plainError, renderErrors, type CommandError } from './errors';
import { flagValue, parseFlags, type FlagSpec, type ParsedFlags } from './flags';
import { namespaceOf, usageError } from './get';
import { select } from './mutate';
import { missingResource } from './targets';
import { typeOfKind } from './resources';
import type { Invocation, KubectlEnv } from './types';

export const EXPOSE_FLAGS: FlagSpec[] = [
  { long: 'port', type: 'string' },
  { long: 'target-port', type: 'string' },
  { long: 'type', type: 'string' },
  { long: 'name', type: 'string' },
  { long: 'protocol', type: 'string' },
  { long: 'selector', type: 'string' },
  { long: 'labels', short: 'l', type: 'string' },
  { long: 'external-ip', type: 'string' },
  { long: 'load-balancer-ip', type: 'string' },
  { long: 'session-affinity', type: 'string' },
  { long: 'cluster-ip', type: 'string' },
  { long: 'filename', short: 'f', type: 'string', repeat: true },
  { long: 'recursive', short: 'R', type: 'bool' },
  { long: 'kustomize', short: 'k', type: 'string' },
  { long: 'dry-run', type: 'optional' },
  { long: 'output', short: 'o', type: 'string' },
  { long: 'overrides', type: 'string' },
  { long: 'override-type', type: 'string' },
  { long: 'save-config', type: 'bool' },
  { long: 'record', type: 'bool' },
  { long: 'field-manager', type: 'string' },
];

const EXPOSABLE = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'Pod', 'Service']);

/** The flags that shape the Service, as strings (empty when not given). */
interface ExposeOptions {
  port: string;
  targetPort: string;
  type: string;
  name: string;
  protocol: string;
  selector: string;
  labels: string;
  externalIp: string;
  loadBalancerIp: string;
  sessionAffinity: string;
  clusterIp: string;
}

/** Runs `kubectl expose <args>`. */
export function runExpose(args: readonly string[], inv: Invocation, env: KubectlEnv): void {
  const parsed = parseFlags(args, EXPOSE_FLAGS);
  if (!parsed.ok) return usageError(inv, parsed.error, 'expose');
  const flags = parsed.flags;
  const refused = refusedFlag(flags.values);
  if (refused) {
    inv.notSimulated = `kubectl expose --${refused} is not simulated`;
    return;
  }
  if (flags.positional.length === 0) return inv.fail(renderErrors([missingResource()]));
  const selected = select(flags.positional, flags, inv, env);
  if (!selected.ok) return;
  const { namespace } = namespaceOf(flags);
  const errors = [...selected.missing];
  for (const obj of selected.objects) {
    const error = exposeOne(obj, options(flags), namespace, inv, env);
    if (error) errors.push(error);
  }
  if (errors.length > 0) inv.fail(renderErrors(errors));
}

/** FIXME: -f, -k, --dry-run, -o, --overrides and --save-config are reported as not simulated. */
function refusedFlag(values: Map<string, string[]>): string | undefined {
  const refused = ['filename', 'kustomize', 'dry-run', 'output', 'overrides', 'save-config'];
  return refused.find((flag) => values.has(flag));
}

function options(flags: ParsedFlags): ExposeOptions {
  const get = (long: string) => flagValue(flags, long) ?? '';
  return {
    port: get('port'),
    targetPort: get('target-port'),
    type: get('type'),
    name: get('name'),
    protocol: get('protocol'),
    selector: get('selector'),
    labels: get('labels'),
    externalIp: get('external-ip'),
    loadBalancerIp: get('load-balancer-ip'),
    sessionAffinity: get('session-affinity'),
    clusterIp: get('cluster-ip'),
  };
}

/** One object: what kubectl reads off it, the Service it builds, and the POST. */
function exposeOne(
  obj: KubeObject,
  opts: ExposeOptions,
  namespace: string,
  inv: Invocation,
  env: KubectlEnv,
): CommandError | undefined {
  if (!EXPOSABLE.has(obj.kind)) return plainError(`cannot expose a ${groupKind(obj.kind)}`);
  const derived = deriveFromObject(obj, opts);
  if (typeof derived === 'string') return plainError(derived);
  const service = buildService(derived);
  if (typeof service === 'string') return plainError(service);
  const outcome = safely(() => env.cluster.create(service, { namespace }));
  if (!outcome.ok) return apiError(outcome);
  inv.mutated = true;
  inv.stdout(`${namePrefix(outcome.object)} exposed\n`);
  return undefined;
}

/** `DaemonSet.apps`: how kubectl names a kind with its group in messages. */
function groupKind(kind: string): string {
  const group = typeOfKind(kind)?.group ?? '';
  return group ? `${kind}.${group}` : kind;
}

interface Derived extends ExposeOptions {
  /** The name of the exposed object (cut to 63 characters), used when --name is not given. */
  defaultName: string;
  /** Several ports read off the object, when --port was not given. */
  ports: string;
  /** `port/PROTOCOL` pairs read off the object. */
  protocols: Map<string, string[]>;
}

/** Fills in what the flags left out from the object, as RunExpose does. */
function deriveFromObject(obj: KubeObject, opts: ExposeOptions): Derived | string {
  const derived: Derived = {
    ...opts,
    defaultName: (obj.metadata.name ?? '').slice(0, 63),
    ports: '',
    protocols: protocolsOf(obj),
  };
  if (derived.selector === '') {
    const selector = selectorOf(obj);
    if (typeof selector !== 'string') return selector.error;
    derived.selector = selector;
  }
  if (derived.port === '') {
    const ports = portsOf(obj);
    if (ports.length === 0 && derived.clusterIp !== 'None')
      return "couldn't find port via --port flag or introspection";
    if (ports.length === 1) derived.port = ports[0];
    else derived.ports = ports.join(',');
  }
  if (derived.labels === '') derived.labels = formatPairs(obj.metadata.labels ?? {});
  return derived;
}

/** MapBasedSelectorForObject: the selector as `k=v,...`, or why there is none. */
function selectorOf(obj: KubeObject): string | { error: string } {
  const prefix = "couldn't retrieve selectors via --selector flag or introspection: ";
  switch (obj.kind) {
    case 'Pod': {
      const labels = obj.metadata.labels ?? {};
      if (Object.keys(labels).length === 0)
        return { error: prefix + 'the pod has no labels and cannot be exposed' };
      return formatPairs(labels);
    }
    case 'Service':
      if (!obj.spec?.selector)
        return { error: prefix + 'the service has no pod selector set' };
      return formatPairs(obj.spec.selector);
    case 'ReplicationController':
      return formatPairs(obj.spec?.selector ?? {});
    default: {
      const expressions: any[] = obj.spec?.selector?.matchExpressions ?? [];
      if (expressions.length > 0) {
        const text = goRequirements(expressions);
        return {
          error: prefix + `couldn't convert expressions - "${text}" to map-based selector format`,
        };
      }
      return formatPairs(obj.spec?.selector?.matchLabels ?? {});
    }
  }
}

/** Go's %+v of []LabelSelectorRequirement. */
function goRequirements(expressions: any[]): string {
  const items = expressions.map((e) => {
    const values = (e?.values ?? []).join(' ');
    return `{Key:${e?.key ?? ''} Operator:${e?.operator ?? ''} Values:[${values}]}`;
  });
  return `[${items.join(' ')}]`;
}

function formatPairs(map: Record<string, string>): string {
  return Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** The pod spec of an exposable workload, or undefined (a Service has none). */
function podSpecOf(obj: KubeObject): any {
  return obj.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
}

/** PortsForObject: the containers' ports, or a Service's own ports, as strings. */
function portsOf(obj: KubeObject): string[] {
  if (obj.kind === 'Service') return (obj.spec?.ports ?? []).map((p: any) => String(p?.port));
  const containers: any[] = podSpecOf(obj)?.containers ?? [];
  return containers.flatMap((c) => (c?.ports ?? []).map((p: any) => String(p?.containerPort)));
}

/** MultiProtocolsForObject: each port's protocols (TCP when a port names none). */
function protocolsOf(obj: KubeObject): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (port: unknown, protocol: unknown) => {
    const key = String(port);
    const named = typeof protocol === 'string' && protocol !== '' ? protocol : 'TCP';
    out.set(key, [...(out.get(key) ?? []), named]);
  };
  if (obj.kind === 'Service') for (const p of obj.spec?.ports ?? []) add(p?.port, p?.protocol);
  else
    for (const c of podSpecOf(obj)?.containers ?? [])
      for (const p of c?.ports ?? []) add(p?.containerPort, p?.protocol);
  return out;
}

/** createService: the Service object, or kubectl's error text. */
function buildService(d: Derived): KubeObject | string {
  if (d.selector === '') return 'selector must be specified';
  const selector = parseLabels(d.selector);
  if (typeof selector === 'string') return selector;
  const labels = d.labels === '' ? undefined : parseLabels(d.labels);
  if (typeof labels === 'string') return labels;
  const name = d.name || d.defaultName;
  if (name === '') return 'name must be specified';
  const ports = servicePorts(d);
  if (typeof ports === 'string') return ports;
  const spec = serviceSpec(d, selector, ports);
  if (typeof spec === 'string') return spec;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, creationTimestamp: null, ...(labels ? { labels } : {}) },
    spec,
    status: { loadBalancer: {} },
  };
}

/** parseLabels: `k=v,k2=v2` into a map, or kubectl's error. */
function parseLabels(spec: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    const parts = pair.split('=');
    if (parts.length !== 2) return `unexpected label spec: ${pair}`;
    if (parts[0] === '') return 'unexpected empty label key';
    out[parts[0]] = parts[1];
  }
  return out;
}

type ServicePort = { name?: string; port: number; protocol: string; targetPort?: number | string };

/**
 * The Service's ports: one per port (named `port-N` when there are several), with the flag's
 * protocol, else the one the object uses for that port; a port the object serves over several
 * protocols becomes one port per protocol, named `port-N-<protocol>`.
 */
function servicePorts(d: Derived): ServicePort[] | string {
  const list = d.ports || d.port;
  if (list === '') return [];
  const texts = list.split(',');
  const out: ServicePort[] = [];
  for (const [i, text] of texts.entries()) {
    if (!/^[+-]?\d+$/.test(text)) return `strconv.Atoi: parsing "${text}": invalid syntax`;
    const port = Number(text);
    const name = texts.length > 1 ? `port-${i + 1}` : undefined;
    const known = d.protocol === '' ? d.protocols.get(text) : undefined;
    if (known && known.length > 1) {
      for (const protocol of known)
        out.push({ name: `port-${i + 1}-${protocol.toLowerCase()}`, port, protocol });
      continue;
    }
    const protocol = d.protocol || known?.[0] || 'TCP';
    out.push({ ...(name ? { name } : {}), port, protocol });
  }
  return out;
}

/** The spec around the ports: target ports, type, external IP, affinity, cluster IP. */
function serviceSpec(
  d: Derived,
  selector: Record<string, string>,
  ports: ServicePort[],
): Record<string, unknown> | string {
  // intstr.Parse: a number when the text is one, else a port name.
  const numeric = /^[+-]?\d+$/.test(d.targetPort);
  const target = d.targetPort === '' ? undefined : numeric ? Number(d.targetPort) : d.targetPort;
  const spec: Record<string, unknown> = {
    ports: ports.map((p) => ({ ...p, targetPort: target ?? p.port })),
    selector,
  };
  if (d.externalIp) spec.externalIPs = [d.externalIp];
  if (d.type) spec.type = d.type;
  if (d.type === 'LoadBalancer' && d.loadBalancerIp) spec.loadBalancerIP = d.loadBalancerIp;
  if (d.sessionAffinity) {
    if (d.sessionAffinity !== 'None' && d.sessionAffinity !== 'ClientIP')
      return `unknown session affinity: ${d.sessionAffinity}`;
    spec.sessionAffinity = d.sessionAffinity;
  }
  if (d.clusterIp) spec.clusterIP = d.clusterIp;
  return spec;
}
