import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver';
import type { Minor } from '../core/api/versions';
import { fieldsAt } from '../core/validation/schema';
import { slotAt, splitLines } from './yamlPath';

/**
 * The fields allowed where the cursor is, for the chosen minor: those the map there does not
 * set yet, required ones first. Objects and lists open on the next line; scalars stay inline.
 */
export function completeAt(text: string, position: Position, minor: Minor): CompletionItem[] {
  const lines = splitLines(text);
  const slot = slotAt(lines, position.line, position.character);
  if (!slot?.typed || !slot.doc.kind || !slot.doc.apiVersion) return [];
  const fields = fieldsAt(slot.doc.kind, slot.doc.apiVersion, slot.path, minor);
  if (fields.length === 0) return [];
  const present = siblingsOf(lines, position.line, slot.typed.start, slot.doc);
  const indent = ' '.repeat(slot.typed.start);
  const range = {
    start: { line: position.line, character: slot.typed.start },
    end: { line: position.line, character: position.character },
  };
  return fields
    .filter((f) => !present.has(f.name))
    .map((f, i) => {
      const nested = /^(\[\]|map\[)/.test(f.type) || /^[A-Z]/.test(f.type);
      const list = f.type.startsWith('[]');
      const insert = list
        ? `${f.name}:\n${indent}  - $0`
        : nested
          ? `${f.name}:\n${indent}  $0`
          : `${f.name}: $0`;
      return {
        label: f.name,
        kind: nested ? CompletionItemKind.Module : CompletionItemKind.Field,
        detail: f.required ? `${f.type} (required)` : f.type,
        documentation: f.description
          ? { kind: MarkupKind.Markdown, value: f.description }
          : undefined,
        sortText: `${f.required ? 0 : 1}${String(i).padStart(4, '0')}`,
        textEdit: { range, newText: insert },
        insertTextFormat: InsertTextFormat.Snippet,
      };
    });
}

/** The keys already set in the same map as the cursor, so they are not offered again. */
function siblingsOf(
  lines: readonly string[],
  line: number,
  column: number,
  doc: { firstLine: number; lastLine: number },
): Set<string> {
  const keys = new Set<string>();
  const shape = (text: string) => {
    const indent = text.length - text.trimStart().length;
    const body = text.slice(indent).replace(/^(-\s+)+/, '');
    const key = /^("[^"]*"|'[^']*'|[^\s:#'"][^:#]*?)\s*:(\s|$)/.exec(body)?.[1];
    return { item: body.length < text.length - indent, column: text.length - body.length, key };
  };
  const skip = (text: string) => text.trim() === '' || text.trimStart().startsWith('#');
  if (!shape(lines[line] ?? '').item) {
    for (let i = line - 1; i >= doc.firstLine; i--) {
      if (skip(lines[i])) continue;
      const s = shape(lines[i]);
      if (s.column < column) break;
      if (s.column === column && s.key) keys.add(s.key);
      if (s.column === column && s.item) break;
    }
  }
  for (let i = line + 1; i <= doc.lastLine; i++) {
    if (skip(lines[i])) continue;
    const s = shape(lines[i]);
    if (s.column < column || (s.column === column && s.item)) break;
    if (s.column === column && s.key) keys.add(s.key);
  }
  return keys;
}
