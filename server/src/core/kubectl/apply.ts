/** `kubectl apply -f` and `kubectl create -f`: one request per object, errors after the successes. */
import type { KubeObject } from '../cluster/api';
import { apiError, plainError, renderErrors, type CommandError } from './errors';
import { flagBool, flagValues, parseFlags, type FlagSpec } from './flags';
import { namespaceOf, usageError } from './get';
import { readManifests, type ManifestObject } from './manifests';
import { kindPrefix, mapKind } from './resources';
import { Invocation, type KubectlEnv, type Outcome } from './types';

export const APPLY_FLAGS: FlagSpec[] = [
  { long: 'filename', short: 'f', type: 'string', repeat: true },
  { long: 'recursive', short: 'R', type: 'bool' },
  { long: 'kustomize', short: 'k', type: 'string' },
  { long: 'server-side', type: 'bool' },
  { long: 'dry-run', type: 'optional' },
  { long: 'force', type: 'bool' },
  { long: 'prune', type: 'bool' },
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'output', short: 'o', type: 'string' },
  { long: 'validate', type: 'optional' },
  { long: 'field-manager', type: 'string' },
  { long: 'record', type: 'bool' },
  { long: 'overwrite', type: 'bool' },
  { long: 'wait', type: 'bool' },
  { long: 'timeout', type: 'string' },
  { long: 'save-config', type: 'bool' },
  { long: 'force-conflicts', type: 'bool' },
  { long: 'edit', type: 'bool' },
  { long: 'windows-line-endings', type: 'bool' },
];

/** Runs `kubectl apply` (mode `apply`) or `kubectl create -f` (mode `create`). */
export function runApply(
  args: readonly string[],
  inv: Invocation,
  env: KubectlEnv,
  mode: 'apply' | 'create',
): void {
  const parsed = parseFlags(args, APPLY_FLAGS);
  if (!parsed.ok) return usageError(inv, parsed.error, mode);
  const flags = parsed.flags;
  const unsupported = unsupportedFlag(flags.values);
  if (unsupported) {
    inv.notSimulated = `kubectl ${mode} ${unsupported} is not simulated`;
    return;
  }
  if (flags.positional.length > 0)
    return inv.fail(`error: Unexpected args: [${flags.positional.join(' ')}]`);
  const files = flagValues(flags, 'filename');
  if (files.length === 0) return inv.fail('error: must specify one of -f and -k');
  if (files.some((f) => /^https?:\/\//.test(f))) {
    inv.notSimulated = `kubectl ${mode} -f <url> needs a network`;
    return;
  }
  if (files.includes('-')) {
    inv.notSimulated = `kubectl ${mode} -f - reads manifests from standard input, which a scenario line does not have`;
    return;
  }
  const { namespace, explicit } = namespaceOf(flags);
  const read = readManifests(files, env.reader, env.cwd, {
    recursive: flagBool(flags, 'recursive'),
    namespace,
    explicitNamespace: explicit,
  });
  if (read.fatal) return inv.fail(renderErrors([read.fatal]));
  if (read.objects.length === 0 && read.errors.length === 0)
    return inv.fail(`error: no objects passed to ${mode}`);
  const errors: CommandError[] = [...read.errors];
  for (const item of read.objects) {
    const error =
      mode === 'apply' ? applyOne(item, namespace, inv, env) : createOne(item, namespace, inv, env);
    if (error) errors.push(error);
  }
  if (errors.length > 0) inv.fail(renderErrors(errors));
}

/**
 * FIXME: --dry-run, --server-side and --prune change what is sent and printed (`created (dry
 * run)`, `serverside-applied`, `pruned`); such lines are reported as not simulated.
 */
function unsupportedFlag(values: Map<string, string[]>): string | undefined {
  for (const flag of ['kustomize', 'server-side', 'dry-run', 'prune', 'edit']) {
    if (values.has(flag)) return `--${flag}`;
  }
  return undefined;
}

function applyOne(
  item: ManifestObject,
  namespace: string,
  inv: Invocation,
  env: KubectlEnv,
): CommandError | undefined {
  const obj = item.object;
  const type = mapKind(obj.apiVersion, obj.kind)!;
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
  const ns = type.namespaced
    ? (typeof obj.metadata?.namespace === 'string' && obj.metadata.namespace) || namespace
    : undefined;
  if (name === '') return plainError(noNameError(obj, ns ?? '', item.file));
  const existed = env.cluster.get({ kind: type.kind, namespace: ns, name }) !== undefined;
  const outcome = safely(() => env.cluster.apply(obj, { namespace }));
  return report(outcome, item, existed ? 'applying' : 'creating', inv, ns);
}

function createOne(
  item: ManifestObject,
  namespace: string,
  inv: Invocation,
  env: KubectlEnv,
): CommandError | undefined {
  const outcome = safely(() => env.cluster.create(item.object, { namespace }));
  const ns =
    typeof item.object.metadata?.namespace === 'string'
      ? item.object.metadata.namespace
      : namespace;
  return report(outcome, item, 'creating', inv, ns);
}

/** A request that throws becomes an error of that object instead of ending the run. */
export function safely(request: () => Outcome): Outcome {
  try {
    return request();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      reason: 'InternalError',
      error: `an error on the server ("${message}") has prevented the request from succeeding`,
    };
  }
}

function report(
  outcome: Outcome,
  item: ManifestObject,
  verb: 'applying' | 'creating',
  inv: Invocation,
  namespace: string | undefined,
): CommandError | undefined {
  if (!outcome.ok) {
    const name = typeof item.object.metadata?.name === 'string' ? item.object.metadata.name : '';
    return apiError(outcome, { verb, file: item.file, name, namespace });
  }
  inv.mutated = true;
  printResult(outcome, inv);
  return undefined;
}

/** Warnings on stderr, notices on stdout, then the name-printer line. */
export function printResult(outcome: Extract<Outcome, { ok: true }>, inv: Invocation): void {
  for (const w of outcome.warnings ?? [])
    inv.stderr(w.startsWith('Warning: ') ? `${w}\n` : `Warning: ${w}\n`);
  for (const n of outcome.notices ?? []) inv.stdout(`${n}\n`);
  const operation = outcome.operation ?? outcome.result;
  if (operation === '') return;
  inv.stdout(`${namePrefix(outcome.object)} ${operation}\n`);
}

/** `deployment.apps/pi-web`: the name printer's object name. */
export function namePrefix(obj: KubeObject): string {
  return `${kindPrefix(obj.kind)}/${obj.metadata?.name || '<unknown>'}`;
}

/** apply's error for an object without a name (its GET cannot be made). */
function noNameError(obj: KubeObject, namespace: string, file: string): string {
  const type = mapKind(obj.apiVersion, obj.kind)!;
  const [group, version] = obj.apiVersion.includes('/')
    ? obj.apiVersion.split('/')
    : ['', obj.apiVersion];
  const resource = `${group}/${version}, Resource=${type.plural}`;
  const gvk = `${group}/${version}, Kind=${obj.kind}`;
  return (
    `error when retrieving current configuration of:\nResource: "${resource}", GroupVersionKind: "${gvk}"\n` +
    `Name: "", Namespace: "${namespace}"\nfrom server for: "${file}": resource name may not be empty`
  );
}
