/**
 * The parts of ValidatePodTemplateSpec / ValidatePodSpec that matter for workloads: template
 * labels, containers (names, images, ports, mounts, resources, probes), volumes, restartPolicy.
 */
import { atLeast } from '../../api/versions';
import {
  BAD,
  get,
  int,
  intOrString,
  isRecord,
  list,
  rec,
  sortedKeys,
  str,
  type IntOrString,
  type Rec,
} from './decode';
import type { Collector, FieldPath } from './field';
import { goInt, goStr } from './govalue';
import { validateAnnotations, validateLabels } from './labels';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from './names';
import {
  canonical,
  compareQuantity,
  isQuantityError,
  parseQuantity,
  quantityDec,
  roundUpQuantity,
  type Quantity as ApiQuantity,
} from '../../api/quantity';

/** A resource quantity after defaulting (rounded up to milli), with the text messages show. */
interface Quantity {
  value: ApiQuantity;
  text: string;
}

function resourceQuantity(raw: unknown): Quantity | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const q = parseQuantity(raw);
  if (isQuantityError(q)) return undefined;
  const value = roundUpQuantity(q, -3);
  return { value, text: canonical(value) };
}

const isNegative = (q: Quantity): boolean => quantityDec(q.value).unscaled < 0n;

/** ValidatePodTemplateSpec; template label errors name `…template.labels`, as the API server does. */
export function validatePodTemplateSpec(c: Collector, template: Rec, fp: FieldPath): void {
  const meta = rec(template, 'metadata');
  if (meta !== BAD) {
    validateLabels(c, meta, 'labels', fp.child('labels'), [...fp.json, 'metadata', 'labels']);
    validateAnnotations(c, meta, fp.child('annotations'), [...fp.json, 'metadata', 'annotations']);
  }
  const spec = rec(template, 'spec');
  if (spec !== BAD) validatePodSpec(c, spec ?? {}, fp.child('spec'));
}

export function validatePodSpec(c: Collector, spec: Rec, fp: FieldPath): void {
  const volumes = validateVolumes(c, spec, fp.child('volumes'));
  const names = validateContainers(c, spec, fp.child('containers'), volumes);
  validateInitContainers(c, spec, fp.child('initContainers'), volumes, names);
  validateRestartPolicy(c, spec, fp);
  validateLabels(c, spec, 'nodeSelector', fp.child('nodeSelector'), [...fp.json, 'nodeSelector']);
  validateDnsName(c, spec, 'serviceAccountName', fp, isDNS1123Subdomain);
  validateActiveDeadline(c, spec, fp);
  validateDnsName(c, spec, 'hostname', fp, (v) => isDNS1123Label(v, c.minor));
  validateDnsName(c, spec, 'subdomain', fp, (v) => isDNS1123Label(v, c.minor));
}

function validateRestartPolicy(c: Collector, spec: Rec, fp: FieldPath): void {
  const policy = str(spec, 'restartPolicy');
  if (policy === undefined || policy === BAD || ['Always', 'OnFailure', 'Never'].includes(policy))
    return;
  if (policy === '') return; // defaulted to Always
  c.notSupported(
    fp.child('restartPolicy'),
    goStr(policy, true),
    ['Always', 'OnFailure', 'Never'],
    'restart-policy',
  );
}

function validateDnsName(
  c: Collector,
  spec: Rec,
  key: string,
  fp: FieldPath,
  rule: (v: string) => string[],
): void {
  const v = str(spec, key);
  if (!v || v === BAD) return;
  for (const msg of rule(v)) c.invalid(fp.child(key), goStr(v), msg, 'invalid-name');
}

function validateActiveDeadline(c: Collector, spec: Rec, fp: FieldPath): void {
  const v = int(spec, 'activeDeadlineSeconds');
  if (v === undefined || v === BAD || (v >= 1 && v <= 2147483647)) return;
  c.invalid(
    fp.child('activeDeadlineSeconds'),
    goInt(v),
    'must be between 1 and 2147483647, inclusive',
    'out-of-range',
  );
}

/** ValidateVolumes; returns the names of volumes without errors, which mounts may refer to. */
function validateVolumes(c: Collector, spec: Rec, fp: FieldPath): Set<string> {
  const valid = new Set<string>();
  const vols = list(spec, 'volumes');
  if (!vols || vols === BAD) return valid;
  vols.forEach((vol, i) => {
    if (!isRecord(vol)) return;
    const before = c.errors.length;
    validateVolumeSource(c, vol, fp.index(i));
    const name = str(vol, 'name');
    if (name === BAD) return;
    const np = fp.index(i).child('name');
    if (!name) c.required(np, '', 'volume-name', { at: [...fp.index(i).json] });
    else
      for (const msg of isDNS1123Label(name, c.minor))
        c.invalid(np, goStr(name), msg, 'invalid-name');
    // Only volumes that passed their checks count, for duplicates and for mounts alike.
    if (valid.has(name ?? '')) c.duplicate(np, goStr(name ?? ''), 'duplicate-name');
    if (c.errors.length === before) valid.add(name ?? '');
  });
  return valid;
}

/** The sources whose referenced object name is required (the common ones). */
const SOURCE_NAMES: ReadonlyArray<[string, string]> = [
  ['configMap', 'name'],
  ['secret', 'secretName'],
  ['persistentVolumeClaim', 'claimName'],
];

function validateVolumeSource(c: Collector, vol: Rec, fp: FieldPath): void {
  for (const [source, field] of SOURCE_NAMES) {
    const s = rec(vol, source);
    if (!s || s === BAD) continue;
    const v = str(s, field);
    if (v === BAD || v) continue;
    c.required(fp.child(source, field), '', 'volume-source', {
      at: [...fp.json, source],
      atKey: true,
    });
  }
}

function validateContainers(
  c: Collector,
  spec: Rec,
  fp: FieldPath,
  volumes: Set<string>,
): Set<string> {
  const names = new Set<string>();
  const containers = list(spec, 'containers');
  if (containers === BAD) return names;
  if (!containers || containers.length === 0) {
    c.required(fp, '', 'containers-required', { at: fp.json.slice(0, -1), atKey: true });
    return names;
  }
  containers.forEach((ctr, i) => {
    if (!isRecord(ctr)) return;
    const cp = fp.index(i);
    const legacy = !atLeast(c.minor, '1.26');
    if (legacy) validateContainerLegacy(c, ctr, cp, volumes, names);
    else {
      validateContainerCommon(c, ctr, cp, volumes);
      checkDuplicateName(c, ctr, cp, names);
      validateProbes(c, ctr, cp);
    }
  });
  checkHostPortConflicts(c, containers, fp);
  return names;
}

/** The order of the checks before the container code was split into common parts. */
function validateContainerLegacy(
  c: Collector,
  ctr: Rec,
  cp: FieldPath,
  volumes: Set<string>,
  names: Set<string>,
): void {
  validateContainerName(c, ctr, cp);
  checkDuplicateName(c, ctr, cp, names);
  validateImage(c, ctr, cp);
  validateProbes(c, ctr, cp);
  validateContainerPorts(c, ctr, cp.child('ports'));
  validateVolumeMounts(c, ctr, cp.child('volumeMounts'), volumes);
  validateResources(c, ctr, cp.child('resources'));
}

function validateContainerCommon(
  c: Collector,
  ctr: Rec,
  cp: FieldPath,
  volumes: Set<string>,
): void {
  validateContainerName(c, ctr, cp);
  validateImage(c, ctr, cp);
  validateContainerPorts(c, ctr, cp.child('ports'));
  validateVolumeMounts(c, ctr, cp.child('volumeMounts'), volumes);
  validatePullPolicy(c, ctr, cp);
  validateResources(c, ctr, cp.child('resources'));
}

function validateInitContainers(
  c: Collector,
  spec: Rec,
  fp: FieldPath,
  volumes: Set<string>,
  names: Set<string>,
): void {
  const inits = list(spec, 'initContainers');
  if (!inits || inits === BAD) return;
  const all = new Set(names);
  inits.forEach((ctr, i) => {
    if (!isRecord(ctr)) return;
    validateContainerCommon(c, ctr, fp.index(i), volumes);
    checkDuplicateName(c, ctr, fp.index(i), all);
  });
}

function validateContainerName(c: Collector, ctr: Rec, cp: FieldPath): void {
  const name = str(ctr, 'name');
  if (name === BAD) return;
  if (!name) {
    c.required(cp.child('name'), '', 'container-name', { at: cp.json });
    return;
  }
  for (const msg of isDNS1123Label(name, c.minor))
    c.invalid(cp.child('name'), goStr(name), msg, 'invalid-name');
}

function checkDuplicateName(c: Collector, ctr: Rec, cp: FieldPath, names: Set<string>): void {
  const name = str(ctr, 'name');
  if (name === BAD) return;
  if (names.has(name ?? '')) c.duplicate(cp.child('name'), goStr(name ?? ''), 'duplicate-name');
  names.add(name ?? '');
}

function validateImage(c: Collector, ctr: Rec, cp: FieldPath): void {
  const image = str(ctr, 'image');
  if (image === BAD || image) return;
  c.required(cp.child('image'), '', 'image-required', {
    at: has(ctr, 'image') ? undefined : cp.json,
  });
}

function has(obj: Rec, key: string): boolean {
  return get(obj, key) !== undefined;
}

function validatePullPolicy(c: Collector, ctr: Rec, cp: FieldPath): void {
  const policy = str(ctr, 'imagePullPolicy');
  if (!policy || policy === BAD || ['Always', 'IfNotPresent', 'Never'].includes(policy)) return;
  c.notSupported(
    cp.child('imagePullPolicy'),
    goStr(policy, true),
    ['Always', 'IfNotPresent', 'Never'],
    'unsupported-value',
  );
}

function validateContainerPorts(c: Collector, ctr: Rec, fp: FieldPath): void {
  const ports = list(ctr, 'ports');
  if (!ports || ports === BAD) return;
  const names = new Set<string>();
  ports.forEach((port, i) => {
    if (!isRecord(port)) return;
    const pp = fp.index(i);
    validatePortName(c, port, pp, names);
    validatePortNumbers(c, port, pp);
    const protocol = str(port, 'protocol');
    if (protocol && protocol !== BAD && !['TCP', 'UDP', 'SCTP'].includes(protocol)) {
      c.notSupported(
        pp.child('protocol'),
        goStr(protocol, true),
        ['SCTP', 'TCP', 'UDP'],
        'unsupported-value',
      );
    }
  });
}

function validatePortName(c: Collector, port: Rec, pp: FieldPath, names: Set<string>): void {
  const name = str(port, 'name');
  if (!name || name === BAD) return;
  const msgs = isValidPortName(name, c.minor);
  for (const msg of msgs) c.invalid(pp.child('name'), goStr(name), msg, 'port-name');
  if (msgs.length) return;
  if (names.has(name)) c.duplicate(pp.child('name'), goStr(name), 'duplicate-name');
  names.add(name);
}

function validatePortNumbers(c: Collector, port: Rec, pp: FieldPath): void {
  const containerPort = int(port, 'containerPort');
  if (containerPort === undefined || containerPort === 0) {
    c.required(pp.child('containerPort'), '', 'port-number', { at: pp.json });
  } else if (containerPort !== BAD) {
    for (const msg of isValidPortNum(containerPort))
      c.invalid(pp.child('containerPort'), goInt(containerPort), msg, 'port-number');
  }
  const hostPort = int(port, 'hostPort');
  if (hostPort === undefined || hostPort === BAD || hostPort === 0) return;
  for (const msg of isValidPortNum(hostPort))
    c.invalid(pp.child('hostPort'), goInt(hostPort), msg, 'port-number');
}

/** Two containers may not bind the same host port, protocol and host IP. */
function checkHostPortConflicts(c: Collector, containers: unknown[], fp: FieldPath): void {
  const seen = new Set<string>();
  containers.forEach((ctr, ci) => {
    const ports = list(ctr, 'ports');
    if (!ports || ports === BAD) return;
    ports.forEach((port, pi) => {
      const hostPort = int(port, 'hostPort');
      if (!hostPort || hostPort === BAD) return;
      const protocol = str(port, 'protocol');
      const hostIP = str(port, 'hostIP');
      const key = `${typeof protocol === 'string' && protocol ? protocol : 'TCP'}/${typeof hostIP === 'string' ? hostIP : ''}/${hostPort}`;
      const hp = fp.index(ci).child('ports').index(pi).child('hostPort');
      if (seen.has(key)) c.duplicate(hp, goStr(key), 'duplicate-host-port');
      seen.add(key);
    });
  });
}

function validateVolumeMounts(c: Collector, ctr: Rec, fp: FieldPath, volumes: Set<string>): void {
  const mounts = list(ctr, 'volumeMounts');
  if (!mounts || mounts === BAD) return;
  const paths = new Set<string>();
  mounts.forEach((m, i) => {
    if (!isRecord(m)) return;
    const mp = fp.index(i);
    const name = str(m, 'name');
    const path = str(m, 'mountPath');
    if (name === BAD || path === BAD) return;
    if (!name) c.required(mp.child('name'), '', 'volume-mount', { at: mp.json });
    if (!volumes.has(name ?? '')) c.notFound(mp.child('name'), goStr(name ?? ''), 'volume-mount');
    if (!path) c.required(mp.child('mountPath'), '', 'volume-mount', { at: mp.json });
    if (paths.has(path ?? ''))
      c.invalid(mp.child('mountPath'), goStr(path ?? ''), 'must be unique', 'volume-mount');
    paths.add(path ?? '');
  });
}

const CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const STANDARD_RESOURCES = new Set([
  ...CONTAINER_RESOURCES,
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
/** Extended resources and huge pages cannot be overcommitted: a request must equal its limit. */
const overcommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);

/** ValidateResourceRequirements: names, non-negative values, and requests within limits. */
function validateResources(c: Collector, ctr: Rec, fp: FieldPath): void {
  const res = rec(ctr, 'resources');
  if (!res || res === BAD) return;
  const limits = readQuantities(res, 'limits');
  const requests = readQuantities(res, 'requests');
  for (const [name, q] of limits) validateResource(c, fp.child('limits').key(name), name, q);
  for (const [name, q] of requests) {
    validateResource(c, fp.child('requests').key(name), name, q);
    compareWithLimit(c, fp, name, q, limits.get(name));
  }
}

function readQuantities(res: Rec, key: string): Map<string, Quantity | undefined> {
  const out = new Map<string, Quantity | undefined>();
  const m = rec(res, key);
  if (!m || m === BAD) return out;
  for (const name of sortedKeys(m)) out.set(name, resourceQuantity(m[name]));
  return out;
}

function validateResource(
  c: Collector,
  fp: FieldPath,
  name: string,
  q: Quantity | undefined,
): void {
  const at = { atKey: true };
  if (!name.includes('/') && !STANDARD_RESOURCES.has(name) && !isHugePages(name)) {
    c.invalid(
      fp,
      goStr(name, true),
      'must be a standard resource type or fully qualified',
      'resource-name',
      at,
    );
  }
  if (!name.includes('/') && !CONTAINER_RESOURCES.includes(name) && !isHugePages(name)) {
    c.invalid(
      fp,
      goStr(name, true),
      'must be a standard resource for containers',
      'resource-name',
      at,
    );
  }
  if (q && isNegative(q))
    c.invalid(fp, goStr(q.text), 'must be greater than or equal to 0', 'negative-value');
}

function compareWithLimit(
  c: Collector,
  fp: FieldPath,
  name: string,
  q: Quantity | undefined,
  limit: Quantity | undefined,
): void {
  const rp = fp.child('requests');
  const place = { at: [...rp.json, name] };
  if (!q) return;
  if (limit === undefined) {
    if (!overcommitAllowed(name) && !c.errors.some((e) => e.field === fp.child('limits').text)) {
      c.required(
        fp.child('limits'),
        'Limit must be set for non overcommitable resources',
        'requests-exceed-limits',
        place,
      );
    }
    return;
  }
  const cmp = compareQuantity(q.value, limit.value);
  // Older servers did not name the limit's value in these messages.
  // FIXME: the first release that names it is not confirmed from source; 1.29 is assumed.
  const of = atLeast(c.minor, '1.29') ? ` of ${limit.text}` : '';
  if (cmp !== 0 && !overcommitAllowed(name)) {
    c.invalid(
      rp,
      goStr(q.text),
      `must be equal to ${name} limit${of}`,
      'requests-exceed-limits',
      place,
    );
  } else if (cmp > 0) {
    c.invalid(
      rp,
      goStr(q.text),
      `must be less than or equal to ${name} limit${of}`,
      'requests-exceed-limits',
      place,
    );
  }
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

function validateProbes(c: Collector, ctr: Rec, cp: FieldPath): void {
  for (const kind of PROBES) {
    const probe = rec(ctr, kind);
    if (!probe || probe === BAD) continue;
    const pp = cp.child(kind);
    validateHandler(c, probe, pp);
    for (const f of [
      'initialDelaySeconds',
      'timeoutSeconds',
      'periodSeconds',
      'successThreshold',
      'failureThreshold',
    ]) {
      const v = int(probe, f);
      if (v !== undefined && v !== BAD && v < 0)
        c.invalid(pp.child(f), goInt(v), 'must be greater than or equal to 0', 'negative-value');
    }
    const success = int(probe, 'successThreshold');
    // A zero threshold is defaulted to 1 before validation.
    if (
      kind !== 'readinessProbe' &&
      typeof success === 'number' &&
      success !== 0 &&
      success !== 1
    ) {
      c.invalid(pp.child('successThreshold'), goInt(success), 'must be 1', 'probe');
    }
  }
}

function validateHandler(c: Collector, probe: Rec, pp: FieldPath): void {
  let count = 0;
  for (const h of HANDLERS) {
    const handler = rec(probe, h);
    if (handler === undefined) continue;
    if (count++ > 0) {
      c.forbidden(pp.child(h), 'may not specify more than 1 handler type', 'probe', {
        at: [...pp.json, h],
        atKey: true,
      });
      continue;
    }
    if (handler !== BAD) validateHandlerPort(c, handler, h, pp.child(h));
  }
  if (count === 0) c.required(pp, 'must specify a handler type', 'probe', { atKey: true });
}

function validateHandlerPort(c: Collector, handler: Rec, kind: string, hp: FieldPath): void {
  if (kind === 'exec') {
    const cmd = list(handler, 'command');
    if (!cmd || (cmd !== BAD && cmd.length === 0))
      c.required(hp.child('command'), '', 'probe', { at: hp.json, atKey: true });
    return;
  }
  const port = intOrString(handler, 'port');
  if (port === BAD) return;
  if (kind === 'grpc') {
    const n = port === undefined || port.isStr ? 0 : port.int;
    for (const msg of isValidPortNum(n)) c.invalid(hp.child('port'), goInt(n), msg, 'port-number');
    return;
  }
  validatePortNumOrName(c, port ?? { isStr: false, int: 0 }, hp.child('port'));
}

/** ValidatePortNumOrName: an int must be a port number, a string an IANA service name. */
export function validatePortNumOrName(
  c: Collector,
  port: IntOrString,
  fp: FieldPath,
  code?: string,
): void {
  if (!port.isStr) {
    for (const msg of isValidPortNum(port.int))
      c.invalid(fp, goInt(port.int), msg, code ?? 'port-number');
    return;
  }
  for (const msg of isValidPortName(port.str, c.minor))
    c.invalid(fp, goStr(port.str), msg, code ?? 'port-name');
}
