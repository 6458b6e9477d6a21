/**
 * The resource builder's reading of command-line arguments: `TYPE[,TYPE...] [NAME...]`,
 * `TYPE/NAME ...`, a label selector, `--all`, the `all` category, and the lookups they cause,
 * in the order kubectl visits them.
 */
import { matches, parseSelector } from '../api/selectors';
import type { KubeObject, SelectorRequirement } from '../cluster/api';
import { compareBytes } from './gofmt';
import { notFoundError, plainError, type CommandError } from './errors';
import {
  ALL_CATEGORY,
  qualifiedPlural,
  resolveType,
  typeOfKind,
  type ResourceType,
} from './resources';
import type { KubectlEnv } from './types';

export interface TargetOptions {
  selector?: string;
  all?: boolean;
  namespace: string;
  allNamespaces: boolean;
  /** Commands other than get and describe refuse a bare type (`delete deployment`). */
  requireNames: boolean;
}

/** The objects of one requested type, in the order kubectl prints or processes them. */
export interface TargetGroup {
  type: ResourceType;
  objects: KubeObject[];
  /** True when the objects came from a list (selector, --all, bare type) rather than names. */
  listed: boolean;
}

export interface Targets {
  groups: TargetGroup[];
  /** NotFound errors of named objects, reported after the output. */
  missing: CommandError[];
  /** True when several types were requested, so names carry their kind. */
  multipleTypes: boolean;
  /** True when one object was named (kubectl prints it alone, not as a List). */
  singleItem: boolean;
}

export type TargetResult = { ok: true; targets: Targets } | { ok: false; error: CommandError };

/** Resolves arguments against the cluster; errors carry kubectl's wording. */
export function resolveTargets(
  args: readonly string[],
  opts: TargetOptions,
  env: KubectlEnv,
): TargetResult {
  let selector: SelectorRequirement[] | undefined;
  if (opts.selector !== undefined) {
    const parsed = parseSelector(opts.selector);
    if (!parsed.ok) return { ok: false, error: plainError(parsed.error) };
    selector = parsed.selector;
  }
  if (args.some((a) => a.includes('/'))) return byTypeAndName(args, opts, env);
  return byTypeList(args, opts, selector, env);
}

function unknownType(typed: string): CommandError {
  return plainError(`the server doesn't have a resource type "${typed}"`);
}

function byTypeAndName(
  args: readonly string[],
  opts: TargetOptions,
  env: KubectlEnv,
): TargetResult {
  if (!args.every((a) => a.includes('/'))) {
    return {
      ok: false,
      error: plainError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      ),
    };
  }
  const groups: TargetGroup[] = [];
  const missing: CommandError[] = [];
  for (const arg of args) {
    const slash = arg.indexOf('/');
    const type = resolveType(arg.slice(0, slash));
    if (!type) return { ok: false, error: unknownType(arg.slice(0, slash)) };
    const name = arg.slice(slash + 1);
    if (name === '')
      return {
        ok: false,
        error: plainError(`arguments in resource/name form must have a single resource and name`),
      };
    addNamed(groups, missing, type, name, opts, env);
  }
  const kinds = new Set(groups.map((g) => g.type.kind));
  return {
    ok: true,
    targets: { groups, missing, multipleTypes: kinds.size > 1, singleItem: args.length === 1 },
  };
}

/** Named lookups of consecutive arguments of one type share one group, as kubectl prints them. */
function addNamed(
  groups: TargetGroup[],
  missing: CommandError[],
  type: ResourceType,
  name: string,
  opts: TargetOptions,
  env: KubectlEnv,
): void {
  const namespace = type.namespaced ? opts.namespace : undefined;
  const obj = env.cluster.get({ kind: type.kind, namespace, name });
  if (!obj) {
    missing.push(notFoundError(qualifiedPlural(type.kind), name));
    return;
  }
  const last = groups[groups.length - 1];
  if (last && last.type === type && !last.listed) last.objects.push(obj);
  else groups.push({ type, objects: [obj], listed: false });
}

function byTypeList(
  args: readonly string[],
  opts: TargetOptions,
  selector: SelectorRequirement[] | undefined,
  env: KubectlEnv,
): TargetResult {
  if (args.length === 0) {
    return { ok: false, error: missingResource() };
  }
  const typed = args[0].split(',').filter((t) => t !== '');
  const types: ResourceType[] = [];
  for (const t of typed) {
    if (t.toLowerCase() === 'all') {
      types.push(...ALL_CATEGORY.map((k) => typeOfKind(k)!));
      continue;
    }
    const type = resolveType(t);
    if (!type) return { ok: false, error: unknownType(t) };
    types.push(type);
  }
  const unique = types.filter((t, i) => types.indexOf(t) === i);
  const names = args.slice(1);
  const multipleTypes = unique.length > 1;
  if (names.length > 0) {
    if (selector)
      return {
        ok: false,
        error: plainError('name cannot be provided when a selector is specified'),
      };
    const groups: TargetGroup[] = [];
    const missing: CommandError[] = [];
    for (const type of unique)
      for (const name of names) addNamed(groups, missing, type, name, opts, env);
    return {
      ok: true,
      targets: {
        groups,
        missing,
        multipleTypes,
        singleItem: unique.length === 1 && names.length === 1,
      },
    };
  }
  if (opts.requireNames && !selector && !opts.all) {
    return { ok: false, error: plainError('resource(s) were provided, but no name was specified') };
  }
  const groups = unique.map((type) => ({
    type,
    objects: listObjects(type, selector, opts, env),
    listed: true,
  }));
  return { ok: true, targets: { groups, missing: [], multipleTypes, singleItem: false } };
}

/** Lists one type, sorted as the API server returns it (namespace, then name, byte-wise). */
export function listObjects(
  type: ResourceType,
  selector: SelectorRequirement[] | undefined,
  opts: { namespace: string; allNamespaces: boolean },
  env: KubectlEnv,
): KubeObject[] {
  const namespace = type.namespaced && !opts.allNamespaces ? opts.namespace : undefined;
  const listed =
    type.kind === 'Event'
      ? eventObjects(env, namespace)
      : env.cluster.list(type.kind, { namespace, selector });
  // The selector is checked again here so that a cluster which ignores it cannot widen a list.
  const wanted = selector ? listed.filter((o) => matches(selector, o.metadata.labels)) : listed;
  return sortObjects(wanted);
}

/**
 * The cluster keeps events in a log of its own; as objects they are named as the event recorder
 * names them (`<object>.<hex of the time in ns>`), so that they list in the server's order.
 */
function eventObjects(env: KubectlEnv, namespace: string | undefined): KubeObject[] {
  return env.cluster.events().flatMap((e, i): KubeObject[] => {
    const ns = e.involvedObject.namespace ?? 'default';
    if (namespace !== undefined && ns !== namespace) return [];
    const first = env.epochOf(e.firstTime);
    const nanos = (BigInt(first) * 1_000_000n + BigInt(i)).toString(16);
    const { uid, fieldPath, ...ref } = e.involvedObject;
    const involvedObject = { ...ref, ...(uid ? { uid } : {}), ...(fieldPath ? { fieldPath } : {}) };
    return [
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: {
          name: `${e.involvedObject.name}.${nanos}`,
          namespace: ns,
          creationTimestamp: iso(first),
        },
        involvedObject,
        type: e.type,
        reason: e.reason,
        message: e.message,
        source: { component: e.source },
        count: e.count,
        firstTimestamp: iso(first),
        lastTimestamp: iso(env.epochOf(e.lastTime)),
      },
    ];
  });
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function sortObjects(objects: KubeObject[]): KubeObject[] {
  return [...objects].sort(
    (a, b) =>
      compareBytes(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
      compareBytes(a.metadata.name ?? '', b.metadata.name ?? ''),
  );
}

/** cli-runtime's error when no resource and no file is given. */
export function missingResource(): CommandError {
  return plainError(
    [
      'You must provide one or more resources by argument or filename.',
      'Example resource specifications include:',
      "   '-f rsrc.yaml'",
      "   '--filename=rsrc.json'",
      "   '<resource> <name>'",
      "   '<resource>'",
    ].join('\n'),
  );
}
