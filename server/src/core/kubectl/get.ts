/** `kubectl get`: tables per kind, the generic `-o` formats, and the empty and error cases. */
import { atLeast } from '../api/versions';
import type { KubeObject } from '../cluster/api';
import { renderErrors, type CommandError } from './errors';
import {
  flagBool,
  flagValue,
  flagValues,
  parseFlags,
  type FlagSpec,
  type ParsedFlags,
} from './flags';
import { readManifests } from './manifests';
import { parseOutput, printGeneric, type OutputFormat } from './output';
import { mapKind, qualifiedPlural } from './resources';
import { printTable } from './tables';
import { resolveTargets, type TargetGroup, type Targets } from './targets';
import { Invocation, type KubectlEnv } from './types';
import { notFoundError } from './errors';

export const GET_FLAGS: FlagSpec[] = [
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'label-columns', short: 'L', type: 'string', repeat: true },
  { long: 'show-labels', type: 'bool' },
  { long: 'output', short: 'o', type: 'string' },
  { long: 'watch', short: 'w', type: 'bool' },
  { long: 'watch-only', type: 'bool' },
  { long: 'no-headers', type: 'bool' },
  { long: 'all-namespaces', short: 'A', type: 'bool' },
  { long: 'ignore-not-found', type: 'bool' },
  { long: 'show-kind', type: 'bool' },
  { long: 'filename', short: 'f', type: 'string', repeat: true },
  { long: 'recursive', short: 'R', type: 'bool' },
  { long: 'sort-by', type: 'string' },
  { long: 'field-selector', type: 'string' },
  { long: 'chunk-size', type: 'string' },
  { long: 'server-print', type: 'bool' },
  { long: 'show-managed-fields', type: 'bool' },
];

export const ENDPOINTS_WARNING =
  'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n';

const GET_USAGE =
  'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
  'error: Required resource not specified.\n' +
  'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
  "See 'kubectl get -h' for help and examples\n";

/** Runs `kubectl get <args>`. */
export function runGet(args: readonly string[], inv: Invocation, env: KubectlEnv): void {
  const parsed = parseFlags(args, GET_FLAGS);
  if (!parsed.ok) return usageError(inv, parsed.error, 'get');
  const flags = parsed.flags;
  if (flagBool(flags, 'watch') || flagBool(flags, 'watch-only')) {
    inv.notSimulated = 'kubectl get --watch waits for changes';
    return;
  }
  // FIXME: --sort-by and --field-selector are reported as not simulated; kubectl sorts rows by a
  // JSONPath and the server filters by fields such as status.phase and spec.nodeName.
  if (
    flagValue(flags, 'sort-by') !== undefined ||
    flagValue(flags, 'field-selector') !== undefined
  ) {
    inv.notSimulated = `kubectl get ${flagValue(flags, 'sort-by') !== undefined ? '--sort-by' : '--field-selector'} is not simulated`;
    return;
  }
  const format = parseOutput(flagValue(flags, 'output'));
  if (!format.ok) {
    if ('unsupported' in format)
      inv.notSimulated = `kubectl get ${format.unsupported} is not simulated`;
    else inv.fail(renderErrors([format.error]));
    return;
  }
  const targets = getTargets(flags, env, inv);
  if (!targets) return;
  if (targets.groups.some((g) => g.type.kind === 'Endpoints') && atLeast(env.minor, '1.33'))
    inv.stderr(ENDPOINTS_WARNING);
  if (format.format.kind === 'table') printTables(targets, format.format.wide, flags, inv, env);
  else printOther(targets, format.format, inv);
  if (targets.missing.length > 0 && !flagBool(flags, 'ignore-not-found'))
    inv.fail(renderErrors(targets.missing));
}

/** Cobra's usage error, followed by the hint kubectl adds. */
export function usageError(inv: Invocation, message: string, command: string): void {
  inv.fail(`error: ${message}\nSee 'kubectl ${command} -h' for help and examples`);
}

export function namespaceOf(flags: ParsedFlags): { namespace: string; explicit: boolean } {
  const ns = flagValue(flags, 'namespace');
  return { namespace: ns || 'default', explicit: ns !== undefined && ns !== '' };
}

function getTargets(flags: ParsedFlags, env: KubectlEnv, inv: Invocation): Targets | undefined {
  const { namespace } = namespaceOf(flags);
  const files = flagValues(flags, 'filename');
  if (files.length > 0) return targetsFromFiles(files, flags, env, inv);
  if (flags.positional.length === 0) {
    inv.stderr(GET_USAGE);
    inv.exitCode = 1;
    return undefined;
  }
  const allNamespaces = flagBool(flags, 'all-namespaces');
  const resolved = resolveTargets(
    flags.positional,
    { selector: flagValue(flags, 'selector'), namespace, allNamespaces, requireNames: false },
    env,
  );
  if (!resolved.ok) {
    inv.fail(renderErrors([resolved.error]));
    return undefined;
  }
  return resolved.targets;
}

/** `get -f`: the objects the files name, looked up by kind and name. */
function targetsFromFiles(
  files: string[],
  flags: ParsedFlags,
  env: KubectlEnv,
  inv: Invocation,
): Targets | undefined {
  const { namespace, explicit } = namespaceOf(flags);
  const read = readManifests(files, env.reader, env.cwd, {
    recursive: flagBool(flags, 'recursive'),
    namespace,
    explicitNamespace: explicit,
  });
  if (read.fatal) {
    inv.fail(renderErrors([read.fatal]));
    return undefined;
  }
  const groups: TargetGroup[] = [];
  const missing: CommandError[] = [...read.errors];
  for (const { object } of read.objects) {
    const type = mapKind(object.apiVersion, object.kind)!;
    const name = String(object.metadata?.name ?? '');
    const ns = type.namespaced ? String(object.metadata?.namespace ?? namespace) : undefined;
    const found = env.cluster.get({ kind: type.kind, namespace: ns, name });
    if (!found) missing.push(notFoundError(qualifiedPlural(type.kind), name));
    else groups.push({ type, objects: [found], listed: false });
  }
  const kinds = new Set(groups.map((g) => g.type.kind));
  return { groups, missing, multipleTypes: kinds.size > 1, singleItem: read.objects.length === 1 };
}

function printTables(
  targets: Targets,
  wide: boolean,
  flags: ParsedFlags,
  inv: Invocation,
  env: KubectlEnv,
): void {
  const allNamespaces = flagBool(flags, 'all-namespaces');
  let printed = false;
  // Consecutive groups of one kind share a table, as kubectl only starts a new one on a kind change.
  for (const group of mergeByKind(targets.groups)) {
    const text = printTable(
      group.type.kind,
      group.objects,
      {
        wide,
        showLabels: flagBool(flags, 'show-labels'),
        labelColumns: flagValues(flags, 'label-columns', true),
        withNamespace: allNamespaces && group.type.namespaced,
        withKind: targets.multipleTypes || flagBool(flags, 'show-kind'),
        noHeaders: flagBool(flags, 'no-headers'),
      },
      { now: env.now() },
    );
    if (text === '') continue;
    inv.stdout((printed && !flagBool(flags, 'no-headers') ? '\n' : '') + text);
    printed = true;
  }
  if (printed || targets.missing.length > 0 || flagBool(flags, 'ignore-not-found')) return;
  const clusterScoped = targets.groups.some((g) => !g.type.namespaced);
  const { namespace } = namespaceOf(flags);
  inv.stderr(
    allNamespaces || clusterScoped
      ? 'No resources found\n'
      : `No resources found in ${namespace} namespace.\n`,
  );
}

function mergeByKind(groups: TargetGroup[]): TargetGroup[] {
  const out: TargetGroup[] = [];
  for (const g of groups) {
    const last = out[out.length - 1];
    if (last && last.type === g.type) last.objects = [...last.objects, ...g.objects];
    else out.push({ ...g, objects: [...g.objects] });
  }
  return out;
}

function printOther(targets: Targets, format: OutputFormat, inv: Invocation): void {
  const objects: KubeObject[] = targets.groups.flatMap((g) => g.objects);
  // A single named object that is missing prints only its error, not an empty List.
  if (targets.singleItem && objects.length === 0) return;
  const result = printGeneric(format, objects, targets.singleItem);
  if (!result.ok) {
    inv.fail(renderErrors([result.error]));
    return;
  }
  inv.stdout(result.text);
}
