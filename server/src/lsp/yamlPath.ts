/**
 * Where the cursor stands in a block-style YAML manifest, read from the text's indentation so
 * that it also works on a half-typed document the parser rejects.
 */
import type { PathSegment } from '../core/yaml/parse';

interface Frame {
  column: number;
  segment: PathSegment;
  item: boolean;
}

/** The document around a line: its line range, `kind` and `apiVersion` when they are given. */
export interface DocumentSpan {
  firstLine: number;
  lastLine: number;
  kind?: string;
  apiVersion?: string;
}

export interface CursorPath {
  doc: DocumentSpan;
  /** The path of the key under the cursor (hover), or of the map a new key goes in (completion). */
  path: PathSegment[];
  /** For hover: the key under the cursor (or whose value the cursor is on). */
  key?: { name: string; start: number; end: number };
  /** For completion: the characters of a key typed so far, and where they start. */
  typed?: { text: string; start: number };
}

const KEY =
  /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\-?:,[\]{}][^#]*?|-[^\s#][^#]*?)\s*:(?=\s|$)/;
const DOC_MARK = /^(---|\.\.\.)(\s|$)/;

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The document a line belongs to (documents are separated by `---` lines). */
export function documentAround(lines: readonly string[], at: number): DocumentSpan {
  // A position past the end (any number is a valid LSP line) means the last line.
  const line = Math.max(0, Math.min(Number.isFinite(at) ? Math.floor(at) : 0, lines.length - 1));
  let first = line;
  while (first > 0 && !DOC_MARK.test(lines[first - 1])) first--;
  if (DOC_MARK.test(lines[first] ?? '') && first < line) first++;
  let last = line;
  while (last + 1 < lines.length && !DOC_MARK.test(lines[last + 1])) last++;
  const span: DocumentSpan = { firstLine: first, lastLine: last };
  for (let i = first; i <= last; i++) {
    const m = /^(kind|apiVersion):\s*["']?([^\s"'#]+)/.exec(lines[i]);
    if (m && m[1] === 'kind') span.kind ??= m[2];
    if (m && m[1] === 'apiVersion') span.apiVersion ??= m[2];
  }
  return span;
}

function unquote(key: string): string {
  if (key.startsWith('"')) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  if (key.startsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key;
}

/**
 * Reads one line into the frames it opens: one per `- ` item marker, then its key. Stops
 * before `limit` (the cursor) when given. Returns what the caller needs about the rest.
 */
function readLine(
  text: string,
  stack: Frame[],
  counters: Map<string, number>,
  limit = Infinity,
): { keyAt?: number; key?: string; keyEnd?: number; value: string; contentColumn: number } {
  let col = text.length - text.trimStart().length;
  let rest = text.slice(col);
  while ((rest === '-' || rest.startsWith('- ')) && col < limit) {
    pushItem(stack, counters, col);
    const after = rest.slice(1);
    const pad = after.length - after.trimStart().length;
    col += 1 + pad;
    rest = after.trimStart();
  }
  const m = KEY.exec(rest);
  if (!m || col >= limit) return { value: rest, contentColumn: col };
  popTo(stack, col, false);
  const key = unquote(m[1].trim());
  stack.push({ column: col, segment: key, item: false });
  return {
    keyAt: col,
    key,
    keyEnd: col + m[1].trim().length,
    value: rest.slice(m[0].length).trim(),
    contentColumn: col,
  };
}

/** Drops the frames a line at `column` closes; a `- ` at a key's own column keeps that key. */
function popTo(stack: Frame[], column: number, forItem: boolean): Frame | undefined {
  let popped: Frame | undefined;
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.column < column) break;
    if (top.column === column && forItem && !top.item) break;
    popped = stack.pop();
    if (forItem && popped?.item && popped.column === column) return popped;
  }
  return undefined;
}

function pushItem(stack: Frame[], counters: Map<string, number>, column: number): void {
  const sibling = popTo(stack, column, true);
  const parent = stack.map((f) => String(f.segment)).join('\u0000');
  const key = `${parent}@${column}`;
  const index = sibling ? (counters.get(key) ?? 0) + 1 : 0;
  counters.set(key, index);
  stack.push({ column, segment: index, item: true });
}

/** Runs the frames from the document's first line up to (not including) `line`. */
function framesBefore(lines: readonly string[], doc: DocumentSpan, line: number) {
  const stack: Frame[] = [];
  const counters = new Map<string, number>();
  let blockColumn: number | undefined;
  const end = Math.min(line, lines.length);
  for (let i = doc.firstLine; i < end; i++) {
    const text = lines[i];
    const trimmed = text.trim();
    const indent = text.length - text.trimStart().length;
    if (blockColumn !== undefined) {
      if (trimmed === '' || indent > blockColumn) continue;
      blockColumn = undefined;
    }
    if (trimmed === '' || trimmed.startsWith('#') || DOC_MARK.test(text)) continue;
    const read = readLine(text, stack, counters);
    if (read.keyAt !== undefined && /^[|>][-+0-9]*(\s+#.*)?$/.test(read.value))
      blockColumn = read.keyAt;
  }
  return { stack, counters, blockColumn };
}

function pathOf(stack: readonly Frame[]): PathSegment[] {
  return stack.map((f) => f.segment);
}

/** The key under (or before) the cursor, for hover. Undefined inside comments and block text. */
export function keyAt(
  lines: readonly string[],
  line: number,
  character: number,
): CursorPath | undefined {
  const doc = documentAround(lines, line);
  const { stack, counters, blockColumn } = framesBefore(lines, doc, line);
  const text = lines[line] ?? '';
  const indent = text.length - text.trimStart().length;
  if (blockColumn !== undefined && text.trim() !== '' && indent > blockColumn) return undefined;
  const hash = text.indexOf(' #');
  if (text.trimStart().startsWith('#') || (hash >= 0 && character > hash)) return undefined;
  const read = readLine(text, stack, counters);
  if (read.key === undefined || read.keyAt === undefined || character < read.keyAt)
    return undefined;
  return {
    doc,
    path: pathOf(stack),
    key: { name: read.key, start: read.keyAt, end: read.keyEnd ?? read.keyAt },
  };
}

/**
 * Where a new key would go, for completion: the map path and the characters typed so far.
 * Undefined when the cursor is after a `key:` (on a value) or inside block text.
 */
export function slotAt(
  lines: readonly string[],
  line: number,
  character: number,
): CursorPath | undefined {
  const doc = documentAround(lines, line);
  const { stack, counters, blockColumn } = framesBefore(lines, doc, line);
  const before = (lines[line] ?? '').slice(0, character);
  const indent = before.length - before.trimStart().length;
  if (blockColumn !== undefined && indent > blockColumn) return undefined;
  if (before.includes(':') || before.includes('#')) return undefined;
  let col = indent;
  let rest = before.slice(col);
  while (rest === '-' || rest.startsWith('- ')) {
    pushItem(stack, counters, col);
    const after = rest.slice(1);
    col += 1 + (after.length - after.trimStart().length);
    rest = after.trimStart();
  }
  if (!/^[\w./-]*$/.test(rest)) return undefined;
  popTo(stack, col, false);
  return { doc, path: pathOf(stack), typed: { text: rest, start: col } };
}
