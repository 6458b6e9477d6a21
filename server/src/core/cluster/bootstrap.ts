/**
 * What a fresh laptop cluster holds before the user does anything: the four system namespaces,
 * its nodes, and the `kubernetes` Service with its Endpoints.
 */
import type { KubeObject } from './api';
import { deepClone, isObject } from './objects';
import type { ApiServer } from './server';

// FIXME: A real cluster also has a `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap
// in every namespace, and system pods (CoreDNS, kube-proxy...) in kube-system that use some of
// each node's pod capacity; none of them are simulated.
const NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
const API_PORT = 6443;

/** One ready node with the labels a kubelet registers, no taints, laptop-sized capacity. */
export function defaultNode(name = 'node-1'): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name } };
}

export function bootstrap(server: ApiServer, nodes: KubeObject[] | undefined): void {
  for (const name of NAMESPACES) {
    server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { trusted: true });
  }
  const list = nodes?.length ? nodes : [defaultNode()];
  for (const node of list) server.create(node, { trusted: true });
  createKubernetesService(server, list.length ? internalAddress(0) : '127.0.0.1');
}

/**
 * Fills in what a kubelet reports when it registers a node the user described only partly:
 * the standard labels, a pod CIDR, addresses, capacity and a Ready condition.
 */
export function completeNode(input: KubeObject, index: number, minor: string): KubeObject {
  const node = deepClone(input);
  node.apiVersion = 'v1';
  node.metadata = isObject(node.metadata) ? node.metadata : {};
  const name = String(node.metadata.name ?? `node-${index + 1}`);
  node.metadata.name = name;
  node.metadata.labels = {
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    ...(node.metadata.labels ?? {}),
  };
  node.spec = { podCIDR: podCidr(index), podCIDRs: [podCidr(index)], ...(node.spec ?? {}) };
  const status = isObject(node.status) ? node.status : {};
  const capacity = {
    cpu: '8',
    'ephemeral-storage': '102400Mi',
    memory: '16Gi',
    pods: '110',
    ...(status.capacity ?? {}),
  };
  node.status = {
    ...status,
    capacity,
    allocatable: { ...capacity, ...(status.allocatable ?? {}) },
    conditions: status.conditions ?? [readyCondition()],
    addresses: status.addresses ?? [
      { type: 'InternalIP', address: internalAddress(index) },
      { type: 'Hostname', address: name },
    ],
    nodeInfo: {
      architecture: 'amd64',
      operatingSystem: 'linux',
      kubeletVersion: `v${minor}.0`,
      kubeProxyVersion: `v${minor}.0`,
      containerRuntimeVersion: 'containerd://1.7.0',
      ...(status.nodeInfo ?? {}),
    },
  };
  return node;
}

function readyCondition() {
  const t = '2025-01-01T00:00:00Z';
  return {
    type: 'Ready',
    status: 'True',
    lastHeartbeatTime: t,
    lastTransitionTime: t,
    reason: 'KubeletReady',
    message: 'kubelet is posting ready status',
  };
}

function podCidr(index: number): string {
  return `10.244.${index % 256}.0/24`;
}

function internalAddress(index: number): string {
  return `192.168.49.${2 + (index % 250)}`;
}

function createKubernetesService(server: ApiServer, address: string): void {
  server.reserveIp('10.96.0.1');
  const labels = { component: 'apiserver', provider: 'kubernetes' };
  server.create(
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.0.1',
        clusterIPs: ['10.96.0.1'],
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: API_PORT }],
        sessionAffinity: 'None',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
      },
    },
    { trusted: true },
  );
  server.create(
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      },
      subsets: [
        {
          addresses: [{ ip: address }],
          ports: [{ name: 'https', port: API_PORT, protocol: 'TCP' }],
        },
      ],
    },
    { trusted: true },
  );
}
