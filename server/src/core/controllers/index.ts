/** The controllers of the simulated control plane, in the order one round runs them. */
import type { ObjectRef } from '../cluster/api';
import type { ApiServer } from '../cluster/server';
import type { Controller } from './context';
import { DaemonSetController } from './daemonset';
import { DeploymentController } from './deployment';
import { EndpointsController } from './endpoints';
import { GarbageCollector } from './garbagecollector';
import { Kubelet } from './kubelet';
import { NamespaceController } from './namespace';
import { NodeLifecycleController } from './nodelifecycle';
import { ReplicaSetController } from './replicaset';
import { Scheduler } from './scheduler';
import { StatefulSetController } from './statefulset';
import { VolumeController } from './volumes';

/**
 * Controllers that write objects others act on come first in a round, so one round carries a
 * change as far as it goes: Deployment, ReplicaSet, pods, scheduler, kubelet, endpoints.
 */
export function defaultControllers(): Controller[] {
  return [
    new NamespaceController(),
    new NodeLifecycleController(),
    new DeploymentController(),
    new ReplicaSetController('ReplicaSet'),
    new ReplicaSetController('ReplicationController'),
    new DaemonSetController(),
    new StatefulSetController(),
    new VolumeController(),
    new GarbageCollector(),
    new Scheduler(),
    new Kubelet(),
    new EndpointsController(),
  ];
}

const KIND_OF: Record<string, string> = {
  'namespace-controller': 'Namespace',
  'node-controller': 'Node',
  'deployment-controller': 'Deployment',
  'replicaset-controller': 'ReplicaSet',
  'replication-controller': 'ReplicationController',
  'daemonset-controller': 'DaemonSet',
  'statefulset-controller': 'StatefulSet',
  'persistentvolume-controller': 'PersistentVolumeClaim',
  'default-scheduler': 'Pod',
  kubelet: 'Pod',
  'endpoint-controller': 'Endpoints',
};

/** The object a step's sync was about. The garbage collector's keys are uids. */
export function stepObject(controller: string, key: string, server: ApiServer): ObjectRef {
  if (controller === 'garbage-collector-controller') {
    const obj = server.store.byUid(key);
    if (!obj) return { kind: 'Unknown', name: key };
    const ref: ObjectRef = { kind: obj.kind, name: obj.metadata.name ?? '' };
    if (obj.metadata.namespace !== undefined) ref.namespace = obj.metadata.namespace;
    return ref;
  }
  // splitKey without its intermediate object: this runs once per step.
  const kind = KIND_OF[controller] ?? 'Unknown';
  const slash = key.indexOf('/');
  if (slash < 0) return { kind, name: key };
  return { kind, name: key.slice(slash + 1), namespace: key.slice(0, slash) };
}
