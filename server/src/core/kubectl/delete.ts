/** `kubectl delete`: by file, by name, by selector, `--all`, with the cascade modes. */
import { atLeast } from '../api/versions';
import type { KubeObject, Propagation } from '../cluster/api';
import { safely } from './apply';
import { apiError, renderErrors, type CommandError } from './errors';
import {
  flagBool,
  flagValue,
  flagValues,
  parseFlags,
  type FlagSpec,
  type ParsedFlags,
} from './flags';
import { namespaceOf, usageError } from './get';
import { readManifests } from './manifests';
import { kindPrefix, mapKind } from './resources';
import { missingResource, resolveTargets } from './targets';
import { Invocation, type KubectlEnv } from './types';

export const DELETE_FLAGS: FlagSpec[] = [
  { long: 'filename', short: 'f', type: 'string', repeat: true },
  { long: 'recursive', short: 'R', type: 'bool' },
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'all', type: 'bool' },
  { long: 'cascade', type: 'optional' },
  { long: 'grace-period', type: 'string' },
  { long: 'force', type: 'bool' },
  { long: 'now', type: 'bool' },
  { long: 'wait', type: 'bool' },
  { long: 'ignore-not-found', type: 'bool' },
  { long: 'output', short: 'o', type: 'string' },
  { long: 'dry-run', type: 'optional' },
  { long: 'timeout', type: 'string' },
  { long: 'field-selector', type: 'string' },
  { long: 'all-namespaces', short: 'A', type: 'bool' },
  { long: 'interactive', short: 'i', type: 'bool' },
  { long: 'kustomize', short: 'k', type: 'string' },
  { long: 'raw', type: 'string' },
];

const FORCE_WARNING =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';

/** One object to delete and where it came from. */
interface Victim {
  kind: string;
  name: string;
  namespace?: string;
  file?: string;
  /** Listed by selector or --all: a NotFound is ignored. */
  listed: boolean;
}

/** Runs `kubectl delete <args>`. */
export function runDelete(args: readonly string[], inv: Invocation, env: KubectlEnv): void {
  const parsed = parseFlags(args, DELETE_FLAGS);
  if (!parsed.ok) return usageError(inv, parsed.error, 'delete');
  const flags = parsed.flags;
  for (const flag of ['dry-run', 'interactive', 'kustomize', 'raw', 'field-selector']) {
    if (flags.values.has(flag)) {
      inv.notSimulated = `kubectl delete --${flag} is not simulated`;
      return;
    }
  }
  const propagation = cascade(flagValue(flags, 'cascade'), inv);
  if (!propagation) return;
  if (!checkForce(flags, inv)) return;
  const victims = findVictims(flags, inv, env);
  if (!victims) return;
  deleteAll(victims.list, victims.errors, propagation, flags, inv, env);
}

/** parseCascadingFlag: the modes, and the deprecated booleans with their warnings. */
function cascade(value: string | undefined, inv: Invocation): Propagation | undefined {
  switch (value) {
    case undefined:
    case '':
    case 'background':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
      return 'Orphan';
    case 'true':
      inv.stderr(
        'warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\n',
      );
      return 'Background';
    case 'false':
      inv.stderr(
        'warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n',
      );
      return 'Orphan';
  }
  inv.fail(
    `error: invalid cascade value (${value}). Must be "background", "foreground", or "orphan"`,
  );
  return undefined;
}

/**
 * --force with a grace period above 0 is refused; --force alone warns.
 * FIXME: the grace period is not passed on; pods stop after the simulated kubelet's stop time
 * whatever --grace-period, --now or --force ask for.
 */
function checkForce(flags: ParsedFlags, inv: Invocation): boolean {
  const grace = Number(flagValue(flags, 'grace-period') ?? '-1');
  if (flagBool(flags, 'force') && grace > 0) {
    inv.fail('error: --force and --grace-period greater than 0 cannot be specified together');
    return false;
  }
  if (flagBool(flags, 'force')) inv.stderr(FORCE_WARNING);
  return true;
}

function findVictims(
  flags: ParsedFlags,
  inv: Invocation,
  env: KubectlEnv,
): { list: Victim[]; errors: CommandError[] } | undefined {
  const { namespace, explicit } = namespaceOf(flags);
  const files = flagValues(flags, 'filename');
  if (files.length > 0) {
    const read = readManifests(files, env.reader, env.cwd, {
      recursive: flagBool(flags, 'recursive'),
      namespace,
      explicitNamespace: explicit,
    });
    if (read.fatal) return void inv.fail(renderErrors([read.fatal]));
    const list = read.objects.map(({ file, object }) => fileVictim(object, file, namespace));
    return { list, errors: read.errors };
  }
  if (flags.positional.length === 0) return void inv.fail(renderErrors([missingResource()]));
  const resolved = resolveTargets(
    flags.positional,
    {
      selector: flagValue(flags, 'selector'),
      all: flagBool(flags, 'all'),
      namespace,
      allNamespaces: flagBool(flags, 'all-namespaces'),
      requireNames: true,
    },
    env,
  );
  if (!resolved.ok) return void inv.fail(renderErrors([resolved.error]));
  const list = resolved.targets.groups.flatMap((g) =>
    g.objects.map((o): Victim => ({
      kind: o.kind,
      name: o.metadata.name ?? '',
      namespace: o.metadata.namespace,
      listed: g.listed,
    })),
  );
  return { list, errors: resolved.targets.missing };
}

function fileVictim(object: KubeObject, file: string, namespace: string): Victim {
  const type = mapKind(object.apiVersion, object.kind)!;
  const ns = type.namespaced
    ? (typeof object.metadata?.namespace === 'string' && object.metadata.namespace) || namespace
    : undefined;
  return {
    kind: type.kind,
    name: String(object.metadata?.name ?? ''),
    namespace: ns,
    file,
    listed: false,
  };
}

function deleteAll(
  victims: Victim[],
  errors: CommandError[],
  propagation: Propagation,
  flags: ParsedFlags,
  inv: Invocation,
  env: KubectlEnv,
): void {
  const ignoreNotFound = flagBool(flags, 'ignore-not-found');
  let deleted = 0;
  for (const v of victims) {
    const outcome = safely(() =>
      env.cluster.delete({ kind: v.kind, namespace: v.namespace, name: v.name }, propagation),
    );
    if (!outcome.ok) {
      if (outcome.reason === 'NotFound' && (v.listed || ignoreNotFound)) continue;
      errors.push(
        apiError(
          outcome,
          v.file
            ? { verb: 'deleting', file: v.file, name: v.name, namespace: v.namespace }
            : undefined,
        ),
      );
      continue;
    }
    deleted++;
    inv.mutated = true;
    inv.stdout(deleteLine(v, flagValue(flags, 'output'), flagBool(flags, 'force'), env) + '\n');
  }
  if (errors.length > 0) return inv.fail(renderErrors(errors));
  if (deleted === 0 && victims.every((v) => v.listed)) inv.stdout('No resources found\n');
}

/** `deployment.apps "pi-web" deleted`, with ` from <ns> namespace` from kubectl 1.34. */
function deleteLine(
  v: Victim,
  output: string | undefined,
  force: boolean,
  env: KubectlEnv,
): string {
  const prefix = kindPrefix(v.kind);
  if (output === 'name') return `${prefix}/${v.name}`;
  let operation = force ? 'force deleted' : 'deleted';
  if (v.namespace && atLeast(env.minor, '1.34')) operation += ` from ${v.namespace} namespace`;
  return `${prefix} "${v.name}" ${operation}`;
}
