import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import { documentOffset } from './offsets';
import type { Path } from './parse';

export interface Span {
  start: number;
  end: number;
}

/** Where a path of a document stands in the text. */
export interface Location {
  /** The key that names the last segment, when the last segment is a map key. */
  key?: Span;
  /** The value at the path. */
  value: Span;
  /** How many segments of the path were found; equal to the path length when all were. */
  depth: number;
}

type Ranged = Node & { range?: [number, number, number] | null };

function spanAt(node: Ranged | null | undefined, offset: number): Span | undefined {
  if (!node || !node.range) return undefined;
  return { start: node.range[0] + offset, end: node.range[1] + offset };
}

/** Follows an alias to the node it names, within a bounded number of hops. */
function resolve(doc: Document, node: Node | null | undefined): Node | null {
  let current = node ?? null;
  for (let hops = 0; current && isAlias(current) && hops < 32; hops++) {
    current = current.resolve(doc) ?? null;
  }
  return current;
}

/**
 * Finds the pair for `key` in a map as kubectl would read it: the last pair with that key wins,
 * and `<<` merge keys supply keys the map does not set itself.
 */
function findPair(doc: Document, map: Node, key: string, seen = 0): Pair | undefined {
  if (!isMap(map) || seen > 32) return undefined;
  let found: Pair | undefined;
  const merges: Node[] = [];
  for (const pair of map.items) {
    const k = pair.key as Node | null;
    if (!isScalar(k)) continue;
    if (typeof k.value === 'symbol' || (k.source === '<<' && k.type === 'PLAIN')) merges.push(pair.value as Node);
    else if (String(k.value) === key) found = pair;
  }
  if (found) return found;
  for (const merge of merges) {
    const target = resolve(doc, merge);
    const sources = isSeq(target) ? target.items.map((i) => resolve(doc, i as Node)) : [target];
    for (const source of sources) {
      const pair = source ? findPair(doc, source, key, seen + 1) : undefined;
      if (pair) return pair;
    }
  }
  return undefined;
}

/**
 * Locates a path (map keys and list indexes) in a document. When the whole path does not exist,
 * returns the deepest node that does, with `depth` telling how far the path got.
 */
export function locate(doc: Document, path: Path): Location | undefined {
  const offset = documentOffset(doc);
  const span = (n: Ranged | null | undefined) => spanAt(n, offset);
  let node = resolve(doc, doc.contents as Node | null);
  const root = span(node as Ranged);
  if (!root) return undefined;
  let location: Location = { value: root, depth: 0 };
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (typeof segment === 'number' && isSeq(node)) {
      const item = node.items[segment] as Node | undefined;
      const resolved = resolve(doc, item);
      const s = span(item as Ranged) ?? span(resolved as Ranged);
      if (!s) return location;
      location = { value: s, depth: i + 1 };
      node = resolved;
      continue;
    }
    if (!node || !isMap(node)) return location;
    const pair = findPair(doc, node, String(segment));
    if (!pair) return location;
    const keySpan = span(pair.key as Ranged);
    const valueNode = pair.value as Node | null;
    const valueSpan = span(valueNode as Ranged) ?? keySpan;
    if (!valueSpan) return location;
    location = { key: keySpan, value: valueSpan, depth: i + 1 };
    node = resolve(doc, valueNode);
  }
  return location;
}

/** The span to underline for a path: the key when there is one, else the value. */
export function keyOrValue(doc: Document, path: Path): Span | undefined {
  const at = locate(doc, path);
  if (!at) return undefined;
  return at.depth === path.length && at.key ? at.key : at.value;
}
