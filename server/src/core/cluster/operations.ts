/**
 * kubectl's imperative commands as the requests they send and the words they print: scale,
 * label, set image, cordon, taint, rollout undo / pause / resume / restart, namespace delete.
 */
import type { KubeObject, Outcome } from './api';
import { clientError, notFound, type Failure } from './errors';
import { qualifiedResource } from './kinds';
import { deepEqual, semanticEqual } from './objects';
import type { ApiServer } from './server';

type Target = KubeObject | Failure;

const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);
const TEMPLATED = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'ReplicationController',
  'DaemonSet',
  'Job',
]);

function isFailure(t: Target): t is Failure {
  return (t as Failure).ok === false;
}

function ok(
  object: KubeObject,
  result: Extract<Outcome, { ok: true }>['result'],
  extra: object = {},
): Outcome {
  return { ok: true, object, result, ...extra };
}

export function scale(server: ApiServer, target: Target, replicas: number): Outcome {
  if (isFailure(target)) return target;
  if (!Number.isInteger(replicas) || replicas < 0) {
    return clientError(
      'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
    );
  }
  if (!SCALABLE.has(target.kind)) {
    return {
      ok: false,
      reason: 'NotFound',
      error: 'the server could not find the requested resource',
    };
  }
  const result = server.update({ ...target, spec: { ...target.spec, replicas } });
  return result.ok ? ok(result.object, 'scaled') : result;
}

/** kubectl label: `labeled`, `not labeled`, `unlabeled` or `modified`, as label.go words it. */
export function label(
  server: ApiServer,
  target: Target,
  changes: Record<string, string | null>,
  overwrite: boolean,
): Outcome {
  if (isFailure(target)) return target;
  const labels: Record<string, string> = { ...(target.metadata.labels ?? {}) };
  const notices: string[] = [];
  let added = false;
  let removed = false;
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) {
      if (key in labels) {
        delete labels[key];
        removed = true;
      } else {
        notices.push(`label "${key}" not found.`);
      }
      continue;
    }
    const old = labels[key];
    if (old !== undefined && old !== value && !overwrite) {
      return clientError(`'${key}' already has a value (${old}), and --overwrite is false`);
    }
    if (old !== value) added = true;
    labels[key] = value;
  }
  const operation =
    added && removed ? 'modified' : added ? 'labeled' : removed ? 'unlabeled' : 'not labeled';
  if (!added && !removed)
    return ok(target, 'labeled', { operation, ...(notices.length ? { notices } : {}) });
  const metadata = { ...target.metadata, labels };
  const result = server.update({ ...target, metadata });
  if (!result.ok) return result;
  return ok(result.object, 'labeled', {
    ...(operation !== 'labeled' ? { operation } : {}),
    ...(notices.length ? { notices } : {}),
  });
}

/** kubectl set image; prints nothing when every image already is the requested one. */
export function setImage(
  server: ApiServer,
  target: Target,
  images: Record<string, string>,
): Outcome {
  if (isFailure(target)) return target;
  const spec = podSpecOf(target);
  if (!spec) return clientError(`the object "${target.metadata.name}" has no pod template`);
  let changed = false;
  const update = (list: any[] | undefined) =>
    list?.map((c) => {
      const image = images[c.name] ?? images['*'];
      if (image === undefined || image === c.image) return c;
      changed = true;
      return { ...c, image };
    });
  const known = new Set(
    [...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c: any) => c.name),
  );
  for (const name of Object.keys(images)) {
    if (name !== '*' && !known.has(name))
      return clientError(`unable to find container named "${name}"`);
  }
  const next = { ...spec, containers: update(spec.containers) };
  if (spec.initContainers) next.initContainers = update(spec.initContainers);
  if (!changed) return ok(target, 'image updated', { operation: '' });
  const result = server.update(withPodSpec(target, next));
  return result.ok ? ok(result.object, 'image updated') : result;
}

function podSpecOf(obj: KubeObject): any | undefined {
  if (obj.kind === 'Pod') return obj.spec;
  if (obj.kind === 'CronJob') return obj.spec?.jobTemplate?.spec?.template?.spec;
  return TEMPLATED.has(obj.kind) ? obj.spec?.template?.spec : undefined;
}

function withPodSpec(obj: KubeObject, spec: any): KubeObject {
  if (obj.kind === 'Pod') return { ...obj, spec };
  return { ...obj, spec: { ...obj.spec, template: { ...obj.spec.template, spec } } };
}

export function cordon(server: ApiServer, nodeName: string, unschedulable: boolean): Outcome {
  const node = server.get('Node', undefined, nodeName);
  if (!node) return notFound('Node', nodeName);
  if (!!node.spec?.unschedulable === unschedulable) {
    return ok(node, unschedulable ? 'cordoned' : 'uncordoned', {
      operation: unschedulable ? 'already cordoned' : 'already uncordoned',
    });
  }
  const spec = { ...node.spec, unschedulable };
  if (!unschedulable) delete spec.unschedulable;
  const result = server.update({ ...node, spec });
  return result.ok ? ok(result.object, unschedulable ? 'cordoned' : 'uncordoned') : result;
}

export function taint(
  server: ApiServer,
  nodeName: string,
  t: { key: string; value?: string; effect: string },
  remove: boolean,
): Outcome {
  const node = server.get('Node', undefined, nodeName);
  if (!node) return notFound('Node', nodeName);
  const taints: any[] = node.spec?.taints ?? [];
  let next: any[];
  if (remove) {
    next = taints.filter((x) => !(x.key === t.key && (!t.effect || x.effect === t.effect)));
    if (next.length === taints.length)
      return clientError(`taint "${t.key}${t.effect ? ':' + t.effect : ''}" not found`);
  } else {
    if (taints.some((x) => x.key === t.key && x.effect === t.effect)) {
      return clientError(
        `node ${nodeName} already has ${t.key} taint(s) with same effect(s) ` +
          'and --overwrite is false',
      );
    }
    const added: any = { key: t.key, effect: t.effect };
    if (t.value) added.value = t.value;
    next = [...taints, added];
  }
  const spec = { ...node.spec, taints: next };
  if (!next.length) delete spec.taints;
  const result = server.update({ ...node, spec });
  return result.ok ? ok(result.object, remove ? 'untainted' : 'tainted') : result;
}

// ---------------------------------------------------------------------------------------------
// rollout

const REVISION = 'deployment.kubernetes.io/revision';
const SKIPPED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/**
 * kubectl's DeploymentRollbacker: the template of the ReplicaSet at `toRevision` (0: the
 * revision before the current one) replaces the Deployment's, with the annotations it carried.
 */
export function rolloutUndo(server: ApiServer, target: Target, toRevision: number): Outcome {
  if (isFailure(target)) return target;
  if (target.kind !== 'Deployment')
    return clientError(`no rollbacker has been implemented for "${target.kind}"`);
  if (target.spec?.paused) {
    return clientError(
      'you cannot rollback a paused deployment; ' +
        "resume it first with 'kubectl rollout resume' and try again",
    );
  }
  const byRevision = new Map<number, KubeObject>();
  for (const rs of server.store.dependents(target.metadata.uid!)) {
    if (rs.kind !== 'ReplicaSet') continue;
    const rev = Number(rs.metadata.annotations?.[REVISION]);
    if (Number.isInteger(rev)) byRevision.set(rev, rs);
  }
  const rs = pickRevision(byRevision, toRevision, target.metadata.name!);
  if (isFailure(rs)) return rs;

  const template = stripHash(rs.spec.template);
  if (semanticEqual(template, target.spec.template)) {
    return ok(target, 'rolled back', {
      operation: `skipped rollback (current template already matches revision ${toRevision})`,
    });
  }
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(target.metadata.annotations ?? {}))
    if (SKIPPED.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {}))
    if (!SKIPPED.has(k)) annotations[k] = v;
  const result = server.update({
    ...target,
    metadata: { ...target.metadata, annotations },
    spec: { ...target.spec, template },
  });
  return result.ok ? ok(result.object, 'rolled back') : result;
}

function pickRevision(
  byRevision: Map<number, KubeObject>,
  toRevision: number,
  name: string,
): KubeObject | Failure {
  if (toRevision > 0) {
    return (
      byRevision.get(toRevision) ??
      clientError(`unable to find specified revision ${toRevision} in history`)
    );
  }
  const revisions = [...byRevision.keys()].sort((a, b) => b - a);
  if (revisions.length < 2) return clientError(`no rollout history found for deployment "${name}"`);
  return byRevision.get(revisions[1])!;
}

function stripHash(template: any): any {
  const labels = { ...(template?.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  return { ...template, metadata: { ...(template?.metadata ?? {}), labels } };
}

export function setPaused(server: ApiServer, target: Target, paused: boolean): Outcome {
  if (isFailure(target)) return target;
  const resource = `${qualifiedResource(target.kind)} "${target.metadata.name}"`;
  if (target.kind !== 'Deployment') return clientError(`${resource} is not a deployment`);
  if (!!target.spec?.paused === paused)
    return clientError(`${resource} is ${paused ? 'already paused' : 'not paused'}`);
  const spec = { ...target.spec, paused };
  if (!paused) delete spec.paused;
  const result = server.update({ ...target, spec });
  return result.ok ? ok(result.object, paused ? 'paused' : 'resumed') : result;
}

export function restart(server: ApiServer, target: Target): Outcome {
  if (isFailure(target)) return target;
  if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(target.kind)) {
    return clientError(
      `${qualifiedResource(target.kind)} "${target.metadata.name}" restarting is not supported`,
    );
  }
  const template = target.spec.template ?? {};
  const annotations = {
    ...(template.metadata?.annotations ?? {}),
    'kubectl.kubernetes.io/restartedAt': server.timestamp(),
  };
  const next = { ...template, metadata: { ...(template.metadata ?? {}), annotations } };
  const result = server.update({ ...target, spec: { ...target.spec, template: next } });
  return result.ok ? ok(result.object, 'patched', { operation: 'restarted' }) : result;
}

/**
 * Deleting a namespace: it turns Terminating, everything in it is deleted, and the namespace
 * controller removes it once it is empty.
 */
export function deleteNamespace(server: ApiServer, name: string): Outcome {
  const ns = server.get('Namespace', undefined, name);
  if (!ns) return notFound('Namespace', name);
  if (['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(name)) {
    return {
      ok: false,
      reason: 'Forbidden',
      error: `namespaces "${name}" is forbidden: this namespace may not be deleted`,
    };
  }
  if (!ns.metadata.deletionTimestamp) {
    const next = {
      ...ns,
      metadata: {
        ...ns.metadata,
        deletionTimestamp: server.timestamp(),
        deletionGracePeriodSeconds: 0,
        finalizers: ['kubernetes'],
      },
      status: { phase: 'Terminating' },
    };
    server.update(next, { trusted: true, withStatus: true });
  }
  const live = server.get('Namespace', undefined, name)!;
  if (deepEqual(live, ns)) return ok(ns, 'deleted');
  return ok(live, 'deleted');
}
