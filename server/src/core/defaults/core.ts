/**
 * core/v1 defaults that apply wherever their type occurs: in Pods and in every pod template
 * (pkg/apis/core/v1/defaults.go, the `+default` markers of k8s.io/api, and the v1 conversion of
 * PodSpec).
 */
import { isQuantityError, storedResourceQuantity } from '../api/quantity';
import { jsonFields } from '../api/types';
import { atLeast } from '../api/versions';
import { defaultPullPolicy } from './image';
import {
  child,
  defaultInt,
  defaultPointer,
  defaultString,
  isObject,
  list,
  type DefaultContext,
  type Defaulter,
  type Json,
} from './walk';

export const CORE = 'k8s.io/api/core/v1.';

/** File mode 0644, the default of secret, configMap, downwardAPI and projected volumes. */
const DEFAULT_MODE = 0o644;

function podSpec(spec: Json, ctx: DefaultContext): void {
  defaultString(spec, 'dnsPolicy', 'ClusterFirst');
  defaultString(spec, 'restartPolicy', 'Always');
  // Until 1.28 templates got host ports too; since then only Pods do (the feature gate
  // DefaultHostNetworkHostPortsInPodTemplates, off by default).
  if (!atLeast(ctx.minor, '1.28') && spec.hostNetwork === true) defaultHostNetworkPorts(spec);
  defaultPointer(spec, 'securityContext', {});
  defaultPointer(spec, 'terminationGracePeriodSeconds', 30);
  defaultString(spec, 'schedulerName', 'default-scheduler');
  mirrorServiceAccount(spec);
}

/**
 * The v1 conversion reads `serviceAccount` (DeprecatedServiceAccount) when
 * `serviceAccountName` is empty, and writes the one name back to both.
 */
function mirrorServiceAccount(spec: Json): void {
  const name = nonEmptyString(spec.serviceAccountName) ?? nonEmptyString(spec.serviceAccount);
  if (name === undefined) return;
  spec.serviceAccountName = name;
  spec.serviceAccount = name;
}

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** With host networking a container port is also a host port. */
export function defaultHostNetworkPorts(spec: Json): void {
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
    if (!isObject(c)) continue;
    for (const p of list(c.ports)) {
      if (isObject(p) && (p.hostPort === undefined || p.hostPort === null || p.hostPort === 0)) {
        if (p.containerPort !== undefined) p.hostPort = p.containerPort;
      }
    }
  }
}

function container(c: Json): void {
  if (c.imagePullPolicy === undefined || c.imagePullPolicy === null || c.imagePullPolicy === '') {
    c.imagePullPolicy = defaultPullPolicy(typeof c.image === 'string' ? c.image : '');
  }
  defaultString(c, 'terminationMessagePath', '/dev/termination-log');
  defaultString(c, 'terminationMessagePolicy', 'File');
}

function probe(p: Json): void {
  defaultInt(p, 'timeoutSeconds', 1);
  defaultInt(p, 'periodSeconds', 10);
  defaultInt(p, 'successThreshold', 1);
  defaultInt(p, 'failureThreshold', 3);
}

function httpGet(a: Json): void {
  defaultString(a, 'path', '/');
  defaultString(a, 'scheme', 'HTTP');
}

/** A volume without any source is an emptyDir (pointer.AllPtrFieldsNil over VolumeSource). */
function volume(v: Json, ctx: DefaultContext): void {
  const sources = jsonFields(ctx.minor, `${CORE}VolumeSource`);
  if (sources.every((s) => v[s.name] === undefined || v[s.name] === null)) v.emptyDir = {};
}

/** Resource lists are stored rounded up to milli-units, in canonical form. */
function resourceList(list: Json): void {
  for (const [name, value] of Object.entries(list)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') continue;
    const stored = storedResourceQuantity(value);
    if (!isQuantityError(stored)) list[name] = stored;
  }
}

function imageVolume(v: Json): void {
  if (v.pullPolicy === undefined || v.pullPolicy === null || v.pullPolicy === '') {
    v.pullPolicy = defaultPullPolicy(typeof v.reference === 'string' ? v.reference : '');
  }
}

function azureDisk(v: Json): void {
  defaultPointer(v, 'cachingMode', 'ReadWrite');
  defaultPointer(v, 'kind', 'Shared');
  defaultPointer(v, 'fsType', 'ext4');
  defaultPointer(v, 'readOnly', false);
}

/**
 * Declarative `+default` markers of RBDVolumeSource.
 *
 * FIXME: These markers came with declarative defaulting after 1.20; whether a 1.20 API server
 * defaults them is not verified, and this assumes it does not.
 */
function rbd(v: Json, ctx: DefaultContext): void {
  if (!atLeast(ctx.minor, '1.26')) return;
  defaultString(v, 'pool', 'rbd');
  defaultString(v, 'user', 'admin');
  defaultString(v, 'keyring', '/etc/ceph/keyring');
}

function scaleIO(v: Json): void {
  defaultString(v, 'storageMode', 'ThinProvisioned');
  defaultString(v, 'fsType', 'xfs');
}

const defaultMode: Defaulter = (v) => defaultPointer(v, 'defaultMode', DEFAULT_MODE);

/** Defaults of the types found in pod specs, keyed by Go type id. */
export const POD_SPEC_DEFAULTERS: Readonly<Record<string, Defaulter>> = {
  [`${CORE}PodSpec`]: podSpec,
  [`${CORE}Container`]: container,
  [`${CORE}EphemeralContainerCommon`]: container,
  [`${CORE}ContainerPort`]: (p) => defaultString(p, 'protocol', 'TCP'),
  [`${CORE}Probe`]: probe,
  [`${CORE}HTTPGetAction`]: httpGet,
  [`${CORE}GRPCAction`]: (a) => defaultPointer(a, 'service', ''),
  [`${CORE}ObjectFieldSelector`]: (s) => defaultString(s, 'apiVersion', 'v1'),
  [`${CORE}ResourceList`]: resourceList,
  [`${CORE}Volume`]: volume,
  [`${CORE}SecretVolumeSource`]: defaultMode,
  [`${CORE}ConfigMapVolumeSource`]: defaultMode,
  [`${CORE}DownwardAPIVolumeSource`]: defaultMode,
  [`${CORE}ProjectedVolumeSource`]: defaultMode,
  [`${CORE}ServiceAccountTokenProjection`]: (p) => defaultPointer(p, 'expirationSeconds', 3600),
  [`${CORE}HostPathVolumeSource`]: (v) => defaultPointer(v, 'type', ''),
  [`${CORE}ISCSIVolumeSource`]: (v) => defaultString(v, 'iscsiInterface', 'default'),
  [`${CORE}RBDVolumeSource`]: rbd,
  [`${CORE}AzureDiskVolumeSource`]: azureDisk,
  [`${CORE}ScaleIOVolumeSource`]: scaleIO,
  [`${CORE}ImageVolumeSource`]: imageVolume,
  [`${CORE}PersistentVolumeClaimSpec`]: (s) => defaultPointer(s, 'volumeMode', 'Filesystem'),
  [`${CORE}PersistentVolumeClaim`]: (pvc) => {
    const status = child(pvc, 'status');
    if (status) defaultString(status, 'phase', 'Pending');
  },
};
