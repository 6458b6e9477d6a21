/**
 * The validation pipeline shared by the language server and the CLI: text → documents → objects
 * → problems. Pure: files come in as text, problems go out as values.
 */
import { objectsOfDocument, type ManifestObject } from './api/objects';
import type { Minor } from './api/versions';
import { problem, sortProblems, type Problem } from './problem';
import { checkSchema, schemaProblems } from './validation/schema';
import { crossDocumentChecks } from './validation/crossdoc';
import { checkObjectRules } from './validation/rules';
import { checkServed } from './validation/served';
import { ParseCache, parseManifest, type ParsedDocument, type ParsedFile } from './yaml/parse';

export interface SourceFile {
  uri: string;
  text: string;
}

export interface CheckOptions {
  minor: Minor;
}

/** A check of one object on its own; it returns problems in its file's offsets. */
export type ObjectCheck = (obj: ManifestObject, minor: Minor) => Problem[];

/** A check across all objects; each problem names the object (and so the file) it sits in. */
export type CrossCheck = (
  objects: readonly ManifestObject[],
  minor: Minor,
) => Array<{ object: ManifestObject; problem: Problem }>;

export interface FileResult {
  uri: string;
  parsed: ParsedFile;
  objects: ManifestObject[];
  problems: Problem[];
}

/** The checks of single objects, in the order their problems are listed. */
const objectChecks: ReadonlyArray<{ name: string; run: ObjectCheck }> = [
  { name: 'served', run: checkServed },
  { name: 'schema', run: (o, m) => schemaProblems(o.doc, checkSchema(o.value, o.kind, o.apiVersion, m), o.base) },
  { name: 'rules', run: checkObjectRules },
];

/** The checks across documents. */
const crossChecks: ReadonlyArray<{ name: string; run: CrossCheck }> = [
  { name: 'cross-document', run: crossDocumentChecks },
];

/**
 * What an edit can reuse from the previous check of the same file: the parsed documents, and
 * for each document the problems of its objects (relative to the document, per minor).
 */
export class CheckCache {
  readonly parse = new ParseCache();
  readonly objectProblems = new WeakMap<object, { minor: Minor; problems: Problem[] }>();
}

/** Parses a file and checks each of its objects on its own. */
export function checkFile(source: SourceFile, options: CheckOptions, cache?: CheckCache): FileResult {
  const parsed = parseManifest(source.text, cache?.parse);
  const problems: Problem[] = [...parsed.problems];
  const objects: ManifestObject[] = [];
  for (const doc of parsed.documents) {
    problems.push(...doc.problems);
    // kubectl stops at a document it cannot read; checking what the parser salvaged would
    // report mistakes that are not there. A repeated key is read (the last value wins).
    if (doc.problems.some((p) => p.severity === 'error' && p.code !== 'yaml-duplicate-key')) continue;
    const own = objectsOfDocument(source.uri, parsed, doc);
    objects.push(...own);
    if (own.length) problems.push(...documentProblems(doc, own, options.minor, cache));
  }
  if (!parsed.template && parsed.documents.every((d) => d.empty)) {
    problems.push(problem('no-objects', 'warning', 'no objects passed to apply: the file has no document with content', 0, 0));
  }
  return { uri: source.uri, parsed, objects, problems: withoutRepeats(problems) };
}

/** Drops a problem that repeats another at the same place with the same message. */
function withoutRepeats(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.start}:${p.end}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Runs the object checks over one document's objects, reusing an earlier run of the same text. */
function documentProblems(
  doc: ParsedDocument,
  objects: readonly ManifestObject[],
  minor: Minor,
  cache: CheckCache | undefined,
): Problem[] {
  const offset = doc.offset;
  const prior = cache?.objectProblems.get(doc.identity);
  if (prior && prior.minor === minor) return prior.problems.map((p) => shift(p, offset));
  const found: Problem[] = [];
  for (const obj of objects) {
    for (const check of objectChecks) found.push(...contained(check.name, obj, () => check.run(obj, minor)));
  }
  cache?.objectProblems.set(doc.identity, { minor, problems: found.map((p) => shift(p, -offset)) });
  return found;
}

function shift(p: Problem, by: number): Problem {
  if (by === 0) return p;
  return {
    ...p,
    start: p.start + by,
    end: p.end + by,
    fixes: p.fixes?.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, start: e.start + by, end: e.end + by })) })),
    related: p.related?.map((r) => ({ ...r, start: r.start + by, end: r.end + by })),
  };
}

/** Checks several files together: each on its own, then the checks across documents. */
export function checkFiles(sources: readonly SourceFile[], options: CheckOptions): FileResult[] {
  const results = sources.map((s) => checkFile(s, options));
  addCrossProblems(results, options);
  for (const r of results) sortProblems(r.problems);
  return results;
}

/** Runs the checks across documents over already-checked files and adds their problems. */
export function addCrossProblems(results: readonly FileResult[], options: CheckOptions): void {
  const byUri = new Map(results.map((r) => [r.uri, r]));
  const objects = results.flatMap((r) => r.objects);
  for (const check of crossChecks) {
    let found: Array<{ object: ManifestObject; problem: Problem }> = [];
    try {
      found = check.run(objects, options.minor);
    } catch (err) {
      const first = objects[0];
      if (first) byUri.get(first.uri)?.problems.push(internalProblem(check.name, err, first));
      continue;
    }
    for (const { object, problem: p } of found) byUri.get(object.uri)?.problems.push(p);
  }
}

/** Runs one check so that a failure inside it becomes a problem instead of stopping the rest. */
function contained(name: string, obj: ManifestObject, run: () => Problem[]): Problem[] {
  try {
    return run();
  } catch (err) {
    return [internalProblem(name, err, obj)];
  }
}

function internalProblem(name: string, err: unknown, obj: ManifestObject): Problem {
  const message = err instanceof Error ? err.message : String(err);
  return problem(
    'internal-error',
    'information',
    `Kubeplan's ${name} check failed on this document and was skipped: ${message}`,
    obj.doc.start,
    obj.doc.start,
  );
}
