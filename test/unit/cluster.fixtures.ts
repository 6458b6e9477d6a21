/** Object builders and step helpers shared by the cluster and controller tests. */
import type { KubeObject, Step } from '../../server/src/core/cluster/api';
import { Cluster } from '../../server/src/core/cluster/index';
import type { Minor } from '../../server/src/core/api/versions';

export function newCluster(
  opts: { minor?: Minor; nodes?: KubeObject[]; seed?: number } = {},
): Cluster {
  return new Cluster({
    minor: opts.minor ?? '1.35',
    nodes: opts.nodes,
    seed: opts.seed,
    freezeObjects: true,
  });
}

export function podTemplate(
  app: string,
  image = 'nginx:1.25',
  extra: Record<string, unknown> = {},
) {
  return {
    metadata: { labels: { app } },
    spec: { containers: [{ name: 'web', image, ...extra }] },
  };
}

export function deployment(
  name: string,
  opts: { replicas?: number; image?: string; strategy?: unknown; extra?: object } = {},
): KubeObject {
  const spec: Record<string, unknown> = {
    selector: { matchLabels: { app: name } },
    template: podTemplate(name, opts.image),
    ...(opts.extra ?? {}),
  };
  if (opts.replicas !== undefined) spec.replicas = opts.replicas;
  if (opts.strategy) spec.strategy = opts.strategy;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec };
}

export function replicaSet(
  name: string,
  replicas: number,
  app = name,
  image = 'nginx:1.25',
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: { replicas, selector: { matchLabels: { app } }, template: podTemplate(app, image) },
  };
}

export function daemonSet(
  name: string,
  spec: Record<string, unknown> = {},
  image = 'nginx:1.25',
): KubeObject {
  const template = podTemplate(name, image);
  Object.assign(template.spec, spec);
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: { selector: { matchLabels: { app: name } }, template },
  };
}

export function statefulSet(
  name: string,
  replicas: number,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: podTemplate(name),
      ...extra,
    },
  };
}

export function pod(
  name: string,
  labels: Record<string, string>,
  spec: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'c', image: 'nginx:1.25' }], ...spec },
  };
}

export function service(
  name: string,
  selector: Record<string, string>,
  ports: unknown[] = [{ port: 80 }],
): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector, ports } };
}

export function node(
  name: string,
  labels: Record<string, string> = {},
  spec: Record<string, unknown> = {},
): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec };
}

/** `verb Kind name detail` lines of a step, the form the expectations are written in. */
export function actions(step: Step): string[] {
  return step.actions.map((a) =>
    [a.verb, a.kind, a.name, a.detail].filter((x) => x !== undefined).join(' '),
  );
}

export function messages(steps: Step[], reason?: string): string[] {
  return steps.flatMap((s) =>
    s.events.filter((e) => !reason || e.reason === reason).map((e) => e.message),
  );
}

export function ok<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Error(`expected success, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}

/** Names with the random pod suffix or template hash replaced, for order checks. */
export function shape(text: string): string {
  return text.replace(/-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '-*****');
}
