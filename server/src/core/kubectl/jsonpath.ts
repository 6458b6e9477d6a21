/**
 * client-go's JSONPath (util/jsonpath), which `-o jsonpath` and `-o custom-columns` use: text
 * outside braces is copied, `{...}` actions select fields, array items, slices, wildcards,
 * recursive descent, unions and filters, and `{range ...}{end}` loops over results.
 */
import { goSprint, jsonCompact } from './gofmt';

type Json = unknown;

type PathNode =
  | { t: 'text'; text: string }
  | { t: 'field'; name: string }
  | { t: 'array'; start?: number; end?: number; step?: number; endDerived: boolean }
  | { t: 'wildcard' }
  | { t: 'recursive' }
  | { t: 'union'; branches: PathNode[][] }
  | { t: 'filter'; left: PathNode[]; right: PathNode[]; op: string }
  | { t: 'int'; value: number }
  | { t: 'float'; value: number }
  | { t: 'bool'; value: boolean }
  | { t: 'ident'; name: string };

/** A parsed template: literal text and actions, in order. */
export type TemplateNode = { t: 'text'; text: string } | { t: 'action'; nodes: PathNode[] };

export class JsonPathError extends Error {}

const EOF = '';

/** The scanner of one template or action text. */
class Parser {
  pos = 0;
  start = 0;
  constructor(readonly input: string) {}

  next(): string {
    if (this.pos >= this.input.length) {
      this.pos++;
      return EOF;
    }
    return this.input[this.pos++];
  }

  backup(): void {
    this.pos--;
  }

  peek(): string {
    return this.input[this.pos] ?? EOF;
  }

  consume(): string {
    const text = this.input.slice(this.start, Math.min(this.pos, this.input.length));
    this.start = this.pos;
    return text;
  }

  rest(): string {
    return this.input.slice(this.pos);
  }
}

/** Parses a template; throws JsonPathError with client-go's wording on bad syntax. */
export function parseTemplate(template: string): TemplateNode[] {
  const p = new Parser(template);
  const out: TemplateNode[] = [];
  while (p.pos < template.length) {
    const open = template.indexOf('{', p.pos);
    if (open < 0) {
      out.push({ t: 'text', text: template.slice(p.pos) });
      break;
    }
    if (open > p.pos) out.push({ t: 'text', text: template.slice(p.pos, open) });
    p.pos = p.start = open + 1;
    out.push({ t: 'action', nodes: parseAction(p, 0) });
  }
  return out;
}

const MAX_NESTING = 20;

/** Reads action nodes up to the closing brace (or the end of a sub-expression). */
function parseAction(p: Parser, depth: number, subExpression = false): PathNode[] {
  if (depth > MAX_NESTING) throw new JsonPathError('expression nests too deeply');
  const nodes: PathNode[] = [];
  for (;;) {
    if (p.rest().startsWith('}') && !subExpression) {
      p.pos++;
      p.consume();
      return nodes;
    }
    if (p.rest().startsWith('[?(')) {
      nodes.push(parseFilter(p, depth));
      continue;
    }
    if (p.rest().startsWith('..')) {
      if (nodes[nodes.length - 1]?.t === 'recursive')
        throw new JsonPathError('invalid multiple recursive descent');
      p.pos += 2;
      p.consume();
      nodes.push({ t: 'recursive' });
      if (/[A-Za-z0-9_]/.test(p.peek())) nodes.push(parseField(p));
      continue;
    }
    const r = p.next();
    if (r === EOF && subExpression) return nodes;
    if (r === EOF || r === '\n' || r === '\r') throw new JsonPathError('unclosed action');
    if (r === ' ' || r === '@' || r === '$') {
      p.consume();
    } else if (r === '[') {
      nodes.push(parseArray(p, depth));
    } else if (r === '"' || r === "'") {
      nodes.push(parseQuote(p, r));
    } else if (r === '.') {
      nodes.push(parseField(p));
    } else if (r === '+' || r === '-' || /[0-9]/.test(r)) {
      p.backup();
      nodes.push(parseNumber(p));
    } else if (/[\p{L}\p{N}_]/u.test(r)) {
      p.backup();
      nodes.push(parseIdentifier(p));
    } else {
      throw new JsonPathError(`unrecognized character in action: ${unicodeName(r)}`);
    }
  }
}

function unicodeName(r: string): string {
  const cp = r.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${r}'`;
}

function isTerminator(r: string): boolean {
  return r === EOF || ' \t\r\n.,[]$@{}'.includes(r);
}

function parseField(p: Parser): PathNode {
  p.consume();
  for (;;) {
    const r = p.next();
    if (r === '\\') {
      p.next();
      continue;
    }
    if (isTerminator(r)) {
      p.backup();
      break;
    }
  }
  const value = p.consume();
  if (value === '*') return { t: 'wildcard' };
  return { t: 'field', name: value.replace(/\\/g, '') };
}

function parseIdentifier(p: Parser): PathNode {
  for (;;) {
    if (isTerminator(p.next())) {
      p.backup();
      break;
    }
  }
  const value = p.consume();
  if (value === 'true' || value === 'false') return { t: 'bool', value: value === 'true' };
  return { t: 'ident', name: value };
}

function parseNumber(p: Parser): PathNode {
  if (p.peek() === '+' || p.peek() === '-') p.next();
  for (;;) {
    const r = p.next();
    if (r !== '.' && !/[0-9]/.test(r)) {
      p.backup();
      break;
    }
  }
  const value = p.consume();
  if (/^[-+]?[0-9]+$/.test(value)) return { t: 'int', value: Number(value) };
  if (/^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value)) return { t: 'float', value: Number(value) };
  throw new JsonPathError(`cannot parse number ${value}`);
}

function parseQuote(p: Parser, quote: string): PathNode {
  for (;;) {
    const r = p.next();
    if (r === EOF || r === '\n') throw new JsonPathError('unterminated quoted string');
    if (r === quote && p.input[p.pos - 2] !== '\\') break;
  }
  const raw = p.consume();
  return { t: 'text', text: unquote(raw) };
}

/** strconv.Unquote, extended (as client-go does) to single-quoted strings of any length. */
function unquote(raw: string): string {
  const body = raw.slice(1, -1);
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_m, e: string) => {
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
    };
    if (simple[e] !== undefined) return simple[e];
    if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e;
  });
}

const SLICE_RE = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;

function parseArray(p: Parser, depth: number): PathNode {
  for (;;) {
    const r = p.next();
    if (r === EOF || r === '\n') throw new JsonPathError('unterminated array');
    if (r === ']') break;
  }
  let text = p.consume().slice(1, -1);
  if (text === '*') text = ':';
  const parts = text.split(',');
  if (parts.length > 1) {
    const branches = parts.map((part) => parseSub(`[${part.trim()}]`, depth + 1));
    return { t: 'union', branches };
  }
  const dictKey = /^'([^']*)'$/.exec(text);
  if (dictKey) return { t: 'union', branches: [parseSub(`.${dictKey[1]}`, depth + 1)] };
  const m = SLICE_RE.exec(text);
  if (!m) throw new JsonPathError(`invalid array index ${text}`);
  const num = (s: string | undefined, i: number): number | undefined => {
    if (s === undefined || s === '') return undefined;
    const body = i > 0 ? s.slice(1) : s;
    return body === '' ? undefined : Number(body);
  };
  const start = num(m[1], 0);
  if (m[2] === undefined) {
    return { t: 'array', start, end: (start ?? 0) + 1, endDerived: true };
  }
  return { t: 'array', start, end: num(m[2], 1), step: num(m[3], 2), endDerived: false };
}

function parseSub(text: string, depth: number): PathNode[] {
  const p = new Parser(text);
  return parseAction(p, depth, true);
}

function parseFilter(p: Parser, depth: number): PathNode {
  p.pos += 3;
  p.consume();
  let begin = false;
  let end = false;
  let pair = '';
  for (;;) {
    const r = p.next();
    if (r === EOF || r === '\n') throw new JsonPathError('unterminated filter');
    if (r === '"' || r === "'") {
      if (!begin) {
        begin = true;
        pair = r;
      } else if (p.input[p.pos - 2] !== '\\' && r === pair) {
        end = true;
      }
    } else if (r === ')' && begin === end) {
      break;
    }
  }
  if (p.next() !== ']') throw new JsonPathError('unclosed array expect ]');
  const text = p.consume().slice(0, -2);
  const m = /^([^!<>=]+)([!<>=]+)(.+?)$/.exec(text);
  if (!m) return { t: 'filter', left: parseSub(text, depth + 1), right: [], op: 'exists' };
  return {
    t: 'filter',
    left: parseSub(m[1], depth + 1),
    right: parseSub(m[3], depth + 1),
    op: m[2],
  };
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** A value found by a path; `text` marks literal text, which prints raw. */
type Found = { value: Json };

const MAX_RESULTS = 100_000;

function isMap(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(input: Found[], node: PathNode, allowMissing: boolean): Found[] {
  switch (node.t) {
    case 'text':
      return [{ value: node.text }];
    case 'int':
    case 'float':
    case 'bool':
      return [{ value: node.value }];
    case 'ident':
      return input;
    case 'field':
      return evalField(input, node.name, allowMissing);
    case 'array':
      return evalArray(input, node);
    case 'wildcard':
      return evalWildcard(input);
    case 'recursive':
      return evalRecursive(input, 0);
    case 'union':
      return node.branches.flatMap((b) => evalList(input, b, allowMissing));
    case 'filter':
      return evalFilter(input, node, allowMissing);
  }
}

function evalList(input: Found[], nodes: PathNode[], allowMissing: boolean): Found[] {
  let cur = input;
  for (const node of nodes) {
    cur = walk(cur, node, allowMissing);
    if (cur.length > MAX_RESULTS) throw new JsonPathError('too many results');
  }
  return cur;
}

function evalField(input: Found[], name: string, allowMissing: boolean): Found[] {
  if (input.length === 0) return [];
  // `{.}` names the object itself.
  if (name === '') return input;
  const out: Found[] = [];
  for (const { value } of input) {
    if (
      isMap(value) &&
      Object.prototype.hasOwnProperty.call(value, name) &&
      value[name] !== undefined
    ) {
      out.push({ value: value[name] });
    }
  }
  if (out.length === 0 && !allowMissing) throw new JsonPathError(`${name} is not found`);
  return out;
}

function goTypeName(v: Json): string {
  if (isMap(v)) return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  return 'interface {}';
}

function evalArray(input: Found[], node: Extract<PathNode, { t: 'array' }>): Found[] {
  const out: Found[] = [];
  for (const { value } of input) {
    if (value === null || value === undefined) continue;
    if (!Array.isArray(value))
      throw new JsonPathError(`${goTypeName(value)} is not array or slice`);
    const len = value.length;
    let start = node.start ?? 0;
    if (start < 0) start += len;
    let end = node.end ?? len;
    if (node.end !== undefined && (end < 0 || (end === 0 && node.endDerived))) end += len;
    if (end === start) return out;
    if (start >= len || start < 0)
      throw new JsonPathError(`array index out of bounds: index ${start}, length ${len}`);
    if (end > len || end < 0)
      throw new JsonPathError(`array index out of bounds: index ${end - 1}, length ${len}`);
    if (start > end)
      throw new JsonPathError(`starting index ${start} is greater than ending index ${end}`);
    const step = node.step !== undefined && node.step > 1 ? node.step : 1;
    for (let i = start; i < end; i += step) out.push({ value: value[i] });
  }
  return out;
}

/** Map values in key order; Go's map iteration would give them in random order. */
function evalWildcard(input: Found[]): Found[] {
  const out: Found[] = [];
  for (const { value } of input) {
    if (Array.isArray(value)) value.forEach((v) => out.push({ value: v }));
    else if (isMap(value))
      Object.keys(value)
        .sort()
        .forEach((k) => out.push({ value: value[k] }));
  }
  return out;
}

function evalRecursive(input: Found[], depth: number): Found[] {
  const out: Found[] = [];
  if (depth > 200) return out;
  for (const { value } of input) {
    const children: Found[] = [];
    if (Array.isArray(value)) value.forEach((v) => children.push({ value: v }));
    else if (isMap(value))
      Object.keys(value)
        .sort()
        .forEach((k) => children.push({ value: value[k] }));
    if (children.length === 0) continue;
    out.push({ value });
    out.push(...evalRecursive(children, depth + 1));
    if (out.length > MAX_RESULTS) throw new JsonPathError('too many results');
  }
  return out;
}

function evalFilter(
  input: Found[],
  node: Extract<PathNode, { t: 'filter' }>,
  allowMissing: boolean,
): Found[] {
  const out: Found[] = [];
  for (const { value } of input) {
    if (!Array.isArray(value)) {
      throw new JsonPathError(`${goSprint(value)} is not array or slice and cannot be filtered`);
    }
    for (const item of value) {
      if (filterPasses(item, node, allowMissing)) out.push({ value: item });
    }
  }
  return out;
}

function filterPasses(
  item: Json,
  node: Extract<PathNode, { t: 'filter' }>,
  allowMissing: boolean,
): boolean {
  const temp = [{ value: item }];
  if (node.op === 'exists') {
    try {
      return evalList(temp, node.left, allowMissing).length > 0;
    } catch {
      return false;
    }
  }
  const lefts = evalList(temp, node.left, allowMissing);
  if (lefts.length === 0) return false;
  if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time');
  const rights = evalList(temp, node.right, allowMissing);
  if (rights.length === 0) return false;
  if (rights.length > 1) throw new JsonPathError('can only compare one element at a time');
  return compare(lefts[0].value, rights[0].value, node.op);
}

function compare(a: Json, b: Json, op: string): boolean {
  const sameKind =
    (typeof a === 'number' && typeof b === 'number') ||
    (typeof a === 'string' && typeof b === 'string') ||
    (typeof a === 'boolean' && typeof b === 'boolean' && (op === '==' || op === '!='));
  if (!sameKind) throw new JsonPathError('incompatible types for comparison');
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
  }
  throw new JsonPathError(`unrecognized filter operator ${op}`);
}

/** PrintResults: scalars raw, maps and lists as compact JSON, results joined by a space. */
function printResults(results: Found[]): string {
  return results
    .map(({ value }) => {
      if (typeof value === 'object' && value !== null) return jsonCompact(value);
      if (value === null || value === undefined) return 'null';
      return goSprint(value);
    })
    .join(' ');
}

interface Block {
  items: Array<TemplateNode | { t: 'range'; path: PathNode[]; body: Block }>;
}

/**
 * Groups `{range ...}` ... `{end}` into nested blocks. A range without an end runs to the end of
 * the template; an end without a range is an error, as in client-go.
 */
function toBlocks(nodes: TemplateNode[]): Block {
  const root: Block = { items: [] };
  const stack: Block[] = [root];
  for (const node of nodes) {
    const top = stack[stack.length - 1];
    if (node.t === 'action' && node.nodes[0]?.t === 'ident' && node.nodes[0].name === 'range') {
      const body: Block = { items: [] };
      top.items.push({ t: 'range', path: node.nodes.slice(1), body });
      stack.push(body);
    } else if (
      node.t === 'action' &&
      node.nodes[0]?.t === 'ident' &&
      node.nodes[0].name === 'end'
    ) {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
    } else {
      top.items.push(node);
    }
  }
  return root;
}

/** Runs a template over `data`; missing keys print nothing when `allowMissing` is set. */
export function executeTemplate(template: TemplateNode[], data: Json, allowMissing = true): string {
  let out = '';
  let budget = MAX_RESULTS;
  const run = (block: Block, value: Json): void => {
    for (const item of block.items) {
      if (--budget < 0) throw new JsonPathError('too many results');
      if (item.t === 'text') {
        out += item.text;
      } else if (item.t === 'action') {
        out += printResults(evalList([{ value }], item.nodes, allowMissing));
      } else {
        for (const found of evalList([{ value }], item.path, allowMissing))
          run(item.body, found.value);
      }
    }
  };
  run(toBlocks(template), data);
  return out;
}

/**
 * The values a custom-columns path finds: each rendered with fmt.Sprint and joined by `,`, or
 * `<none>` when nothing is found.
 */
export function columnCell(nodes: TemplateNode[], data: Json): string {
  const values: string[] = [];
  for (const node of nodes) {
    if (node.t === 'text') values.push(node.text);
    else
      values.push(...evalList([{ value: data }], node.nodes, true).map((f) => goSprint(f.value)));
  }
  return values.length === 0 ? '<none>' : values.join(',');
}
