/**
 * `kubectl annotate`: sets (`key=value`) and removes (`key-`) annotations, sent as a merge
 * patch per object; kubectl prints `annotated` for every object, changed or not.
 */
import type { KubeObject } from '../cluster/api';
import { flagBool, parseFlags, type FlagSpec } from './flags';
import { usageError } from './get';
import { SELECTION_FLAGS, select, splitPairs, writeEach } from './mutate';
import type { Invocation, KubectlEnv, Outcome } from './types';

export const ANNOTATE_FLAGS: FlagSpec[] = [
  ...SELECTION_FLAGS,
  { long: 'overwrite', type: 'bool' },
  { long: 'list', type: 'bool' },
  { long: 'field-selector', type: 'string' },
];

/** The rollout history's CHANGE-CAUSE; kubectl lets it be overwritten without --overwrite. */
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';

interface AnnotationChanges {
  set: Map<string, string>;
  remove: string[];
}

/** Runs `kubectl annotate <args>`. */
export function runAnnotate(args: readonly string[], inv: Invocation, env: KubectlEnv): void {
  const parsed = parseFlags(args, ANNOTATE_FLAGS);
  if (!parsed.ok) return usageError(inv, parsed.error, 'annotate');
  const flags = parsed.flags;
  const refused = refusedFlag(flags.values);
  if (refused || !env.cluster.update) {
    inv.notSimulated = refused ?? 'kubectl annotate is not simulated by this cluster';
    return;
  }
  const split = splitPairs(flags.positional, 'annotation');
  if (typeof split === 'string') return inv.fail(`error: ${split}`);
  const changes = parseAnnotations(split.pairs);
  const invalid = validate(changes, split.resources, flagBool(flags, 'all'), flags.values);
  if (invalid) return inv.fail(`error: ${invalid}`);
  const selected = select(split.resources, flags, inv, env);
  if (!selected.ok) return;
  const overwrite = flagBool(flags, 'overwrite');
  writeEach(selected.objects, [...selected.missing], inv, (obj) => {
    const outcome = annotateOne(obj, changes, overwrite, env);
    return outcome.ok ? { ...outcome, operation: 'annotated' } : outcome;
  });
}

/** FIXME: --list, --field-selector, --resource-version and -o are reported as not simulated. */
function refusedFlag(values: Map<string, string[]>): string | undefined {
  for (const flag of ['list', 'field-selector', 'resource-version', 'output']) {
    if (values.has(flag)) return `kubectl annotate --${flag} is not simulated`;
  }
  return undefined;
}

/** ParsePairs: `k=v` sets (the value may hold `=`), `k-` removes. */
function parseAnnotations(pairs: string[]): AnnotationChanges {
  const changes: AnnotationChanges = { set: new Map(), remove: [] };
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq > 0) changes.set.set(pair.slice(0, eq), pair.slice(eq + 1));
    else changes.remove.push(pair.slice(0, -1));
  }
  return changes;
}

/** kubectl's Validate, in its order; the error text or undefined. */
function validate(
  changes: AnnotationChanges,
  resources: string[],
  all: boolean,
  values: Map<string, string[]>,
): string | undefined {
  if (all && values.has('selector')) return 'cannot set --all and --selector at the same time';
  if (resources.length === 0 && !values.has('filename'))
    return 'one or more resources must be specified as <resource> <name> or <resource>/<name>';
  if (changes.set.size === 0 && changes.remove.length === 0)
    return 'at least one annotation update is required';
  const both = changes.remove.filter((key) => changes.set.has(key));
  if (both.length > 0)
    return (
      'can not both modify and remove the following annotation(s) in the same command: ' +
      both.join(', ')
    );
  return undefined;
}

/** One object: refuse overwrites without --overwrite, then store the new annotations. */
function annotateOne(
  obj: KubeObject,
  changes: AnnotationChanges,
  overwrite: boolean,
  env: KubectlEnv,
): Outcome {
  const current = obj.metadata.annotations ?? {};
  if (!overwrite) {
    const taken = [...changes.set.keys()].filter((k) => k !== CHANGE_CAUSE && k in current);
    if (taken.length > 0) {
      const found = taken.map((k) => `'${k}' already has a value (${current[k]})`).join('; ');
      const error = `--overwrite is false but found the following declared annotation(s): ${found}`;
      return { ok: false, reason: '', error: `error: ${error}` };
    }
  }
  const annotations: Record<string, string> = { ...current, ...Object.fromEntries(changes.set) };
  for (const key of changes.remove) delete annotations[key];
  // An empty map is omitted when the object is stored, as if there were none.
  const { annotations: _old, ...rest } = obj.metadata;
  const metadata = Object.keys(annotations).length > 0 ? { ...rest, annotations } : rest;
  return env.cluster.update!({ ...obj, metadata });
}
