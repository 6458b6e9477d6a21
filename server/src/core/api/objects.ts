import type { ParsedDocument, ParsedFile, Path } from '../yaml/parse';

/** A Kubernetes object found in a manifest, with where it came from. */
export interface ManifestObject {
  /** The file the object was read from (a path or a URI, as the caller named it). */
  uri: string;
  file: ParsedFile;
  doc: ParsedDocument;
  /** Path of the object inside its document: `[]`, or `['items', i]` inside a `kind: List`. */
  base: Path;
  value: Record<string, unknown>;
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when a value has the two fields that make a document a Kubernetes object. */
export function looksLikeObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string';
}

/**
 * The Kubernetes objects of a parsed file, recognised by `apiVersion` and `kind` (never by file
 * name). Documents that are not Kubernetes objects are left alone; `kind: List` is expanded.
 */
export function objectsOf(uri: string, file: ParsedFile): ManifestObject[] {
  return file.documents.flatMap((doc) => objectsOfDocument(uri, file, doc));
}

/** The Kubernetes objects of one document: none, one, or the items of a `kind: List`. */
export function objectsOfDocument(uri: string, file: ParsedFile, doc: ParsedDocument): ManifestObject[] {
  if (doc.empty || !looksLikeObject(doc.value)) return [];
  const value = doc.value;
  if (value.kind === 'List' && value.apiVersion === 'v1' && Array.isArray(value.items)) {
    const out: ManifestObject[] = [];
    value.items.forEach((item, i) => {
      if (looksLikeObject(item)) out.push(makeObject(uri, file, doc, ['items', i], item));
    });
    return out;
  }
  return [makeObject(uri, file, doc, [], value)];
}

function makeObject(
  uri: string,
  file: ParsedFile,
  doc: ParsedDocument,
  base: Path,
  value: Record<string, unknown>,
): ManifestObject {
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  return {
    uri,
    file,
    doc,
    base,
    value,
    apiVersion: value.apiVersion as string,
    kind: value.kind as string,
    name: typeof metadata.name === 'string' ? metadata.name : undefined,
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
  };
}

/** The API group of an apiVersion: `apps` for `apps/v1`, `` for `v1`. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
