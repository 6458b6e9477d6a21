#!/usr/bin/env node
/**
 * Generates the strict-validation schemas of the supported kinds, one set per Kubernetes minor,
 * from the Go type declarations of k8s.io/api (shared/fidelity/go-types/<minor>.json), and their
 * documentation from the JSDoc of the kubernetes-types package.
 *
 *   node scripts/gen-schemas.mjs [--go-types DIR] [--check]
 *
 * Output (server/src/core/validation/schema/generated/):
 *   schemas.json  JSON Schema definitions, deduplicated across minors, plus each minor's roots;
 *   docs.json     type and field descriptions keyed by definition name;
 *   NOTICE        attribution.
 * With --check the files are compared instead of written, and the exit code says if they differ.
 * The output depends only on the inputs: keys are sorted and nothing reads the clock.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'server/src/core/validation/schema/generated');
const TYPES_PACKAGE = join(ROOT, 'node_modules/kubernetes-types');

const MINORS = ['1.20', '1.26', '1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'];

/** The kinds Kubeplan checks, as `apiVersion kind`. */
const KINDS = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'ReplicaSet'],
  ['apps/v1', 'DaemonSet'],
  ['apps/v1', 'StatefulSet'],
  ['v1', 'Pod'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'PersistentVolumeClaim'],
  ['v1', 'ReplicationController'],
  ['v1', 'Node'],
  ['v1', 'Namespace'],
];

const INT32 = { minimum: -2147483648, maximum: 2147483647 };

/**
 * Types whose JSON form is not their Go structure: they carry their own UnmarshalJSON. `go` is the
 * type the JSON decoder names when such a value has the wrong JSON type.
 */
const CUSTOM_JSON = {
  'k8s.io/apimachinery/pkg/api/resource.Quantity': () => ({
    type: ['string', 'number', 'null'],
    format: 'quantity',
    'x-go': 'resource.Quantity',
  }),
  // IntOrString decodes a non-string through json.Unmarshal into an int32.
  'k8s.io/apimachinery/pkg/util/intstr.IntOrString': () => ({
    type: ['integer', 'string', 'null'],
    ...INT32,
    'x-go': 'int32',
    'x-int-or-string': true,
  }),
  // Time decodes through json.Unmarshal into a string, then parses RFC 3339.
  // FIXME: a string that is not RFC 3339 is accepted here; the server rejects it with Go's
  // time.Parse error (`parsing time "..." as "2006-01-02T15:04:05Z07:00": ...`).
  'k8s.io/apimachinery/pkg/apis/meta/v1.Time': () => ({ type: ['string', 'null'], 'x-go': 'string' }),
  'k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime': () => ({ type: ['string', 'null'], 'x-go': 'string' }),
  // FieldsV1 and RawExtension keep whatever JSON they are given.
  'k8s.io/apimachinery/pkg/apis/meta/v1.FieldsV1': () => ({}),
  'k8s.io/apimachinery/pkg/runtime.RawExtension': () => ({}),
};

function main() {
  const args = process.argv.slice(2);
  const goDir = argValue(args, '--go-types') ?? resolve(ROOT, '../shared/fidelity/go-types');
  const check = args.includes('--check');
  const dts = readTypesPackage();
  const table = new DefinitionTable();
  const minors = {};
  for (const minor of MINORS) {
    const go = JSON.parse(readFileSync(join(goDir, `${minor}.json`), 'utf8'));
    minors[minor] = buildMinor(go, minor, dts, table);
  }
  const schemas = { minors, definitions: sortKeys(reachable(table.definitions, minors)) };
  const docs = buildDocs(table, schemas.definitions, dts);
  const outputs = {
    'schemas.json': JSON.stringify(schemas) + '\n',
    'docs.json': JSON.stringify(docs) + '\n',
    NOTICE: notice(),
  };
  report(schemas.definitions, outputs, docs);
  if (check) process.exitCode = compareOutputs(outputs) ? 0 : 1;
  else writeOutputs(outputs);
}

function argValue(args, name) {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/* ------------------------------------------------------------------------------------------ */
/* Definitions                                                                                 */
/* ------------------------------------------------------------------------------------------ */

/**
 * Holds every distinct struct definition. A definition's name is its OpenAPI name, then `@` and
 * the first minor whose types produce exactly that content, then `~status` for the lenient form
 * used under `status` when it differs from the strict one. Children are referenced by those names,
 * so identical content hashes identically across minors (a Merkle tree over the type graph).
 */
class DefinitionTable {
  constructor() {
    this.definitions = {};
    this.byHash = new Map();
    /** Definition name → Go type id, to find the documentation later. */
    this.goIds = new Map();
  }

  intern(goId, minor, lenient, definition) {
    const hash = createHash('sha256').update(stableJson(definition)).digest('hex');
    const known = this.byHash.get(hash);
    if (known) return known;
    const name = `${openApiName(goId)}@${minor}${lenient ? '~status' : ''}`;
    if (this.definitions[name]) throw new Error(`two definitions named ${name}`);
    this.definitions[name] = definition;
    this.byHash.set(hash, name);
    this.goIds.set(name, goId);
    return name;
  }
}

/**
 * Only the definitions some root reaches: building a lenient form also builds its strict twin
 * for comparison, and that twin is not always used.
 */
function reachable(definitions, minors) {
  const keep = new Set();
  const stack = Object.values(minors).flatMap((roots) => Object.values(roots));
  while (stack.length) {
    const name = stack.pop();
    if (keep.has(name)) continue;
    keep.add(name);
    const refs = JSON.stringify(definitions[name]).matchAll(/"#\/definitions\/([^"]+)"/g);
    for (const m of refs) stack.push(m[1]);
  }
  return Object.fromEntries(Object.entries(definitions).filter(([name]) => keep.has(name)));
}

/** `k8s.io/api/core/v1.Container` → `io.k8s.api.core.v1.Container`, as the OpenAPI names it. */
function openApiName(goId) {
  const [host, ...rest] = goId.split('/');
  return [...host.split('.').reverse(), ...rest].join('.').replace(/\//g, '.');
}

function buildMinor(go, minor, dts, table) {
  const builder = new MinorBuilder(go, minor, dts, table);
  const roots = {};
  for (const [apiVersion, kind] of KINDS) {
    const goId = go.roots[kind];
    if (!goId) throw new Error(`${minor}: no root for ${kind}`);
    roots[`${apiVersion} ${kind}`] = builder.struct(goId, false);
  }
  return roots;
}

class MinorBuilder {
  constructor(go, minor, dts, table) {
    this.types = go.types;
    this.minor = minor;
    this.dts = dts;
    this.table = table;
    this.memo = new Map();
    this.visiting = new Set();
  }

  /** The definition name of a struct type, built once per minor and mode. */
  struct(goId, lenient) {
    const key = `${goId}|${lenient}`;
    const known = this.memo.get(key);
    if (known) return known;
    if (this.visiting.has(key)) throw new Error(`${this.minor}: recursive type ${goId} is not supported`);
    this.visiting.add(key);
    const definition = this.structDefinition(goId, lenient);
    this.visiting.delete(key);
    // A lenient definition identical to the strict one shares its name.
    const strictTwin = lenient ? this.struct(goId, false) : undefined;
    const name =
      strictTwin && stableJson(this.table.definitions[strictTwin]) === stableJson(definition)
        ? strictTwin
        : this.table.intern(goId, this.minor, lenient, definition);
    this.memo.set(key, name);
    return name;
  }

  structDefinition(goId, lenient) {
    const type = this.types[goId];
    const fields = this.jsonFields(goId);
    const docs = this.dts.forGoType(goId);
    const properties = {};
    const required = [];
    for (const field of fields) {
      const childLenient = lenient || (this.isRoot(goId) && field.json === 'status');
      properties[field.json] = this.property(field, docs, childLenient);
      if (!lenient && this.isRequired(field, docs)) required.push(field.json);
    }
    const definition = {
      type: ['object', 'null'],
      'x-go': type.print,
      properties,
      additionalProperties: false,
    };
    if (required.length) definition.required = required;
    return definition;
  }

  isRoot(goId) {
    return KINDS.some(([, kind]) => goId.endsWith(`/v1.${kind}`));
  }

  /** The JSON-visible fields of a struct, with `,inline` embedded structs flattened in. */
  jsonFields(goId) {
    const out = [];
    for (const field of this.types[goId].fields) {
      if (field.json === undefined) continue;
      const [name, ...options] = field.json.split(',');
      if (name === '-') continue;
      if (name === '' && options.includes('inline')) {
        out.push(...this.jsonFields(field.type));
        continue;
      }
      out.push({ json: name, goType: field.type, omitempty: options.includes('omitempty') });
    }
    return out;
  }

  /**
   * Required as the published OpenAPI says (kubernetes-types marks it), and for fields that
   * package does not know, as the Go tags suggest: no `omitempty`.
   */
  isRequired(field, docs) {
    const known = docs?.fields[field.json];
    if (known) return known.required;
    return !field.omitempty && !this.isPointer(field.goType);
  }

  isPointer(goId) {
    return this.types[goId]?.kind === 'ptr';
  }

  property(field, docs, lenient) {
    const schema = this.schemaOf(field.goType, lenient);
    if (lenient || !schema.type || !schema.type.includes('string')) return schema;
    const doc = docs?.fields[field.json]?.doc ?? '';
    const values = enumValues(doc, this.types[deref(this.types, field.goType)]);
    // An empty string is defaulted by the server before validation, and null is "not set".
    return values ? { ...schema, enum: [...values, '', null] } : schema;
  }

  schemaOf(goId, lenient) {
    const custom = CUSTOM_JSON[goId];
    if (custom) return custom();
    const type = this.types[goId];
    if (!type) throw new Error(`${this.minor}: unknown type ${goId}`);
    switch (type.kind) {
      case 'ptr':
        return this.schemaOf(type.elem, lenient);
      case 'struct':
        return { $ref: `#/definitions/${this.struct(goId, lenient)}` };
      case 'slice':
        if (this.types[type.elem]?.kind === 'uint8') {
          return { type: ['string', 'null'], format: 'byte', 'x-go': type.print };
        }
        return { type: ['array', 'null'], 'x-go': type.print, items: this.schemaOf(type.elem, lenient) };
      case 'map':
        return {
          type: ['object', 'null'],
          'x-go': type.print,
          additionalProperties: this.schemaOf(type.elem, lenient),
        };
      default:
        return primitive(type);
    }
  }
}

function deref(types, goId) {
  return types[goId]?.kind === 'ptr' ? types[goId].elem : goId;
}

function primitive(type) {
  const go = type.print;
  switch (type.kind) {
    case 'string':
      return { type: ['string', 'null'], 'x-go': go };
    case 'bool':
      return { type: ['boolean', 'null'], 'x-go': go };
    case 'int32':
      return { type: ['integer', 'null'], ...INT32, 'x-go': go };
    case 'int64':
    case 'int':
      return { type: ['integer', 'null'], 'x-go': go };
    case 'float32':
    case 'float64':
      return { type: ['number', 'null'], 'x-go': go };
    default:
      throw new Error(`no JSON form for Go kind ${type.kind} (${go})`);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Enumerations from the documentation                                                         */
/* ------------------------------------------------------------------------------------------ */

/**
 * The Go types do not carry their constants, so the allowed values of an enumerated string field
 * are read from its description, and only from the few sentence shapes the API documentation uses
 * to list them completely. Operators are left out on purpose: the server reports a bad operator as
 * "not a valid selector operator", not as an unsupported value, and one description lists them in
 * two sentences.
 */
const ENUM_SENTENCES = [
  /\b[Oo]ne of ([^.:]+)\./,
  /\bCan be ([^.:]+)\./,
  /\bValid values are ([^.:]+)\./,
  /\bValid options are ([^.:]+)\./,
  /\bValid effects are ([^.:]+)\./,
  /\ballowed values are ([^.:]+)\./,
  /\bMust be ([^.:]+)\./,
  /\bSupports ([^.:]+)\./,
];

function enumValues(doc, goType) {
  // Only named string types are enumerations; a plain `string` field is free text.
  if (!goType || goType.kind !== 'string' || goType.print === 'string') return undefined;
  for (const sentence of ENUM_SENTENCES) {
    const match = sentence.exec(doc);
    const values = match ? listOfWords(match[1]) : undefined;
    if (values) return values;
  }
  return undefined;
}

/** `Always, Never, IfNotPresent` or `"TCP", "UDP", and "SCTP"` → the words; else undefined. */
function listOfWords(text) {
  const parts = text.split(/,? (?:and|or) |, /);
  if (parts.length < 2) return undefined;
  const words = [];
  for (const part of parts) {
    const m = /^(["']?)([A-Za-z][A-Za-z0-9-]*)\1$/.exec(part.trim());
    if (!m) return undefined;
    words.push(m[2]);
  }
  return words;
}

/* ------------------------------------------------------------------------------------------ */
/* Documentation                                                                               */
/* ------------------------------------------------------------------------------------------ */

const TS_FILES = {
  'k8s.io/api/apps/v1': 'apps/v1.d.ts',
  'k8s.io/api/core/v1': 'core/v1.d.ts',
  'k8s.io/apimachinery/pkg/apis/meta/v1': 'meta/v1.d.ts',
  'k8s.io/apimachinery/pkg/api/resource': 'api/resource.d.ts',
};

function readTypesPackage() {
  const byPackage = {};
  for (const [pkg, file] of Object.entries(TS_FILES)) {
    byPackage[pkg] = parseDeclarations(readFileSync(join(TYPES_PACKAGE, file), 'utf8'));
  }
  return {
    forGoType(goId) {
      const dot = goId.lastIndexOf('.');
      return byPackage[goId.slice(0, dot)]?.[goId.slice(dot + 1)];
    },
  };
}

/**
 * Reads the interfaces and type aliases of a kubernetes-types declaration file: each with its
 * JSDoc text and, for interfaces, each field's JSDoc and whether it is optional.
 */
function parseDeclarations(text) {
  const out = {};
  let pending = '';
  let current;
  let nested = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim().startsWith('/**')) {
      const end = lines.findIndex((l, j) => j >= i && l.includes('*/'));
      pending = jsdocText(lines.slice(i, end + 1));
      i = end;
      continue;
    }
    let m;
    if ((m = /^export interface (\w+) \{$/.exec(line))) {
      current = out[m[1]] = { doc: pending, fields: {} };
    } else if ((m = /^export type (\w+) = /.exec(line))) {
      out[m[1]] = { doc: pending, fields: {} };
    } else if (current && nested === 0 && (m = /^ {4}(?:readonly )?(\w+)(\??): (.*)$/.exec(line))) {
      current.fields[m[1]] = { doc: pending, required: m[2] !== '?' };
      if (m[3].endsWith('{')) nested = 1;
    } else if (nested && /^ {4}\};?$/.test(line)) {
      nested = 0;
    } else if (line === '}') {
      current = undefined;
    }
    pending = '';
  }
  return out;
}

function jsdocText(lines) {
  return lines
    .map((l) => l.trim().replace(/^\/\*\*\s?/, '').replace(/\s?\*\/$/, '').replace(/^\*\s?/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Descriptions keyed by OpenAPI name (without the minor), for every struct in any minor. */
function buildDocs(table, definitions, dts) {
  const docs = {};
  for (const [name, goId] of table.goIds) {
    if (!definitions[name]) continue;
    const base = name.slice(0, name.indexOf('@'));
    if (docs[base]) continue;
    const source = dts.forGoType(goId);
    const fields = {};
    for (const [field, info] of Object.entries(source?.fields ?? {})) fields[field] = info.doc;
    docs[base] = { d: source?.doc ?? '', f: sortKeys(fields) };
  }
  for (const [goId, custom] of Object.entries(CUSTOM_JSON)) {
    const source = dts.forGoType(goId);
    if (source && custom) docs[openApiName(goId)] = { d: source.doc, f: {} };
  }
  return sortKeys(docs);
}

/* ------------------------------------------------------------------------------------------ */
/* Output                                                                                      */
/* ------------------------------------------------------------------------------------------ */

function notice() {
  const pkg = JSON.parse(readFileSync(join(TYPES_PACKAGE, 'package.json'), 'utf8'));
  return [
    'The files in this folder are generated by scripts/gen-schemas.mjs. Do not edit them.',
    '',
    'schemas.json holds facts about the Kubernetes API (field names, JSON types, required fields)',
    'derived from the Go type declarations of the k8s.io/api and k8s.io/apimachinery packages,',
    'releases 1.20 and 1.26 to 1.35, and the allowed values of a few enumerated fields, read',
    'from the descriptions below.',
    '  Copyright The Kubernetes Authors.',
    '  Licensed under the Apache License, Version 2.0: https://www.apache.org/licenses/LICENSE-2.0',
    '',
    `docs.json holds the field descriptions of the Kubernetes API as published in the`,
    `kubernetes-types package, version ${pkg.version} (${pkg.repository}),`,
    'whose text comes from the Kubernetes OpenAPI specification.',
    `  Copyright ${pkg.author} and The Kubernetes Authors.`,
    '  Licensed under the Apache License, Version 2.0: https://www.apache.org/licenses/LICENSE-2.0',
    '',
  ].join('\n');
}

function report(definitions, outputs, docs) {
  const bytes = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, Buffer.byteLength(v)]));
  const enums = Object.entries(definitions).flatMap(([name, def]) =>
    Object.entries(def.properties)
      .filter(([, p]) => p.enum)
      .map(([field, p]) => `${name.replace(/@.*/, '')}.${field}: ${p.enum.filter((v) => v).join(' ')}`),
  );
  const undocumented = Object.entries(definitions).flatMap(([name, def]) => {
    const base = name.slice(0, name.indexOf('@'));
    return Object.keys(def.properties).filter((f) => !docs[base]?.f[f]).map((f) => `${base}.${f}`);
  });
  const lines = [
    `definitions: ${Object.keys(definitions).length}`,
    `bytes: ${JSON.stringify(bytes)}`,
    `enumerations (${new Set(enums).size}):`,
    ...[...new Set(enums)].sort().map((e) => `  ${e}`),
    `fields without a description in kubernetes-types: ${new Set(undocumented).size}`,
  ];
  process.stderr.write(lines.join('\n') + '\n');
}

function writeOutputs(outputs) {
  if (!existsSync(OUT)) mkdirSync(OUT, { recursive: true });
  for (const [file, text] of Object.entries(outputs)) writeFileSync(join(OUT, file), text);
}

function compareOutputs(outputs) {
  let same = true;
  for (const [file, text] of Object.entries(outputs)) {
    const path = join(OUT, file);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
      process.stderr.write(`${file} is out of date\n`);
      same = false;
    }
  }
  return same;
}

function sortKeys(object) {
  return Object.fromEntries(Object.keys(object).sort().map((k) => [k, object[k]]));
}

/** JSON with object keys sorted at every level, so equal content hashes equally. */
function stableJson(value) {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

main();
