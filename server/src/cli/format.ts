import type { FileResult } from '../core/check';
import type { Problem, Severity } from '../core/problem';

/** One problem with its place in line/column terms (1-based), ready to print. */
export interface Located {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
  /** Quick fixes: what each would change, in 1-based line/column ranges. */
  fixes?: Array<{ title: string; edits: Array<{ line: number; column: number; endLine: number; endColumn: number; newText: string }> }>;
}

export function locateAll(results: readonly FileResult[]): Located[] {
  const out: Located[] = [];
  for (const r of results) {
    for (const p of r.problems) out.push(locateOne(r, p));
  }
  return out;
}

function locateOne(r: FileResult, p: Problem): Located {
  const lines = r.parsed.lines;
  const start = lines.position(p.start);
  const end = lines.position(p.end);
  const at = (offset: number) => {
    const pos = lines.position(offset);
    return { line: pos.line + 1, column: pos.character + 1 };
  };
  const fixes = p.fixes?.map((f) => ({
    title: f.title,
    edits: f.edits.map((e) => {
      const s = at(e.start);
      const t = at(e.end);
      return { line: s.line, column: s.column, endLine: t.line, endColumn: t.column, newText: e.newText };
    }),
  }));
  return {
    file: r.uri,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    severity: p.severity,
    code: p.code,
    message: p.message,
    ...(fixes?.length ? { fixes } : {}),
  };
}

/** `file:line:col: severity code message`, one problem a line; messages stay on one line. */
export function formatText(problems: readonly Located[]): string {
  return problems
    .map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity} ${p.code} ${oneLine(p.message)}${fixHint(p)}\n`)
    .join('');
}

/** The preferred quick fix, named after the message: ` (fix: Change to "replicas")`. */
function fixHint(p: Located): string {
  const fix = p.fixes?.[0];
  return fix ? ` (fix: ${fix.title})` : '';
}

function oneLine(message: string): string {
  return message.replace(/\r?\n/g, ' ');
}

export function formatJson(problems: readonly Located[]): string {
  return JSON.stringify(problems, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** SARIF 2.1.0 with exact regions (columns in UTF-16 code units, as editors count them). */
export function formatSarif(problems: readonly Located[], version: string): string {
  const ruleIds = [...new Set(problems.map((p) => p.code))].sort();
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubeplan',
            version,
            rules: ruleIds.map((id) => ({ id })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: problems.map((p) => ({
          ruleId: p.code,
          ruleIndex: ruleIds.indexOf(p.code),
          level: SARIF_LEVEL[p.severity],
          message: { text: p.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(p.file) },
                region: {
                  startLine: p.line,
                  startColumn: p.column,
                  endLine: p.endLine,
                  endColumn: p.endColumn,
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function toUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** `2 errors, 1 warning in 3 files` — the closing line of a text report. */
export function summary(problems: readonly Located[], files: number, objects: number): string {
  const count = (s: Severity) => problems.filter((p) => p.severity === s).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')} ` +
    `in ${plural(files, 'file')} (${plural(objects, 'object')})\n`
  );
}
