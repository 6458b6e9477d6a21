/**
 * Validation of one decoded object for a minor: which rules apply to its kind, in the order the
 * API server runs them, and the messages kubectl prints from the result.
 */
import type { FieldError } from '../../cluster/api';
import { atLeast, type Minor } from '../../api/versions';
import { get, isRecord, type Rec } from './decode';
import { Collector, lineOf, type RuleError } from './field';
import { goQuote } from './govalue';
import { validateObjectMeta } from './meta';
import { nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain, type NameRule } from './names';
import { validateConfigMapData, validatePod, validateServiceSpec } from './core';
import { validateSelectorImmutable, validateStatefulSetUpdate } from './update';
import { nameWarnings, rolloutWarnings } from './warnings';
import {
  validateDaemonSetSpec,
  validateDeploymentSpec,
  validateReplicaSetSpec,
  validateReplicationControllerSpec,
  validateStatefulSetSpec,
} from './workloads';

interface KindRules {
  nameRule: (minor: Minor) => NameRule;
  namespaced: boolean;
  spec?: (c: Collector, spec: Rec) => void;
  whole?: (c: Collector, obj: Rec) => void;
  update?: (c: Collector, obj: Rec, old: Rec) => void;
}

const subdomain = (): NameRule => nameIsDNSSubdomain;

const RULES: Record<string, KindRules> = {
  'apps/v1 Deployment': {
    nameRule: subdomain,
    namespaced: true,
    spec: validateDeploymentSpec,
    update: validateSelectorImmutable,
  },
  'apps/v1 ReplicaSet': {
    nameRule: subdomain,
    namespaced: true,
    spec: validateReplicaSetSpec,
    update: validateSelectorImmutable,
  },
  'apps/v1 DaemonSet': {
    nameRule: subdomain,
    namespaced: true,
    spec: validateDaemonSetSpec,
    update: validateSelectorImmutable,
  },
  // StatefulSet names became DNS labels when it was noticed pods could never use dotted names.
  'apps/v1 StatefulSet': {
    nameRule: (m) => (atLeast(m, '1.27') ? nameIsDNSLabel : nameIsDNSSubdomain),
    namespaced: true,
    spec: validateStatefulSetSpec,
    update: validateStatefulSetUpdate,
  },
  'v1 ReplicationController': {
    nameRule: subdomain,
    namespaced: true,
    spec: validateReplicationControllerSpec,
  },
  'v1 Service': { nameRule: () => nameIsDNS1035Label, namespaced: true, spec: validateServiceSpec },
  'v1 ConfigMap': { nameRule: subdomain, namespaced: true, whole: validateConfigMapData },
  'v1 Namespace': { nameRule: () => nameIsDNSLabel, namespaced: false },
  'v1 Pod': { nameRule: subdomain, namespaced: true, whole: validatePod },
};

function rulesFor(obj: Rec): { kind: string; rules: KindRules } | undefined {
  const apiVersion = get(obj, 'apiVersion');
  const kind = get(obj, 'kind');
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const rules = RULES[`${apiVersion} ${kind}`];
  return rules ? { kind, rules } : undefined;
}

/**
 * Everything the rules find in one object: the API server's errors in its order, then its
 * warnings and Kubeplan's own. `old` is the stored object when the write is an update.
 */
export function findRuleErrors(obj: unknown, minor: Minor, old?: unknown): RuleError[] {
  return isRecord(obj) ? runRules(obj, minor, old) : [];
}

/**
 * findRuleErrors for a manifest document's decoded value, which the parser reuses unchanged while
 * the document's text is unchanged; callers must not mutate the value (the cluster does, so it
 * uses findRuleErrors).
 */
export function documentRuleErrors(obj: unknown, minor: Minor): readonly RuleError[] {
  if (!isRecord(obj)) return [];
  let byMinor = cache.get(obj);
  if (!byMinor) cache.set(obj, (byMinor = new Map()));
  let errors = byMinor.get(minor);
  if (!errors) byMinor.set(minor, (errors = runRules(obj, minor)));
  return errors;
}

const cache = new WeakMap<object, Map<Minor, readonly RuleError[]>>();

function runRules(obj: Rec, minor: Minor, old?: unknown): RuleError[] {
  const found = rulesFor(obj);
  if (!found) return [];
  const { kind, rules } = found;
  const c = new Collector(minor);
  const update = isRecord(old);
  validateObjectMeta(c, obj, {
    nameRule: rules.nameRule(minor),
    namespaced: rules.namespaced,
    update,
  });
  const spec = get(obj, 'spec');
  if (rules.spec && (spec === undefined || isRecord(spec))) rules.spec(c, spec ?? {});
  rules.whole?.(c, obj);
  if (update && rules.update) rules.update(c, obj, old);
  if (!update) nameWarnings(c, kind, obj);
  if (kind === 'Deployment' && isRecord(spec)) rolloutWarnings(c, spec);
  return c.errors;
}

/** The API server's validation of a decoded object (defaults applied as the server applies them). */
export function validateObject(obj: unknown, minor: Minor, old?: unknown): FieldError[] {
  return findRuleErrors(obj, minor, old)
    .filter((e) => e.severity === 'error')
    .map((e) => ({ path: [...e.path], text: lineOf(e) }));
}

/** The warnings the API server would return with a successful write (`Warning: …` lines). */
export function apiWarnings(obj: unknown, minor: Minor): string[] {
  return findRuleErrors(obj, minor)
    .filter((e) => e.severity === 'warning' && e.code === 'name-not-dns-label')
    .map(lineOf);
}

function distinct(errors: readonly FieldError[]): string[] {
  return [...new Set(errors.map((e) => e.text))];
}

/**
 * What kubectl prints for an Invalid response: one cause on the header line, or the header
 * (with its trailing space) and one `* cause` line per distinct cause. kubectl has printed this
 * the same way in every supported minor.
 */
export function invalidMessage(
  kind: string,
  name: string,
  errors: readonly FieldError[],
  minor: Minor,
): string {
  void minor;
  const causes = distinct(errors);
  const head = `The ${kind} ${goQuote(name)} is invalid: `;
  if (causes.length === 1) return head + causes[0];
  return [head, ...causes.map((c) => `* ${c}`)].join('\n');
}

/** The server's own message (`Deployment.apps "web" is invalid: [a, b]`), which kubectl shows inside `error when creating`. */
export function serverInvalidMessage(
  kind: string,
  group: string,
  name: string,
  errors: readonly FieldError[],
): string {
  const causes = distinct(errors);
  const body = causes.length === 1 ? causes[0] : `[${causes.join(', ')}]`;
  return `${group ? `${kind}.${group}` : kind} ${goQuote(name)} is invalid: ${body}`;
}
