/**
 * The wording of schema errors, as the user of each minor sees it.
 *
 * 1.26 and later: kubectl sends objects with server-side field validation (strict), so unknown
 * fields come back from the API server's decoder as `unknown field "spec.replica"` (the path of
 * JSON names with list indexes), and a wrongly typed value as the Go JSON decoder's
 * `json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image
 * of type string` (the innermost struct's Go name, the JSON field names from the root without
 * indexes, and the Go type). Both texts are the same from 1.26 to 1.35: the decoder is the same
 * sigs.k8s.io/json fork throughout. An unsupported enum value is a validation error, worded as a
 * field error: `spec.strategy.type: Unsupported value: "Rollin": supported values: ...`.
 *
 * 1.20: the API server drops unknown fields silently; what stops the user is kubectl's own
 * validation against the published OpenAPI, which words errors as
 * `ValidationError(Deployment.spec): unknown field "replica" in io.k8s.api.apps.v1.DeploymentSpec`.
 * That validation lets every scalar through to a string field, and integers or floats through to
 * an integer field, so those mistakes reach the server's decoder.
 * FIXME: a 1.20 server decodes with json-iterator, whose type errors read
 * `v1.Container.Image: ReadString: expects " or n, but found 1, error found in #10 byte of ...`
 * with a window of the request body; Kubeplan words those as the newer decoder does.
 */
import { atLeast, type Minor } from '../../api/versions';
import type { Path } from '../../yaml/parse';
import { goQuote } from './formats';
import { baseName, type SchemaNode, type WalkStep } from './table';

export type Dialect = 'server' | 'kubectl-openapi';

export function dialectOf(minor: Minor): Dialect {
  return atLeast(minor, '1.26') ? 'server' : 'kubectl-openapi';
}

/** `spec.template.spec.containers[0].image`: the form of field paths in API errors. */
export function fieldPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}

/** `Deployment.spec.template.spec.containers[0]`: kubectl's OpenAPI validation path. */
function openApiPath(kind: string, path: Path): string {
  const rest = fieldPath(path);
  if (!rest) return kind;
  return rest.startsWith('[') ? kind + rest : `${kind}.${rest}`;
}

export function unknownField(dialect: Dialect, kind: string, path: Path, parent: WalkStep): string {
  if (dialect === 'server') return `unknown field "${fieldPath(path)}"`;
  const key = String(path[path.length - 1]);
  const where = openApiPath(kind, path.slice(0, -1));
  return `ValidationError(${where}): unknown field "${key}" in ${definitionName(parent)}`;
}

/** kubectl's OpenAPI validation of a missing required field (1.20; see check.ts for later). */
export function missingRequired(kind: string, path: Path, parent: WalkStep): string {
  const key = String(path[path.length - 1]);
  const where = openApiPath(kind, path.slice(0, -1));
  return `ValidationError(${where}): missing required field "${key}" in ${definitionName(parent)}`;
}

export function unsupportedValue(path: Path, value: string, allowed: readonly string[]): string {
  const list = allowed.map(goQuote).join(', ');
  return `${fieldPath(path)}: Unsupported value: ${goQuote(value)}: supported values: ${list}`;
}

/** The JSON type names kubectl's OpenAPI validation uses for a decoded YAML value. */
function openApiKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object' && value !== null) return 'map';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return 'string';
}

/** The JSON value description Go's decoder puts in a type error. */
function goValueKind(value: unknown, target: SchemaNode): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object' && value !== null) return 'object';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  // An integer target names the literal it could not parse or that overflowed.
  return target.type?.includes('integer') ? `number ${String(value)}` : 'number';
}

/**
 * A wrongly typed value. `at` is the walk step of the value itself; its struct and field stack
 * are those of the Go decoder when it met the value.
 */
export function wrongType(dialect: Dialect, kind: string, path: Path, at: WalkStep, value: unknown): string {
  const client = dialect === 'kubectl-openapi' ? openApiTypeError(kind, path, at, value) : undefined;
  if (client) return client;
  const go = at.node['x-go'] ?? 'interface {}';
  const kindText = goValueKind(value, at.node);
  if (!at.fieldStack.length) return `json: cannot unmarshal ${kindText} into Go value of type ${go}`;
  const field = `${at.struct}.${at.fieldStack.join('.')}`;
  return `json: cannot unmarshal ${kindText} into Go struct field ${field} of type ${go}`;
}

/** kubectl 1.20's wording, for the mismatches its OpenAPI validation catches; else undefined. */
function openApiTypeError(kind: string, path: Path, at: WalkStep, value: unknown): string | undefined {
  // Only a struct's own field names a schema path Kubeplan can spell; items and map values do not.
  if (!at.viaField || !at.structDefinition) return undefined;
  const mismatch = openApiMismatch(openApiSchemaKind(at.node), openApiKind(value));
  if (!mismatch) return undefined;
  const field = String(path[path.length - 1]);
  const schemaPath = at.definition ? baseName(at.definition) : `${baseName(at.structDefinition)}.${field}`;
  const { actual, expected } = mismatch;
  return `ValidationError(${openApiPath(kind, path)}): invalid type for ${schemaPath}: got "${actual}", expected "${expected}"`;
}

/** The OpenAPI type of a schema; quantities, int-or-strings and bytes are strings there. */
function openApiSchemaKind(node: SchemaNode): string {
  if (node.properties || node.additionalProperties) return 'map';
  const types = node.type ?? [];
  if (types.includes('array')) return 'array';
  if (types.includes('string')) return 'string';
  return types.find((t) => t !== 'null') ?? 'string';
}

/**
 * Whether kubectl's validation rejects a value kind for a schema kind. It lets any scalar through
 * to a string and a float through to an integer, and it words a list given for an object as
 * `got "map", expected "array"` (its words are swapped in that one case).
 */
function openApiMismatch(expected: string, actual: string): { expected: string; actual: string } | undefined {
  const scalar = actual !== 'map' && actual !== 'array';
  if (expected === actual) return undefined;
  if (expected === 'map' && actual === 'array') return { expected: 'array', actual: 'map' };
  if (expected === 'map') return { expected, actual };
  if (expected === 'array') return { expected, actual };
  if (!scalar) return { expected, actual };
  if (expected === 'string') return undefined;
  if (expected === 'integer' && actual === 'number') return undefined;
  return { expected, actual };
}

function definitionName(step: WalkStep): string {
  return step.definition ? baseName(step.definition) : 'object';
}
