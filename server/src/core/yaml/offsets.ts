import type { Document } from 'yaml';

/**
 * Each document is parsed from its own slice of the file, so the ranges in its syntax tree are
 * relative to that slice. This records where the slice starts; `locate` adds it.
 */
const offsets = new WeakMap<Document, number>();

export function setDocumentOffset(doc: Document, offset: number): void {
  offsets.set(doc, offset);
}

export function documentOffset(doc: Document): number {
  return offsets.get(doc) ?? 0;
}
