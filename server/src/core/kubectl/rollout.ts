/** `kubectl rollout status|history|undo|pause|resume` for Deployments, DaemonSets and StatefulSets. */
import type { KubeObject, ObjectRef } from '../cluster/api';
import { namePrefix, printResult, safely } from './apply';
import { describePodTemplate, PrefixWriter } from './describe';
import { apiError, renderErrors, type CommandError } from './errors';
import { flagBool, flagValue, parseFlags, type FlagSpec, type ParsedFlags } from './flags';
import { namespaceOf, usageError } from './get';
import { qualifiedPlural } from './resources';
import { resolveTargets } from './targets';
import { DESCRIBE, tabwrite } from './tabwriter';
import { Invocation, type KubectlEnv } from './types';

export const ROLLOUT_FLAGS: FlagSpec[] = [
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'filename', short: 'f', type: 'string', repeat: true },
  { long: 'recursive', short: 'R', type: 'bool' },
  { long: 'watch', short: 'w', type: 'bool' },
  { long: 'revision', type: 'string' },
  { long: 'to-revision', type: 'string' },
  { long: 'timeout', type: 'string' },
  { long: 'dry-run', type: 'optional' },
  { long: 'output', short: 'o', type: 'string' },
  { long: 'field-manager', type: 'string' },
];

const GROUP_KIND: Record<string, string> = {
  ReplicaSet: 'ReplicaSet.apps',
  Pod: 'Pod',
  Service: 'Service',
};

/** Runs `kubectl rollout <subcommand> <args>`. */
export function runRollout(args: readonly string[], inv: Invocation, env: KubectlEnv): void {
  const [sub, ...rest] = args;
  if (!['status', 'history', 'undo', 'pause', 'resume', 'restart'].includes(sub ?? '')) {
    return inv.fail(
      sub === undefined
        ? 'error: Required subcommand not specified'
        : `error: unknown command "${sub}" for "kubectl rollout"`,
    );
  }
  const parsed = parseFlags(rest, ROLLOUT_FLAGS);
  if (!parsed.ok) return usageError(inv, parsed.error, `rollout ${sub}`);
  const flags = parsed.flags;
  for (const flag of ['filename', 'dry-run', 'output']) {
    if (flags.values.has(flag)) {
      inv.notSimulated = `kubectl rollout ${sub} --${flag} is not simulated`;
      return;
    }
  }
  const objects = rolloutTargets(flags, inv, env);
  if (!objects) return;
  if (sub === 'status' && objects.found.length > 1) {
    return inv.fail(
      'error: rollout status is only supported on individual resources and resource collections of size 1',
    );
  }
  const errors = objects.missing;
  for (const obj of objects.found) {
    const err = runOne(sub, obj, flags, inv, env);
    if (err) errors.push(err);
  }
  if (errors.length > 0) inv.fail(renderErrors(errors));
}

function rolloutTargets(
  flags: ParsedFlags,
  inv: Invocation,
  env: KubectlEnv,
): { found: KubeObject[]; missing: CommandError[] } | undefined {
  if (flags.positional.length === 0) {
    inv.fail('error: required resource not specified');
    return undefined;
  }
  const { namespace } = namespaceOf(flags);
  const resolved = resolveTargets(
    flags.positional,
    {
      selector: flagValue(flags, 'selector'),
      namespace,
      allNamespaces: false,
      requireNames: false,
    },
    env,
  );
  if (!resolved.ok) {
    inv.fail(renderErrors([resolved.error]));
    return undefined;
  }
  const found = resolved.targets.groups.flatMap((g) => g.objects);
  if (found.length === 0 && resolved.targets.missing.length === 0)
    inv.stderr(`No resources found in ${namespace} namespace.\n`);
  return { found, missing: [...resolved.targets.missing] };
}

function runOne(
  sub: string,
  obj: KubeObject,
  flags: ParsedFlags,
  inv: Invocation,
  env: KubectlEnv,
): CommandError | undefined {
  switch (sub) {
    case 'status':
      return rolloutStatus(obj, flags, inv);
    case 'history':
      return rolloutHistory(obj, flags, inv, env);
    case 'undo':
      return rolloutUndo(obj, flags, inv, env);
    case 'restart':
      return restart(obj, inv, env);
    default:
      return pauseOrResume(obj, sub === 'pause', inv, env);
  }
}

function refOf(obj: KubeObject): ObjectRef {
  return { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' };
}

function clientError(text: string): CommandError {
  return { single: `error: ${text}`, listed: text };
}

// ---------------------------------------------------------------------------------------------
// status

type StatusResult = { message: string; done: boolean } | { error: string };

/** The status viewers' messages (kubectl polymorphichelpers/rollout_status.go). */
export function rolloutStatusMessage(obj: KubeObject): StatusResult {
  switch (obj.kind) {
    case 'Deployment':
      return deploymentStatus(obj);
    case 'DaemonSet':
      return daemonSetStatus(obj);
    case 'StatefulSet':
      return statefulSetStatus(obj);
  }
  return { error: `no status viewer has been implemented for ${GROUP_KIND[obj.kind] ?? obj.kind}` };
}

function observed(obj: KubeObject): boolean {
  return (obj.metadata.generation ?? 0) <= (obj.status?.observedGeneration ?? 0);
}

function deploymentStatus(d: KubeObject): StatusResult {
  const name = d.metadata.name;
  if (!observed(d))
    return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
  const st = d.status ?? {};
  const progressing = (st.conditions ?? []).find((c: any) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return { error: `deployment "${name}" exceeded its progress deadline` };
  const want = d.spec?.replicas ?? 0;
  const updated = st.updatedReplicas ?? 0;
  const wait = (text: string) => ({
    message: `Waiting for deployment "${name}" rollout to finish: ${text}...\n`,
    done: false,
  });
  if (updated < want) return wait(`${updated} out of ${want} new replicas have been updated`);
  if ((st.replicas ?? 0) > updated)
    return wait(`${(st.replicas ?? 0) - updated} old replicas are pending termination`);
  if ((st.availableReplicas ?? 0) < updated)
    return wait(`${st.availableReplicas ?? 0} of ${updated} updated replicas are available`);
  return { message: `deployment "${name}" successfully rolled out\n`, done: true };
}

function daemonSetStatus(ds: KubeObject): StatusResult {
  const name = ds.metadata.name;
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    return { error: 'rollout status is only available for RollingUpdate strategy type' };
  }
  if (!observed(ds))
    return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
  const st = ds.status ?? {};
  const desired = st.desiredNumberScheduled ?? 0;
  const wait = (text: string) => ({
    message: `Waiting for daemon set "${name}" rollout to finish: ${text}...\n`,
    done: false,
  });
  if ((st.updatedNumberScheduled ?? 0) < desired)
    return wait(`${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated`);
  if ((st.numberAvailable ?? 0) < desired)
    return wait(`${st.numberAvailable ?? 0} of ${desired} updated pods are available`);
  return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
}

function statefulSetStatus(sts: KubeObject): StatusResult {
  const spec = sts.spec ?? {};
  const st = sts.status ?? {};
  if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    return { error: 'rollout status is only available for RollingUpdate strategy type' };
  }
  if (!st.observedGeneration || (sts.metadata.generation ?? 0) > st.observedGeneration) {
    return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  }
  const replicas = spec.replicas ?? 0;
  if ((st.readyReplicas ?? 0) < replicas)
    return {
      message: `Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...\n`,
      done: false,
    };
  const partition = spec.updateStrategy?.rollingUpdate?.partition;
  if (spec.updateStrategy?.rollingUpdate) {
    if (typeof partition === 'number' && (st.updatedReplicas ?? 0) < replicas - partition) {
      return {
        message: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...\n`,
        done: false,
      };
    }
    return {
      message: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`,
      done: true,
    };
  }
  if (st.updateRevision !== st.currentRevision) {
    return {
      message: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...\n`,
      done: false,
    };
  }
  return {
    message: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`,
    done: true,
  };
}

/**
 * The cluster has already settled, so the watch sees the final state: one message. A rollout that
 * cannot finish would keep a real kubectl waiting; that is said in a note.
 */
function rolloutStatus(
  obj: KubeObject,
  flags: ParsedFlags,
  inv: Invocation,
): CommandError | undefined {
  const result = rolloutStatusMessage(obj);
  if ('error' in result) return clientError(result.error);
  inv.stdout(result.message);
  const watch = flags.values.has('watch') ? flagBool(flags, 'watch') : true;
  if (!result.done && watch) {
    inv.notes.push(
      'the rollout does not finish in the simulation; a real kubectl keeps waiting here',
    );
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// history

interface Revision {
  revision: number;
  template: any;
  changeCause?: string;
}

function controlledBy(owner: KubeObject): (o: KubeObject) => boolean {
  return (o) =>
    (o.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);
}

/** The revisions of an object: its ReplicaSets' revision annotations, or its ControllerRevisions. */
export function revisionsOf(obj: KubeObject, env: KubectlEnv): Revision[] {
  const ns = obj.metadata.namespace;
  const byRevision = new Map<number, Revision>();
  if (obj.kind === 'Deployment') {
    for (const rs of env.cluster.list('ReplicaSet', { namespace: ns }).filter(controlledBy(obj))) {
      const text = rs.metadata.annotations?.['deployment.kubernetes.io/revision'];
      if (text === undefined || !/^\d+$/.test(text)) continue;
      const cause = rs.metadata.annotations?.['kubernetes.io/change-cause'];
      byRevision.set(Number(text), {
        revision: Number(text),
        template: rs.spec?.template,
        changeCause: cause,
      });
    }
  } else {
    for (const cr of env.cluster
      .list('ControllerRevision', { namespace: ns })
      .filter(controlledBy(obj))) {
      const revision = Number(cr.revision ?? 0);
      const template = (cr.data as any)?.spec?.template;
      byRevision.set(revision, {
        revision,
        template,
        changeCause: cr.metadata.annotations?.['kubernetes.io/change-cause'],
      });
    }
  }
  return [...byRevision.values()].sort((a, b) => a.revision - b.revision);
}

function rolloutHistory(
  obj: KubeObject,
  flags: ParsedFlags,
  inv: Invocation,
  env: KubectlEnv,
): CommandError | undefined {
  if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(obj.kind)) {
    return clientError(
      `no history viewer has been implemented for ${GROUP_KIND[obj.kind] ?? obj.kind}`,
    );
  }
  const revisions = revisionsOf(obj, env);
  const wanted = Number(flagValue(flags, 'revision') ?? '0');
  const prefix = namePrefix(obj);
  if (revisions.length === 0) {
    inv.stdout(`${prefix} \nNo rollout history found.\n`);
    return undefined;
  }
  if (wanted > 0) {
    const rev = revisions.find((r) => r.revision === wanted);
    if (!rev) return clientError('unable to find the specified revision');
    const w = new PrefixWriter();
    describePodTemplate(rev.template, w, env.minor);
    inv.stdout(`${prefix} with revision #${wanted}\n${w.finish(false)}\n`);
    return undefined;
  }
  const rows = revisions.map((r) => `${r.revision}\t${r.changeCause || '<none>'}\n`).join('');
  inv.stdout(`${prefix} \n${tabwrite(`REVISION\tCHANGE-CAUSE\n${rows}`, DESCRIBE)}\n`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// undo, pause, resume

function rolloutUndo(
  obj: KubeObject,
  flags: ParsedFlags,
  inv: Invocation,
  env: KubectlEnv,
): CommandError | undefined {
  const toRevision = Number(flagValue(flags, 'to-revision') ?? '0');
  if (!Number.isInteger(toRevision) || toRevision < 0)
    return clientError('revision must be a positive integer');
  const outcome = safely(() => env.cluster.rolloutUndo(refOf(obj), toRevision || undefined));
  if (!outcome.ok) return apiError(outcome);
  inv.mutated = true;
  printResult(outcome, inv);
  return undefined;
}

function pauseOrResume(
  obj: KubeObject,
  pause: boolean,
  inv: Invocation,
  env: KubectlEnv,
): CommandError | undefined {
  const outcome = safely(() => env.cluster.setPaused(refOf(obj), pause));
  if (!outcome.ok) return apiError(outcome);
  inv.mutated = true;
  printResult(outcome, inv);
  return undefined;
}

function restart(obj: KubeObject, inv: Invocation, env: KubectlEnv): CommandError | undefined {
  const cluster = env.cluster;
  if (!cluster.restart) {
    inv.notSimulated = 'kubectl rollout restart is not simulated by this cluster';
    return undefined;
  }
  const refused = restartRefusal(obj, env);
  if (refused) return refused;
  const outcome = safely(() => cluster.restart!(refOf(obj)));
  if (!outcome.ok) return apiError(outcome);
  inv.mutated = true;
  printResult(outcome, inv);
  return undefined;
}

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/**
 * What kubectl's restarter refuses before sending anything: a paused Deployment, and a restart
 * within the second of the previous one (the timestamp it writes would not change, so the patch
 * would be empty).
 */
function restartRefusal(obj: KubeObject, env: KubectlEnv): CommandError | undefined {
  const name = obj.metadata.name ?? '';
  if (obj.kind === 'Deployment' && obj.spec?.paused) {
    const reason = "can't restart paused deployment (run rollout resume first)";
    const text = `error: ${qualifiedPlural(obj.kind)} "${name}" ${reason}`;
    return { single: text, listed: text };
  }
  const stamped = obj.spec?.template?.metadata?.annotations?.[RESTARTED_AT];
  const now = new Date(env.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (stamped !== now) return undefined;
  return clientError(
    `failed to create patch for ${name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
  );
}
