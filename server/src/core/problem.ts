/** Problems are values: a stable code, a severity, a range of the file text and a message. */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** One text replacement, in offsets of the file the problem belongs to. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** A quick fix the editor can offer; applying it never happens without the user asking. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

/** A place in another part of the input that explains the problem (for example a first key). */
export interface RelatedPlace {
  start: number;
  end: number;
  message: string;
}

export interface Problem {
  /** Stable identifier, documented in docs/problems.md. */
  code: string;
  severity: Severity;
  message: string;
  /** Offsets into the file text (UTF-16 code units, as JavaScript strings count). */
  start: number;
  end: number;
  fixes?: Fix[];
  related?: RelatedPlace[];
}

export function problem(
  code: string,
  severity: Severity,
  message: string,
  start: number,
  end: number,
  extra?: Pick<Problem, 'fixes' | 'related'>,
): Problem {
  return { code, severity, message, start, end, ...extra };
}

/** Orders problems by position, then by code, so output never depends on check order. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) => a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
