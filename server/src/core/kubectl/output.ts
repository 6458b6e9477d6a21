/**
 * `-o` formats other than tables: name, yaml, json, jsonpath and custom-columns, printed from the
 * objects (or the List wrapper kubectl builds around several of them).
 */
import type { KubeObject } from '../cluster/api';
import { plainError, type CommandError } from './errors';
import { goSharpV, jsonIndent } from './gofmt';
import { toYaml } from './goyaml';
import {
  columnCell,
  executeTemplate,
  JsonPathError,
  parseTemplate,
  type TemplateNode,
} from './jsonpath';
import { kindPrefix } from './resources';
import { TABLE, tabwrite } from './tabwriter';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'name' }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'jsonpath'; raw: string; template: TemplateNode[] }
  | { kind: 'custom-columns'; columns: Array<{ header: string; nodes: TemplateNode[] }> };

const ALLOWED =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

export type FormatResult =
  | { ok: true; format: OutputFormat }
  | { ok: false; error: CommandError }
  | { ok: false; unsupported: string };

/** Reads the value of `-o`; errors and unsupported formats are told apart. */
export function parseOutput(value: string | undefined): FormatResult {
  if (value === undefined || value === '')
    return { ok: true, format: { kind: 'table', wide: false } };
  if (value === 'wide') return { ok: true, format: { kind: 'table', wide: true } };
  if (value === 'name' || value === 'yaml' || value === 'json')
    return { ok: true, format: { kind: value } };
  const eq = value.indexOf('=');
  const name = eq < 0 ? value : value.slice(0, eq);
  const arg = eq < 0 ? '' : value.slice(eq + 1);
  if (name === 'jsonpath') return jsonPathFormat(arg);
  if (name === 'custom-columns') return customColumnsFormat(arg);
  // FIXME: go-template, template, the *-file formats and jsonpath-as-json are not implemented;
  // lines using them are reported as not simulated.
  if (ALLOWED.split(',').includes(name)) return { ok: false, unsupported: `-o ${name}` };
  return {
    ok: false,
    error: plainError(
      `unable to match a printer suitable for the output format "${value}", allowed formats are: ${ALLOWED}`,
    ),
  };
}

function jsonPathFormat(arg: string): FormatResult {
  if (arg === '')
    return { ok: false, error: plainError('template format specified but no template given') };
  try {
    return { ok: true, format: { kind: 'jsonpath', raw: arg, template: parseTemplate(arg) } };
  } catch (err) {
    const reason = err instanceof JsonPathError ? err.message : String(err);
    return { ok: false, error: plainError(`error parsing jsonpath ${arg}, ${reason}\n`) };
  }
}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** NewCustomColumnsPrinterFromSpec with RelaxedJSONPathExpression. */
function customColumnsFormat(spec: string): FormatResult {
  if (spec === '')
    return {
      ok: false,
      error: plainError('custom-columns format specified but no custom columns given'),
    };
  const columns: Array<{ header: string; nodes: TemplateNode[] }> = [];
  for (const part of spec.split(',')) {
    const colon = part.indexOf(':');
    if (colon < 0) {
      return {
        ok: false,
        error: plainError(
          `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`,
        ),
      };
    }
    const expr = part.slice(colon + 1);
    const m = RELAXED.exec(expr);
    if (expr !== '' && !m) {
      return {
        ok: false,
        error: plainError(
          "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
        ),
      };
    }
    const path = expr === '' ? '' : `{.${m![1] ?? m![2]}}`;
    try {
      columns.push({ header: part.slice(0, colon), nodes: parseTemplate(path) });
    } catch (err) {
      return {
        ok: false,
        error: plainError(`error parsing jsonpath ${path}, ${(err as Error).message}\n`),
      };
    }
  }
  return { ok: true, format: { kind: 'custom-columns', columns } };
}

/** The object as printed: managed fields are left out, as kubectl does by default. */
export function forOutput(obj: KubeObject): KubeObject {
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj;
  const metadata = { ...obj.metadata };
  delete metadata.managedFields;
  return { ...obj, metadata };
}

/** The List kubectl wraps several objects (or none) in. */
export function listOf(objects: KubeObject[]): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    items: objects.map(forOutput),
    kind: 'List',
    metadata: { resourceVersion: '' },
  };
}

export type PrintResult = { ok: true; text: string } | { ok: false; error: CommandError };

/** Prints objects in a generic format; `single` prints one object without the List. */
export function printGeneric(
  format: OutputFormat,
  objects: KubeObject[],
  single: boolean,
): PrintResult {
  const data = single && objects.length === 1 ? forOutput(objects[0]) : listOf(objects);
  switch (format.kind) {
    case 'name':
      return {
        ok: true,
        text: objects.map((o) => `${kindPrefix(o.kind)}/${o.metadata.name}\n`).join(''),
      };
    case 'yaml':
      return { ok: true, text: toYaml(data) };
    case 'json':
      return { ok: true, text: jsonIndent(data) + '\n' };
    case 'jsonpath':
      return runJsonPath(format.raw, format.template, data);
    case 'custom-columns':
      return { ok: true, text: customColumns(format.columns, objects) };
    case 'table':
      return { ok: true, text: '' };
  }
}

function runJsonPath(raw: string, template: TemplateNode[], data: unknown): PrintResult {
  try {
    return { ok: true, text: executeTemplate(template, data) };
  } catch (err) {
    const reason = err instanceof JsonPathError ? err.message : String(err);
    const detail =
      `Error executing template: ${reason}. Printing more information for debugging the template:\n` +
      `\ttemplate was:\n\t\t${raw}\n` +
      `\tobject given to jsonpath engine was:\n\t\t${goSharpV(data)}\n\n`;
    return {
      ok: false,
      error: plainError(`error executing jsonpath ${JSON.stringify(raw)}: ${detail}\n`),
    };
  }
}

/** The custom-columns table: headers as given, one row per object, the 6/4/3 tabwriter. */
function customColumns(
  columns: Array<{ header: string; nodes: TemplateNode[] }>,
  objects: KubeObject[],
): string {
  const lines = [columns.map((c) => c.header).join('\t')];
  for (const obj of objects)
    lines.push(columns.map((c) => columnCell(c.nodes, forOutput(obj))).join('\t'));
  return tabwrite(lines.join('\n') + '\n', TABLE);
}
