/**
 * The namespace controller: a Terminating namespace has everything in it deleted, and goes away
 * with its `kubernetes` finalizer once nothing is left.
 */
import type { Change } from '../cluster/server';
import { KINDS_SERVED } from '../cluster/kinds';
import { splitKey, type Controller, type ReadContext, type SyncContext } from './context';

export class NamespaceController implements Controller {
  readonly name = 'namespace-controller';
  readonly watches = '*' as const;

  keysFor(change: Change, _ctx: ReadContext, add: (key: string) => void): void {
    const obj = change.object;
    if (obj.kind === 'Namespace' && obj.metadata.deletionTimestamp) add(obj.metadata.name!);
    else if (change.type === 'deleted' && obj.metadata.namespace !== undefined)
      add(obj.metadata.namespace);
  }

  sync(key: string, ctx: SyncContext): void {
    const ns = ctx.get('Namespace', undefined, splitKey(key).name);
    if (!ns?.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const info of KINDS_SERVED) {
      if (!info.namespaced) continue;
      for (const obj of [...ctx.list(info.kind, ns.metadata.name)]) {
        remaining++;
        if (!obj.metadata.deletionTimestamp)
          ctx.delete(obj, 'Background', `namespace ${ns.metadata.name} terminating`);
      }
    }
    if (remaining === 0) ctx.removeFinalizer(ns, 'kubernetes');
  }
}
