/** Field documentation for hover and completion, from the same schemas the checks use. */
import type { Minor } from '../../api/versions';
import type { Path } from '../../yaml/parse';
import { baseName, displayType, DOCS, own, resolveRef, rootDefinition, walk, type SchemaNode } from './table';

export interface FieldDoc {
  /** The type as kubectl explain names it: `integer`, `[]Container`, `map[string]string`. */
  type: string;
  description: string;
}

export interface FieldInfo extends FieldDoc {
  name: string;
  required: boolean;
}

/**
 * The type and description of the field at a path of an object (list indexes may appear, and
 * are stepped through), or undefined when the kind is not known or the path names no field.
 */
export function fieldDoc(kind: string, apiVersion: string, path: Path, minor: Minor): FieldDoc | undefined {
  const root = rootDefinition(kind, apiVersion, minor);
  if (!root) return undefined;
  const steps = walk(root, path);
  if (steps.length !== path.length + 1) return undefined;
  const step = steps[steps.length - 1];
  if (path.length === 0) return { type: displayType(step.node), description: typeDescription(root) };
  const owner = ownerOf(steps);
  if (!owner) return undefined;
  const field = String(path[owner.index]);
  const description = fieldDescription(owner.definition, field) || typeDescription(step.definition);
  return { type: displayType(step.node), description };
}

/**
 * The fields allowed at a path (the children of the object there), with their types and
 * descriptions, in the order the API declares them. Empty for maps, scalars and unknown paths.
 */
export function fieldsAt(kind: string, apiVersion: string, path: Path, minor: Minor): FieldInfo[] {
  const root = rootDefinition(kind, apiVersion, minor);
  if (!root) return [];
  const steps = walk(root, path);
  if (steps.length !== path.length + 1) return [];
  const { node, definition } = steps[steps.length - 1];
  const properties = node.properties ?? {};
  const required = new Set(node.required ?? []);
  return Object.entries(properties).map(([name, child]: [string, SchemaNode]) => ({
    name,
    type: displayType(child),
    description:
      (definition && fieldDescription(definition, name)) || typeDescription(resolveRef(child).name),
    required: required.has(name),
  }));
}

/** The step whose struct declares the last field of the path, and the index of that field. */
function ownerOf(steps: ReturnType<typeof walk>): { definition: string; index: number } | undefined {
  for (let i = steps.length - 1; i > 0; i--) {
    const step = steps[i];
    if (step.viaField && step.structDefinition) return { definition: step.structDefinition, index: i - 1 };
  }
  return undefined;
}

function fieldDescription(definition: string, field: string): string {
  return own(own(DOCS, baseName(definition))?.f, field) ?? '';
}

function typeDescription(definition: string | undefined): string {
  return (definition && own(DOCS, baseName(definition))?.d) || '';
}
