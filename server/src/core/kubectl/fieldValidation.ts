/**
 * Field validation of the objects `kubectl apply -f` and `kubectl create -f` send, as the user
 * of each minor meets it.
 *
 * 1.20: kubectl checks every document against the published OpenAPI before it sends anything
 * (`--validate`, a boolean, true by default), and the API server drops unknown fields silently.
 * 1.26 and later: `--validate=strict` (the default) makes kubectl ask the API server to decode
 * strictly, so unknown fields come back from the server's decoder as one error naming them all;
 * `warn` turns them into warnings and `ignore` (or `false`) drops them silently.
 * In every minor a value of the wrong type or a malformed quantity is a decoding error that no
 * --validate value turns off. An unsupported enum value is not a decoding error: the API
 * server's validation reports it after decoding, as an Invalid error, so it is left to the cluster.
 */
import { atLeast, type Minor } from '../api/versions';
import type { KubeObject } from '../cluster/api';
import { checkSchema, type SchemaError } from '../validation/schema';
import { compareBytes } from './gofmt';

/** The `fieldValidation` kubectl asks the API server for. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export type DirectiveResult =
  | { ok: true; directive: FieldValidation }
  | { ok: false; error: string; usage: boolean };

const GO_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const GO_FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/**
 * Reads `--validate`: a boolean flag in 1.20 (pflag rejects anything strconv.ParseBool does
 * not read), from 1.25 a choice of strict, warn, ignore or a boolean. A bare `--validate` is
 * true, and strict.
 */
export function readValidateFlag(value: string | undefined, minor: Minor): DirectiveResult {
  if (value === undefined || value === '' || GO_TRUE.includes(value))
    return { ok: true, directive: 'Strict' };
  if (GO_FALSE.includes(value)) return { ok: true, directive: 'Ignore' };
  if (!serverSide(minor)) {
    const error = `invalid argument "${value}" for "--validate" flag: strconv.ParseBool: parsing "${value}": invalid syntax`;
    return { ok: false, error, usage: true };
  }
  if (value === 'strict') return { ok: true, directive: 'Strict' };
  if (value === 'warn') return { ok: true, directive: 'Warn' };
  if (value === 'ignore') return { ok: true, directive: 'Ignore' };
  const error = `invalid - validate option "${value}"; must be one of: strict (or true), warn, ignore (or false)`;
  return { ok: false, error, usage: false };
}

/** True when the minor validates fields on the server (kubectl sends `fieldValidation`). */
export function serverSide(minor: Minor): boolean {
  return atLeast(minor, '1.26');
}

// ---------------------------------------------------------------------------------------------
// kubectl 1.20: the OpenAPI check before sending

/**
 * kubectl 1.20's check of one document (a List: all its items, in one error), or undefined when
 * it passes. The error stops the rest of the file, as the stream visitor returns there.
 */
export function openApiError(doc: unknown, file: string, minor: Minor): string | undefined {
  const list = isRecord(doc) && doc.kind === 'List' && Array.isArray(doc.items);
  const items: unknown[] = list ? doc.items : [doc];
  const messages = items.flatMap((item) => clientErrors(item, minor));
  if (messages.length === 0) return undefined;
  // utilerrors.Aggregate prints one error as itself and several as `[a, b]`.
  const joined = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  return (
    `error validating "${file}": error validating data: ${joined}; ` +
    'if you choose to ignore these errors, turn validation off with --validate=false'
  );
}

/** The errors kubectl's validation words itself (`ValidationError(...)`), in its order. */
function clientErrors(item: unknown, minor: Minor): string[] {
  if (!isRecord(item) || typeof item.kind !== 'string' || typeof item.apiVersion !== 'string')
    return [];
  const errors = checkSchema(item, item.kind, item.apiVersion, minor).filter(isClientSide);
  // The validator visits a map's keys sorted and checks its required fields after them.
  return [...errors].sort(byVisit).map((e) => e.message);
}

function isClientSide(error: SchemaError): boolean {
  return error.message.startsWith('ValidationError(');
}

// ---------------------------------------------------------------------------------------------
// The API server's decoder

export interface Decoded {
  /** The object as the server decoded it: unknown fields dropped. */
  object: KubeObject;
  /**
   * Why the server could not decode the object (nothing is written), as its decoder words it:
   * `strict decoding error: unknown field "spec.replica"`, `json: cannot unmarshal ...`, or the
   * quantity parser's error.
   */
  failure?: string;
  /** Warnings the server sends (`unknown field "spec.replica"`), for `--validate=warn`. */
  warnings: string[];
  /** True when unknown fields were dropped. */
  dropped: boolean;
}

/** Decodes an object as the API server of `minor` does for the given field validation. */
export function serverDecode(obj: KubeObject, minor: Minor, directive: FieldValidation): Decoded {
  const errors = checkSchema(obj, obj.kind, obj.apiVersion, minor);
  const unknown = errors.filter((e) => e.code === 'unknown-field').sort(byBody);
  const object = unknown.length > 0 ? withoutFields(obj, unknown) : obj;
  const result: Decoded = { object, warnings: [], dropped: unknown.length > 0 };
  const decodeError = firstDecodeError(obj, errors, minor);
  if (decodeError) return { ...result, failure: decodeError };
  if (!serverSide(minor) || unknown.length === 0) return result;
  const messages = unknown.map((e) => e.message);
  if (directive === 'Strict')
    return { ...result, failure: `strict decoding error: ${messages.join(', ')}` };
  if (directive === 'Warn') return { ...result, warnings: messages };
  return result;
}

/**
 * The decoding error the server reports, if any. 1.20's decoder stops at the first error. The
 * later one keeps the first type error and decodes on, but a quantity's own parser stops it at
 * once, so a malformed quantity anywhere wins over an earlier type error.
 * FIXME: a 1.20 server decodes with json-iterator, which prefixes every error with the decoder's
 * path (`v1.Deployment.Spec: v1.DeploymentSpec.Template: ...`) and words type errors its own
 * way; the wording of later minors is used for 1.20 too.
 */
function firstDecodeError(
  obj: KubeObject,
  errors: SchemaError[],
  minor: Minor,
): string | undefined {
  const decoding = errors
    .filter((e) => e.code === 'wrong-type' || e.code === 'invalid-quantity')
    .sort(byBody);
  const first = serverSide(minor)
    ? (decoding.find((e) => e.code === 'invalid-quantity') ?? decoding[0])
    : decoding[0];
  if (!first) return undefined;
  return isClientSide(first) ? decoderWording(obj, first) : first.message;
}

/**
 * A type error 1.20's kubectl would have caught itself reaches the server only with
 * --validate=false; it is worded as the decoder words it.
 */
function decoderWording(obj: KubeObject, error: SchemaError): string {
  const later = checkSchema(obj, obj.kind, obj.apiVersion, '1.26');
  const same = later.find((e) => e.code === error.code && samePath(e.path, error.path));
  return same?.message ?? error.message;
}

/** A deep copy of `obj` without the fields the errors name. */
function withoutFields(obj: KubeObject, unknown: SchemaError[]): KubeObject {
  const copy = structuredClone(obj);
  for (const error of unknown) {
    let parent: unknown = copy;
    for (const segment of error.path.slice(0, -1))
      parent = isRecord(parent) || Array.isArray(parent) ? (parent as any)[segment] : undefined;
    const key = error.path[error.path.length - 1];
    if (isRecord(parent) && typeof key === 'string') delete parent[key];
  }
  return copy;
}

export interface DecodedPatch {
  /** The object as stored: unknown fields dropped. */
  object: KubeObject;
  /** `unknown field "spec.replica"` warnings (from 1.26, where the server's default is to warn). */
  warnings: string[];
  /** True when a value has the wrong type or is a malformed quantity. */
  undecodable: boolean;
}

/** A patched object as the server decodes it when the request names no field validation. */
export function decodePatched(obj: KubeObject, minor: Minor): DecodedPatch {
  const errors = checkSchema(obj, obj.kind, obj.apiVersion, minor);
  const unknown = errors.filter((e) => e.code === 'unknown-field').sort(byBody);
  return {
    object: unknown.length > 0 ? withoutFields(obj, unknown) : obj,
    warnings: serverSide(minor) ? unknown.map((e) => e.message) : [],
    undecodable: errors.some((e) => e.code === 'wrong-type' || e.code === 'invalid-quantity'),
  };
}

// ---------------------------------------------------------------------------------------------
// Orders

/**
 * Request-body order: kubectl encodes maps with their keys sorted, and the decoder meets fields
 * depth first in that order.
 */
function byBody(a: SchemaError, b: SchemaError): number {
  return comparePaths(a.path, b.path);
}

/** The OpenAPI validator's order: like the body, but a map's missing fields after its keys. */
function byVisit(a: SchemaError, b: SchemaError): number {
  return comparePaths(visitPath(a), visitPath(b));
}

const AFTER_KEYS = '\u{10FFFF}';

function visitPath(error: SchemaError): Array<string | number> {
  if (error.code !== 'missing-required') return [...error.path];
  return [...error.path.slice(0, -1), AFTER_KEYS];
}

function comparePaths(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return compareBytes(String(x), String(y));
  }
  return a.length - b.length;
}

function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
