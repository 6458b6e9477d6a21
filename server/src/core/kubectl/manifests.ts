/**
 * What `-f` gives kubectl's resource builder: paths expanded as cli-runtime does (a directory's
 * .json/.yaml/.yml files in name order, subdirectories only with -R), each file's documents
 * decoded in order, and the errors found on the way, in the order kubectl reports them.
 */
import * as path from 'node:path';
import { parseManifest } from '../yaml/parse';
import type { Minor } from '../api/versions';
import type { KubeObject } from '../cluster/api';
import { plainError, mappingError, type CommandError } from './errors';
import { openApiError } from './fieldValidation';
import { mapKind } from './resources';
import type { ScenarioReader } from './types';

const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);

/** Bounds on what one `-f` may expand to. */
export const MAX_FILES = 1000;
export const MAX_OBJECTS = 10_000;

export interface ManifestObject {
  /** The file as kubectl names it in messages (the path given, joined with entry names). */
  file: string;
  object: KubeObject;
}

export interface ReadResult {
  objects: ManifestObject[];
  /** Errors met while reading and decoding (kubectl reports them before request errors). */
  errors: CommandError[];
  /** An error that stops the command before anything is sent (a missing path). */
  fatal?: CommandError;
}

export interface ReadOptions {
  recursive: boolean;
  /** The namespace given with -n, which every object must agree with. */
  namespace?: string;
  explicitNamespace: boolean;
  /**
   * Set when kubectl checks each document against the OpenAPI of this minor before sending it
   * (1.20 with --validate); a document that fails ends its file.
   */
  openApi?: Minor;
}

/** Reads every `-f` path; never throws. */
export function readManifests(
  paths: readonly string[],
  reader: ScenarioReader,
  cwd: string,
  opts: ReadOptions,
): ReadResult {
  const files: string[] = [];
  for (const p of paths) {
    const missing = expand(p, reader, cwd, opts.recursive, files);
    if (missing) return { objects: [], errors: [], fatal: plainError(missing) };
  }
  const result: ReadResult = { objects: [], errors: [] };
  for (const file of files) decodeFile(file, reader, cwd, opts, result);
  return result;
}

/** Adds the files `p` names to `files`; returns kubectl's error text when `p` does not exist. */
function expand(
  p: string,
  reader: ScenarioReader,
  cwd: string,
  recursive: boolean,
  files: string[],
): string | undefined {
  const abs = path.resolve(cwd, p);
  const entries = reader.listDir(abs);
  if (entries === undefined) {
    if (reader.readFile(abs) === undefined) return `the path "${p}" does not exist`;
    files.push(p);
    return undefined;
  }
  walk(path.normalize(p), entries, reader, cwd, recursive, files, 0);
  return undefined;
}

function walk(
  dir: string,
  entries: { name: string; directory: boolean }[],
  reader: ScenarioReader,
  cwd: string,
  recursive: boolean,
  files: string[],
  depth: number,
): void {
  // filepath.Walk visits entries in lexical byte order of their names.
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of sorted) {
    if (files.length >= MAX_FILES) return;
    const child = path.join(dir, entry.name);
    if (entry.directory) {
      if (!recursive || depth > 20) continue;
      const sub = reader.listDir(path.resolve(cwd, child));
      if (sub) walk(child, sub, reader, cwd, recursive, files, depth + 1);
    } else if (EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
      files.push(child);
    }
  }
}

function decodeFile(
  file: string,
  reader: ScenarioReader,
  cwd: string,
  opts: ReadOptions,
  out: ReadResult,
): void {
  const text = reader.readFile(path.resolve(cwd, file));
  if (text === undefined) {
    out.errors.push(plainError(`the path "${file}" does not exist`));
    return;
  }
  const parsed = parseManifest(text);
  for (const doc of parsed.documents) {
    if (out.objects.length >= MAX_OBJECTS) return;
    const syntax = doc.problems.find((p) => p.severity === 'error');
    if (syntax) {
      // The decoder stops at the broken document; later documents of the file are not read.
      // FIXME: the message after the line number is the yaml library's, not go-yaml's wording
      // (`did not find expected ',' or ']'`); only the prefix and the line are kubectl's.
      const line =
        parsed.lines.position(syntax.start).line - parsed.lines.position(doc.start).line + 1;
      out.errors.push(
        plainError(
          `error parsing ${file}: error converting YAML to JSON: yaml: line ${line}: ${syntax.message}`,
        ),
      );
      return;
    }
    if (doc.empty || doc.value === null || doc.value === undefined) continue;
    const invalid = opts.openApi && openApiError(doc.value, file, opts.openApi);
    if (invalid) {
      out.errors.push(plainError(invalid));
      return;
    }
    // A document that fails validation ends the file, as kubectl's stream visitor returns there.
    if (!listItems(doc.value).every((value) => addObject(value, file, opts, out))) return;
  }
}

/** A `kind: List` document stands for its items. */
function listItems(value: unknown): unknown[] {
  if (isRecord(value) && value.kind === 'List' && Array.isArray(value.items)) return value.items;
  return [value];
}

function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Adds one object or its error; false when the error stops the rest of the file. */
function addObject(value: unknown, file: string, opts: ReadOptions, out: ReadResult): boolean {
  const missing = missingTypeFields(value);
  if (missing) {
    // Unverified wording: kubectl's schema check of a document without apiVersion or kind.
    const detail = missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`;
    out.errors.push(
      plainError(
        `error validating "${file}": error validating data: ${detail}; if you choose to ignore these errors, turn validation off with --validate=false`,
      ),
    );
    return false;
  }
  const obj = value as KubeObject;
  const meta = isRecord(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
  const type = mapKind(obj.apiVersion, obj.kind);
  if (!type) {
    const noMatch = `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`;
    out.errors.push(
      plainError(mappingError(noMatch, { verb: 'creating', file, name, namespace: ns })),
    );
    return true;
  }
  if (type.namespaced && opts.explicitNamespace && ns && opts.namespace && ns !== opts.namespace) {
    out.errors.push(
      plainError(
        `the namespace from the provided object "${ns}" does not match the namespace "${opts.namespace}". You must pass '--namespace=${ns}' to perform this operation.`,
      ),
    );
    return true;
  }
  out.objects.push({ file, object: obj });
  return true;
}

function missingTypeFields(value: unknown): string[] | undefined {
  if (!isRecord(value)) return ['invalid object to validate'];
  const missing: string[] = [];
  if (value.apiVersion === undefined || value.apiVersion === null)
    missing.push('apiVersion not set');
  else if (typeof value.apiVersion !== 'string') missing.push("apiVersion isn't string type");
  if (value.kind === undefined || value.kind === null) missing.push('kind not set');
  else if (typeof value.kind !== 'string') missing.push("kind isn't string type");
  return missing.length ? missing : undefined;
}
