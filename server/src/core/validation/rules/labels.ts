/**
 * Labels and label selectors: the API server's checks of keys, values and selectors (with the
 * wording of each minor), turning a LabelSelector into requirements as LabelSelectorAsSelector
 * does, and matching requirements against a label map for real.
 */
import { atLeast, type Minor } from '../../api/versions';
import type { Path } from '../../yaml/parse';
import { BAD, get, isRecord, sortedKeys, toStrMap, type Rec } from './decode';
import type { Collector, FieldPath } from './field';
import { goStr, goStrings, type GoField, type GoValue } from './govalue';
import { byteLength, isDNS1123Subdomain, maxLenError, regexError } from './names';

const NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const NAME_RE = new RegExp(`^${NAME_FMT}$`);
const VALUE_FMT = `(${NAME_FMT})?`;
const VALUE_RE = new RegExp(`^${VALUE_FMT}$`);
const NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** From 1.35 label checks live in apimachinery's content package, which measures in bytes. */
function unit(minor: Minor): 'characters' | 'bytes' {
  return atLeast(minor, '1.35') ? 'bytes' : 'characters';
}

/** IsQualifiedName (≤1.34) / content.IsLabelKey (≥1.35): the messages for a label key. */
export function isLabelKey(key: string, minor: Minor): string[] {
  const parts = key.split('/');
  const errs: string[] = [];
  if (parts.length > 2) {
    const what = atLeast(minor, '1.35') ? 'a valid label key' : 'a qualified name';
    const eg = regexError(NAME_MSG, NAME_FMT, 'MyName', 'my.name', '123-abc');
    return [
      `${what} ${eg} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const name = parts.length === 2 ? parts[1] : parts[0];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix, unit(minor)).map((m) => `prefix part ${m}`));
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63, unit(minor))}`);
  if (!NAME_RE.test(name))
    errs.push(`name part ${regexError(NAME_MSG, NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** IsValidLabelValue / content.IsLabelValue. */
export function isLabelValue(value: string, minor: Minor): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63, unit(minor)));
  if (!VALUE_RE.test(value))
    errs.push(regexError(VALUE_MSG, VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/**
 * ValidateLabels: every error is reported at the path of the map, as the API server does; the
 * problem is placed on the offending key or value. `where` is the map's path in the document.
 */
export function validateLabels(
  c: Collector,
  parent: unknown,
  key: string,
  fp: FieldPath,
  where: Path,
): void {
  const labels = get(parent, key);
  if (!isRecord(labels)) return;
  for (const k of sortedKeys(labels)) {
    for (const msg of isLabelKey(k, c.minor))
      c.invalid(fp, goStr(k), msg, 'invalid-label', {
        path: where,
        at: [...where, k],
        atKey: true,
      });
    const v = labels[k] === null ? '' : labels[k];
    if (typeof v !== 'string') continue;
    for (const msg of isLabelValue(v, c.minor))
      c.invalid(fp, goStr(v), msg, 'invalid-label', { path: where, at: [...where, k] });
  }
}

/** ValidateAnnotations: keys are qualified names, compared in lower case. */
export function validateAnnotations(
  c: Collector,
  parent: unknown,
  fp: FieldPath,
  where: Path,
): void {
  const annotations = get(parent, 'annotations');
  if (!isRecord(annotations)) return;
  for (const k of sortedKeys(annotations)) {
    for (const msg of isLabelKey(k.toLowerCase(), c.minor)) {
      c.invalid(fp, goStr(k), msg, 'invalid-annotation', {
        path: where,
        at: [...where, k],
        atKey: true,
      });
    }
  }
}

/** ValidateLabelSelector (strict: label values in selectors must be valid). */
export function validateLabelSelector(c: Collector, sel: Rec, fp: FieldPath, where: Path): void {
  validateLabels(c, sel, 'matchLabels', fp.child('matchLabels'), [...where, 'matchLabels']);
  const exprs = get(sel, 'matchExpressions');
  if (!Array.isArray(exprs)) return;
  exprs.forEach((expr, i) => {
    if (isRecord(expr))
      validateRequirement(c, expr, fp.child('matchExpressions').index(i), [
        ...where,
        'matchExpressions',
        i,
      ]);
  });
}

function validateRequirement(c: Collector, expr: Rec, fp: FieldPath, where: Path): void {
  const op = get(expr, 'operator');
  const values = get(expr, 'values');
  const count = Array.isArray(values) ? values.length : 0;
  if (op === 'In' || op === 'NotIn') {
    if (count === 0)
      c.required(
        fp.child('values'),
        "must be specified when `operator` is 'In' or 'NotIn'",
        'selector-values',
        { at: [...where, 'operator'] },
      );
  } else if (op === 'Exists' || op === 'DoesNotExist') {
    if (count > 0)
      c.forbidden(
        fp.child('values'),
        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        'selector-values',
        { at: [...where, 'values'], atKey: true },
      );
  } else if (typeof op === 'string' || op === undefined) {
    c.invalid(
      fp.child('operator'),
      goStr(op ?? '', true),
      'not a valid selector operator',
      'selector-operator',
    );
  }
  const key = get(expr, 'key');
  if (typeof key === 'string' || key === undefined) {
    for (const msg of isLabelKey(key ?? '', c.minor))
      c.invalid(fp.child('key'), goStr(key ?? ''), msg, 'invalid-label');
  }
  if (!Array.isArray(values)) return;
  values.forEach((v, i) => {
    if (typeof v !== 'string') return;
    for (const msg of isLabelValue(v, c.minor))
      c.invalid(fp.child('values').index(i), goStr(v), msg, 'invalid-label');
  });
}

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

/**
 * A label selector after conversion. `nothing` is a nil selector (matches no object), `everything`
 * an empty one, `invalid` one the API server cannot convert, `unreadable` one whose fields have
 * the wrong JSON types (the API server would not have decoded it at all).
 */
export type Selector =
  | { kind: 'nothing' }
  | { kind: 'everything' }
  | { kind: 'requirements'; reqs: Requirement[] }
  | { kind: 'invalid' }
  | { kind: 'unreadable' };

const OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** metav1.LabelSelectorAsSelector, including the checks labels.NewRequirement makes. */
export function labelSelectorAsSelector(sel: unknown, minor: Minor = '1.35'): Selector {
  if (sel === undefined || sel === null) return { kind: 'nothing' };
  if (!isRecord(sel)) return { kind: 'unreadable' };
  const matchLabels = get(sel, 'matchLabels');
  const exprs = get(sel, 'matchExpressions');
  const labels = matchLabels === undefined ? {} : toStrMap(matchLabels);
  if (labels === BAD || (exprs !== undefined && !Array.isArray(exprs)))
    return { kind: 'unreadable' };
  const list = (exprs as unknown[] | undefined) ?? [];
  if (Object.keys(labels).length + list.length === 0) return { kind: 'everything' };
  const reqs: Requirement[] = Object.entries(labels).map(([key, v]) => ({
    key,
    operator: 'In',
    values: [v],
  }));
  for (const expr of list) {
    const req = readRequirement(expr);
    if (req === BAD) return { kind: 'unreadable' };
    if (req === undefined) return { kind: 'invalid' };
    reqs.push(req);
  }
  return reqs.every((r) => requirementIsValid(r, minor))
    ? { kind: 'requirements', reqs }
    : { kind: 'invalid' };
}

function readRequirement(expr: unknown): Requirement | undefined | typeof BAD {
  if (!isRecord(expr)) return BAD;
  const key = get(expr, 'key') ?? '';
  const op = get(expr, 'operator') ?? '';
  const values = get(expr, 'values') ?? [];
  if (typeof key !== 'string' || typeof op !== 'string' || !Array.isArray(values)) return BAD;
  if (!values.every((v) => typeof v === 'string')) return BAD;
  if (!OPERATORS.includes(op)) return undefined;
  return { key, operator: op as Operator, values: values as string[] };
}

function requirementIsValid(r: Requirement, minor: Minor): boolean {
  if (isLabelKey(r.key, minor).length) return false;
  if ((r.operator === 'In' || r.operator === 'NotIn') && r.values.length === 0) return false;
  if ((r.operator === 'Exists' || r.operator === 'DoesNotExist') && r.values.length > 0)
    return false;
  return r.values.every((v) => isLabelValue(v, minor).length === 0);
}

/** labels.Set(map).AsSelector(), for the plain-map selectors of Services and ReplicationControllers. */
export function mapSelector(map: Record<string, string> | undefined): Selector {
  if (!map || Object.keys(map).length === 0) return { kind: 'everything' };
  return {
    kind: 'requirements',
    reqs: Object.entries(map).map(([key, v]) => ({ key, operator: 'In', values: [v] })),
  };
}

export function requirementMatches(
  r: Requirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  const present = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'In':
      return present && r.values.includes(labels[r.key]);
    case 'NotIn':
      return !present || !r.values.includes(labels[r.key]);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
  }
}

/** True when the selector selects an object with these labels; invalid selectors select nothing. */
export function selectorMatches(sel: Selector, labels: Readonly<Record<string, string>>): boolean {
  if (sel.kind === 'everything') return true;
  if (sel.kind !== 'requirements') return false;
  return sel.reqs.every((r) => requirementMatches(r, labels));
}

/** Convenience: does a LabelSelector (as decoded from YAML) select these labels? */
export function labelSelectorMatches(
  sel: unknown,
  labels: Readonly<Record<string, string>>,
): boolean {
  return selectorMatches(labelSelectorAsSelector(sel), labels);
}

/** The LabelSelector as the API server holds it, for error values (`v1.LabelSelector{…}` / JSON). */
export function labelSelectorValue(sel: Rec): GoValue {
  const labels = get(sel, 'matchLabels');
  const map = labels === undefined ? null : toStrMap(labels);
  const exprs = get(sel, 'matchExpressions');
  const items = Array.isArray(exprs) ? exprs.map(requirementValue) : null;
  const fields: GoField[] = [
    {
      name: 'MatchLabels',
      json: 'matchLabels',
      omitempty: true,
      value: {
        t: 'map',
        type: 'map[string]string',
        entries:
          map === BAD || map === null ? null : Object.entries(map).map(([k, v]) => [k, goStr(v)]),
      },
    },
    {
      name: 'MatchExpressions',
      json: 'matchExpressions',
      omitempty: true,
      value: { t: 'slice', type: '[]v1.LabelSelectorRequirement', items },
    },
  ];
  return { t: 'struct', type: 'v1.LabelSelector', fields };
}

function requirementValue(expr: unknown): GoValue {
  const key = typeof get(expr, 'key') === 'string' ? (get(expr, 'key') as string) : '';
  const op = typeof get(expr, 'operator') === 'string' ? (get(expr, 'operator') as string) : '';
  const raw = get(expr, 'values');
  const values = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : null;
  return {
    t: 'struct',
    type: 'v1.LabelSelectorRequirement',
    fields: [
      { name: 'Key', json: 'key', value: goStr(key) },
      { name: 'Operator', json: 'operator', value: goStr(op, true) },
      { name: 'Values', json: 'values', omitempty: true, value: goStrings(values) },
    ],
  };
}
