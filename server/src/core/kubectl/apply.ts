/** `kubectl apply -f` and `kubectl create -f`: one request per object, errors after the successes. */
import type { KubeObject } from '../cluster/api';
import { apiError, plainError, renderErrors, type CommandError, type Failure } from './errors';
import {
  readValidateFlag,
  serverDecode,
  serverSide,
  type FieldValidation,
} from './fieldValidation';
import {
  flagBool,
  flagValue,
  flagValues,
  parseFlags,
  type FlagSpec,
  type ParsedFlags,
} from './flags';
import { goQuote, goSprint } from './gofmt';
import { namespaceOf, usageError } from './get';
import { readManifests, type ManifestObject } from './manifests';
import { kindPrefix, mapKind, typeOfKind } from './resources';
import {
  LAST_APPLIED,
  lastApplied,
  modifiedConfiguration,
  serverPatchView,
} from './threeWay';
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

/** What one apply or create run needs for each object it sends. */
interface SendContext {
  inv: Invocation;
  env: KubectlEnv;
  /** The namespace given with -n, or `default`. */
  namespace: string;
  directive: FieldValidation;
}

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
  const directive = checkOptions(flags, inv, env, mode);
  if (!directive) return;
  const { namespace, explicit } = namespaceOf(flags);
  const read = readManifests(flagValues(flags, 'filename'), env.reader, env.cwd, {
    recursive: flagBool(flags, 'recursive'),
    namespace,
    explicitNamespace: explicit,
    // 1.20's kubectl checks each document itself; later ones leave unknown fields to the server.
    ...(directive === 'Strict' && !serverSide(env.minor) ? { openApi: env.minor } : {}),
  });
  if (read.fatal) return inv.fail(renderErrors([read.fatal]));
  if (read.objects.length === 0 && read.errors.length === 0)
    return inv.fail(`error: no objects passed to ${mode}`);
  const ctx: SendContext = { inv, env, namespace, directive };
  const errors: CommandError[] = [...read.errors];
  for (const item of read.objects) {
    const error = mode === 'apply' ? applyOne(item, ctx) : createOne(item, ctx);
    if (error) errors.push(error);
  }
  if (errors.length > 0) inv.fail(renderErrors(errors));
}

/**
 * The checks kubectl makes before reading any file, in its order; the field validation to ask
 * for, or undefined when the command ends here (an error printed, or not simulated).
 */
function checkOptions(
  flags: ParsedFlags,
  inv: Invocation,
  env: KubectlEnv,
  mode: 'apply' | 'create',
): FieldValidation | undefined {
  const unsupported = unsupportedFlag(flags.values);
  if (unsupported) {
    inv.notSimulated = `kubectl ${mode} ${unsupported} is not simulated`;
    return undefined;
  }
  const validate = readValidateFlag(flagValue(flags, 'validate'), env.minor);
  if (!validate.ok) {
    if (validate.usage) usageError(inv, validate.error, mode);
    else inv.fail(`error: ${validate.error}`);
    return undefined;
  }
  const files = flagValues(flags, 'filename');
  const error =
    flags.positional.length > 0
      ? `error: Unexpected args: [${flags.positional.join(' ')}]`
      : files.length === 0
        ? 'error: must specify one of -f and -k'
        : undefined;
  if (error) {
    inv.fail(error);
    return undefined;
  }
  const refused = refusedSource(files);
  if (refused) inv.notSimulated = `kubectl ${mode} ${refused}`;
  return refused ? undefined : validate.directive;
}

/** Sources a scenario line cannot give kubectl: URLs and standard input. */
function refusedSource(files: string[]): string | undefined {
  if (files.some((f) => /^https?:\/\//.test(f))) return '-f <url> needs a network';
  if (files.includes('-'))
    return '-f - reads manifests from standard input, which a scenario line does not have';
  return undefined;
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

function applyOne(item: ManifestObject, ctx: SendContext): CommandError | undefined {
  const obj = item.object;
  const type = mapKind(obj.apiVersion, obj.kind)!;
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
  const ns = type.namespaced
    ? (typeof obj.metadata?.namespace === 'string' && obj.metadata.namespace) || ctx.namespace
    : undefined;
  if (name === '') return plainError(noNameError(obj, ns ?? '', item.file));
  const live = ctx.env.cluster.get({ kind: type.kind, namespace: ns, name });
  const decoded = serverDecode(obj, ctx.env.minor, ctx.directive);
  if (decoded.failure !== undefined) {
    const verb = live ? 'applying' : 'creating';
    const source = { verb, file: item.file, name, namespace: ns } as const;
    if (live) printPatchWarnings(live, ctx.inv);
    const failure = live
      ? patchFailure(obj, live, ns, decoded.failure)
      : decodeFailure(obj, decoded.failure);
    return apiError(failure, source);
  }
  // FIXME: the API server stores the last-applied annotation kubectl sends, which still holds
  // the dropped unknown fields; the simulated cluster writes it from the object it is given.
  const outcome = safely(() => ctx.env.cluster.apply(decoded.object, { namespace: ctx.namespace }));
  // kubectl's patch carries the unknown fields every time (the live object never has them), so
  // it is never empty and kubectl reports a change.
  const sent = decoded.dropped && live && outcome.ok && outcome.result === 'unchanged';
  const reported: Outcome = sent ? { ...outcome, result: 'configured' } : outcome;
  const source = { verb: live ? 'applying' : 'creating', namespace: ns } as const;
  return report(reported, item, source, ctx, decoded.warnings);
}

function createOne(item: ManifestObject, ctx: SendContext): CommandError | undefined {
  const ns =
    typeof item.object.metadata?.namespace === 'string'
      ? item.object.metadata.namespace
      : ctx.namespace;
  const decoded = serverDecode(item.object, ctx.env.minor, ctx.directive);
  if (decoded.failure !== undefined) {
    const name = typeof item.object.metadata?.name === 'string' ? item.object.metadata.name : '';
    const source = { verb: 'creating', file: item.file, name, namespace: ns } as const;
    return apiError(decodeFailure(item.object, decoded.failure), source);
  }
  const request = () => ctx.env.cluster.create(decoded.object, { namespace: ctx.namespace });
  const outcome = safely(request);
  return report(outcome, item, { verb: 'creating', namespace: ns }, ctx, decoded.warnings);
}

/**
 * The BadRequest of a POST whose body the server cannot decode: the kind and version it was
 * sent as, then the decoder's error.
 */
function decodeFailure(obj: KubeObject, failure: string): Failure {
  const version = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[1] : obj.apiVersion;
  const prefix = `${obj.kind} in version "${version}" cannot be handled as a ${obj.kind}`;
  return { ok: false, reason: 'BadRequest', error: `${prefix}: ${failure}` };
}

/**
 * The error of a PATCH whose merged object the server cannot decode: an Invalid error with no
 * kind and no name, whose one cause quotes the patch as the server holds it (Go's %+v of the
 * map). kubectl prints it from the cause: `The request is invalid: patch: Invalid value: ...`.
 * FIXME: the server converts the merged map to the typed object (not the JSON decoder), which
 * words a wrongly typed value differently (`cannot restore ...`) and lists several unknown
 * fields in Go map order, nested ones first; Kubeplan words them as the decoder does, in body
 * order.
 */
function patchFailure(
  manifest: KubeObject,
  live: KubeObject,
  namespace: string | undefined,
  failure: string,
): Failure {
  const modified = modifiedConfiguration(manifest, namespace);
  const patch = serverPatchView(live.kind, lastApplied(live), modified, live);
  const cause = `patch: Invalid value: ${goQuote(goSprint(patch))}: ${failure}`;
  return {
    ok: false,
    reason: 'Invalid',
    error: `The request is invalid: ${cause}`,
    message: ` "" is invalid: ${cause}`,
  };
}

/**
 * What kubectl warns about before it sends the patch of an existing object. The simulated
 * cluster returns the same warnings with a successful apply; this is for a patch the server
 * then refuses.
 */
function printPatchWarnings(live: KubeObject, inv: Invocation): void {
  const resource = `${typeOfKind(live.kind)?.plural ?? live.kind.toLowerCase()}/${live.metadata.name}`;
  if (live.metadata.annotations?.[LAST_APPLIED] === undefined) {
    inv.stderr(
      `Warning: resource ${resource} is missing the ${LAST_APPLIED} annotation which is required ` +
        'by kubectl apply. kubectl apply should only be used on resources created declaratively ' +
        'by either kubectl create --save-config or kubectl apply. The missing annotation will be ' +
        'patched automatically.\n',
    );
  }
  if (live.metadata.deletionTimestamp)
    inv.stderr(`Warning: Detected changes to resource ${resource} which is currently being deleted.\n`);
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

/** Prints a success with the server's warnings, or turns a failure into its error. */
function report(
  outcome: Outcome,
  item: ManifestObject,
  source: { verb: 'applying' | 'creating'; namespace: string | undefined },
  ctx: SendContext,
  serverWarnings: string[],
): CommandError | undefined {
  if (!outcome.ok) {
    for (const w of serverWarnings) ctx.inv.serverWarning(w);
    const name = typeof item.object.metadata?.name === 'string' ? item.object.metadata.name : '';
    return apiError(outcome, { ...source, file: item.file, name });
  }
  ctx.inv.mutated = true;
  printResult(outcome, ctx.inv, serverWarnings);
  return undefined;
}

/**
 * kubectl's own warnings, then those the server sent with its response, on stderr; notices on
 * stdout; then the name-printer line.
 */
export function printResult(
  outcome: Extract<Outcome, { ok: true }>,
  inv: Invocation,
  serverWarnings: readonly string[] = [],
): void {
  for (const w of outcome.warnings ?? [])
    inv.stderr(w.startsWith('Warning: ') ? `${w}\n` : `Warning: ${w}\n`);
  for (const w of serverWarnings) inv.serverWarning(w);
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
