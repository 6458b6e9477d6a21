/** The kinds the simulated API server serves, with the names its error messages use. */

export interface KindInfo {
  kind: string;
  group: string;
  /** Versions served for this kind, newest first; objects are stored in the first. */
  versions: string[];
  /** The resource name (`deployments`), as in `deployments.apps "x" not found`. */
  plural: string;
  namespaced: boolean;
}

function k(
  kind: string,
  group: string,
  versions: string[],
  plural: string,
  namespaced = true,
): KindInfo {
  return { kind, group, versions, plural, namespaced };
}

export const KINDS_SERVED: KindInfo[] = [
  k('Pod', '', ['v1'], 'pods'),
  k('Service', '', ['v1'], 'services'),
  k('Endpoints', '', ['v1'], 'endpoints'),
  k('ConfigMap', '', ['v1'], 'configmaps'),
  k('Secret', '', ['v1'], 'secrets'),
  k('ServiceAccount', '', ['v1'], 'serviceaccounts'),
  k('PersistentVolumeClaim', '', ['v1'], 'persistentvolumeclaims'),
  k('PersistentVolume', '', ['v1'], 'persistentvolumes', false),
  k('ReplicationController', '', ['v1'], 'replicationcontrollers'),
  k('Namespace', '', ['v1'], 'namespaces', false),
  k('Node', '', ['v1'], 'nodes', false),
  k('Event', '', ['v1'], 'events'),
  k('LimitRange', '', ['v1'], 'limitranges'),
  k('ResourceQuota', '', ['v1'], 'resourcequotas'),
  k('Deployment', 'apps', ['v1'], 'deployments'),
  k('ReplicaSet', 'apps', ['v1'], 'replicasets'),
  k('DaemonSet', 'apps', ['v1'], 'daemonsets'),
  k('StatefulSet', 'apps', ['v1'], 'statefulsets'),
  k('ControllerRevision', 'apps', ['v1'], 'controllerrevisions'),
  k('Job', 'batch', ['v1'], 'jobs'),
  k('CronJob', 'batch', ['v1'], 'cronjobs'),
  k('HorizontalPodAutoscaler', 'autoscaling', ['v2', 'v1'], 'horizontalpodautoscalers'),
  k('Ingress', 'networking.k8s.io', ['v1'], 'ingresses'),
  k('IngressClass', 'networking.k8s.io', ['v1'], 'ingressclasses', false),
  k('NetworkPolicy', 'networking.k8s.io', ['v1'], 'networkpolicies'),
  k('PodDisruptionBudget', 'policy', ['v1'], 'poddisruptionbudgets'),
  k('StorageClass', 'storage.k8s.io', ['v1'], 'storageclasses', false),
  k('EndpointSlice', 'discovery.k8s.io', ['v1'], 'endpointslices'),
  k('Role', 'rbac.authorization.k8s.io', ['v1'], 'roles'),
  k('RoleBinding', 'rbac.authorization.k8s.io', ['v1'], 'rolebindings'),
  k('ClusterRole', 'rbac.authorization.k8s.io', ['v1'], 'clusterroles', false),
  k('ClusterRoleBinding', 'rbac.authorization.k8s.io', ['v1'], 'clusterrolebindings', false),
];

const BY_KIND = new Map(KINDS_SERVED.map((info) => [info.kind, info]));

export function kindInfo(kind: string): KindInfo | undefined {
  return BY_KIND.get(kind);
}

/** Splits `apps/v1` into group and version; `v1` is the core group. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return { group: '', version: apiVersion };
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The kind served at `apiVersion`, or undefined when the server has no such resource. */
export function lookupKind(apiVersion: unknown, kind: unknown): KindInfo | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const info = BY_KIND.get(kind);
  if (!info) return undefined;
  const { group, version } = splitApiVersion(apiVersion);
  return info.group === group && info.versions.includes(version) ? info : undefined;
}

/** `deployments.apps` or `pods`: the resource as NotFound and AlreadyExists messages name it. */
export function qualifiedResource(kind: string): string {
  const info = BY_KIND.get(kind);
  if (!info) return kind.toLowerCase() + 's';
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}

export function apiVersionOf(kind: string): string {
  const info = BY_KIND.get(kind);
  if (!info) return 'v1';
  return info.group ? `${info.group}/${info.versions[0]}` : info.versions[0];
}

export function isNamespaced(kind: string): boolean {
  return BY_KIND.get(kind)?.namespaced ?? true;
}
