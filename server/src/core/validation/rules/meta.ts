/** Object metadata as ValidateObjectMeta checks it: names, namespace, labels, annotation keys. */
import { BAD, get, isRecord, str, type Rec } from './decode';
import { FieldPath, type Collector } from './field';
import { goStr } from './govalue';
import { validateAnnotations, validateLabels } from './labels';
import { isDNS1123Label, type NameRule } from './names';

export interface MetaOptions {
  nameRule: NameRule;
  namespaced: boolean;
  /** On update the name cannot change, so its format is not checked again. */
  update?: boolean;
}

/** ValidateObjectMeta: names, namespace, labels and annotation keys, in the API server's order. */
export function validateObjectMeta(c: Collector, obj: Rec, opts: MetaOptions): void {
  const meta = get(obj, 'metadata');
  const mp = FieldPath.of('metadata');
  if (meta !== undefined && !isRecord(meta)) return;
  if (!opts.update) validateNames(c, meta ?? {}, mp, opts.nameRule);
  if (opts.namespaced) validateNamespaceField(c, meta ?? {}, mp);
  validateLabels(c, meta, 'labels', mp.child('labels'), ['metadata', 'labels']);
  validateAnnotations(c, meta, mp.child('annotations'), ['metadata', 'annotations']);
}

function validateNames(c: Collector, meta: Rec, mp: FieldPath, rule: NameRule): void {
  const generateName = str(meta, 'generateName');
  const name = str(meta, 'name');
  if (generateName === BAD || name === BAD) return;
  if (generateName) {
    for (const msg of rule(generateName, true, c.minor)) {
      c.invalid(mp.child('generateName'), goStr(generateName), msg, 'invalid-name');
    }
  }
  // The API server fills in the name from generateName before it validates the object.
  if (!name && generateName) return;
  if (!name) {
    c.required(mp.child('name'), 'name or generateName is required', 'name-required', {
      at: ['metadata'],
      atKey: true,
    });
    return;
  }
  for (const msg of rule(name, false, c.minor))
    c.invalid(mp.child('name'), goStr(name), msg, 'invalid-name');
}

function validateNamespaceField(c: Collector, meta: Rec, mp: FieldPath): void {
  const ns = str(meta, 'namespace');
  // An absent namespace is filled from the request (kubectl's context) before validation.
  if (ns === undefined || ns === BAD || ns === '') return;
  for (const msg of isDNS1123Label(ns, c.minor))
    c.invalid(mp.child('namespace'), goStr(ns), msg, 'invalid-name');
}
