/**
 * Field errors as apimachinery's field package builds and prints them, plus what Kubeplan needs
 * to place them: a stable problem code and the path of the node to underline.
 */
import type { Minor } from '../../api/versions';
import type { Severity } from '../../problem';
import type { Path, PathSegment } from '../../yaml/parse';
import { goQuote, renderBadValue, type GoValue } from './govalue';

type Step = { child: string } | { index: number } | { key: string };

/** A field path as the API server names it: `spec.template.spec.containers[0].name`, `data[k]`. */
export class FieldPath {
  private constructor(private readonly steps: readonly Step[]) {}

  static of(...names: string[]): FieldPath {
    return new FieldPath(names.map((child) => ({ child })));
  }

  child(...names: string[]): FieldPath {
    return new FieldPath([...this.steps, ...names.map((child) => ({ child }))]);
  }

  index(index: number): FieldPath {
    return new FieldPath([...this.steps, { index }]);
  }

  key(key: string): FieldPath {
    return new FieldPath([...this.steps, { key }]);
  }

  get text(): string {
    let out = '';
    for (const s of this.steps) {
      if ('child' in s) out += out ? `.${s.child}` : s.child;
      else if ('index' in s) out += `[${s.index}]`;
      else out += `[${s.key}]`;
    }
    return out;
  }

  /** The same path as JSON segments, for finding the node in the document. */
  get json(): Path {
    return this.steps.map((s): PathSegment =>
      'child' in s ? s.child : 'index' in s ? s.index : s.key,
    );
  }
}

/** One finding of the rules: an API-server error line (or warning) and where it belongs. */
export interface RuleError {
  code: string;
  severity: Severity;
  /** The field as the API server prints it. */
  field: string;
  /** What follows `field: ` in the API server's line. */
  body: string;
  /** JSON path of the field the error is about, relative to the object. */
  path: Path;
  /** The node to underline (defaults to `path`). */
  at?: Path;
  /** Underline the key of `at` rather than its value. */
  atKey?: boolean;
}

export function lineOf(e: Pick<RuleError, 'field' | 'body'>): string {
  return e.field ? `${e.field}: ${e.body}` : e.body;
}

/** Where an error belongs, when that is not the path the API server names. */
export interface Place {
  path?: Path;
  at?: Path;
  atKey?: boolean;
}

/** Collects the errors of one validation for one minor. */
export class Collector {
  readonly errors: RuleError[] = [];
  constructor(readonly minor: Minor) {}

  required(fp: FieldPath, detail: string, code: string, place: Place = {}): void {
    this.push(code, fp, detail ? `Required value: ${detail}` : 'Required value', place);
  }

  forbidden(fp: FieldPath, detail: string, code: string, place: Place = {}): void {
    this.push(code, fp, detail ? `Forbidden: ${detail}` : 'Forbidden', place);
  }

  invalid(fp: FieldPath, value: GoValue, detail: string, code: string, place: Place = {}): void {
    const body = `Invalid value: ${renderBadValue(value, this.minor)}`;
    this.push(code, fp, detail ? `${body}: ${detail}` : body, place);
  }

  notSupported(
    fp: FieldPath,
    value: GoValue,
    valid: readonly string[],
    code: string,
    place: Place = {},
  ): void {
    const body = `Unsupported value: ${renderBadValue(value, this.minor)}`;
    const detail = valid.length ? `: supported values: ${valid.map(goQuote).join(', ')}` : '';
    this.push(code, fp, body + detail, place);
  }

  duplicate(fp: FieldPath, value: GoValue, code: string, place: Place = {}): void {
    this.push(code, fp, `Duplicate value: ${renderBadValue(value, this.minor)}`, place);
  }

  notFound(fp: FieldPath, value: GoValue, code: string, place: Place = {}): void {
    this.push(code, fp, `Not found: ${renderBadValue(value, this.minor)}`, place);
  }

  /** A warning the API server returns with a successful response (not a field error). */
  warning(code: string, text: string, path: Path, place: Place = {}): void {
    this.errors.push({ code, severity: 'warning', field: '', body: text, path, ...place });
  }

  private push(code: string, fp: FieldPath, body: string, place: Place): void {
    const path = place.path ?? fp.json;
    this.errors.push({
      code,
      severity: 'error',
      field: fp.text,
      body,
      path,
      at: place.at,
      atKey: place.atKey,
    });
  }
}
