import {
  Document,
  type Alias,
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
import { fastDecode } from './fast';
import { goPlainNumber } from './scalars';
import { setDocumentOffset } from './offsets';

/** How many alias expansions one document may make before it is refused. */
export const MAX_ALIAS_COUNT = 100_000;
/** How deeply collections may nest before a document is refused. */
export const MAX_NESTING_DEPTH = 200;

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** One YAML document of a file, with its syntax tree (for positions) and its decoded value. */
export interface ParsedDocument {
  /** Zero-based index of the document in its file. */
  readonly index: number;
  /** Offsets of the document's text, from its first content to its end. */
  readonly start: number;
  readonly end: number;
  /** Where the document's chunk of text starts in the file. */
  readonly offset: number;
  /**
   * The syntax tree; positions of keys and values come from here (through `locate`, which adds
   * `offset`). It may be built on first use, so read it only to place a problem.
   */
  readonly ast: Document.Parsed;
  /** The value kubectl would send: YAML 1.1 types, aliases and merge keys resolved. */
  readonly value: unknown;
  /** True when the document holds no content (empty or only comments). */
  readonly empty: boolean;
  readonly problems: Problem[];
  /** The same object for every parse of the same document text: a key for caches. */
  readonly identity: object;
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

/** Plain scalars that may be numbers, typed as kubectl's YAML reader types them. */
const GO_NUMBER = {
  identify: (value: unknown) => typeof value === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: /^[-+.0-9]/,
  resolve: (text: string) => goPlainNumber(text),
};

/**
 * The YAML 1.1 tags as kubectl's decoder reads them. Its decoder keeps timestamps as strings when
 * decoding into untyped values and does not read base-60 numbers, so both tags are dropped; its
 * integers and floats follow Go's parsers rather than the YAML 1.1 patterns (`e5` is a string,
 * `0o17` is 15), so one tag of its own replaces them. `.inf` and `.nan` keep theirs.
 */
function kubectlTags(tags: Tags): Tags {
  const kept = tags.filter((tag) => {
    const t = tag as { tag?: string; format?: string; test?: RegExp };
    if (t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME') return false;
    if (t.tag === 'tag:yaml.org,2002:int') return false;
    return !(t.tag === 'tag:yaml.org,2002:float' && !String(t.test).includes('inf'));
  });
  const special = kept.findIndex((t) => (t as { tag?: string }).tag === 'tag:yaml.org,2002:float');
  kept.splice(special + 1, 0, GO_NUMBER as unknown as Tags[number]);
  return kept;
}

/** The options the `yaml` package is given, so that it reads YAML as kubectl does. */
export const PARSE_OPTIONS = {
  version: '1.1' as const,
  merge: true,
  uniqueKeys: true,
  prettyErrors: false,
  customTags: kubectlTags,
  logLevel: 'error' as const,
};

/**
 * Remembers decoded documents by their text, so that an edit re-parses only the documents it
 * touches. Holds only the documents of the last parse, so it never grows past one file.
 */
export class ParseCache {
  entries = new Map<string, Decoded[]>();
}

/** A document decoded on its own, in offsets relative to the start of its chunk of text. */
interface Decoded {
  /** The syntax tree, or undefined until it is first needed. */
  ast?: Document.Parsed;
  /** The chunk of text the document was decoded from, to build the syntax tree later. */
  source: string;
  value: unknown;
  empty: boolean;
  start: number;
  end: number;
  problems: Problem[];
  duplicates: Duplicate[];
}

/**
 * Parses a manifest: every document, its value and its syntax problems. Never throws. Each
 * document is parsed on its own (a `---` line at column 0 always ends a document in YAML), and
 * with a cache the unchanged documents of an edited file are reused.
 */
export function parseManifest(text: string, cache?: ParseCache): ParsedFile {
  const lines = new LineIndex(text);
  const file: ParsedFile = { text, lines, documents: [], problems: [], template: false };
  const used = new Map<string, Decoded[]>();
  for (const chunk of splitChunks(text)) {
    const source = text.slice(chunk.start, chunk.end);
    const decoded = used.get(source) ?? cache?.entries.get(source) ?? decodeChunk(source);
    used.set(source, decoded);
    for (const d of decoded) file.documents.push(place(d, chunk.start, file.documents.length, lines));
  }
  if (cache) cache.entries = used;
  const template = findTemplateAction(text);
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

/**
 * Splits a text into chunks that each start at a `---` line. A file with directives (`%YAML`)
 * stays whole, since a directive belongs to the document that follows it.
 */
export function splitChunks(text: string): Array<{ start: number; end: number }> {
  if (text.startsWith('%') || text.includes('\n%')) return [{ start: 0, end: text.length }];
  const chunks: Array<{ start: number; end: number }> = [];
  let start = 0;
  let at = text.startsWith('---') ? 0 : text.indexOf('\n---');
  while (at >= 0) {
    const marker = at === 0 && text.startsWith('---') ? 0 : at + 1;
    const next = text.charCodeAt(marker + 3);
    const isMarker = Number.isNaN(next) || next === 10 || next === 13 || next === 32 || next === 9;
    if (isMarker && marker > start) {
      chunks.push({ start, end: marker });
      start = marker;
    }
    at = text.indexOf('\n---', marker + 3);
  }
  chunks.push({ start, end: text.length });
  return chunks;
}

/** Decodes one chunk: by the fast path when it is sure of the value, else by the full parser. */
function decodeChunk(source: string): Decoded[] {
  const fast = fastDecode(source);
  if (fast.ok) {
    const { value, empty, contentStart } = fast;
    return [{ source, value, empty, start: contentStart, end: source.length, problems: [], duplicates: [] }];
  }
  let asts: Document.Parsed[];
  try {
    asts = parseAllDocuments(source, PARSE_OPTIONS) as Document.Parsed[];
  } catch (err) {
    const failed = problem('yaml-syntax', 'error', `YAML could not be read: ${String(err)}`, 0, 0);
    const ast = new Document() as Document.Parsed;
    return [{ ast, source, value: null, empty: true, start: 0, end: 0, problems: [failed], duplicates: [] }];
  }
  if (!Array.isArray(asts)) asts = [asts as unknown as Document.Parsed];
  return asts.map((ast) => decodeDocument(ast, source));
}

/** A decoded document placed at its offset in one file. */
class PlacedDocument implements ParsedDocument {
  constructor(
    private readonly decoded: Decoded,
    readonly offset: number,
    readonly index: number,
    readonly problems: Problem[],
  ) {}

  get start(): number {
    return this.decoded.start + this.offset;
  }

  get end(): number {
    return this.decoded.end + this.offset;
  }

  get value(): unknown {
    return this.decoded.value;
  }

  get empty(): boolean {
    return this.decoded.empty;
  }

  get identity(): object {
    return this.decoded;
  }

  get ast(): Document.Parsed {
    const d = this.decoded;
    if (!d.ast) d.ast = (parseAllDocuments(d.source, PARSE_OPTIONS) as Document.Parsed[])[0] ?? new Document();
    setDocumentOffset(d.ast, this.offset);
    return d.ast;
  }
}

/** Puts a decoded document at its offset in the file. */
function place(d: Decoded, offset: number, index: number, lines: LineIndex): ParsedDocument {
  const shift = (p: Problem): Problem => ({
    ...p,
    start: p.start + offset,
    end: p.end + offset,
    related: p.related?.map((r) => ({ ...r, start: r.start + offset, end: r.end + offset })),
  });
  const problems = d.problems.map(shift);
  for (const dup of d.duplicates) problems.push(shift(duplicateKeyProblem(dup, lines, offset)));
  return new PlacedDocument(d, offset, index, problems);
}

function decodeDocument(ast: Document.Parsed, text: string): Decoded {
  const contents = ast.contents as ParsedNode | null;
  const [start, , end] = ast.range;
  const empty = contents === null || (isScalar(contents) && contents.source === '' && !contents.tag);
  const doc: Decoded = {
    ast,
    source: text,
    value: null,
    empty,
    start: contents ? contents.range[0] : start,
    end,
    problems: [],
    duplicates: [],
  };
  const syntax: Problem[] = [];
  for (const err of ast.errors) {
    const dup = err.code === 'DUPLICATE_KEY' ? findDuplicate(contents, err.pos[0]) : undefined;
    if (dup) doc.duplicates.push(dup);
    else syntax.push(syntaxProblem(err, text));
  }
  // Like kubectl, report the first syntax error only: the parser's later errors mostly follow
  // from it. A tab used as indentation is the usual root cause, so it goes first.
  const first = syntax.find((p) => p.code === 'yaml-tab') ?? syntax[0];
  if (first) doc.problems.push(first);
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
  const hasAlias = contents && text.slice(doc.start, end).includes('*');
  const cycle = hasAlias ? selfReferencingAlias(contents) : undefined;
  if (cycle?.range) {
    const message = `anchor "${cycle.source}" value contains itself`;
    doc.problems.push(problem('yaml-alias-cycle', 'error', message, cycle.range[0], cycle.range[1]));
    return doc;
  }
  try {
    doc.value = ast.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    doc.problems.push(decodeProblem(err, text, doc));
    doc.value = null;
  }
  return doc;
}

/** Turns a failure to build the document's value into a problem at the right place. */
function decodeProblem(err: unknown, text: string, doc: Decoded): Problem {
  const message = err instanceof Error ? err.message : String(err);
  const unresolved = /Unresolved alias.*: (.+)$/.exec(message);
  if (unresolved) {
    const name = unresolved[1].trim();
    const at = text.indexOf(`*${name}`, doc.start);
    const start = at >= 0 && at < doc.end ? at : doc.start;
    return problem('yaml-unknown-alias', 'error', `unknown anchor "${name}" referenced`, start, start + name.length + 1);
  }
  if (/alias/i.test(message)) {
    const text = `aliases expand to more than ${MAX_ALIAS_COUNT} nodes; the document was not checked`;
    return problem('yaml-alias-limit', 'error', text, doc.start, doc.start);
  }
  return problem('yaml-syntax', 'error', firstLine(message), doc.start, doc.start);
}

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function syntaxProblem(err: { code: string; message: string; pos: [number, number] }, text: string): Problem {
  const [s, e] = err.pos;
  if (err.code === 'TAB_AS_INDENT') {
    return problem('yaml-tab', 'error', 'found a tab character where indentation is expected; YAML allows only spaces', s, e);
  }
  const end = e > s ? e : Math.min(text.length, s + 1);
  return problem('yaml-syntax', 'error', firstLine(err.message), s, end);
}

/** Reports a repeated key at its second occurrence, pointing back to the first (by file line). */
function duplicateKeyProblem(dup: Duplicate, lines: LineIndex, offset: number): Problem {
  const { key, first, firstValue } = dup;
  const firstLineNo = lines.position(first[0] + offset).line + 1;
  const dropped = describeValue(firstValue);
  const message =
    `mapping key "${key}" already defined at line ${firstLineNo}; ` +
    `kubectl apply -f keeps the last value and silently drops the first` +
    (dropped ? ` (${dropped})` : '');
  return problem('yaml-duplicate-key', 'error', message, dup.second[0], dup.second[1], {
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

type RangedAlias = Alias & { range?: [number, number, number] };

/**
 * An alias that stands inside the node its anchor names, which would make the value infinite.
 * An alias names the closest anchor of that name before it; each is found by a binary search, so
 * a document with thousands of aliases stays linear-logarithmic.
 */
function selfReferencingAlias(root: Node): RangedAlias | undefined {
  const aliases: RangedAlias[] = [];
  const anchors = new Map<string, Array<[number, number]>>();
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()! as Node & { anchor?: string; range?: [number, number, number] };
    if (isAlias(node)) {
      aliases.push(node as RangedAlias);
      continue;
    }
    if (node.anchor && node.range) {
      const list = anchors.get(node.anchor) ?? [];
      list.push([node.range[0], node.range[2]]);
      anchors.set(node.anchor, list);
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        if (pair.key) stack.push(pair.key as Node);
        if (pair.value) stack.push(pair.value as Node);
      }
    } else if (isSeq(node)) for (const item of node.items) if (item) stack.push(item as Node);
  }
  for (const list of anchors.values()) list.sort((x, y) => x[0] - y[0]);
  return aliases.find((alias) => {
    const at = alias.range;
    const target = at ? closestBefore(anchors.get(alias.source) ?? [], at[0]) : undefined;
    return !!(target && at && target[0] <= at[0] && at[1] <= target[1]);
  });
}

/** The last anchor range that starts before `offset`. */
function closestBefore(ranges: Array<[number, number]>, offset: number): [number, number] | undefined {
  let lo = 0;
  let hi = ranges.length - 1;
  let found: [number, number] | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid][0] < offset) {
      found = ranges[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
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
 * A file is a template when some `{{` stands outside a string: such a file is not YAML until
 * rendered. `{{` inside a string (an alert text, a config file in a ConfigMap) is data; a
 * template action where a value starts is read by YAML as a flow mapping, never as a string.
 */
function isTemplate(text: string, first: number, documents: ParsedDocument[]): boolean {
  const strings: Array<[number, number]> = [];
  for (const doc of documents) {
    const offset = doc.offset;
    const own: Array<[number, number]> = [];
    collectStringScalars(doc.ast.contents as Node | null, own);
    for (const [s, e] of own) strings.push([s + offset, e + offset]);
  }
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
    if (s.range && typeof s.value === 'string') out.push([s.range[0], s.range[1]]);
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
