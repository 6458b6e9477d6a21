/**
 * The parts of the node lifecycle controller and the pod garbage collector a laptop cluster
 * shows: a cordoned node (spec.unschedulable) carries the `node.kubernetes.io/unschedulable:
 * NoSchedule` taint and an uncordoned one loses it; the pods bound to a deleted node are deleted.
 */
import type { Change } from '../cluster/server';
import { splitKey, type Controller, type ReadContext, type SyncContext } from './context';

const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export class NodeLifecycleController implements Controller {
  readonly name = 'node-controller';
  readonly watches = ['Node'] as const;

  keysFor(change: Change, _ctx: ReadContext, add: (key: string) => void): void {
    if (change.object.kind === 'Node') add(change.object.metadata.name!);
  }

  sync(key: string, ctx: SyncContext): void {
    const node = ctx.get('Node', undefined, splitKey(key).name);
    if (!node) return this.deleteOrphanedPods(key, ctx);
    const taints: any[] = node.spec?.taints ?? [];
    const has = taints.some((t) => t.key === UNSCHEDULABLE && t.effect === 'NoSchedule');
    const want = !!node.spec?.unschedulable;
    if (has === want) return;
    const next = want
      ? [...taints, { key: UNSCHEDULABLE, effect: 'NoSchedule', timeAdded: ctx.timestamp() }]
      : taints.filter((t) => !(t.key === UNSCHEDULABLE && t.effect === 'NoSchedule'));
    const spec = { ...node.spec, taints: next };
    if (!next.length) delete spec.taints;
    ctx.update(
      { ...node, spec },
      want ? `taint ${UNSCHEDULABLE}:NoSchedule` : `untaint ${UNSCHEDULABLE}:NoSchedule`,
    );
  }

  /** PodGC: a pod bound to a node that no longer exists is deleted at once. */
  private deleteOrphanedPods(nodeName: string, ctx: SyncContext): void {
    for (const pod of [...ctx.list('Pod')]) {
      if (pod.spec?.nodeName === nodeName) ctx.remove(pod, `node ${nodeName} is gone`);
    }
  }
}
