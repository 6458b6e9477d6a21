/** core/v1 kinds around workloads: Service, ConfigMap, Namespace and Pod. */
import {
  BAD,
  get,
  int,
  intOrString,
  isRecord,
  list,
  recOrEmpty,
  sortedKeys,
  str,
  type Rec,
} from './decode';
import { FieldPath, type Collector } from './field';
import { goInt, goStr } from './govalue';
import { validateLabels } from './labels';
import { byteLength, isDNS1123Label, isValidPortNum, maxLenError, regexError } from './names';
import { validatePodSpec, validatePortNumOrName } from './podspec';

const SPEC = FieldPath.of('spec');

export function validateServiceSpec(c: Collector, spec: Rec): void {
  const ports = list(spec, 'ports');
  if (ports === BAD) return;
  const headless = get(spec, 'clusterIP') === 'None';
  if ((!ports || ports.length === 0) && !headless && get(spec, 'type') !== 'ExternalName') {
    c.required(SPEC.child('ports'), '', 'service-ports', { at: ['spec'], atKey: true });
  }
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    if (isRecord(port))
      validateServicePort(c, port, SPEC.child('ports').index(i), (ports ?? []).length > 1, names);
  });
  validateLabels(c, spec, 'selector', SPEC.child('selector'), ['spec', 'selector']);
}

function validateServicePort(
  c: Collector,
  port: Rec,
  fp: FieldPath,
  requireName: boolean,
  names: Set<string>,
): void {
  const name = str(port, 'name');
  if (name === BAD) return;
  if (requireName && !name) c.required(fp.child('name'), '', 'service-port-name', { at: fp.json });
  else if (name) {
    for (const msg of isDNS1123Label(name, c.minor))
      c.invalid(fp.child('name'), goStr(name), msg, 'invalid-name');
    if (names.has(name)) c.duplicate(fp.child('name'), goStr(name), 'duplicate-name');
    names.add(name);
  }
  const number = int(port, 'port');
  if (number !== BAD) {
    for (const msg of isValidPortNum(number ?? 0))
      c.invalid(fp.child('port'), goInt(number ?? 0), msg, 'port-number', {
        at: number === undefined ? fp.json : undefined,
      });
  }
  const protocol = str(port, 'protocol');
  if (protocol && protocol !== BAD && !['TCP', 'UDP', 'SCTP'].includes(protocol)) {
    c.notSupported(
      fp.child('protocol'),
      goStr(protocol, true),
      ['SCTP', 'TCP', 'UDP'],
      'unsupported-value',
    );
  }
  validateTargetPort(c, port, fp.child('targetPort'));
}

/** An unset (0 or "") targetPort defaults to the port; anything else must be a number or a name. */
function validateTargetPort(c: Collector, port: Rec, fp: FieldPath): void {
  const target = intOrString(port, 'targetPort');
  if (target === undefined || target === BAD) return;
  if ((target.isStr && target.str === '') || (!target.isStr && target.int === 0)) return;
  validatePortNumOrName(c, target, fp, 'service-target-port');
}

const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_KEY_RE = new RegExp(`^${CONFIG_KEY_FMT}$`);

/** IsConfigMapKey. */
export function isConfigMapKey(key: string): string[] {
  const errs: string[] = [];
  if (byteLength(key) > 253) errs.push(maxLenError(253));
  if (!CONFIG_KEY_RE.test(key)) {
    const msg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
    errs.push(regexError(msg, CONFIG_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

export function validateConfigMapData(c: Collector, obj: Rec): void {
  const data = recOrEmpty(obj, 'data');
  const binary = recOrEmpty(obj, 'binaryData');
  for (const key of sortedKeys(data)) {
    const fp = FieldPath.of('data').key(key);
    for (const msg of isConfigMapKey(key))
      c.invalid(fp, goStr(key), msg, 'configmap-key', { atKey: true });
    if (key in binary)
      c.invalid(fp, goStr(key), 'duplicate of key present in binaryData', 'configmap-key', {
        atKey: true,
      });
  }
  for (const key of sortedKeys(binary)) {
    const fp = FieldPath.of('binaryData').key(key);
    for (const msg of isConfigMapKey(key))
      c.invalid(fp, goStr(key), msg, 'configmap-key', { atKey: true });
  }
}

export function validatePod(c: Collector, obj: Rec): void {
  const spec = get(obj, 'spec');
  if (spec !== undefined && !isRecord(spec)) return;
  validatePodSpec(c, spec ?? {}, SPEC);
}
