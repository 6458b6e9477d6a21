/**
 * Dynamic provisioning as a laptop cluster's default StorageClass does it: a Pending claim gets a
 * PersistentVolume named `pvc-<claim uid>` of the requested size and is Bound to it at once.
 */
import type { KubeObject } from '../cluster/api';
import type { Change } from '../cluster/server';
import { nsKey, splitKey, type Controller, type ReadContext, type SyncContext } from './context';

export const DEFAULT_STORAGE_CLASS = 'standard';

export class VolumeController implements Controller {
  readonly name = 'persistentvolume-controller';
  readonly watches = ['PersistentVolumeClaim'] as const;

  keysFor(change: Change, _ctx: ReadContext, add: (key: string) => void): void {
    const obj = change.object;
    if (
      obj.kind === 'PersistentVolumeClaim' &&
      change.type !== 'deleted' &&
      obj.status?.phase !== 'Bound'
    )
      add(nsKey(obj));
  }

  sync(key: string, ctx: SyncContext): void {
    const { namespace, name } = splitKey(key);
    const pvc = ctx.get('PersistentVolumeClaim', namespace, name);
    if (!pvc || pvc.status?.phase === 'Bound' || pvc.metadata.deletionTimestamp) return;
    const storageClass = pvc.spec?.storageClassName ?? DEFAULT_STORAGE_CLASS;
    if (storageClass === '') return;
    const size = pvc.spec?.resources?.requests?.storage ?? '1Gi';
    const modes = pvc.spec?.accessModes ?? ['ReadWriteOnce'];
    const pvName = `pvc-${pvc.metadata.uid}`;
    const pv: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: pvName,
        annotations: { 'pv.kubernetes.io/provisioned-by': 'kubeplan.dev/hostpath' },
      },
      spec: {
        capacity: { storage: size },
        accessModes: modes,
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: storageClass,
        volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
        claimRef: {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          namespace,
          name,
          uid: pvc.metadata.uid,
        },
        hostPath: { path: `/var/lib/kubeplan/${pvName}`, type: '' },
      },
      status: { phase: 'Bound' },
    };
    if (!ctx.get('PersistentVolume', undefined, pvName)) ctx.create(pv, `for claim ${key}`);
    const bound = ctx.server.update(
      {
        ...pvc,
        spec: { ...pvc.spec, volumeName: pvName, storageClassName: storageClass },
        status: { phase: 'Bound', accessModes: modes, capacity: { storage: size } },
      },
      { trusted: true, withStatus: true },
    );
    if (bound.ok)
      ctx.step.actions.push({
        verb: 'update',
        kind: 'PersistentVolumeClaim',
        namespace,
        name,
        detail: `Bound to ${pvName}`,
      });
  }
}
