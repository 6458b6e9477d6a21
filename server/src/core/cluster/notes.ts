/**
 * Warnings about volumes that no controller reports but that change what replicas do, as the
 * kiamol book warns: replicas sharing one hostPath directory on a node, and a ReadWriteOnce claim
 * mounted by pods on several nodes (only one node can attach it).
 */
import type { KubeObject } from './api';
import type { ApiServer } from './server';

export function volumeNotes(server: ApiServer): string[] {
  const hostPaths = new Map<string, string[]>();
  const claims = new Map<string, { pods: string[]; nodes: Set<string> }>();
  for (const pod of server.store.iterate('Pod')) {
    if (pod.metadata.deletionTimestamp) continue;
    for (const v of pod.spec?.volumes ?? []) {
      if (v?.hostPath?.path && pod.spec?.nodeName) {
        const key = `${pod.spec.nodeName}\u0000${v.hostPath.path}`;
        push(hostPaths, key, describePod(pod));
      }
      if (v?.persistentVolumeClaim?.claimName) {
        const key = `${pod.metadata.namespace}/${v.persistentVolumeClaim.claimName}`;
        let c = claims.get(key);
        if (!c) claims.set(key, (c = { pods: [], nodes: new Set() }));
        c.pods.push(pod.metadata.name!);
        if (pod.spec?.nodeName) c.nodes.add(pod.spec.nodeName);
      }
    }
  }
  const notes: string[] = [];
  for (const [key, pods] of [...hostPaths].sort()) {
    if (pods.length < 2) continue;
    const [node, path] = key.split('\u0000');
    notes.push(
      `${pods.length} pods share the hostPath ${path} on node ${node} (${pods.join(', ')}): ` +
        'they read and write the same directory',
    );
  }
  for (const [key, c] of [...claims].sort()) {
    if (c.pods.length < 2) continue;
    const [namespace, name] = key.split('/');
    const pvc = server.get('PersistentVolumeClaim', namespace, name);
    const modes: string[] = pvc?.spec?.accessModes ?? [];
    if (!modes.includes('ReadWriteOnce') && !modes.includes('ReadWriteOncePod')) continue;
    const where =
      c.nodes.size > 1
        ? `on ${c.nodes.size} nodes, but only one node can attach it`
        : 'on one node';
    notes.push(
      `PersistentVolumeClaim ${key} (${modes.join(', ')}) is mounted by ${c.pods.length} pods ` +
        `${where} (${c.pods.join(', ')})`,
    );
  }
  return notes;
}

function describePod(pod: KubeObject): string {
  return pod.metadata.name ?? '';
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
