/**
 * `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`: the patch goes to the API
 * server, which applies it to the live object, drops the fields it does not know (warning about
 * them from 1.26: kubectl patch asks for no field validation, and the server's default is to
 * warn) and stores the result. kubectl prints `patched`, or `patched (no change)` when the
 * stored object came back unchanged.
 */
import * as path from 'node:path';
import type { KubeObject } from '../cluster/api';
import { printResult, safely } from './apply';
import { apiError, renderErrors, type CommandError } from './errors';
import { decodePatched } from './fieldValidation';
import { flagValue, parseFlags, type FlagSpec } from './flags';
import { usageError } from './get';
import { select } from './mutate';
import { missingResource } from './targets';
import { applyPatch, type PatchType } from './patchApply';
import { parseManifest } from '../yaml/parse';
import { deepEqual } from './threeWay';
import type { Invocation, KubectlEnv } from './types';

export const PATCH_FLAGS: FlagSpec[] = [
  { long: 'patch', short: 'p', type: 'string' },
  { long: 'patch-file', type: 'string' },
  { long: 'type', type: 'string' },
  { long: 'filename', short: 'f', type: 'string', repeat: true },
  { long: 'recursive', short: 'R', type: 'bool' },
  { long: 'kustomize', short: 'k', type: 'string' },
  { long: 'local', type: 'bool' },
  { long: 'dry-run', type: 'optional' },
  { long: 'subresource', type: 'string' },
  { long: 'output', short: 'o', type: 'string' },
  { long: 'record', type: 'bool' },
  { long: 'field-manager', type: 'string' },
  { long: 'selector', short: 'l', type: 'string' },
];

const PATCH_TYPES: PatchType[] = ['json', 'merge', 'strategic'];

/** Runs `kubectl patch <args>`. */
export function runPatch(args: readonly string[], inv: Invocation, env: KubectlEnv): void {
  const parsed = parseFlags(args, PATCH_FLAGS);
  if (!parsed.ok) return usageError(inv, parsed.error, 'patch');
  const flags = parsed.flags;
  const refused = refusedFlag(flags.values);
  if (refused || !env.cluster.update) {
    inv.notSimulated = refused ?? 'kubectl patch is not simulated by this cluster';
    return;
  }
  const type = patchType(flagValue(flags, 'type'));
  const invalid = validate(flagValue(flags, 'patch'), flagValue(flags, 'patch-file'), type);
  if (invalid) return inv.fail(`error: ${invalid}`);
  const patch = readPatch(flagValue(flags, 'patch'), flagValue(flags, 'patch-file'), env);
  if ('notSimulated' in patch) {
    inv.notSimulated = patch.notSimulated;
    return;
  }
  if ('error' in patch) return inv.fail(`error: ${patch.error}`);
  if (flags.positional.length === 0) return inv.fail(renderErrors([missingResource()]));
  const selected = select(flags.positional, flags, inv, env);
  if (!selected.ok) return;
  const errors = [...selected.missing];
  for (const obj of selected.objects) {
    const error = patchOne(obj, patch.value, type as PatchType, inv, env);
    if (error) errors.push(error);
  }
  if (selected.objects.length === 0 && errors.length === 0)
    return inv.fail('error: no objects passed to patch');
  if (errors.length > 0) inv.fail(renderErrors(errors));
}

/**
 * FIXME: --local, --dry-run, -f, -k, --subresource and -o are reported as not simulated; each
 * changes what is read or printed.
 */
function refusedFlag(values: Map<string, string[]>): string | undefined {
  for (const flag of ['local', 'dry-run', 'filename', 'kustomize', 'subresource', 'output']) {
    if (values.has(flag)) return `kubectl patch --${flag} is not simulated`;
  }
  return undefined;
}

/** The --type value as kubectl reads it (any case), or the text given when it is no type. */
function patchType(value: string | undefined): PatchType | string {
  if (value === undefined) return 'strategic';
  const lower = value.toLowerCase();
  return (PATCH_TYPES as string[]).includes(lower) ? (lower as PatchType) : value;
}

/** kubectl's Validate, in its order. */
function validate(
  patch: string | undefined,
  file: string | undefined,
  type: PatchType | string,
): string | undefined {
  if (patch && file) return 'cannot specify --patch and --patch-file together';
  if (!patch && !file)
    return 'must specify --patch or --patch-file containing the contents of the patch';
  if (!(PATCH_TYPES as string[]).includes(type))
    return `--type must be one of [${PATCH_TYPES.join(' ')}], not "${type}"`;
  return undefined;
}

type ReadPatch = { value: unknown } | { error: string } | { notSimulated: string };

/**
 * The patch as JSON: kubectl passes text that starts with `{` through as JSON and converts
 * anything else from YAML.
 */
function readPatch(
  patch: string | undefined,
  file: string | undefined,
  env: KubectlEnv,
): ReadPatch {
  let text = patch ?? '';
  if (file) {
    const read = env.reader.readFile(path.resolve(env.cwd, file));
    if (read === undefined)
      return { error: `unable to read patch file: open ${file}: no such file or directory` };
    text = read;
  }
  if (text.trimStart().startsWith('{')) return parseJson(text);
  const parsed = parseManifest(text);
  const doc = parsed.documents[0];
  const problem = doc?.problems.find((p) => p.severity === 'error');
  if (problem) {
    // FIXME: the text after the line number is the yaml library's, not go-yaml's.
    const line = parsed.lines.position(problem.start).line + 1;
    const detail = `error converting YAML to JSON: yaml: line ${line}: ${problem.message}`;
    return { error: `unable to parse "${patch ?? ''}": ${detail}` };
  }
  return { value: doc && !doc.empty ? (doc.value ?? null) : null };
}

/**
 * FIXME: malformed JSON is rejected by the API server with Go's JSON syntax error, which is not
 * reproduced; such a patch is reported as not simulated.
 */
function parseJson(text: string): ReadPatch {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { notSimulated: 'a patch that is not valid JSON' };
  }
}

/** One object: the server's patch, its decoding, the update, and kubectl's line. */
function patchOne(
  obj: KubeObject,
  patch: unknown,
  type: PatchType,
  inv: Invocation,
  env: KubectlEnv,
): CommandError | undefined {
  const applied = applyPatch(obj.kind, obj as Record<string, unknown>, patch, type);
  if (!applied.ok && 'notSimulated' in applied) {
    inv.notSimulated = `kubectl patch with ${applied.notSimulated}`;
    return undefined;
  }
  if (!applied.ok) return applied.error;
  const patched = applied.value as KubeObject;
  const decoded = decodePatched(patched, env.minor);
  const unsupported = unsupportedResult(obj, patched, decoded.undecodable);
  if (unsupported) {
    inv.notSimulated = `kubectl patch with ${unsupported}`;
    return undefined;
  }
  const moved = identityError(obj, patched);
  if (moved) return moved;
  const outcome = safely(() => env.cluster.update!(decoded.object));
  if (!outcome.ok) {
    for (const w of decoded.warnings) inv.serverWarning(w);
    return apiError(outcome);
  }
  inv.mutated = true;
  const operation = deepEqual(obj, outcome.object) ? 'patched (no change)' : 'patched';
  printResult({ ...outcome, warnings: [], operation }, inv, decoded.warnings);
  return undefined;
}

/**
 * FIXME: a patched object the server cannot decode (a value of the wrong type, a malformed
 * quantity) is refused with an Invalid error that quotes the whole patched object; such a
 * patch, and one that changes the object's kind, are reported as not simulated.
 */
function unsupportedResult(
  live: KubeObject,
  patched: KubeObject,
  undecodable: boolean,
): string | undefined {
  if (patched.kind !== live.kind || patched.apiVersion !== live.apiVersion)
    return 'a change of kind or apiVersion';
  if (typeof patched.metadata !== 'object' || patched.metadata === null)
    return 'a change of metadata that is not a map';
  if (undecodable) return 'a value the API server cannot decode';
  return undefined;
}

/**
 * The server stores the patched object under the name and namespace of the request; a patch
 * that changes them is refused.
 */
function identityError(live: KubeObject, patched: KubeObject): CommandError | undefined {
  const checks: Array<['name' | 'namespace', unknown, unknown]> = [
    ['name', patched.metadata?.name, live.metadata.name],
    ['namespace', patched.metadata?.namespace, live.metadata.namespace],
  ];
  for (const [field, got, want] of checks) {
    if (got === want) continue;
    const mismatch = `the ${field} of the object (${String(got ?? '')})`;
    const text = `Error from server (BadRequest): ${mismatch} does not match the ${field} on the URL (${String(want ?? '')})`;
    return { single: text, listed: text };
  }
  return undefined;
}
