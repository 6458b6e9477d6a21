/**
 * The generated schemas (scripts/gen-schemas.mjs) and a walker over them. The schemas are plain
 * JSON Schema for ajv; `x-go` names the Go type a value decodes into, which the messages need.
 */
import type { Minor } from '../../api/versions';
import type { Path } from '../../yaml/parse';

export interface SchemaNode {
  type?: string[];
  'x-go'?: string;
  'x-int-or-string'?: boolean;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | false;
  items?: SchemaNode;
  required?: string[];
  enum?: unknown[];
  format?: string;
  $ref?: string;
}

export interface SchemaFile {
  /** Per minor: `apiVersion kind` → definition name. */
  minors: Record<string, Record<string, string>>;
  definitions: Record<string, SchemaNode>;
}

export interface DocsFile {
  [openApiName: string]: { d: string; f: Record<string, string> };
}

// Loaded with require so the type checker does not infer a type for half a megabyte of JSON.
export const SCHEMAS: SchemaFile = require('./generated/schemas.json');
export const DOCS: DocsFile = require('./generated/docs.json');

/** An own property only: user-written keys such as `constructor` must not reach the prototype. */
export function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

const REF_PREFIX = '#/definitions/';

/** The definition name of a checked kind in a minor, or undefined when the kind is not checked. */
export function rootDefinition(kind: string, apiVersion: string, minor: Minor): string | undefined {
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return undefined;
  return own(own(SCHEMAS.minors, minor), `${apiVersion} ${kind}`);
}

/** Follows a `$ref` to its definition; returns the node itself when it is not a reference. */
export function resolveRef(node: SchemaNode): { node: SchemaNode; name?: string } {
  if (!node.$ref) return { node };
  const name = node.$ref.slice(REF_PREFIX.length);
  return { node: own(SCHEMAS.definitions, name) ?? {}, name };
}

/** The OpenAPI name of a definition without its minor: `io.k8s.api.core.v1.Container`. */
export function baseName(definition: string): string {
  const at = definition.indexOf('@');
  return at < 0 ? definition : definition.slice(0, at);
}

/** One step of a walk: the schema reached and what the Go decoder knows at that point. */
export interface WalkStep {
  node: SchemaNode;
  /** Definition name of `node` when it is a struct. */
  definition?: string;
  /** The struct whose field was entered last, as Go's reflection names it (`Container`). */
  struct?: string;
  /** Definition name of that struct. */
  structDefinition?: string;
  /** JSON names of the struct fields entered from the root; list indexes and map keys are not. */
  fieldStack: string[];
  /** True when this step entered a struct field (not a list item or a map value). */
  viaField: boolean;
}

/**
 * Walks a path from a root definition. Returns one step per segment reached (the first step is
 * the root); the walk stops early where the schema has no such child.
 */
export function walk(root: string, path: Path): WalkStep[] {
  const start = resolveRef({ $ref: REF_PREFIX + root });
  let step: WalkStep = { node: start.node, definition: start.name, fieldStack: [], viaField: false };
  const steps = [step];
  for (const segment of path) {
    const next = childStep(step, segment);
    if (!next) break;
    steps.push(next);
    step = next;
  }
  return steps;
}

function childStep(step: WalkStep, segment: string | number): WalkStep | undefined {
  const { node } = step;
  if (node.properties && typeof segment === 'string') {
    const child = own(node.properties, segment);
    if (!child) return undefined;
    const { node: resolved, name } = resolveRef(child);
    return {
      node: resolved,
      definition: name,
      struct: goName(node['x-go']),
      structDefinition: step.definition,
      fieldStack: [...step.fieldStack, segment],
      viaField: true,
    };
  }
  const inner = node.items && typeof segment === 'number' ? node.items : mapValue(node, segment);
  if (!inner) return undefined;
  const { node: resolved, name } = resolveRef(inner);
  return { ...step, node: resolved, definition: name, viaField: false };
}

function mapValue(node: SchemaNode, segment: string | number): SchemaNode | undefined {
  if (typeof segment !== 'string' || node.properties) return undefined;
  return node.additionalProperties || undefined;
}

/** `v1.Container` → `Container`: the name Go's reflect.Type.Name() gives a named type. */
function goName(print: string | undefined): string | undefined {
  if (!print) return undefined;
  return print.slice(print.lastIndexOf('.') + 1);
}

/** How kubectl explain names a field's type: `integer`, `[]Container`, `map[string]string`. */
export function displayType(node: SchemaNode): string {
  const { node: n } = resolveRef(node);
  const types = n.type ?? [];
  if (n.format === 'quantity') return 'Quantity';
  if (n['x-int-or-string']) return 'IntOrString';
  if (n.properties) return goName(n['x-go']) ?? 'Object';
  if (n.items) return `[]${displayType(n.items)}`;
  if (n.additionalProperties) return `map[string]${displayType(n.additionalProperties)}`;
  if (n.format === 'byte') return 'string';
  const first = types.find((t) => t !== 'null');
  return first ?? 'Object';
}

/** True when Kubeplan has a schema for this kind and apiVersion in this minor. */
export function isSchemaChecked(kind: string, apiVersion: string, minor: Minor): boolean {
  return rootDefinition(kind, apiVersion, minor) !== undefined;
}
