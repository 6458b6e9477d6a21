/**
 * Checks across documents: Services that select nothing or name ports no selected pod declares,
 * controllers whose selectors claim each other's pods, objects defined twice, and the selector
 * change a later definition would make on apply. Everything is found through indexes keyed by
 * namespace and label, so thousands of documents never meet pairwise.
 */
import { groupOf, type ManifestObject } from '../api/objects';
import type { Minor } from '../api/versions';
import { isNamespaced } from '../cluster/kinds';
import { problem, type Problem } from '../problem';
import type { Path } from '../yaml/parse';
import { BAD, get, isRecord, list, str, strMap } from './rules/decode';
import { lineOf } from './rules/field';
import { isValidPortName } from './rules/names';
import {
  labelSelectorAsSelector,
  mapSelector,
  selectorMatches,
  type Requirement,
  type Selector,
} from './rules/labels';
import { spanOf } from './rules/problems';
import { findRuleErrors } from './rules/validate';

type Found = { object: ManifestObject; problem: Problem };
type Labels = Record<string, string>;

/** A pod template (or a bare Pod) and what a Service or a controller can see of it. */
interface Template {
  object: ManifestObject;
  namespace: string;
  labels: Labels;
  /** Names of the container ports it declares. */
  portNames: Set<string>;
}

interface Controller {
  object: ManifestObject;
  namespace: string;
  selector: Selector;
  template?: Template;
}

const CONTROLLERS = new Set([
  'apps/v1 Deployment',
  'apps/v1 ReplicaSet',
  'apps/v1 DaemonSet',
  'apps/v1 StatefulSet',
  'v1 ReplicationController',
]);
/** Where each kind keeps its pod template. */
const TEMPLATE_PATHS: Record<string, Path> = {
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

/** Every problem code crossDocumentChecks can report (each documented in docs/problems.md). */
export const CROSS_CODES: readonly string[] = [
  'service-selects-nothing',
  'service-target-port-unknown',
  'selector-overlap',
  'duplicate-object',
  'selector-immutable',
  'statefulset-forbidden-update',
];

/** The namespace an object lands in: `default` when unset, none for cluster-scoped kinds. */
export function namespaceOf(obj: ManifestObject): string {
  return isNamespaced(obj.kind) ? obj.namespace || 'default' : '';
}

/** The checks across documents, for the chosen minor. */
export function crossDocumentChecks(objects: readonly ManifestObject[], minor: Minor): Found[] {
  const index = new TemplateIndex();
  const controllers: Controller[] = [];
  for (const obj of objects) {
    const template = templateOf(obj);
    if (template) index.add(template);
    const controller = controllerOf(obj, template, minor);
    if (controller) controllers.push(controller);
  }
  const found: Found[] = [];
  for (const obj of objects)
    if (obj.apiVersion === 'v1' && obj.kind === 'Service') found.push(...checkService(obj, index));
  for (const c of controllers) found.push(...checkOverlap(c, index, controllers));
  found.push(...checkDuplicates(objects, minor));
  return found;
}

function valueAt(value: unknown, path: Path): unknown {
  let v = value;
  for (const seg of path) v = get(v, String(seg));
  return v;
}

function templateOf(obj: ManifestObject): Template | undefined {
  const path = TEMPLATE_PATHS[obj.kind];
  if (!path) return undefined;
  const tmpl = path.length ? valueAt(obj.value, path) : obj.value;
  const labels = strMap(get(tmpl, 'metadata'), 'labels');
  if (labels === BAD || !isRecord(tmpl)) return undefined;
  return {
    object: obj,
    namespace: namespaceOf(obj),
    labels: labels ?? {},
    portNames: portNames(get(tmpl, 'spec')),
  };
}

function portNames(spec: unknown): Set<string> {
  const names = new Set<string>();
  for (const key of ['containers', 'initContainers']) {
    const containers = list(spec, key);
    if (!containers || containers === BAD) continue;
    for (const ctr of containers) {
      const ports = list(ctr, 'ports');
      if (!ports || ports === BAD) continue;
      for (const port of ports) {
        const name = str(port, 'name');
        if (typeof name === 'string' && name) names.add(name);
      }
    }
  }
  return names;
}

function controllerOf(
  obj: ManifestObject,
  template: Template | undefined,
  minor: Minor,
): Controller | undefined {
  if (!CONTROLLERS.has(`${obj.apiVersion} ${obj.kind}`)) return undefined;
  const spec = get(obj.value, 'spec');
  let selector: Selector;
  if (obj.kind === 'ReplicationController') {
    // An RC without a selector is given its template's labels.
    const given = strMap(spec, 'selector');
    if (given === BAD) return undefined;
    selector = mapSelector(given && Object.keys(given).length ? given : template?.labels);
  } else selector = labelSelectorAsSelector(get(spec, 'selector'), minor);
  return { object: obj, namespace: namespaceOf(obj), selector, template };
}

/** Pod templates by namespace and by `key=value` label, so a selector finds its candidates fast. */
class TemplateIndex {
  private readonly byNamespace = new Map<string, Template[]>();
  private readonly byLabel = new Map<string, Template[]>();

  add(t: Template): void {
    push(this.byNamespace, t.namespace, t);
    for (const [k, v] of Object.entries(t.labels))
      push(this.byLabel, labelKey(t.namespace, k, v), t);
  }

  hasAny(namespace: string): boolean {
    return (this.byNamespace.get(namespace)?.length ?? 0) > 0;
  }

  /** The templates the selector selects; a selector with no equality falls back to the namespace. */
  select(namespace: string, sel: Selector): Template[] {
    if (sel.kind !== 'requirements') return [];
    const bucket = this.narrowest(namespace, sel.reqs) ?? this.byNamespace.get(namespace) ?? [];
    return bucket.filter((t) => selectorMatches(sel, t.labels));
  }

  private narrowest(namespace: string, reqs: Requirement[]): Template[] | undefined {
    let best: Template[] | undefined;
    for (const r of reqs) {
      if (r.operator !== 'In') continue;
      const bucket = r.values.flatMap((v) => this.byLabel.get(labelKey(namespace, r.key, v)) ?? []);
      if (!best || bucket.length < best.length) best = bucket;
    }
    return best;
  }
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const bucket = map.get(key);
  if (bucket) bucket.push(value);
  else map.set(key, [value]);
}

function describe(obj: ManifestObject): string {
  return `${obj.kind} "${obj.name ?? ''}"`;
}

/** Up to three distinct objects by name, then how many more. */
function names(templates: Template[], limit = 3): string {
  const all = [...new Set(templates.map((t) => describe(t.object)))];
  const shown = all.slice(0, limit).join(', ');
  return all.length > limit ? `${shown} and ${all.length - limit} more` : shown;
}

function place(
  obj: ManifestObject,
  path: Path,
  severity: 'warning' | 'error',
  code: string,
  message: string,
  atKey = true,
): Found {
  const span = spanOf(obj, path, atKey);
  return { object: obj, problem: problem(code, severity, message, span.start, span.end) };
}

function checkService(svc: ManifestObject, index: TemplateIndex): Found[] {
  const spec = get(svc.value, 'spec');
  const selector = strMap(spec, 'selector');
  if (
    !selector ||
    selector === BAD ||
    !Object.keys(selector).length ||
    get(spec, 'type') === 'ExternalName'
  )
    return [];
  const ns = namespaceOf(svc);
  // With no workload at all in the namespace, the workloads are likely in files not checked here.
  if (!index.hasAny(ns)) return [];
  const selected = index.select(ns, mapSelector(selector));
  if (!selected.length) {
    const shown = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const message = `selector ${shown} matches no pod template in namespace "${ns}": this Service will have no endpoints`;
    return [place(svc, ['spec', 'selector'], 'warning', 'service-selects-nothing', message)];
  }
  return checkTargetPortNames(svc, spec, selected);
}

/** A named targetPort must be declared by the pods behind the Service, or that port gets no endpoints. */
function checkTargetPortNames(svc: ManifestObject, spec: unknown, selected: Template[]): Found[] {
  const ports = list(spec, 'ports');
  if (!ports || ports === BAD) return [];
  const found: Found[] = [];
  ports.forEach((port, i) => {
    const target = get(port, 'targetPort');
    if (typeof target !== 'string' || !target || isValidPortName(target, '1.35').length) return;
    if (selected.some((t) => t.portNames.has(target))) return;
    const message =
      `no container port named "${target}" in the pods this Service selects (${names(selected)}); ` +
      'the API server accepts it, but this Service port will have no endpoints';
    found.push(
      place(
        svc,
        ['spec', 'ports', i, 'targetPort'],
        'warning',
        'service-target-port-unknown',
        message,
        false,
      ),
    );
  });
  return found;
}

/** A Deployment's own ReplicaSets (by owner reference or by its naming) are no rival. */
function owns(owner: ManifestObject, owned: ManifestObject): boolean {
  if (owner.kind !== 'Deployment' || owned.kind !== 'ReplicaSet' || !owner.name) return false;
  const refs = get(owned.value.metadata, 'ownerReferences');
  if (
    Array.isArray(refs) &&
    refs.some((r) => get(r, 'kind') === 'Deployment' && get(r, 'name') === owner.name)
  )
    return true;
  const hash = strMap(get(get(owned.value.spec, 'template'), 'metadata'), 'labels');
  return (
    !!owned.name?.startsWith(`${owner.name}-`) && isRecord(hash) && 'pod-template-hash' in hash
  );
}

function checkOverlap(c: Controller, index: TemplateIndex, controllers: Controller[]): Found[] {
  if (c.selector.kind !== 'requirements' || !controllers.length) return [];
  const rivals = index
    .select(c.namespace, c.selector)
    .filter((t) => t !== c.template && CONTROLLERS.has(`${t.object.apiVersion} ${t.object.kind}`))
    .filter(
      (t) =>
        !owns(c.object, t.object) &&
        !owns(t.object, c.object) &&
        identity(t.object) !== identity(c.object),
    );
  if (!rivals.length) return [];
  const message =
    `this selector also matches the pod template of ${names(rivals)}; ` +
    'controllers with overlapping selectors fight over the same pods';
  const path = get(c.object.value.spec, 'selector') === undefined ? ['spec'] : ['spec', 'selector'];
  return [place(c.object, path, 'warning', 'selector-overlap', message)];
}

/** Group, kind, namespace and name: what makes two definitions the same object. */
function identity(obj: ManifestObject): string {
  return [groupOf(obj.apiVersion), obj.kind, namespaceOf(obj), obj.name ?? ''].join('\u0000');
}

/**
 * The same object twice in one file: the later definition replaces the earlier. Across files
 * this is usual (versions of one object meant to be applied in turn, overlays), so only one file
 * at a time is looked at.
 */
function checkDuplicates(objects: readonly ManifestObject[], minor: Minor): Found[] {
  const seen = new Map<string, ManifestObject>();
  const found: Found[] = [];
  for (const obj of objects) {
    if (!obj.name) continue;
    const key = `${obj.uri}\u0000${identity(obj)}`;
    const first = seen.get(key);
    seen.set(key, obj);
    if (!first) continue;
    found.push(duplicateWarning(obj, first));
    found.push(...updateErrors(obj, first, minor));
  }
  return found;
}

function duplicateWarning(obj: ManifestObject, first: ManifestObject): Found {
  const firstSpan = spanOf(first, ['metadata', 'name']);
  const line = first.file.lines.position(firstSpan.start).line + 1;
  const ns = namespaceOf(obj);
  const message =
    `${describe(obj)}${ns ? ` (namespace ${ns})` : ''} is already defined at line ${line}; ` +
    'on apply this later definition replaces the earlier one';
  const found = place(obj, ['metadata', 'name'], 'warning', 'duplicate-object', message, false);
  found.problem.related = [{ ...firstSpan, message: 'first definition' }];
  return found;
}

/** What the API server would reject when the later definition is applied over the earlier one. */
function updateErrors(obj: ManifestObject, first: ManifestObject, minor: Minor): Found[] {
  if (first.apiVersion !== obj.apiVersion) return [];
  return findRuleErrors(obj.value, minor, first.value)
    .filter((e) => e.code === 'selector-immutable' || e.code === 'statefulset-forbidden-update')
    .map((e) => {
      const span = spanOf(obj, e.at ?? e.path, e.atKey);
      const p = problem(e.code, 'error', lineOf(e), span.start, span.end);
      // The earlier definition stands for what is already applied.
      p.related = [
        {
          ...spanOf(first, e.at ?? e.path, true),
          message: 'the earlier definition, as if already applied',
        },
      ];
      return { object: obj, problem: p };
    });
}
