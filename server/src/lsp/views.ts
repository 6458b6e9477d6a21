/**
 * The tree of the simulated cluster and its ownership graph, built from one read of the
 * cluster. Pure: a cluster and the manifests' locations in, plain data out.
 */
import type { KubeObject } from '../core/cluster/api';
import { daemonSetNoNodes } from './plan';
import type { GraphEdge, GraphNode, ObjectKey, SourceLocation, TreeItemData } from '../protocol';
import {
  ClusterIndex,
  controllerOf,
  formatLabels,
  idOf,
  keyOf,
  newestReplicaSet,
  nodeState,
  plural,
  podState,
  revisionOf,
  workloadState,
  WORKLOAD_KINDS,
} from './objects';

/** Where each applied object came from, by `idOf`. */
export type Sources = ReadonlyMap<string, SourceLocation>;

const CONTEXT: Record<string, string> = {
  Deployment: 'workload.deployment',
  DaemonSet: 'workload.daemonset',
  StatefulSet: 'workload.statefulset',
  ReplicaSet: 'workload.replicaset',
  Pod: 'pod',
};

const ICON: Record<string, string> = {
  Deployment: 'rocket',
  DaemonSet: 'server-process',
  StatefulSet: 'database',
  ReplicaSet: 'layers',
  Pod: 'package',
  Node: 'server',
  Service: 'plug',
};

function tooltip(obj: KubeObject, extra: string[] = []): string {
  const owner = controllerOf(obj);
  const lines = [
    `**${obj.kind} ${obj.metadata.name}**`,
    '',
    `namespace: ${obj.metadata.namespace ?? '(cluster)'}`,
    `labels: ${formatLabels(obj.metadata.labels)}`,
    `owner: ${owner ? `${owner.kind} ${owner.name}` : 'none'}`,
    ...extra,
  ];
  return lines.join('  \n');
}

function nsSuffix(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns && ns !== 'default' ? ` · ${ns}` : '';
}

function podRow(
  pod: KubeObject,
  parentId: string,
  now: number,
  via: 'node' | 'owner',
): TreeItemData {
  const state = podState(pod, now);
  const owner = controllerOf(pod);
  const where =
    via === 'node'
      ? owner
        ? `${owner.kind} ${owner.name}`
        : 'no owner'
      : pod.spec?.nodeName || 'unscheduled';
  return {
    id: `${parentId}/pod/${pod.metadata.name}`,
    label: pod.metadata.name ?? '',
    description: `${state} · ${where}${nsSuffix(pod)}`,
    tooltip: tooltip(pod, [`node: ${pod.spec?.nodeName || 'none'}`, `status: ${state}`]),
    contextValue: 'pod',
    icon: ICON.Pod,
    ref: keyOf(pod),
  };
}

/** The rows of the Simulated Cluster view: Nodes, Workloads and Services. */
export function clusterTree(index: ClusterIndex, sources: Sources, now: number): TreeItemData[] {
  const nodes = index.list('Node').map((node) => nodeRow(index, node, now));
  const workloads = topLevelWorkloads(index).map((w) => workloadRow(index, w, sources, now));
  const services = index.list('Service').map((svc) => serviceRow(index, svc, sources));
  return [
    group('nodes', 'Nodes', nodes, 'server-environment'),
    group('workloads', 'Workloads', workloads, 'rocket'),
    group('services', 'Services', services, 'plug'),
  ];
}

function group(id: string, label: string, children: TreeItemData[], icon: string): TreeItemData {
  return {
    id: `group/${id}`,
    label,
    description: String(children.length),
    contextValue: 'group',
    icon,
    children: children.length ? children : [note(`group/${id}/none`, `No ${label.toLowerCase()}`)],
  };
}

function note(id: string, label: string): TreeItemData {
  return { id, label, contextValue: 'note', icon: 'info' };
}

function nodeRow(index: ClusterIndex, node: KubeObject, now: number): TreeItemData {
  const name = node.metadata.name ?? '';
  const pods = index.podsOn(name);
  const taints: Array<{ key: string; value?: string; effect: string }> = node.spec?.taints ?? [];
  const taintText = taints
    .map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`)
    .join(', ');
  const id = `node/${name}`;
  return {
    id,
    label: name,
    description: `${nodeState(node)} · ${plural(pods.length, 'pod')}`,
    tooltip: tooltip(node, [`taints: ${taintText || 'none'}`]),
    contextValue: 'node',
    icon: ICON.Node,
    ref: keyOf(node),
    children: pods.length
      ? pods.map((p) => podRow(p, id, now, 'node'))
      : [note(`${id}/none`, 'No pods')],
  };
}

/** Workloads nobody controls, in kind order then name: what a user applied or orphaned. */
function topLevelWorkloads(index: ClusterIndex): KubeObject[] {
  const out: KubeObject[] = [];
  for (const kind of [...WORKLOAD_KINDS, 'Pod']) {
    for (const obj of index.list(kind)) if (index.isTopLevel(obj)) out.push(obj);
  }
  return out;
}

function workloadRow(
  index: ClusterIndex,
  w: KubeObject,
  sources: Sources,
  now: number,
): TreeItemData {
  const id = `workload/${idOf(keyOf(w))}`;
  const source = sources.get(idOf(keyOf(w)));
  const orphan = controllerOf(w)
    ? ' · owner gone'
    : w.kind === 'Pod' || w.kind === 'ReplicaSet'
      ? ' · no owner'
      : '';
  const row: TreeItemData = {
    id,
    label: `${w.kind} ${w.metadata.name}`,
    contextValue: CONTEXT[w.kind] ?? 'workload.other',
    icon: ICON[w.kind] ?? 'symbol-misc',
    ref: keyOf(w),
    source,
  };
  if (w.kind === 'Pod') {
    row.description = `${podState(w, now)} · ${w.spec?.nodeName || 'unscheduled'}${orphan}${nsSuffix(w)}`;
    row.tooltip = tooltip(w, [`node: ${w.spec?.nodeName || 'none'}`]);
    return row;
  }
  row.description = `${workloadState(w)}${orphan}${nsSuffix(w)}`;
  row.tooltip = tooltip(w, source ? [`from: ${source.uri}`] : []);
  // Rows that will fill in as controllers run always have children, so the editor shows them
  // open from the start and the tree can follow the timeline.
  if (w.kind === 'Deployment') {
    const sets = index.ownedBy(w, 'ReplicaSet');
    const newest = newestReplicaSet(sets);
    row.children = sets.map((rs) => replicaSetRow(index, rs, id, now, rs === newest));
    if (sets.length === 0) row.children = [note(`${id}/none`, 'No ReplicaSet yet')];
  } else {
    const pods = index.ownedBy(w, 'Pod');
    row.children = pods.map((p) => podRow(p, id, now, 'owner'));
    if (pods.length === 0) row.children = [note(`${id}/none`, emptyWorkload(w, index))];
  }
  return row;
}

function replicaSetRow(
  index: ClusterIndex,
  rs: KubeObject,
  parentId: string,
  now: number,
  newest: boolean,
): TreeItemData {
  const id = `${parentId}/rs/${rs.metadata.name}`;
  const revision = revisionOf(rs);
  const pods = index.ownedBy(rs, 'Pod');
  const current = rs.status?.replicas ?? pods.length;
  const parts = [
    revision ? `revision ${revision}` : 'no revision',
    `${current}/${rs.spec?.replicas ?? 0}`,
  ];
  if (newest) parts.push('current');
  return {
    id,
    label: `ReplicaSet ${rs.metadata.name}`,
    description: parts.join(' · '),
    tooltip: tooltip(rs, [
      `pod-template-hash: ${rs.metadata.labels?.['pod-template-hash'] ?? 'none'}`,
    ]),
    contextValue: 'replicaset',
    icon: ICON.ReplicaSet,
    ref: keyOf(rs),
    children: pods.length
      ? pods.map((p) => podRow(p, id, now, 'owner'))
      : [note(`${id}/none`, 'No pods')],
  };
}

/** Why a workload has no pods, in the tree's words. */
function emptyWorkload(w: KubeObject, index: ClusterIndex): string {
  if (w.kind === 'DaemonSet')
    return `No pods: ${daemonSetNoNodes(w, index.list('Node')).replace(/^0 pods: /, '')}`;
  return 'No pods';
}

interface Address {
  ip: string;
  targetRef?: { kind?: string; name?: string };
}

function serviceRow(index: ClusterIndex, svc: KubeObject, sources: Sources): TreeItemData {
  const id = `service/${idOf(keyOf(svc))}`;
  const ep = index
    .list('Endpoints')
    .find(
      (e) =>
        e.metadata.name === svc.metadata.name && e.metadata.namespace === svc.metadata.namespace,
    );
  const children: TreeItemData[] = [];
  for (const subset of (ep?.subsets as Array<Record<string, unknown>> | undefined) ?? []) {
    const ports = ((subset.ports as Array<{ port: number }> | undefined) ?? []).map((p) => p.port);
    const portText = ports.length ? `:${ports.join(',')}` : '';
    const add = (addresses: unknown, ready: boolean) => {
      for (const a of (addresses as Address[] | undefined) ?? []) {
        children.push({
          id: `${id}/ep/${a.ip}${ready ? '' : '/not-ready'}`,
          label: `${a.ip}${portText}`,
          description: `${a.targetRef?.name ? `${a.targetRef.name} · ` : ''}${ready ? 'ready' : 'not ready'}`,
          contextValue: 'endpoint',
          icon: ready ? 'pass' : 'circle-outline',
          ref: a.targetRef?.name
            ? { kind: 'Pod', namespace: svc.metadata.namespace, name: a.targetRef.name }
            : undefined,
        });
      }
    };
    add(subset.addresses, true);
    add(subset.notReadyAddresses, false);
  }
  const selector = svc.spec?.selector as Record<string, string> | undefined;
  const ready = children.filter((c) => c.icon === 'pass').length;
  return {
    id,
    label: `Service ${svc.metadata.name}`,
    description:
      `${svc.spec?.type ?? 'ClusterIP'} ${svc.spec?.clusterIP ?? ''} · ${plural(ready, 'endpoint')}${nsSuffix(svc)}`.replace(
        '  ',
        ' ',
      ),
    tooltip: tooltip(svc, [`selector: ${formatLabels(selector)}`]),
    contextValue: 'service',
    icon: ICON.Service,
    ref: keyOf(svc),
    source: sources.get(idOf(keyOf(svc))),
    children: children.length
      ? children
      : [
          note(
            `${id}/none`,
            selector ? 'No endpoints: no ready pod matches the selector' : 'No selector',
          ),
        ],
  };
}

/**
 * The ownership graph: workloads, their ReplicaSets, pods and the nodes those run on. With a
 * focus, only that workload and what it owns.
 */
export function ownershipGraph(
  index: ClusterIndex,
  now: number,
  focus?: ObjectKey,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const rows = [0, 0, 0, 0];
  const placed = new Set<string>();
  const place = (obj: KubeObject, column: number, status: string): string => {
    const id = idOf(keyOf(obj));
    if (!placed.has(id)) {
      placed.add(id);
      nodes.push({
        id,
        kind: obj.kind,
        name: obj.metadata.name ?? '',
        column,
        row: rows[column]++,
        status,
      });
    }
    return id;
  };
  const hosts: KubeObject[] = [];
  const podBox = (pod: KubeObject, ownerId: string) => {
    const id = place(pod, 2, podState(pod, now));
    edges.push({ from: ownerId, to: id, relation: 'owns' });
    if (pod.spec?.nodeName) hosts.push(pod);
  };
  let workloads = topLevelWorkloads(index);
  if (focus) workloads = workloads.filter((w) => idOf(keyOf(w)) === idOf(focus));
  for (const w of workloads) {
    if (w.kind === 'Pod') {
      place(w, 2, podState(w, now));
      if (w.spec?.nodeName) hosts.push(w);
      continue;
    }
    const wid = place(w, w.kind === 'ReplicaSet' ? 1 : 0, workloadState(w));
    if (w.kind === 'Deployment') {
      for (const rs of index.ownedBy(w, 'ReplicaSet')) {
        const rid = place(rs, 1, `${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0}`);
        edges.push({ from: wid, to: rid, relation: 'owns' });
        for (const pod of index.ownedBy(rs, 'Pod')) podBox(pod, rid);
      }
    } else {
      for (const pod of index.ownedBy(w, 'Pod')) podBox(pod, wid);
    }
  }
  const nodeByName = new Map(index.list('Node').map((n) => [n.metadata.name, n]));
  for (const pod of hosts) {
    const node = nodeByName.get(pod.spec.nodeName);
    if (!node) continue;
    const nid = place(node, 3, nodeState(node));
    edges.push({ from: idOf(keyOf(pod)), to: nid, relation: 'runs on' });
  }
  return { nodes, edges };
}
