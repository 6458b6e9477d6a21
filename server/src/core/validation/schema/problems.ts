/** Turns schema errors of one object into problems at their places in the document's text. */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { problem, type Fix, type Problem } from '../../problem';
import type { ParsedDocument, Path } from '../../yaml/parse';
import { locate, type Span } from '../../yaml/locate';
import type { SchemaError } from './check';

/**
 * Problems for the schema errors of the object at `base` in a document (`[]` for the document
 * itself, `['items', i]` inside a List). Each lands on the key or value it names; an unknown
 * field with a close known name carries the quick fix that renames it.
 */
export function schemaProblems(doc: ParsedDocument, errors: readonly SchemaError[], base: Path = []): Problem[] {
  const out: Problem[] = [];
  for (const error of errors) {
    const span = spanOf(doc, [...base, ...error.path], error.at);
    if (!span) continue;
    const fix =
      error.suggestion && error.at === 'key'
        ? renameFix(span, error.suggestion)
        : error.code === 'wrong-type' && error.at === 'value' && wantsString(error.message)
          ? quoteFix(doc, [...base, ...error.path], span)
          : undefined;
    out.push(problem(error.code, 'error', error.message, span.start, span.end, fix ? { fixes: [fix] } : undefined));
  }
  return out;
}

function renameFix(span: Span, name: string): Fix {
  const edit = { start: span.start, end: span.end, newText: name };
  return { title: `Change to "${name}"`, edits: [edit], preferred: true };
}

/**
 * A plain scalar that YAML 1.1 reads as a boolean or a number (`y`, `on`, `1.10`, `0777`) where
 * the field wants a string: quoting it keeps the text as written.
 */
function quoteFix(doc: ParsedDocument, path: Path, span: Span): Fix | undefined {
  const node = nodeAt(doc.ast.contents as Node | null, path);
  if (!isScalar(node) || node.type !== 'PLAIN' || typeof node.source !== 'string') return undefined;
  if (typeof node.value !== 'boolean' && typeof node.value !== 'number') return undefined;
  const quoted = `"${node.source}"`;
  return { title: `Quote ${node.source} as the string ${quoted}`, edits: [{ ...span, newText: quoted }], preferred: true };
}

/** Whether a type error is about a field of Go type string (decoder and 1.20 wordings). */
function wantsString(message: string): boolean {
  return / of type string$/.test(message) || /expected "string"$/.test(message);
}

function spanOf(doc: ParsedDocument, path: Path, at: 'key' | 'value'): Span | undefined {
  const location = locate(doc.ast, path);
  if (!location) return undefined;
  if (location.depth === path.length) return at === 'key' && location.key ? location.key : location.value;
  // A missing field: point at the object that lacks it, by its key or, for a list item or the
  // document root, by the item's first key rather than the whole block.
  if (location.depth === path.length - 1 && location.key) return location.key;
  return firstKey(doc, path.slice(0, location.depth)) ?? location.value;
}

function firstKey(doc: ParsedDocument, path: Path): Span | undefined {
  const node = nodeAt(doc.ast.contents as Node | null, path);
  if (!isMap(node)) return undefined;
  const pair = node.items[0];
  if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) return undefined;
  return { start: pair.key.range[0] + doc.offset, end: pair.key.range[1] + doc.offset };
}

/** The node at a path, through maps and lists only (anchors are not followed: this is a hint). */
function nodeAt(root: Node | null, path: Path): Node | null {
  let node = root;
  for (const segment of path) {
    if (!node) return null;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      node = (pair?.value as Node | null) ?? null;
    } else if (isSeq(node)) {
      node = (node.items[Number(segment)] as Node | undefined) ?? null;
    } else return null;
  }
  return node;
}
