/**
 * The resource types kubectl knows from discovery: their plural, singular and short names, their
 * kind and group, and whether they live in a namespace. kubectl resolves what a user types on the
 * command line (`po`, `deploy`, `replicasets.apps`) against this list.
 */

export interface ResourceType {
  kind: string;
  group: string;
  plural: string;
  singular: string;
  short: readonly string[];
  namespaced: boolean;
  /** Versions the server serves, preferred first. */
  versions: readonly string[];
}

function r(
  kind: string,
  group: string,
  plural: string,
  short: string[] = [],
  namespaced = true,
): ResourceType {
  const versions = kind === 'HorizontalPodAutoscaler' ? ['v2', 'v1'] : ['v1'];
  return { kind, group, plural, singular: kind.toLowerCase(), short, namespaced, versions };
}

/** In discovery order: the core group, then apps, autoscaling, batch, the rest. */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  r('Pod', '', 'pods', ['po']),
  r('ReplicationController', '', 'replicationcontrollers', ['rc']),
  r('Service', '', 'services', ['svc']),
  r('Endpoints', '', 'endpoints', ['ep']),
  r('ConfigMap', '', 'configmaps', ['cm']),
  r('Secret', '', 'secrets'),
  r('ServiceAccount', '', 'serviceaccounts', ['sa']),
  r('PersistentVolumeClaim', '', 'persistentvolumeclaims', ['pvc']),
  r('PersistentVolume', '', 'persistentvolumes', ['pv'], false),
  r('Namespace', '', 'namespaces', ['ns'], false),
  r('Node', '', 'nodes', ['no'], false),
  r('Event', '', 'events', ['ev']),
  r('LimitRange', '', 'limitranges', ['limits']),
  r('ResourceQuota', '', 'resourcequotas', ['quota']),
  r('DaemonSet', 'apps', 'daemonsets', ['ds']),
  r('Deployment', 'apps', 'deployments', ['deploy']),
  r('ReplicaSet', 'apps', 'replicasets', ['rs']),
  r('StatefulSet', 'apps', 'statefulsets', ['sts']),
  r('ControllerRevision', 'apps', 'controllerrevisions'),
  r('HorizontalPodAutoscaler', 'autoscaling', 'horizontalpodautoscalers', ['hpa']),
  r('CronJob', 'batch', 'cronjobs', ['cj']),
  r('Job', 'batch', 'jobs'),
  r('EndpointSlice', 'discovery.k8s.io', 'endpointslices'),
  r('Ingress', 'networking.k8s.io', 'ingresses', ['ing']),
  r('IngressClass', 'networking.k8s.io', 'ingressclasses', [], false),
  r('NetworkPolicy', 'networking.k8s.io', 'networkpolicies', ['netpol']),
  r('PodDisruptionBudget', 'policy', 'poddisruptionbudgets', ['pdb']),
  r('StorageClass', 'storage.k8s.io', 'storageclasses', ['sc'], false),
  r('Role', 'rbac.authorization.k8s.io', 'roles'),
  r('RoleBinding', 'rbac.authorization.k8s.io', 'rolebindings'),
  r('ClusterRole', 'rbac.authorization.k8s.io', 'clusterroles', [], false),
  r('ClusterRoleBinding', 'rbac.authorization.k8s.io', 'clusterrolebindings', [], false),
];

/**
 * The `all` category, in the order the server's discovery lists its members (core, apps,
 * autoscaling, batch; alphabetical by resource inside a group).
 */
export const ALL_CATEGORY: readonly string[] = [
  'Pod',
  'ReplicationController',
  'Service',
  'DaemonSet',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'HorizontalPodAutoscaler',
  'CronJob',
  'Job',
];

const BY_KIND = new Map(RESOURCE_TYPES.map((t) => [t.kind, t]));

export function typeOfKind(kind: string): ResourceType | undefined {
  return BY_KIND.get(kind);
}

/**
 * Resolves a type as typed on the command line: plural, singular, short name or kind, in any
 * case, optionally qualified by its group (`deployments.apps`) or version and group
 * (`deployments.v1.apps`).
 */
export function resolveType(typed: string): ResourceType | undefined {
  const lower = typed.toLowerCase();
  const dot = lower.indexOf('.');
  const name = dot < 0 ? lower : lower.slice(0, dot);
  const qualifier = dot < 0 ? undefined : lower.slice(dot + 1);
  return RESOURCE_TYPES.find((t) => {
    if (t.plural !== name && t.singular !== name && !t.short.includes(name)) return false;
    if (qualifier === undefined) return true;
    return (
      qualifier === t.group ||
      qualifier === `v1.${t.group}` ||
      (t.group === '' && qualifier === 'v1')
    );
  });
}

/** `deployment.apps` or `pod`: how the name printer and delete lines name a kind. */
export function kindPrefix(kind: string, group?: string): string {
  const g = group ?? BY_KIND.get(kind)?.group ?? '';
  return g ? `${kind.toLowerCase()}.${g}` : kind.toLowerCase();
}

/** `deployments.apps` or `pods`: how API errors name a resource. */
export function qualifiedPlural(kind: string): string {
  const t = BY_KIND.get(kind);
  if (!t) return `${kind.toLowerCase()}s`;
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

export function isNamespacedKind(kind: string): boolean {
  return BY_KIND.get(kind)?.namespaced ?? true;
}

/** The type a manifest's apiVersion and kind map to, or undefined (`no matches for kind`). */
export function mapKind(apiVersion: unknown, kind: unknown): ResourceType | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const t = BY_KIND.get(kind);
  if (!t) return undefined;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return t.group === group && t.versions.includes(version) ? t : undefined;
}

/** The group of an apiVersion (`apps` for `apps/v1`, empty for `v1`). */
export function groupOfApiVersion(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
