/**
 * Small, conservative YAML text edits for quick fixes: add entries to a map (creating the maps on
 * the way when needed), replace a scalar, drop an entry. An edit is offered only where the nodes
 * are written in place: never through an alias or a `<<` merge, whose text serves other places.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { TextEdit } from '../../problem';
import { documentOffset } from '../../yaml/offsets';
import type { Path } from '../../yaml/parse';

type Ranged = Node & { range?: [number, number, number] | null };

interface Step {
  node: Node | null;
  pair?: Pair;
}

/** Walks a path through maps and lists written in place; stops (undefined) at aliases and merges. */
export function walkDirect(doc: Document, path: Path): Step[] | undefined {
  const steps: Step[] = [{ node: doc.contents as Node | null }];
  let node = doc.contents as Node | null;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!isSeq(node)) return steps;
      const item = node.items[seg] as Node | undefined;
      if (item === undefined || !isDirect(item)) return item === undefined ? steps : undefined;
      node = item;
      steps.push({ node });
      continue;
    }
    if (!isMap(node)) return steps;
    const pair = lastPair(node, seg);
    if (!pair) {
      if (node.items.some((p) => isScalar(p.key) && p.key.value === '<<')) return undefined;
      return steps;
    }
    const value = pair.value as Node | null;
    if (value && !isDirect(value)) return undefined;
    node = value;
    steps.push({ node, pair });
  }
  return steps;
}

function isDirect(node: Node): boolean {
  return isMap(node) || isSeq(node) || isScalar(node);
}

function lastPair(map: YAMLMap, key: string): Pair | undefined {
  let found: Pair | undefined;
  for (const p of map.items)
    if (isPair(p) && isScalar(p.key) && String(p.key.value) === key) found = p;
  return found;
}

const YAML11_SPECIAL =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
const NUMBERISH =
  /^[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|\.(?:inf|Inf|INF|nan|NaN|NAN))$/;

/** A string as a YAML 1.1 scalar that reads back as the same string. */
export function yamlString(s: string): string {
  const plain =
    /^[A-Za-z0-9_./][A-Za-z0-9_./-]*$/.test(s) && !YAML11_SPECIAL.test(s) && !NUMBERISH.test(s);
  return plain ? s : JSON.stringify(s);
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** Where the last entry of a block map ends (after any comment on its last line). */
function blockMapEnd(text: string, map: YAMLMap): number {
  let end = (map as Ranged).range![1];
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return lineEndOf(text, end - 1);
}

function render(entries: Array<[string, string]>, indent: string, flow: boolean): string {
  if (flow) return `{${entries.map(([k, v]) => `${yamlString(k)}: ${yamlString(v)}`).join(', ')}}`;
  return entries.map(([k, v]) => `\n${indent}${yamlString(k)}: ${yamlString(v)}`).join('');
}

/**
 * Edits that give the map at `path` these entries: existing keys get their value replaced,
 * missing keys are added, and missing maps on the way are created. Undefined when the place
 * cannot be edited safely.
 */
export function setEntries(
  doc: Document,
  text: string,
  path: Path,
  entries: Array<[string, string]>,
): TextEdit[] | undefined {
  return inChunk(doc, text, (local) => setEntriesLocal(doc, local, path, entries));
}

function setEntriesLocal(
  doc: Document,
  text: string,
  path: Path,
  entries: Array<[string, string]>,
): TextEdit[] | undefined {
  const steps = walkDirect(doc, path);
  if (!steps) return undefined;
  const last = steps[steps.length - 1];
  const missing = path.slice(steps.length - 1);
  if (missing.some((s) => typeof s === 'number')) return undefined;
  if (missing.length === 0) return editMap(text, last.node, entries);
  return createMaps(text, last, missing as string[], entries);
}

function editMap(
  text: string,
  node: Node | null,
  entries: Array<[string, string]>,
): TextEdit[] | undefined {
  if (!isMap(node)) return undefined;
  const edits: TextEdit[] = [];
  const added: Array<[string, string]> = [];
  for (const [k, v] of entries) {
    const pair = lastPair(node, k);
    const value = pair?.value as Ranged | null | undefined;
    if (!pair) added.push([k, v]);
    else if (isScalar(value) && value.range && value.value !== v)
      edits.push({ start: value.range[0], end: value.range[1], newText: yamlString(v) });
    else if (!isScalar(value)) return undefined;
  }
  if (added.length) {
    const add = addToMap(text, node, added);
    if (!add) return undefined;
    edits.push(add);
  }
  return edits;
}

function addToMap(
  text: string,
  map: YAMLMap,
  entries: Array<[string, string]>,
): TextEdit | undefined {
  const range = (map as Ranged).range;
  if (!range) return undefined;
  if (map.flow) {
    const close = text.lastIndexOf('}', range[1]);
    if (close < range[0]) return undefined;
    const inner = render(entries, '', true).slice(1, -1);
    return { start: close, end: close, newText: map.items.length ? `, ${inner}` : inner };
  }
  const first = map.items[0]?.key as Ranged | undefined;
  if (!first?.range) return undefined;
  const indent = ' '.repeat(first.range[0] - lineStartOf(text, first.range[0]));
  const at = blockMapEnd(text, map);
  return { start: at, end: at, newText: render(entries, indent, false) };
}

/** Adds `a:\n  b:\n    k: v` below the deepest existing map on the way. */
function createMaps(
  text: string,
  last: Step,
  keys: string[],
  entries: Array<[string, string]>,
): TextEdit[] | undefined {
  const parent = last.node;
  if (isMap(parent) && parent.items.length) {
    const first = parent.items[0].key as Ranged;
    if (!first.range) return undefined;
    const indent = ' '.repeat(first.range[0] - lineStartOf(text, first.range[0]));
    if (parent.flow) return undefined;
    const at = blockMapEnd(text, parent);
    return [{ start: at, end: at, newText: nested(keys, entries, indent) }];
  }
  // `key:` with nothing after it: the new maps go on the following lines.
  const key = last.pair?.key as Ranged | undefined;
  const empty = parent === null || (isScalar(parent) && parent.value === null && !parent.source);
  if (!key?.range || !empty) return undefined;
  const indent = ' '.repeat(key.range[0] - lineStartOf(text, key.range[0])) + '  ';
  const at = lineEndOf(text, key.range[1]);
  return [{ start: at, end: at, newText: nested(keys, entries, indent) }];
}

function nested(keys: string[], entries: Array<[string, string]>, indent: string): string {
  let out = '';
  let pad = indent;
  for (const k of keys) {
    out += `\n${pad}${yamlString(k)}:`;
    pad += '  ';
  }
  return out + render(entries, pad, false);
}

/** Removes one entry of a block map (its whole lines); undefined for flow maps. */
export function removeEntry(
  doc: Document,
  text: string,
  path: Path,
  key: string,
): TextEdit | undefined {
  return inChunk(doc, text, (local) => removeEntryLocal(doc, local, path, key));
}

function removeEntryLocal(
  doc: Document,
  text: string,
  path: Path,
  key: string,
): TextEdit | undefined {
  const steps = walkDirect(doc, path);
  if (!steps || steps.length !== path.length + 1) return undefined;
  const map = steps[steps.length - 1].node;
  if (!isMap(map) || map.flow) return undefined;
  const pair = lastPair(map, key);
  const k = pair?.key as Ranged | undefined;
  const v = pair?.value as Ranged | undefined;
  if (!k?.range) return undefined;
  const start = lineStartOf(text, k.range[0]);
  let end = v?.range ? v.range[1] : k.range[1];
  while (end > start && /\s/.test(text[end - 1])) end--;
  const lineEnd = lineEndOf(text, end);
  const next = text[lineEnd] === '\r' ? lineEnd + 2 : lineEnd + 1;
  return { start, end: Math.min(next, text.length), newText: '' };
}

/** The file range of the scalar at a path, when it is written in place. */
export function scalarAt(
  doc: Document,
  path: Path,
): { start: number; end: number; node: Node } | undefined {
  const steps = walkDirect(doc, path);
  if (!steps || steps.length !== path.length + 1) return undefined;
  const node = steps[steps.length - 1].node as Ranged | null;
  if (!isScalar(node) || !node.range) return undefined;
  const off = documentOffset(doc);
  return { start: node.range[0] + off, end: node.range[1] + off, node };
}

/**
 * A document's syntax tree counts offsets from the start of its own chunk of the file; edits
 * are computed on that chunk and moved to file offsets.
 */
function inChunk<T extends TextEdit | TextEdit[]>(
  doc: Document,
  text: string,
  run: (local: string) => T | undefined,
): T | undefined {
  const off = documentOffset(doc);
  const result = run(text.slice(off));
  if (result === undefined) return undefined;
  const shift = (e: TextEdit): TextEdit => ({ ...e, start: e.start + off, end: e.end + off });
  return (Array.isArray(result) ? result.map(shift) : shift(result as TextEdit)) as T;
}
