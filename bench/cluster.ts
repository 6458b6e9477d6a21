/**
 * The simulated control plane at scale: a thousand nodes, 300 Deployments with their Services
 * and 5 DaemonSets, 110,000 pods, from the first apply to steady state.
 *
 * The baseline, measured in the same run, is a store that copies on write: every write the run
 * made to a pod (create, binding, each status) costs one JSON deep copy of that pod as it is
 * finally stored. It is what keeping versions of the objects costs at the least when nothing is
 * shared, so it scales with the machine as the simulation does, and a ratio near 1 means the
 * simulation spends about as much on everything (controllers, indexes, events, steps) as that
 * store would spend on copying alone.
 */
import type { KubeObject, Step } from '../server/src/core/cluster/api';
import { Cluster } from '../server/src/core/cluster/index';
import { median, report } from './measure';

export interface ClusterShape {
  nodes: number;
  deployments: number;
  daemonSets: number;
  /** Replicas of the Deployments, summed; spread unevenly between them. */
  replicas: number;
}

/** 110,000 pods: 1,000 nodes, 300 Deployments with 105,000 replicas, 5 DaemonSets. */
export const LARGE: ClusterShape = {
  nodes: 1000,
  deployments: 300,
  daemonSets: 5,
  replicas: 105_000,
};

/** The same cluster at a tenth: 100 nodes, 60 Deployments with 10,500 replicas, 5 DaemonSets. */
export const MEDIUM: ClusterShape = {
  nodes: 100,
  deployments: 60,
  daemonSets: 5,
  replicas: 10_500,
};

export interface ClusterBenchResult {
  shape: ClusterShape;
  pods: number;
  steps: number;
  ms: number;
  podsPerSecond: number;
  heapMiB: number;
  baselineMs: number;
  /** Time of the simulation over time of the baseline. */
  ratio: number;
}

/** Nodes big enough that pods, not capacity, are what the scenario is about. */
export function nodes(count: number): KubeObject[] {
  const out: KubeObject[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: `node-${String(i + 1).padStart(4, '0')}`,
        labels: { 'topology.kubernetes.io/zone': `zone-${i % 3}` },
      },
      status: { capacity: { cpu: '64', memory: '256Gi', pods: '250' } },
    });
  }
  return out;
}

/**
 * The workloads and their Services, in the order they are applied. Replica counts vary (a few
 * large services and many small ones); a third of the templates ask for resources, a third
 * have a readiness probe with a delay, and one Deployment in ten is pinned to a zone.
 */
export function workloads(shape: ClusterShape): KubeObject[] {
  const out: KubeObject[] = [];
  const weights = Array.from({ length: shape.deployments }, (_, i) => 1 + ((i * 7) % 13));
  const total = weights.reduce((a, b) => a + b, 0);
  let left = shape.replicas;
  for (let i = 0; i < shape.deployments; i++) {
    const last = i === shape.deployments - 1;
    const replicas = last ? left : Math.floor((shape.replicas * weights[i]) / total);
    left -= replicas;
    out.push(deployment(i, replicas), service(i));
  }
  for (let i = 0; i < shape.daemonSets; i++) out.push(daemonSet(i));
  return out;
}

function container(i: number): Record<string, unknown> {
  const c: Record<string, unknown> = {
    name: 'app',
    image: `registry.example.com/team-${i % 17}/app:${1 + (i % 5)}.0`,
    ports: [{ name: 'http', containerPort: 8080 }],
  };
  if (i % 3 === 0) c.resources = { requests: { cpu: '50m', memory: '64Mi' } };
  if (i % 3 === 1)
    c.readinessProbe = { httpGet: { path: '/ready', port: 8080 }, initialDelaySeconds: 5 };
  return c;
}

function deployment(i: number, replicas: number): KubeObject {
  const name = `svc-${i}`;
  const spec: Record<string, unknown> = { containers: [container(i)] };
  if (i % 10 === 9) spec.nodeSelector = { 'topology.kubernetes.io/zone': `zone-${i % 3}` };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, tier: 'backend' } }, spec },
    },
  };
}

/** Each Deployment is reached through a Service, so the endpoints controller has work too. */
function service(i: number): KubeObject {
  const name = `svc-${i}`;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

function daemonSet(i: number): KubeObject {
  const name = `agent-${i}`;
  const resources = { requests: { cpu: '10m', memory: '32Mi' } };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system', labels: { app: name } },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'agent', image: `registry.example.com/agents/${name}:1.0`, resources },
          ],
        },
      },
    },
  };
}

/** Builds the cluster, applies every workload and runs the controllers to steady state. */
export function simulate(shape: ClusterShape, seed = 1): { cluster: Cluster; steps: Step[] } {
  const cluster = new Cluster({ minor: '1.35', seed, nodes: nodes(shape.nodes) });
  for (const obj of workloads(shape)) {
    const outcome = cluster.apply(obj);
    if (!outcome.ok) throw new Error(`apply ${obj.metadata.name}: ${outcome.error}`);
  }
  return { cluster, steps: cluster.settle() };
}

/** How many writes the steps made to pods: creates, bindings, status updates, deletes. */
function podWrites(steps: Step[]): number {
  let n = 0;
  for (const step of steps)
    for (const a of step.actions) if (a.kind === 'Pod' || a.kind === 'Binding') n++;
  return n;
}

// Results are kept here so that no work can be optimised away.
let sink = 0;

/** The baseline: `writes` JSON deep copies of the stored pods, taken in turn. */
function copyOnWrite(pods: KubeObject[], writes: number): void {
  for (let i = 0; i < writes; i++) {
    const copy = JSON.parse(JSON.stringify(pods[i % pods.length]));
    sink += copy.metadata.name.length;
  }
}

/**
 * `npm run bench` part: the 110,000-pod cluster (and its tenth) from the first apply to steady
 * state, against the copy-on-write baseline of the same run; prints the median wall time, pods
 * per second, and the heap in use at steady state with the steps of the run still held.
 */
export function benchCluster(
  shapes: ClusterShape[] = [MEDIUM, LARGE],
  runs = 3,
): ClusterBenchResult[] {
  const results: ClusterBenchResult[] = [];
  for (const shape of shapes) {
    let last: { cluster: Cluster; steps: Step[] } | undefined;
    let heap = 0;
    const ms = median(runs, () => {
      last = undefined;
      last = simulate(shape);
      heap = process.memoryUsage().heapUsed;
    });
    const pods = last!.cluster.list('Pod');
    const writes = podWrites(last!.steps);
    const steps = last!.steps.length;
    last = undefined;
    const baselineMs = median(runs, () => copyOnWrite(pods, writes));

    const label = `cluster to steady state, ${pods.length.toLocaleString('en-US')} pods`;
    const target = shape === LARGE ? '<= 2000 ms' : undefined;
    report(label, ms, 'JSON copy per pod write', baselineMs, target);
    const podsPerSecond = (pods.length * 1000) / ms;
    const heapMiB = heap / 2 ** 20;
    console.log(
      `  ${Math.round(podsPerSecond)} pods/s, ${steps} steps, ${writes} pod writes, ` +
        `heap ${heapMiB.toFixed(0)} MiB at steady state`,
    );
    results.push({
      shape,
      pods: pods.length,
      steps,
      ms,
      podsPerSecond,
      heapMiB,
      baselineMs,
      ratio: ms / baselineMs,
    });
  }
  if (sink < 0) console.log(sink);
  return results;
}
