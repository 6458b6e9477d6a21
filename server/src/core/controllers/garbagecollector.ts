/**
 * The garbage collector: dependents of a deleted owner are deleted (Background), dependents of
 * an owner deleted in the foreground go first and the owner follows (Foreground), and an owner
 * deleted with orphan releases its dependents (Orphan). Keys are object uids.
 */
import type { KubeObject, OwnerReference, Propagation } from '../cluster/api';
import { FOREGROUND, ORPHAN, type Change } from '../cluster/server';
import type { Controller, ReadContext, SyncContext } from './context';

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector-controller';
  readonly watches = '*' as const;

  keysFor(change: Change, ctx: ReadContext, add: (key: string) => void): void {
    const obj = change.object;
    const uid = obj.metadata.uid!;
    if (change.type === 'deleted') {
      // Dependents may now be dangling; a foreground owner may now be free to go.
      for (const dep of ctx.dependents(uid)) add(dep.metadata.uid!);
      for (const ref of obj.metadata.ownerReferences ?? []) {
        const owner = ctx.byUid(ref.uid);
        if (owner?.metadata.finalizers?.includes(FOREGROUND)) add(ref.uid);
      }
      return;
    }
    const finalizers = obj.metadata.finalizers ?? [];
    if (
      obj.metadata.deletionTimestamp &&
      (finalizers.includes(ORPHAN) || finalizers.includes(FOREGROUND))
    )
      add(uid);
    if (change.type === 'added' && obj.metadata.ownerReferences?.some((r) => !ctx.byUid(r.uid)))
      add(uid);
  }

  sync(uid: string, ctx: SyncContext): void {
    const obj = ctx.byUid(uid);
    if (!obj) return;
    const finalizers = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp && finalizers.includes(ORPHAN))
      return this.orphanDependents(obj, ctx);
    if (obj.metadata.deletionTimestamp && finalizers.includes(FOREGROUND))
      return this.deleteDependentsFirst(obj, ctx);
    this.attemptToDelete(obj, ctx);
  }

  /** Orphan: remove my reference from every dependent, then my finalizer. */
  private orphanDependents(owner: KubeObject, ctx: SyncContext): void {
    const uid = owner.metadata.uid!;
    for (const dep of ctx.dependents(uid)) {
      const refs = (dep.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      const metadata: KubeObject['metadata'] = { ...dep.metadata, ownerReferences: refs };
      if (!refs.length) delete metadata.ownerReferences;
      ctx.patchMetadata(dep, metadata, `orphan from ${owner.kind} ${owner.metadata.name}`);
    }
    ctx.removeFinalizer(ctx.byUid(uid) ?? owner, ORPHAN);
  }

  /** Foreground: delete my dependents (foreground for those with their own), then let me go. */
  private deleteDependentsFirst(owner: KubeObject, ctx: SyncContext): void {
    const uid = owner.metadata.uid!;
    let blocking = 0;
    for (const dep of ctx.dependents(uid)) {
      const ref = dep.metadata.ownerReferences!.find((r) => r.uid === uid)!;
      if (ref.blockOwnerDeletion) blocking++;
      if (dep.metadata.deletionTimestamp) continue;
      const hasOwn = ctx.server.store.dependentCount(dep.metadata.uid!) > 0;
      ctx.delete(
        dep,
        hasOwn ? 'Foreground' : 'Background',
        `dependent of ${owner.kind} ${owner.metadata.name}`,
      );
    }
    if (blocking === 0) ctx.removeFinalizer(ctx.byUid(uid) ?? owner, FOREGROUND);
  }

  /**
   * attemptToDeleteItem: keep an object that still has a live owner (dropping references to
   * owners that are gone); delete one whose owners are all gone, or all foreground-deleting.
   */
  private attemptToDelete(obj: KubeObject, ctx: SyncContext): void {
    const refs = obj.metadata.ownerReferences ?? [];
    if (!refs.length || obj.metadata.deletionTimestamp) return;
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      const owner = ctx.byUid(ref.uid);
      if (!owner || owner.kind !== ref.kind || owner.metadata.name !== ref.name) dangling.push(ref);
      else if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(FOREGROUND))
        waiting.push(ref);
      else solid.push(ref);
    }
    if (solid.length) {
      if (dangling.length || waiting.length) {
        const metadata = { ...obj.metadata, ownerReferences: solid };
        ctx.patchMetadata(obj, metadata, 'remove references to deleted owners');
      }
      return;
    }
    const hasDependents = ctx.server.store.dependentCount(obj.metadata.uid!) > 0;
    const policy: Propagation =
      waiting.length && hasDependents
        ? 'Foreground'
        : policyFromFinalizers(obj.metadata.finalizers ?? []);
    ctx.delete(obj, policy, `owner ${refs[0].kind} ${refs[0].name} is gone`);
  }
}

function policyFromFinalizers(finalizers: string[]): Propagation {
  if (finalizers.includes(ORPHAN)) return 'Orphan';
  if (finalizers.includes(FOREGROUND)) return 'Foreground';
  return 'Background';
}
