import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { Minor } from '../core/api/versions';
import { fieldDoc } from '../core/validation/schema';
import type { PathSegment } from '../core/yaml/parse';
import { keyAt, splitLines } from './yamlPath';

/** What a hover on a workload's `kind` or name shows: the objects the cluster would make. */
export type WorkloadHover = (line: number) => string | undefined;

/**
 * Hover on a field: its type and documentation for the chosen minor. On a workload's `kind`
 * or `metadata.name`, the objects applying it would create.
 */
export function hoverAt(
  text: string,
  position: Position,
  minor: Minor,
  workload?: WorkloadHover,
): Hover | null {
  const lines = splitLines(text);
  const at = keyAt(lines, position.line, position.character);
  if (!at?.key || !at.doc.kind || !at.doc.apiVersion) return null;
  const range = {
    start: { line: position.line, character: at.key.start },
    end: { line: position.line, character: at.key.end },
  };
  const onIdentity =
    (at.path.length === 1 && at.path[0] === 'kind') ||
    (at.path.length === 2 && at.path[0] === 'metadata' && at.path[1] === 'name');
  if (onIdentity && workload) {
    const predicted = workload(position.line);
    if (predicted) return { contents: { kind: MarkupKind.Markdown, value: predicted }, range };
  }
  const doc = fieldDoc(at.doc.kind, at.doc.apiVersion, at.path, minor);
  if (!doc) return null;
  const value = [
    `**${fieldName(at.path)}** \`${doc.type}\``,
    '',
    doc.description || '_No description._',
    '',
    `_${at.doc.kind} ${at.doc.apiVersion}, Kubernetes ${minor}_`,
  ].join('\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range };
}

/** `spec.template.spec.containers[].image` for a path with list indexes. */
export function fieldName(path: readonly PathSegment[]): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? '[]' : out ? `.${s}` : s;
  return out;
}
