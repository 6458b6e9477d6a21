import {
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type Range,
} from 'vscode-languageserver';
import type { Fix, Problem, Severity } from '../core/problem';
import type { LineIndex } from '../core/yaml/lines';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.position(start), end: lines.position(end) };
}

/** A problem as the editor shows it; its quick fixes travel in `data` for code actions. */
export function toDiagnostic(uri: string, lines: LineIndex, p: Problem): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(lines, p.start, p.end),
    severity: SEVERITY[p.severity],
    code: p.code,
    source: 'kubeplan',
    message: p.message,
  };
  if (p.related?.length) {
    diagnostic.relatedInformation = p.related.map((r) => ({
      location: { uri, range: toRange(lines, r.start, r.end) },
      message: r.message,
    }));
  }
  if (p.fixes?.length) diagnostic.data = { fixes: p.fixes.map((f) => toWireFix(lines, f)) };
  return diagnostic;
}

interface WireFix {
  title: string;
  preferred?: boolean;
  edits: Array<{ range: Range; newText: string }>;
}

function toWireFix(lines: LineIndex, fix: Fix): WireFix {
  return {
    title: fix.title,
    preferred: fix.preferred,
    edits: fix.edits.map((e) => ({ range: toRange(lines, e.start, e.end), newText: e.newText })),
  };
}

/** The quick fixes carried by the diagnostics the editor sends back with a code action request. */
export function quickFixes(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    const fixes = (d.data as { fixes?: WireFix[] } | undefined)?.fixes;
    if (!Array.isArray(fixes)) continue;
    for (const fix of fixes) {
      actions.push({
        title: fix.title,
        kind: 'quickfix',
        diagnostics: [d],
        isPreferred: fix.preferred,
        edit: { changes: { [uri]: fix.edits } },
      });
    }
  }
  return actions;
}
