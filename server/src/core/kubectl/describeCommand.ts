/** `kubectl describe`: finds the objects (falling back to a name prefix) and runs their describers. */
import type { KubeObject } from '../cluster/api';
import {
  describeDaemonSet,
  describeDeployment,
  describePod,
  describeReplicaSet,
  type DescribeSource,
} from './describe';
import { notFoundError, renderErrors, type CommandError } from './errors';
import { flagBool, flagValue, parseFlags, type FlagSpec } from './flags';
import { namespaceOf, usageError } from './get';
import { resolveType } from './resources';
import { listObjects, resolveTargets, type Targets } from './targets';
import { Invocation, type KubectlEnv } from './types';

export const DESCRIBE_FLAGS: FlagSpec[] = [
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'all-namespaces', short: 'A', type: 'bool' },
  { long: 'filename', short: 'f', type: 'string', repeat: true },
  { long: 'recursive', short: 'R', type: 'bool' },
  { long: 'show-events', type: 'bool' },
  { long: 'chunk-size', type: 'string' },
];

const DESCRIBERS: Record<string, (obj: KubeObject, src: DescribeSource) => string> = {
  Deployment: describeDeployment,
  ReplicaSet: describeReplicaSet,
  DaemonSet: describeDaemonSet,
  Pod: describePod,
};

/** Runs `kubectl describe <args>`. */
export function runDescribe(args: readonly string[], inv: Invocation, env: KubectlEnv): void {
  const parsed = parseFlags(args, DESCRIBE_FLAGS);
  if (!parsed.ok) return usageError(inv, parsed.error, 'describe');
  const flags = parsed.flags;
  if (flags.values.has('filename')) {
    inv.notSimulated = 'kubectl describe -f is not simulated';
    return;
  }
  if (flags.positional.length === 0) {
    return inv.fail(
      'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
    );
  }
  const { namespace } = namespaceOf(flags);
  const allNamespaces = flagBool(flags, 'all-namespaces');
  const selector = flagValue(flags, 'selector');
  const found = findObjects(flags.positional, { selector, namespace, allNamespaces }, env);
  if ('error' in found) return inv.fail(renderErrors([found.error]));
  const objects = found.targets.groups.flatMap((g) => g.objects);
  // FIXME: only Deployments, ReplicaSets, DaemonSets and Pods have describers; describing any
  // other kind (Service, Node, StatefulSet, ...) is reported as not simulated.
  const unsupported = objects.find((o) => !DESCRIBERS[o.kind]);
  if (unsupported) {
    inv.notSimulated = `kubectl describe of a ${unsupported.kind} is not simulated`;
    return;
  }
  const src = describeSource(env);
  inv.stdout(objects.map((o) => DESCRIBERS[o.kind](o, src)).join('\n\n'));
  if (found.targets.missing.length > 0) return inv.fail(renderErrors(found.targets.missing));
  if (objects.length === 0)
    inv.stderr(
      allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`,
    );
}

export function describeSource(env: KubectlEnv): DescribeSource {
  return {
    minor: env.minor,
    now: env.now(),
    eventEpoch: (ms) => env.epochOf(ms),
    list: (kind, namespace) => env.cluster.list(kind, { namespace }),
    events: (obj) =>
      env.cluster
        .events({
          kind: obj.kind,
          namespace: obj.metadata.namespace,
          name: obj.metadata.name ?? '',
        })
        .filter(
          (e) =>
            !e.involvedObject.uid || !obj.metadata.uid || e.involvedObject.uid === obj.metadata.uid,
        ),
  };
}

/**
 * Like the builder, but a name that is not found describes every object whose name starts with
 * it (`kubectl describe pods whoami` describes all whoami pods).
 */
function findObjects(
  args: string[],
  opts: { selector?: string; namespace: string; allNamespaces: boolean },
  env: KubectlEnv,
): { targets: Targets } | { error: CommandError } {
  const resolved = resolveTargets(args, { ...opts, requireNames: false }, env);
  if (!resolved.ok) return { error: resolved.error };
  const targets = resolved.targets;
  if (targets.missing.length === 0 || args.some((a) => a.includes('/')) || args.length < 2)
    return { targets };
  const type = resolveType(args[0].split(',')[0]);
  if (!type) return { targets };
  const missing: CommandError[] = [];
  for (const name of args.slice(1)) {
    if (targets.groups.some((g) => g.objects.some((o) => o.metadata.name === name))) continue;
    const byPrefix = listObjects(type, undefined, opts, env).filter((o) =>
      (o.metadata.name ?? '').startsWith(name),
    );
    if (byPrefix.length === 0) missing.push(notFoundError(plural(type.plural, type.group), name));
    else targets.groups.push({ type, objects: byPrefix, listed: true });
  }
  targets.missing = missing;
  return { targets };
}

function plural(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}
