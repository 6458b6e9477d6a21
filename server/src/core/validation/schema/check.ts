/**
 * Strict schema validation of one object: ajv finds the errors, and each is then worded as the
 * API server (or kubectl, for 1.20) words it, with the path it belongs to.
 *
 * Missing required fields are reported for 1.20 only. There kubectl's OpenAPI validation rejects
 * them before sending, in its own words. From 1.26 the server decodes without looking at
 * `required`, and its validation checks a different set (a StatefulSet without serviceName is
 * accepted although the OpenAPI lists it as required) in varied words ("Required value", "must be
 * between 1 and 65535", "uid must not be empty"); those belong to the API-server rules, not here.
 *
 * Why ajv plus a mapping rather than a hand-written walker: the compiled validators do the whole
 * check of a valid document in generated code with no allocation, which is the common case; an
 * error carries its JSON pointer, the failing value and schema node (`verbose`), which is all the
 * mapping needs, and the mapping only walks the schema for the few documents that have errors.
 */
import type { ErrorObject } from 'ajv';
import type { Minor } from '../../api/versions';
import type { PathSegment } from '../../yaml/parse';
import { validatorFor } from './compile';
import { base64Error, QUANTITY_FORMAT_WRONG, quantityError } from './formats';
import * as words from './messages';
import { closestName } from './suggest';
import { own, rootDefinition, walk, type SchemaNode } from './table';

export type SchemaErrorCode =
  | 'unknown-field'
  | 'wrong-type'
  | 'missing-required'
  | 'unsupported-value'
  | 'invalid-quantity';

export interface SchemaError {
  /** JSON path of the offending field: map keys and list indexes from the object's root. */
  path: PathSegment[];
  code: SchemaErrorCode;
  message: string;
  /** Whether the error belongs on the field's key (unknown, missing) or on its value. */
  at: 'key' | 'value';
  /** For an unknown field, a known field of the same object whose name is close to it. */
  suggestion?: string;
}

interface Context {
  root: string;
  kind: string;
  dialect: words.Dialect;
  value: unknown;
}

/**
 * Checks an object against the schema of its kind in a minor, as strict decoding and the schema
 * parts of validation do. Kinds and apiVersions Kubeplan has no schema for get no errors.
 */
export function checkSchema(value: unknown, kind: string, apiVersion: string, minor: Minor): SchemaError[] {
  const root = rootDefinition(kind, apiVersion, minor);
  if (!root || typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const validate = validatorFor(root);
  if (validate(value)) return [];
  const context: Context = { root, kind, dialect: words.dialectOf(minor), value };
  const errors = preferTypeErrors(validate.errors ?? []);
  const out: SchemaError[] = [];
  for (const error of errors) {
    const mapped = mapError(error, context);
    if (mapped) out.push(mapped);
  }
  return out;
}

/** A value of the wrong type also fails its enum, range or format; only the type is reported. */
function preferTypeErrors(errors: ErrorObject[]): ErrorObject[] {
  const typed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const valueKeywords = new Set(['enum', 'format', 'minimum', 'maximum']);
  return errors.filter((e) => !valueKeywords.has(e.keyword) || !typed.has(e.instancePath));
}

function mapError(error: ErrorObject, context: Context): SchemaError | undefined {
  const path = pointerPath(error.instancePath, context.value);
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownField(error, path, context);
    case 'required':
      return context.dialect === 'kubectl-openapi' ? missingRequired(error, path, context) : undefined;
    case 'type':
    case 'minimum':
    case 'maximum':
      return wrongType(error, path, context);
    case 'enum':
      return unsupportedValue(error, path);
    case 'format':
      return badFormat(error, path);
    default:
      return undefined;
  }
}

function unknownField(error: ErrorObject, path: PathSegment[], context: Context): SchemaError | undefined {
  const key = (error.params as { additionalProperty: string }).additionalProperty;
  const object = error.data as Record<string, unknown>;
  // kubectl 1.20's validation skips fields whose value is null; the strict decoder does not.
  if (context.dialect === 'kubectl-openapi' && own(object, key) === null) return undefined;
  const full = [...path, key];
  const parent = walk(context.root, path).at(-1)!;
  const known = Object.keys((error.parentSchema as SchemaNode).properties ?? {});
  const has = (name: string): boolean => Object.prototype.hasOwnProperty.call(object, name);
  const absent = known.filter((name) => !has(name));
  const suggestion = closestName(key, absent);
  const message = words.unknownField(context.dialect, context.kind, full, parent);
  return { path: full, code: 'unknown-field', message, at: 'key', ...(suggestion ? { suggestion } : {}) };
}

function missingRequired(error: ErrorObject, path: PathSegment[], context: Context): SchemaError {
  const key = (error.params as { missingProperty: string }).missingProperty;
  const full = [...path, key];
  const parent = walk(context.root, path).at(-1)!;
  const message = words.missingRequired(context.kind, full, parent);
  return { path: full, code: 'missing-required', message, at: 'key' };
}

function wrongType(error: ErrorObject, path: PathSegment[], context: Context): SchemaError {
  const node = error.parentSchema as SchemaNode;
  if (node.format === 'quantity') {
    return { path, code: 'invalid-quantity', message: QUANTITY_FORMAT_WRONG, at: 'value' };
  }
  const steps = walk(context.root, path);
  const reached = steps.length === path.length + 1;
  const at = reached ? steps[steps.length - 1] : { ...steps[0], node, fieldStack: [] };
  const message = words.wrongType(context.dialect, context.kind, path, at, error.data);
  return { path, code: 'wrong-type', message, at: 'value' };
}

function unsupportedValue(error: ErrorObject, path: PathSegment[]): SchemaError {
  const listed = error.schema as unknown[];
  const allowed = listed.filter((v): v is string => typeof v === 'string' && v !== '');
  // FIXME: the server lists the values in the order its validation code holds them: sorted for
  // most fields, but declaration order for a few (DaemonSet updateStrategy, taint effects,
  // preemptionPolicy, restartPolicy). Kubeplan always sorts.
  const message = words.unsupportedValue(path, String(error.data), [...allowed].sort());
  return { path, code: 'unsupported-value', message, at: 'value' };
}

function badFormat(error: ErrorObject, path: PathSegment[]): SchemaError | undefined {
  const text = String(error.data);
  if (error.params && (error.params as { format: string }).format === 'quantity') {
    const message = quantityError(text) ?? QUANTITY_FORMAT_WRONG;
    return { path, code: 'invalid-quantity', message, at: 'value' };
  }
  const message = base64Error(text);
  if (!message) return undefined;
  return { path, code: 'wrong-type', message, at: 'value' };
}

/** A JSON pointer as path segments, with list indexes as numbers (read off the value itself). */
function pointerPath(pointer: string, value: unknown): PathSegment[] {
  if (!pointer) return [];
  const out: PathSegment[] = [];
  let current = value;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      out.push(index);
      current = current[index];
    } else {
      out.push(segment);
      const isRecord = current !== null && typeof current === 'object';
      current = isRecord ? own(current as Record<string, unknown>, segment) : undefined;
    }
  }
  return out;
}
