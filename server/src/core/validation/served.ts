import type { Minor } from '../api/versions';
import type { ManifestObject } from '../api/objects';
import { problem, type Problem } from '../problem';
import { locate } from '../yaml/locate';

/** An API version that stopped being served, the release that removed it, and what replaces it. */
interface Removal {
  apiVersion: string;
  kinds: readonly string[] | '*';
  /** The first minor that no longer serves it. */
  removedIn: string;
  use: string;
}

const REMOVALS: readonly Removal[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], removedIn: '1.16', use: 'apps/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], removedIn: '1.16', use: 'networking.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.16', use: 'policy/v1beta1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removedIn: '1.22', use: 'networking.k8s.io/v1' },
  { apiVersion: 'apps/v1beta1', kinds: '*', removedIn: '1.16', use: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', kinds: '*', removedIn: '1.16', use: 'apps/v1' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', use: 'networking.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', use: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', use: 'admissionregistration.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', use: 'scheduling.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', use: 'certificates.k8s.io/v1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', use: 'coordination.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['StorageClass', 'VolumeAttachment', 'CSINode', 'CSIDriver'], removedIn: '1.22', use: 'storage.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], removedIn: '1.27', use: 'storage.k8s.io/v1' },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25', use: 'batch/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], removedIn: '1.25', use: 'policy/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.25', use: 'Pod Security Admission' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removedIn: '1.25', use: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removedIn: '1.25', use: 'events.k8s.io/v1' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removedIn: '1.25', use: 'node.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.25', use: 'autoscaling/v2' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.26', use: 'autoscaling/v2' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: '*', removedIn: '1.26', use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: '*', removedIn: '1.29', use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: '*', removedIn: '1.32', use: 'flowcontrol.apiserver.k8s.io/v1' },
];

/** Whether `minor` is `removedIn` or later (both `1.N`). */
function removedBy(minor: Minor, removedIn: string): boolean {
  return Number(minor.split('.')[1]) >= Number(removedIn.split('.')[1]);
}

/** Reports an apiVersion and kind the chosen minor no longer serves, as kubectl reports it. */
export function checkServed(obj: ManifestObject, minor: Minor): Problem[] {
  const removal = REMOVALS.find(
    (r) => r.apiVersion === obj.apiVersion && (r.kinds === '*' || r.kinds.includes(obj.kind)),
  );
  if (!removal || !removedBy(minor, removal.removedIn)) return [];
  const at = locate(obj.doc.ast, [...obj.base, 'apiVersion']);
  if (!at || !at.key) return [];
  const message =
    `no matches for kind "${obj.kind}" in version "${obj.apiVersion}": ` +
    `Kubernetes ${minor} no longer serves it (removed in ${removal.removedIn}); use ${removal.use}`;
  const fixes =
    removal.use.includes('/') && obj.kind !== 'PodSecurityPolicy'
      ? [{ title: `Change apiVersion to ${removal.use}`, edits: [{ ...at.value, newText: removal.use }] }]
      : undefined;
  return [problem('api-version-not-served', 'error', message, at.value.start, at.value.end, { fixes })];
}
