/**
 * The rules as problems in a manifest: each API-server error placed on the node it is about,
 * with a stable code, the server's line as the message, and quick fixes where one is certain.
 */
import { isScalar } from 'yaml';
import type { ManifestObject } from '../../api/objects';
import type { Minor } from '../../api/versions';
import { problem, type Fix, type Problem, type RelatedPlace } from '../../problem';
import type { Path } from '../../yaml/parse';
import { locate, type Span } from '../../yaml/locate';
import { BAD, get, isRecord, strMap, type Rec } from './decode';
import { removeEntry, scalarAt, setEntries } from './edits';
import { Collector, FieldPath, lineOf, type RuleError } from './field';
import { documentRuleErrors } from './validate';
import { labelSelectorAsSelector, selectorMatches } from './labels';
import { validatePodSpec } from './podspec';

/** The API server's rules for one object, as problems in its file. */
export function checkObjectRules(obj: ManifestObject, minor: Minor): Problem[] {
  const errors = [...documentRuleErrors(obj.value, minor), ...statefulSetPodWarnings(obj, minor)];
  return errors.map((e) => toProblem(obj, e));
}

function toProblem(obj: ManifestObject, e: RuleError): Problem {
  const span = spanOf(obj, e.at ?? e.path, e.atKey);
  const extra: { fixes?: Fix[]; related?: RelatedPlace[] } = {};
  const fixes = fixesFor(obj, e);
  if (fixes.length) extra.fixes = fixes;
  if (e.code === 'selector-mismatch') {
    const sel = spanIfPresent(obj, ['spec', 'selector']);
    if (sel) extra.related = [{ ...sel, message: 'the selector the template labels must satisfy' }];
  }
  return problem(e.code, e.severity, lineOf(e), span.start, span.end, extra);
}

/** The node a path names: its key when asked or when its value spans lines, else its value. */
export function spanOf(obj: ManifestObject, path: Path, atKey?: boolean): Span {
  const target = [...obj.base, ...path];
  const text = obj.file.text;
  const loc = locate(obj.doc.ast, target);
  if (!loc) return { start: obj.doc.start, end: obj.doc.start };
  if (loc.depth === target.length) {
    const multiline = text.slice(loc.value.start, loc.value.end).trimEnd().includes('\n');
    if (loc.key && (atKey || multiline)) return loc.key;
    return multiline ? firstLine(text, loc.value) : loc.value;
  }
  return loc.key ?? firstLine(text, loc.value);
}

function spanIfPresent(obj: ManifestObject, path: Path): Span | undefined {
  const loc = locate(obj.doc.ast, [...obj.base, ...path]);
  return loc && loc.depth === obj.base.length + path.length ? (loc.key ?? loc.value) : undefined;
}

function firstLine(text: string, span: Span): Span {
  const nl = text.indexOf('\n', span.start);
  return { start: span.start, end: nl < 0 || nl > span.end ? span.end : nl };
}

function fixesFor(obj: ManifestObject, e: RuleError): Fix[] {
  switch (e.code) {
    case 'selector-mismatch':
      return [...selectorIntoTemplate(obj), ...templateIntoSelector(obj), ...addSelector(obj)];
    case 'selector-required':
      return addSelector(obj);
    case 'service-target-port':
    case 'port-name':
    case 'strategy-invalid':
      return unquoteNumber(obj, e.path);
    default:
      return [];
  }
}

const TEMPLATE_LABELS = ['spec', 'template', 'metadata', 'labels'];

function templateLabels(obj: ManifestObject): Record<string, string> | undefined {
  const labels = strMap(get(get(get(obj.value, 'spec'), 'template'), 'metadata'), 'labels');
  return labels === BAD ? undefined : (labels ?? {});
}

function selectorOf(obj: ManifestObject): Rec | undefined {
  const sel = get(get(obj.value, 'spec'), 'selector');
  return isRecord(sel) ? sel : undefined;
}

/** Copies the labels the selector requires (matchLabels, single-value In) into the template. */
function selectorIntoTemplate(obj: ManifestObject): Fix[] {
  const sel = selectorOf(obj);
  const labels = templateLabels(obj);
  if (!sel || !labels) return [];
  const wanted = requiredLabels(sel);
  const merged = { ...labels, ...Object.fromEntries(wanted) };
  if (!wanted.length || !selectorMatches(labelSelectorAsSelector(sel), merged)) return [];
  const edits = setEntries(obj.doc.ast, obj.file.text, [...obj.base, ...TEMPLATE_LABELS], wanted);
  return edits?.length
    ? [{ title: "Add the selector's labels to the pod template", edits, preferred: true }]
    : [];
}

function requiredLabels(sel: Rec): Array<[string, string]> {
  const out = new Map<string, string>();
  const ml = strMap(sel, 'matchLabels');
  if (ml && ml !== BAD) for (const [k, v] of Object.entries(ml)) out.set(k, v);
  const exprs = get(sel, 'matchExpressions');
  for (const e of Array.isArray(exprs) ? exprs : []) {
    const values = get(e, 'values');
    const key = get(e, 'key');
    if (
      get(e, 'operator') === 'In' &&
      typeof key === 'string' &&
      Array.isArray(values) &&
      values.length === 1 &&
      typeof values[0] === 'string'
    ) {
      if (!out.has(key)) out.set(key, values[0]);
    }
  }
  return [...out];
}

/** Rewrites a matchLabels-only selector so that it requires exactly what the template has. */
function templateIntoSelector(obj: ManifestObject): Fix[] {
  const sel = selectorOf(obj);
  const labels = templateLabels(obj);
  const ml = sel ? strMap(sel, 'matchLabels') : undefined;
  if (!sel || !labels || !ml || ml === BAD || get(sel, 'matchExpressions') !== undefined) return [];
  const keep = Object.keys(ml).filter((k) => k in labels);
  if (!keep.length) return [];
  const path = [...obj.base, 'spec', 'selector', 'matchLabels'];
  const set = setEntries(
    obj.doc.ast,
    obj.file.text,
    path,
    keep.map((k) => [k, labels[k]]),
  );
  const removed = Object.keys(ml)
    .filter((k) => !(k in labels))
    .map((k) => removeEntry(obj.doc.ast, obj.file.text, path, k));
  if (!set || removed.some((r) => !r)) return [];
  const edits = [...set, ...removed.map((r) => r!)];
  return edits.length
    ? [{ title: "Change the selector to match the pod template's labels", edits }]
    : [];
}

/** Adds `selector.matchLabels` from the template's labels, when the selector is missing. */
function addSelector(obj: ManifestObject): Fix[] {
  if (get(get(obj.value, 'spec'), 'selector') !== undefined) return [];
  const labels = templateLabels(obj);
  if (!labels || !Object.keys(labels).length) return [];
  const edits = setEntries(
    obj.doc.ast,
    obj.file.text,
    [...obj.base, 'spec', 'selector', 'matchLabels'],
    Object.entries(labels),
  );
  return edits?.length
    ? [{ title: "Add a selector matching the pod template's labels", edits, preferred: true }]
    : [];
}

/** The int-or-string fields, where a quoted number is a string and an unquoted one a number. */
const INT_OR_STRING = new Set(['port', 'targetPort', 'maxSurge', 'maxUnavailable']);

/** A quoted number where the field takes an int or a string: dropping the quotes makes it an int. */
function unquoteNumber(obj: ManifestObject, path: Path): Fix[] {
  if (!INT_OR_STRING.has(String(path[path.length - 1]))) return [];
  const at = scalarAt(obj.doc.ast, [...obj.base, ...path]);
  if (!at || !isScalar(at.node) || typeof at.node.value !== 'string') return [];
  const type = (at.node as { type?: string }).type;
  if ((type !== 'QUOTE_DOUBLE' && type !== 'QUOTE_SINGLE') || !/^\d+$/.test(at.node.value))
    return [];
  const n = Number(at.node.value);
  const title = `Remove the quotes: use the number ${n}`;
  return [
    { title, edits: [{ start: at.start, end: at.end, newText: String(n) }], preferred: true },
  ];
}

/**
 * The API server does not validate a StatefulSet's pod spec, but every Pod the controller creates
 * from it is validated; warn about what would make those creations fail.
 */
function statefulSetPodWarnings(obj: ManifestObject, minor: Minor): RuleError[] {
  if (obj.apiVersion !== 'apps/v1' || obj.kind !== 'StatefulSet') return [];
  const template = get(get(obj.value, 'spec'), 'template');
  const spec = get(template, 'spec');
  if (spec !== undefined && !isRecord(spec)) return [];
  const c = new Collector(minor);
  validatePodSpec(
    c,
    withClaimVolumes(spec ?? {}, get(get(obj.value, 'spec'), 'volumeClaimTemplates')),
    FieldPath.of('spec'),
  );
  const prefix = ['spec', 'template'];
  return c.errors.map((e) => ({
    code: 'statefulset-pod-invalid',
    severity: 'warning',
    field: '',
    body: `the API server accepts this StatefulSet, but rejects every Pod created from it: ${lineOf(e)}`,
    path: [...prefix, ...e.path],
    at: e.at ? [...prefix, ...e.at] : undefined,
    atKey: e.atKey,
  }));
}

/** The controller gives each Pod a volume per claim template, named after the template. */
function withClaimVolumes(spec: Rec, claims: unknown): Rec {
  if (!Array.isArray(claims)) return spec;
  const names = claims
    .map((t) => get(get(t, 'metadata'), 'name'))
    .filter((n): n is string => typeof n === 'string');
  const own = Array.isArray(spec.volumes)
    ? spec.volumes.filter((v) => !names.includes(get(v, 'name') as string))
    : [];
  return {
    ...spec,
    volumes: [
      ...own,
      ...names.map((name) => ({ name, persistentVolumeClaim: { claimName: name } })),
    ],
  };
}
