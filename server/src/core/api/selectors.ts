/**
 * Labels and label selectors as apimachinery reads them: the string form kubectl takes with `-l`,
 * the structured `LabelSelector` of apps/v1 objects, the plain map selector of Services and
 * ReplicationControllers, matching, and the text kubectl prints for each.
 */
import type { SelectorRequirement } from '../cluster/api';

/** The `spec.selector` of apps/v1 workloads. */
export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] | null }> | null;
}

export type Labels = Readonly<Record<string, string>> | undefined | null;

/** A parsed selector; `null` means "matches nothing" (a nil selector), `[]` means "everything". */
export type Selector = SelectorRequirement[] | null;

export type ParseResult =
  { ok: true; selector: SelectorRequirement[] } | { ok: false; error: string };

/** True when `labels` satisfy every requirement (a nil selector matches nothing). */
export function matches(selector: Selector, labels: Labels): boolean {
  if (selector === null) return false;
  for (const req of selector) {
    if (!matchesRequirement(req, labels)) return false;
  }
  return true;
}

export function matchesRequirement(req: SelectorRequirement, labels: Labels): boolean {
  const has = labels != null && Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels![req.key] : undefined;
  switch (req.operator) {
    case 'In':
      return has && (req.values ?? []).includes(value!);
    case 'NotIn':
      return !has || !(req.values ?? []).includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/**
 * Converts an apps/v1 `LabelSelector` the way metav1.LabelSelectorAsSelector does: undefined or
 * null is "nothing", `{}` is "everything", an unknown operator makes the selector unusable (null).
 */
export function fromLabelSelector(selector: LabelSelector | undefined | null): Selector {
  if (selector == null || typeof selector !== 'object') return null;
  const reqs: SelectorRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    reqs.push({ key, operator: 'In', values: [String(value)] });
  }
  for (const expr of selector.matchExpressions ?? []) {
    const op = expr?.operator;
    if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') return null;
    const values = (expr.values ?? []).map(String);
    reqs.push(
      op === 'In' || op === 'NotIn'
        ? { key: expr.key, operator: op, values }
        : { key: expr.key, operator: op },
    );
  }
  return sortRequirements(reqs);
}

/**
 * Converts a map selector (Service, ReplicationController). The RC controller treats an empty map
 * as "everything"; the endpoints controller treats it as "no selector", which callers decide.
 */
export function fromMapSelector(selector: Record<string, string> | undefined | null): Selector {
  if (selector == null || typeof selector !== 'object') return null;
  const reqs = Object.entries(selector).map(([key, value]): SelectorRequirement => ({
    key,
    operator: 'In',
    values: [String(value)],
  }));
  return sortRequirements(reqs);
}

function sortRequirements(reqs: SelectorRequirement[]): SelectorRequirement[] {
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** True for the "everything" selector: a non-nil selector with no requirements. */
export function isEverything(selector: Selector): boolean {
  return selector !== null && selector.length === 0;
}

/**
 * The equality pairs of a selector (`key=value`), which the store answers from its label index
 * before checking the remaining requirements.
 */
export function equalityPairs(selector: SelectorRequirement[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const req of selector) {
    if (req.operator === 'In' && req.values?.length === 1) pairs.push([req.key, req.values[0]]);
  }
  return pairs;
}

/** kubectl's rendering of a label map: `a=1,b=2` sorted by key, or `<none>`. */
export function formatLabels(labels: Labels): string {
  if (!labels) return '<none>';
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels[k]}`).join(',');
}

/**
 * The String() form of a selector, as `kubectl describe` and `get -o wide` print it:
 * `app=web,env in (a,b),!gone`; `<none>` for nothing selected, empty string for everything.
 */
export function formatSelector(selector: Selector): string {
  if (selector === null) return '<none>';
  return selector.map(formatRequirement).join(',');
}

function formatRequirement(req: SelectorRequirement): string {
  const values = [...(req.values ?? [])].sort();
  switch (req.operator) {
    case 'In':
      return values.length === 1
        ? `${req.key}=${values[0]}`
        : `${req.key} in (${values.join(',')})`;
    case 'NotIn':
      return values.length === 1
        ? `${req.key}!=${values[0]}`
        : `${req.key} notin (${values.join(',')})`;
    case 'Exists':
      return req.key;
    case 'DoesNotExist':
      return `!${req.key}`;
  }
}

/** Formats an apps/v1 LabelSelector as kubectl does (`metav1.FormatLabelSelector`). */
export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  const converted = fromLabelSelector(selector);
  if (converted === null) return '<none>';
  if (converted.length === 0) return '<none>';
  return formatSelector(converted);
}

// ---------------------------------------------------------------------------------------------
// Parsing the string form (`kubectl get -l`), following apimachinery's labels.Parse grammar.

type Token =
  { t: 'id'; v: string } | { t: 'op'; v: '=' | '==' | '!=' | '!' | '(' | ')' | ',' } | { t: 'end' };

const SPECIAL = new Set(['=', '!', '(', ')', ',', ' ', '\t', '\n', '<', '>']);

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
      continue;
    }
    if (c === '=' && text[i + 1] === '=') {
      tokens.push({ t: 'op', v: '==' });
      i += 2;
    } else if (c === '!' && text[i + 1] === '=') {
      tokens.push({ t: 'op', v: '!=' });
      i += 2;
    } else if (c === '=' || c === '!' || c === '(' || c === ')' || c === ',') {
      tokens.push({ t: 'op', v: c });
      i++;
    } else if (c === '<' || c === '>') {
      return `found '${c}', greater-than and less-than are not supported for label selectors`;
    } else {
      let j = i;
      while (j < text.length && !SPECIAL.has(text[j])) j++;
      tokens.push({ t: 'id', v: text.slice(i, j) });
      i = j;
    }
  }
  tokens.push({ t: 'end' });
  return tokens;
}

function describe(tok: Token): string {
  return tok.t === 'end' ? '' : tok.v;
}

/** Parses `app=x,tier!=y,env in (a,b),!k`; an error carries apimachinery's wording. */
export function parseSelector(text: string): ParseResult {
  const tokens = tokenize(text);
  if (typeof tokens === 'string')
    return { ok: false, error: `unable to parse requirement: ${tokens}` };
  const reqs: SelectorRequirement[] = [];
  let pos = 0;
  const peek = (): Token => tokens[pos];
  const next = (): Token => tokens[pos++];

  if (peek().t === 'end') return { ok: true, selector: [] };
  for (;;) {
    const req = parseRequirement(peek, next);
    if (typeof req === 'string') return { ok: false, error: `unable to parse requirement: ${req}` };
    reqs.push(req);
    const tok = next();
    if (tok.t === 'end') break;
    if (!(tok.t === 'op' && tok.v === ',')) {
      return { ok: false, error: `found '${describe(tok)}', expected: ',' or 'end of string'` };
    }
  }
  return { ok: true, selector: sortRequirements(reqs) };
}

function parseRequirement(peek: () => Token, next: () => Token): SelectorRequirement | string {
  let tok = next();
  if (tok.t === 'op' && tok.v === '!') {
    const key = next();
    if (key.t !== 'id') return `found '${describe(key)}', expected: identifier after '!'`;
    return { key: key.v, operator: 'DoesNotExist' };
  }
  if (tok.t !== 'id')
    return `found '${describe(tok)}', expected: !, identifier, or 'end of string'`;
  const key = tok.v;
  const after = peek();
  if (after.t === 'end' || (after.t === 'op' && after.v === ','))
    return { key, operator: 'Exists' };
  tok = next();
  if (tok.t === 'op' && (tok.v === '=' || tok.v === '==' || tok.v === '!=')) {
    const value = peek();
    const v = value.t === 'id' ? (next(), value.v) : '';
    return { key, operator: tok.v === '!=' ? 'NotIn' : 'In', values: [v] };
  }
  if (tok.t === 'id' && (tok.v === 'in' || tok.v === 'notin')) {
    const values = parseValueSet(next);
    if (typeof values === 'string') return values;
    return { key, operator: tok.v === 'in' ? 'In' : 'NotIn', values };
  }
  return `found '${describe(tok)}', expected: in, notin, =, ==, !=, gt, lt`;
}

function parseValueSet(next: () => Token): string[] | string {
  const open = next();
  if (!(open.t === 'op' && open.v === '(')) return `found '${describe(open)}', expected: '('`;
  const values: string[] = [];
  for (;;) {
    const tok = next();
    if (tok.t === 'id') {
      values.push(tok.v);
      const sep = next();
      if (sep.t === 'op' && sep.v === ')') return values;
      if (!(sep.t === 'op' && sep.v === ','))
        return `found '${describe(sep)}', expected: ',' or ')'`;
    } else if (tok.t === 'op' && tok.v === ')') {
      return values.length ? values : [''];
    } else {
      return `found '${describe(tok)}', expected: ',', ')' or identifier`;
    }
  }
}
