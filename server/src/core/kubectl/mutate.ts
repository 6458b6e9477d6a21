/** The imperative writes: `scale`, `label`, `cordon`/`uncordon`, `taint`, `set image`. */
import type { KubeObject, ObjectRef } from '../cluster/api';
import { printResult, safely } from './apply';
import { apiError, plainError, renderErrors, type CommandError } from './errors';
import { flagBool, flagValue, parseFlags, type FlagSpec, type ParsedFlags } from './flags';
import { namespaceOf, usageError } from './get';
import { resolveTargets } from './targets';
import { Invocation, type KubectlEnv, type Outcome } from './types';

export const SELECTION_FLAGS: FlagSpec[] = [
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'all', type: 'bool' },
  { long: 'all-namespaces', short: 'A', type: 'bool' },
  { long: 'filename', short: 'f', type: 'string', repeat: true },
  { long: 'recursive', short: 'R', type: 'bool' },
  { long: 'dry-run', type: 'optional' },
  { long: 'output', short: 'o', type: 'string' },
  { long: 'record', type: 'bool' },
  { long: 'local', type: 'bool' },
  { long: 'resource-version', type: 'string' },
  { long: 'field-manager', type: 'string' },
  { long: 'timeout', type: 'string' },
];

export type Selected = { ok: true; objects: KubeObject[]; missing: CommandError[] } | { ok: false };

/** The objects a command's resource arguments name; prints the error and returns ok: false. */
export function select(
  resources: string[],
  flags: ParsedFlags,
  inv: Invocation,
  env: KubectlEnv,
): Selected {
  for (const flag of ['filename', 'dry-run', 'local']) {
    if (flags.values.has(flag)) {
      inv.notSimulated = `--${flag} is not simulated for this command`;
      return { ok: false };
    }
  }
  if (resources.length === 0) {
    inv.fail(
      'error: one or more resources must be specified as <resource> <name> or <resource>/<name>',
    );
    return { ok: false };
  }
  const { namespace } = namespaceOf(flags);
  const resolved = resolveTargets(
    resources,
    {
      selector: flagValue(flags, 'selector'),
      all: flagBool(flags, 'all'),
      namespace,
      allNamespaces: flagBool(flags, 'all-namespaces'),
      requireNames: true,
    },
    env,
  );
  if (!resolved.ok) {
    inv.fail(renderErrors([resolved.error]));
    return { ok: false };
  }
  return {
    ok: true,
    objects: resolved.targets.groups.flatMap((g) => g.objects),
    missing: resolved.targets.missing,
  };
}

export function refOf(obj: KubeObject): ObjectRef {
  return { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' };
}

/** Sends one write per object, prints each result line, and the errors at the end. */
export function writeEach(
  objects: KubeObject[],
  errors: CommandError[],
  inv: Invocation,
  write: (obj: KubeObject) => Outcome,
): void {
  for (const obj of objects) {
    const outcome = safely(() => write(obj));
    if (!outcome.ok) {
      errors.push(apiError(outcome));
      continue;
    }
    inv.mutated = true;
    printResult(outcome, inv);
  }
  if (errors.length > 0) inv.fail(renderErrors(errors));
}

// ---------------------------------------------------------------------------------------------
// scale

export const SCALE_FLAGS: FlagSpec[] = [
  ...SELECTION_FLAGS,
  { long: 'replicas', type: 'string' },
  { long: 'current-replicas', type: 'string' },
];

export function runScale(args: readonly string[], inv: Invocation, env: KubectlEnv): void {
  const parsed = parseFlags(args, SCALE_FLAGS);
  if (!parsed.ok) return usageError(inv, parsed.error, 'scale');
  const flags = parsed.flags;
  const replicasText = flagValue(flags, 'replicas');
  if (replicasText === undefined) return inv.fail('error: required flag(s) "replicas" not set');
  const replicas = Number(replicasText);
  if (!/^-?\d+$/.test(replicasText) || replicas < 0) {
    return inv.fail(
      'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
    );
  }
  const selected = select(flags.positional, flags, inv, env);
  if (!selected.ok) return;
  if (selected.objects.length === 0 && selected.missing.length === 0)
    return inv.fail('error: no objects passed to scale');
  const current = flagValue(flags, 'current-replicas');
  const errors = [...selected.missing];
  const ready = selected.objects.filter((obj) => {
    const live = obj.spec?.replicas ?? 0;
    if (current === undefined || Number(current) === -1 || Number(current) === live) return true;
    errors.push(plainError(`Expected replicas to be ${current}, was ${live}`));
    return false;
  });
  writeEach(ready, errors, inv, (obj) => env.cluster.scale(refOf(obj), replicas));
}

// ---------------------------------------------------------------------------------------------
// label

export const LABEL_FLAGS: FlagSpec[] = [
  ...SELECTION_FLAGS,
  { long: 'overwrite', type: 'bool' },
  { long: 'list', type: 'bool' },
];

/** Splits arguments into resources and `k=v` / `k-` pairs, as GetResourcesAndPairs does. */
export function splitPairs(
  args: string[],
  pairType: string,
): { resources: string[]; pairs: string[] } | string {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const s of args) {
    const isPair = (s.includes('=') && !s.startsWith('=')) || (s.endsWith('-') && s !== '-');
    if (isPair) pairs.push(s);
    else if (pairs.length > 0)
      return `all resources must be specified before ${pairType} changes: ${s}`;
    else resources.push(s);
  }
  return { resources, pairs };
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** parseLabels: `k=v` sets, `k-` removes, and a key may not be both. */
export function parseLabelChanges(pairs: string[]): Record<string, string | null> | string {
  const changes: Record<string, string | null> = {};
  const removed: string[] = [];
  for (const spec of pairs) {
    if (spec.includes('=')) {
      const parts = spec.split('=');
      if (parts.length !== 2) return `invalid label spec: ${spec}`;
      if (parts[1].length > 63 || !LABEL_VALUE.test(parts[1]))
        return `invalid label value: "${spec}"`;
      changes[parts[0]] = parts[1];
    } else {
      removed.push(spec.slice(0, -1));
    }
  }
  for (const key of removed) {
    if (key in changes) return 'can not both modify and remove a label in the same command';
    changes[key] = null;
  }
  return changes;
}

export function runLabel(args: readonly string[], inv: Invocation, env: KubectlEnv): void {
  const parsed = parseFlags(args, LABEL_FLAGS);
  if (!parsed.ok) return usageError(inv, parsed.error, 'label');
  const flags = parsed.flags;
  if (flagBool(flags, 'list')) {
    inv.notSimulated = 'kubectl label --list is not simulated';
    return;
  }
  const split = splitPairs(flags.positional, 'label');
  if (typeof split === 'string') return inv.fail(`error: ${split}`);
  if (split.pairs.length === 0) return inv.fail('error: at least one label update is required');
  const changes = parseLabelChanges(split.pairs);
  if (typeof changes === 'string') return inv.fail(`error: ${changes}`);
  const selected = select(split.resources, flags, inv, env);
  if (!selected.ok) return;
  const overwrite = flagBool(flags, 'overwrite');
  writeEach(selected.objects, [...selected.missing], inv, (obj) =>
    env.cluster.label(refOf(obj), changes, overwrite),
  );
}

// ---------------------------------------------------------------------------------------------
// cordon, uncordon

export const CORDON_FLAGS: FlagSpec[] = [
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'dry-run', type: 'optional' },
];

export function runCordon(
  args: readonly string[],
  inv: Invocation,
  env: KubectlEnv,
  cordon: boolean,
): void {
  const command = cordon ? 'cordon' : 'uncordon';
  const parsed = parseFlags(args, CORDON_FLAGS);
  if (!parsed.ok) return usageError(inv, parsed.error, command);
  const flags = parsed.flags;
  if (flags.values.has('dry-run')) {
    inv.notSimulated = `kubectl ${command} --dry-run is not simulated`;
    return;
  }
  const selector = flagValue(flags, 'selector');
  if (flags.positional.length === 0 && selector === undefined) {
    return inv.fail(
      "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples",
    );
  }
  const resources = flags.positional.length > 0 ? ['nodes', ...flags.positional] : ['nodes'];
  const resolved = resolveTargets(
    resources,
    { selector, namespace: 'default', allNamespaces: false, requireNames: false },
    env,
  );
  if (!resolved.ok) return inv.fail(renderErrors([resolved.error]));
  const nodes = resolved.targets.groups.flatMap((g) => g.objects);
  writeEach(nodes, [...resolved.targets.missing], inv, (node) =>
    env.cluster.cordon(node.metadata.name ?? '', cordon),
  );
}

// ---------------------------------------------------------------------------------------------
// taint

export const TAINT_FLAGS: FlagSpec[] = [
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'all', type: 'bool' },
  { long: 'overwrite', type: 'bool' },
  { long: 'dry-run', type: 'optional' },
  { long: 'output', short: 'o', type: 'string' },
  { long: 'validate', type: 'optional' },
];

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

interface TaintSpec {
  key: string;
  value?: string;
  effect: string;
}

/** parseTaints: `k=v:Effect` and `k:Effect` add, `k:Effect-` and `k-` remove. */
export function parseTaints(specs: string[]): { add: TaintSpec[]; remove: TaintSpec[] } | string {
  const add: TaintSpec[] = [];
  const remove: TaintSpec[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const body = spec.slice(0, -1);
      const [keyValue, effect = ''] = body.split(':');
      const key = keyValue.split('=')[0];
      if (effect && !EFFECTS.includes(effect)) return invalidEffect(effect);
      remove.push({ key, effect });
      continue;
    }
    const colon = spec.lastIndexOf(':');
    if (colon < 0) return `invalid taint spec: ${spec}`;
    const effect = spec.slice(colon + 1);
    const [key, value] = spec.slice(0, colon).split('=');
    if (!effect) return `invalid taint spec: ${spec}`;
    if (!EFFECTS.includes(effect)) return invalidEffect(effect);
    add.push(value === undefined ? { key, effect } : { key, value, effect });
  }
  return { add, remove };
}

function invalidEffect(effect: string): string {
  return `invalid taint effect: ${effect}, unsupported taint effect`;
}

export function runTaint(args: readonly string[], inv: Invocation, env: KubectlEnv): void {
  const parsed = parseFlags(args, TAINT_FLAGS);
  if (!parsed.ok) return usageError(inv, parsed.error, 'taint');
  const flags = parsed.flags;
  if (flags.values.has('dry-run')) {
    inv.notSimulated = 'kubectl taint --dry-run is not simulated';
    return;
  }
  const split = splitTaintArgs(flags.positional);
  if (typeof split === 'string') return inv.fail(`error: ${split}`);
  const taints = parseTaints(split.pairs);
  if (typeof taints === 'string') return inv.fail(`error: ${taints}`);
  const selected = select(split.resources, flags, inv, env);
  if (!selected.ok) return;
  const overwrite = flagBool(flags, 'overwrite');
  const errors = [...selected.missing];
  for (const node of selected.objects) {
    const err = taintNode(node, taints, overwrite, inv, env);
    if (err) errors.push(err);
  }
  if (errors.length > 0) inv.fail(renderErrors(errors));
}

function splitTaintArgs(args: string[]): { resources: string[]; pairs: string[] } | string {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const s of args) {
    const isTaint = s.includes(':') || s.includes('=') || (s.endsWith('-') && s !== '-');
    if (isTaint) pairs.push(s);
    else if (pairs.length > 0) return `all resources must be specified before taint changes: ${s}`;
    else resources.push(s);
  }
  if (pairs.length === 0) return 'at least one taint update is required';
  return { resources, pairs };
}

/**
 * One node: refuse overwrites without --overwrite and removals of absent taints, then send the
 * removals and additions and print one line with kubectl's word for the whole change.
 */
function taintNode(
  node: KubeObject,
  taints: { add: TaintSpec[]; remove: TaintSpec[] },
  overwrite: boolean,
  inv: Invocation,
  env: KubectlEnv,
): CommandError | undefined {
  const name = node.metadata.name ?? '';
  const existing: TaintSpec[] = node.spec?.taints ?? [];
  const same = (a: TaintSpec, b: TaintSpec) => a.key === b.key && a.effect === b.effect;
  if (!overwrite) {
    const clash = taints.add.filter((t) => existing.some((e) => same(e, t)));
    if (clash.length > 0) {
      return plainError(
        `node ${name} already has ${clash.map((t) => t.key).join(',')} taint(s) with same effect(s) and --overwrite is false`,
      );
    }
  }
  const removals: TaintSpec[] = [];
  for (const r of taints.remove) {
    const matching = existing.filter(
      (e) => e.key === r.key && (!r.effect || e.effect === r.effect),
    );
    if (matching.length === 0)
      return plainError(`taint "${r.effect ? `${r.key}:${r.effect}` : r.key}" not found`);
    removals.push(...matching);
  }
  const replaced = taints.add.filter((t) => existing.some((e) => same(e, t)));
  for (const t of [...removals, ...replaced]) {
    const outcome = safely(() => env.cluster.taint(name, t, true));
    if (!outcome.ok) return apiError(outcome);
  }
  for (const t of taints.add) {
    const outcome = safely(() => env.cluster.taint(name, t, false));
    if (!outcome.ok) return apiError(outcome);
  }
  inv.mutated = true;
  const added = taints.add.length > 0;
  const word =
    (added && removals.length > 0) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  inv.stdout(`node/${name} ${word}\n`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// set image

export const SET_IMAGE_FLAGS: FlagSpec[] = [...SELECTION_FLAGS];

export function runSetImage(args: readonly string[], inv: Invocation, env: KubectlEnv): void {
  const parsed = parseFlags(args, SET_IMAGE_FLAGS);
  if (!parsed.ok) return usageError(inv, parsed.error, 'set image');
  const flags = parsed.flags;
  const split = splitPairs(flags.positional, 'image');
  if (typeof split === 'string') return inv.fail(`error: ${split}`);
  if (split.pairs.length === 0) return inv.fail('error: at least one image update is required');
  const images: Record<string, string> = {};
  for (const pair of split.pairs) {
    const eq = pair.indexOf('=');
    if (eq < 0) return inv.fail(`error: invalid image update: ${pair}`);
    images[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const selected = select(split.resources, flags, inv, env);
  if (!selected.ok) return;
  writeEach(selected.objects, [...selected.missing], inv, (obj) =>
    env.cluster.setImage(refOf(obj), images),
  );
}
