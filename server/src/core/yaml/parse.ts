import {
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Node,
  type ParsedNode,
  type Scalar,
  type Tags,
} from 'yaml';
import { problem, type Problem } from '../problem';
import { LineIndex } from './lines';

/** How many alias expansions one document may make before it is refused. */
export const MAX_ALIAS_COUNT = 1000;
/** How deeply collections may nest before a document is refused. */
export const MAX_NESTING_DEPTH = 200;

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** One YAML document of a file, with its syntax tree (for positions) and its decoded value. */
export interface ParsedDocument {
  /** Zero-based index of the document in its file. */
  index: number;
  /** Offsets of the document's text, from its first content to its end. */
  start: number;
  end: number;
  /** The syntax tree; positions of keys and values come from here. */
  ast: Document.Parsed;
  /** The value kubectl would send: YAML 1.1 types, aliases and merge keys resolved. */
  value: unknown;
  /** True when the document holds no content (empty or only comments). */
  empty: boolean;
  problems: Problem[];
}

export interface ParsedFile {
  text: string;
  lines: LineIndex;
  documents: ParsedDocument[];
  /** Problems of the file as a whole (for example a Helm template). */
  problems: Problem[];
  /** True when the file is a template that is not YAML until rendered. */
  template: boolean;
}

/**
 * The YAML 1.1 tags as kubectl's decoder reads them. Its decoder keeps timestamps as strings when
 * decoding into untyped values and does not read base-60 numbers, so both tags are dropped.
 */
function kubectlTags(tags: Tags): Tags {
  return tags.filter((tag) => {
    const t = tag as { tag?: string; format?: string };
    return t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME';
  });
}

const PARSE_OPTIONS = {
  version: '1.1' as const,
  merge: true,
  uniqueKeys: true,
  prettyErrors: false,
  customTags: kubectlTags,
  logLevel: 'error' as const,
};

/** Parses a manifest: every document, its value and its syntax problems. Never throws. */
export function parseManifest(text: string): ParsedFile {
  const lines = new LineIndex(text);
  const file: ParsedFile = { text, lines, documents: [], problems: [], template: false };
  const template = findTemplateAction(text);
  let asts: Document.Parsed[];
  try {
    asts = parseAllDocuments(text, PARSE_OPTIONS) as Document.Parsed[];
  } catch (err) {
    file.problems.push(problem('yaml-syntax', 'error', `YAML could not be read: ${String(err)}`, 0, 0));
    return file;
  }
  if (!Array.isArray(asts)) asts = [asts as unknown as Document.Parsed];
  asts.forEach((ast, index) => file.documents.push(decodeDocument(ast, index, text, lines)));
  if (template >= 0 && isTemplate(text, template, file.documents)) {
    file.template = true;
    file.documents = [];
    file.problems = [
      problem(
        'helm-template',
        'information',
        'Helm template: render it (helm template) to validate; template files are not checked.',
        template,
        template + 2,
      ),
    ];
  }
  return file;
}

function decodeDocument(
  ast: Document.Parsed,
  index: number,
  text: string,
  lines: LineIndex,
): ParsedDocument {
  const contents = ast.contents as ParsedNode | null;
  const [start, , end] = ast.range;
  const empty = contents === null || (isScalar(contents) && contents.source === '' && !contents.tag);
  const doc: ParsedDocument = {
    index,
    start: contents ? contents.range[0] : start,
    end,
    ast,
    value: null,
    empty,
    problems: [],
  };
  for (const err of ast.errors) doc.problems.push(syntaxProblem(ast, err, text, lines));
  for (const warn of ast.warnings) {
    const [s, e] = warn.pos;
    doc.problems.push(problem('yaml-warning', 'warning', firstLine(warn.message), s, e));
  }
  if (empty) return doc;
  if (contents && nestingTooDeep(contents)) {
    doc.problems.push(
      problem(
        'yaml-too-deep',
        'error',
        `document nests deeper than ${MAX_NESTING_DEPTH} levels; it was not checked`,
        doc.start,
        doc.start,
      ),
    );
    return doc;
  }
  try {
    doc.value = ast.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const code = /alias/i.test(message) ? 'yaml-alias-limit' : 'yaml-syntax';
    doc.problems.push(problem(code, 'error', firstLine(message), doc.start, doc.start));
    doc.value = null;
  }
  return doc;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function syntaxProblem(
  ast: Document.Parsed,
  err: { code: string; message: string; pos: [number, number] },
  text: string,
  lines: LineIndex,
): Problem {
  const [s, e] = err.pos;
  if (err.code === 'DUPLICATE_KEY') return duplicateKeyProblem(ast, s, lines) ?? fallback();
  if (err.code === 'TAB_AS_INDENT') {
    return problem('yaml-tab', 'error', 'found a tab character where indentation is expected; YAML allows only spaces', s, e);
  }
  return fallback();

  function fallback(): Problem {
    const end = e > s ? e : Math.min(text.length, s + 1);
    return problem('yaml-syntax', 'error', firstLine(err.message), s, end);
  }
}

/** Reports a repeated key at its second occurrence, pointing back to the first. */
function duplicateKeyProblem(ast: Document.Parsed, offset: number, lines: LineIndex): Problem | undefined {
  const found = findDuplicate(ast.contents as Node | null, offset);
  if (!found) return undefined;
  const { key, first, firstValue } = found;
  const firstLineNo = lines.position(first[0]).line + 1;
  const dropped = describeValue(firstValue);
  const message =
    `mapping key "${key}" already defined at line ${firstLineNo}; ` +
    `kubectl apply -f keeps the last value and silently drops the first` +
    (dropped ? ` (${dropped})` : '');
  return problem('yaml-duplicate-key', 'error', message, found.second[0], found.second[1], {
    related: [{ start: first[0], end: first[1], message: `first "${key}" is here` }],
  });
}

function describeValue(value: Node | null): string {
  if (!value) return '';
  if (isScalar(value)) return String(value.value);
  if (isSeq(value)) {
    const keys = value.items.flatMap((item) =>
      isMap(item) ? item.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter(Boolean) : [],
    );
    return keys.length ? `${keys.join(', ')} entr${keys.length === 1 ? 'y' : 'ies'}` : '';
  }
  if (isMap(value)) {
    const keys = value.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter(Boolean);
    return keys.length ? `keys ${keys.join(', ')}` : '';
  }
  return '';
}

interface Duplicate {
  key: string;
  first: [number, number];
  firstValue: Node | null;
  second: [number, number];
}

function findDuplicate(node: Node | null, offset: number): Duplicate | undefined {
  if (!node) return undefined;
  if (isMap(node)) {
    const seen = new Map<string, { range: [number, number]; value: Node | null }>();
    for (const pair of node.items) {
      const key = pair.key as ParsedNode | null;
      if (key && isScalar(key) && key.range) {
        const name = String(key.value);
        const range: [number, number] = [key.range[0], key.range[1]];
        const prior = seen.get(name);
        if (prior && range[0] <= offset && offset <= range[1]) {
          return { key: name, first: prior.range, firstValue: prior.value, second: range };
        }
        if (!prior) seen.set(name, { range, value: pair.value as Node | null });
      }
      const inner = findDuplicate(pair.value as Node | null, offset);
      if (inner) return inner;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const inner = findDuplicate(item as Node | null, offset);
      if (inner) return inner;
    }
  }
  return undefined;
}

function nestingTooDeep(root: Node): boolean {
  const stack: Array<[Node, number]> = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_NESTING_DEPTH) return true;
    if (isMap(node)) {
      for (const pair of node.items) if (pair.value) stack.push([pair.value as Node, depth + 1]);
    } else if (isSeq(node)) {
      for (const item of node.items) if (item) stack.push([item as Node, depth + 1]);
    }
  }
  return false;
}

/** Offset of the first `{{` that is not inside a comment, or -1. */
function findTemplateAction(text: string): number {
  let from = 0;
  for (;;) {
    const at = text.indexOf('{{', from);
    if (at < 0) return -1;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    if (!/(^|\s)#/.test(text.slice(lineStart, at))) return at;
    from = at + 2;
  }
}

/**
 * A file is a template when some `{{` stands outside a quoted or block string: such a file is not
 * YAML until rendered. `{{` inside a string (an alert text, a config file in a ConfigMap) is data.
 */
function isTemplate(text: string, first: number, documents: ParsedDocument[]): boolean {
  const strings: Array<[number, number]> = [];
  for (const doc of documents) collectStringScalars(doc.ast.contents as Node | null, strings);
  let at = first;
  while (at >= 0) {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const inComment = /(^|\s)#/.test(text.slice(lineStart, at));
    if (!inComment && !insideAny(strings, at)) return true;
    at = text.indexOf('{{', at + 2);
  }
  return false;
}

function collectStringScalars(node: Node | null, out: Array<[number, number]>): void {
  if (!node) return;
  if (isScalar(node)) {
    const s = node as Scalar & { range?: [number, number, number] };
    if (s.range && s.type !== 'PLAIN' && typeof s.value === 'string') out.push([s.range[0], s.range[1]]);
    return;
  }
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        collectStringScalars(item.key as Node | null, out);
        collectStringScalars(item.value as Node | null, out);
      } else collectStringScalars(item as Node | null, out);
    }
  } else if (isAlias(node)) return;
}

function insideAny(ranges: Array<[number, number]>, at: number): boolean {
  return ranges.some(([s, e]) => s <= at && at < e);
}
