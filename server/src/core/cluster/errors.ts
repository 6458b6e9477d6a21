/** API errors as the API server words them and kubectl prints them. */
import type { FieldError, Outcome } from './api';
import { qualifiedResource } from './kinds';

export type Failure = Extract<Outcome, { ok: false }>;

export function notFound(kind: string, name: string): Failure {
  return { ok: false, reason: 'NotFound', error: `${qualifiedResource(kind)} "${name}" not found` };
}

export function alreadyExists(kind: string, name: string): Failure {
  return {
    ok: false,
    reason: 'AlreadyExists',
    error: `${qualifiedResource(kind)} "${name}" already exists`,
  };
}

export function conflict(kind: string, name: string, detail: string): Failure {
  const error = `Operation cannot be fulfilled on ${qualifiedResource(kind)} "${name}": ${detail}`;
  return { ok: false, reason: 'Conflict', error };
}

export function forbidden(kind: string, name: string, detail: string): Failure {
  return {
    ok: false,
    reason: 'Forbidden',
    error: `${qualifiedResource(kind)} "${name}" is forbidden: ${detail}`,
  };
}

export function badRequest(error: string): Failure {
  return { ok: false, reason: 'BadRequest', error };
}

/** An error kubectl raises itself; `error` is the whole line it prints. */
export function clientError(text: string): Failure {
  return { ok: false, reason: '', error: text.startsWith('error: ') ? text : `error: ${text}` };
}

export function noKindMatch(apiVersion: unknown, kind: unknown): Failure {
  return {
    ok: false,
    reason: 'NoKindMatch',
    error: `no matches for kind "${String(kind)}" in version "${String(apiVersion)}"`,
  };
}

/**
 * An Invalid error. kubectl prints one cause after the header, or a header ending in a space and
 * one `* cause` line per distinct cause; the server's own message joins them as `[e1, e2]`.
 */
export function invalid(kind: string, name: string, errors: FieldError[]): Failure {
  const causes = [...new Set(errors.map((e) => e.text))];
  const header = `The ${kind} "${name}" is invalid: `;
  const error =
    causes.length === 1
      ? header + causes[0]
      : header + '\n' + causes.map((c) => `* ${c}`).join('\n');
  const resource = qualifiedResource(kind).replace(/^[a-z]+/, '');
  const joined = causes.length === 1 ? causes[0] : `[${causes.join(', ')}]`;
  const message = `${kind}${resource} "${name}" is invalid: ${joined}`;
  return { ok: false, reason: 'Invalid', error, fieldErrors: errors, message };
}
