/**
 * How kubectl renders errors (kubectl-output.md §1.6, kubectl cmdutil checkErr): one error in
 * its own form, several errors one per line, API errors as `Error from server (Reason): ...`,
 * plain errors with an `error: ` prefix unless they are part of a list.
 */
import type { Outcome } from '../cluster/api';

export type Failure = Extract<Outcome, { ok: false }>;

/** Where a file-based command's object came from, for `error when creating "x.yaml": ...`. */
export interface ErrorSource {
  verb: 'creating' | 'deleting' | 'applying';
  file: string;
  name?: string;
  namespace?: string;
}

/** An error ready to print: its text when alone, and when listed with others. */
export interface CommandError {
  single: string;
  listed: string;
}

/** A plain error kubectl raises itself (`error: ...` alone, bare in a list). */
export function plainError(text: string): CommandError {
  const bare = text.startsWith('error: ') ? text.slice('error: '.length) : text;
  return { single: `error: ${bare}`, listed: bare };
}

/** Turns a failed request into kubectl's text, with the file it came from when there is one. */
export function apiError(f: Failure, source?: ErrorSource): CommandError {
  if (f.reason === '') return plainError(f.error);
  if (f.reason === 'NoKindMatch') {
    return plainError(mappingError(f.error, source));
  }
  const wrap = (msg: string) =>
    source ? `error when ${verbText(source)} "${source.file}": ${msg}` : msg;
  if (f.reason === 'Invalid') {
    // Alone, kubectl prints the Invalid error from its details, without the file wrapper.
    const listed = `Error from server (Invalid): ${wrap(f.message ?? f.error)}`;
    return { single: f.error, listed };
  }
  const text = `Error from server (${f.reason}): ${wrap(f.error)}`;
  return { single: text, listed: text };
}

/**
 * FIXME: for a failed patch kubectl prints the patch and the object (`error when applying
 * patch: ... to: ... for: "x.yaml": ...`); only the file and the server's message are printed.
 */
function verbText(source: ErrorSource): string {
  return source.verb === 'applying' ? 'applying patch to' : source.verb;
}

/** The resource-mapping error of cli-runtime's mapper, two lines. */
export function mappingError(noMatch: string, source?: ErrorSource): string {
  const name = source?.name ?? '';
  const namespace = source?.namespace ?? '';
  const file = source?.file ?? '';
  return `resource mapping not found for name: "${name}" namespace: "${namespace}" from "${file}": ${noMatch}\nensure CRDs are installed first`;
}

/** Prints collected errors: one in its own form, several one per line (an aggregate). */
export function renderErrors(errors: CommandError[]): string {
  if (errors.length === 0) return '';
  if (errors.length === 1) return ensureNewline(errors[0].single);
  return errors.map((e) => ensureNewline(e.listed)).join('');
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : text + '\n';
}

/** `Error from server (NotFound): deployments.apps "x" not found`. */
export function notFoundError(qualifiedPlural: string, name: string): CommandError {
  const text = `Error from server (NotFound): ${qualifiedPlural} "${name}" not found`;
  return { single: text, listed: text };
}
