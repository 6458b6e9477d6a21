/**
 * Defaults of the top-level kinds (pkg/apis/apps/v1/defaults.go and the object-level functions
 * of pkg/apis/core/v1/defaults.go), keyed by Go type id.
 */
import { atLeast } from '../api/versions';
import { CORE } from './core';
import { defaultPod } from './pod';
import { defaultService } from './service';
import {
  child,
  declares,
  defaultPointer,
  defaultString,
  isObject,
  type DefaultContext,
  type Defaulter,
  type Json,
} from './walk';

const APPS = 'k8s.io/api/apps/v1.';

function deployment(d: Json): void {
  const spec = child(d, 'spec');
  if (!spec) return;
  defaultPointer(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  if (strategy) {
    defaultString(strategy, 'type', 'RollingUpdate');
    if (strategy.type === 'RollingUpdate') {
      const rollingUpdate = child(strategy, 'rollingUpdate');
      if (rollingUpdate) {
        defaultPointer(rollingUpdate, 'maxUnavailable', '25%');
        defaultPointer(rollingUpdate, 'maxSurge', '25%');
      }
    }
  }
  defaultPointer(spec, 'revisionHistoryLimit', 10);
  defaultPointer(spec, 'progressDeadlineSeconds', 600);
}

function replicaSet(rs: Json): void {
  const spec = child(rs, 'spec');
  if (spec) defaultPointer(spec, 'replicas', 1);
}

function daemonSet(ds: Json, ctx: DefaultContext): void {
  const spec = child(ds, 'spec');
  if (!spec) return;
  const strategy = child(spec, 'updateStrategy');
  if (strategy) {
    defaultString(strategy, 'type', 'RollingUpdate');
    const rollingUpdate = strategy.type === 'RollingUpdate' ? child(strategy, 'rollingUpdate') : undefined;
    if (rollingUpdate) {
      defaultPointer(rollingUpdate, 'maxUnavailable', 1);
      // maxSurge arrived in 1.21; 1.20 has no such field.
      if (declares(ctx, `${APPS}RollingUpdateDaemonSet`, 'maxSurge')) {
        defaultPointer(rollingUpdate, 'maxSurge', 0);
      }
    }
  }
  defaultPointer(spec, 'revisionHistoryLimit', 10);
}

/**
 * MaxUnavailableStatefulSet was on by default only in 1.35.0 to 1.35.3 and off again from 1.35.4;
 * the supported minors are their latest patches, so `maxUnavailable` is never defaulted.
 */
function statefulSet(sts: Json, ctx: DefaultContext): void {
  const spec = child(sts, 'spec');
  if (!spec) return;
  defaultString(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  if (strategy && (strategy.type === undefined || strategy.type === null || strategy.type === '')) {
    strategy.type = 'RollingUpdate';
    defaultPointer(strategy, 'rollingUpdate', {});
  }
  if (strategy?.type === 'RollingUpdate' && isObject(strategy.rollingUpdate)) {
    defaultPointer(strategy.rollingUpdate, 'partition', 0);
  }
  // StatefulSetAutoDeletePVC: beta and on from 1.27.
  if (atLeast(ctx.minor, '1.27')) retentionPolicy(spec);
  defaultPointer(spec, 'replicas', 1);
  defaultPointer(spec, 'revisionHistoryLimit', 10);
}

function retentionPolicy(spec: Json): void {
  const policy = child(spec, 'persistentVolumeClaimRetentionPolicy');
  if (!policy) return;
  defaultString(policy, 'whenDeleted', 'Retain');
  defaultString(policy, 'whenScaled', 'Retain');
}

/** A ReplicationController takes its selector and labels from its template's labels. */
function replicationController(rc: Json): void {
  const spec = child(rc, 'spec');
  if (!spec) return;
  const template = isObject(spec.template) ? spec.template : undefined;
  const labels = template && isObject(template.metadata) ? template.metadata.labels : undefined;
  if (isObject(labels)) {
    if (!isObject(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
    const metadata = child(rc, 'metadata');
    if (metadata && (!isObject(metadata.labels) || Object.keys(metadata.labels).length === 0)) {
      metadata.labels = { ...labels };
    }
  }
  defaultPointer(spec, 'replicas', 1);
}

/** Type Opaque; `stringData` is write-only: the v1 conversion merges it into `data` (base64). */
function secret(s: Json): void {
  defaultString(s, 'type', 'Opaque');
  if (!isObject(s.stringData)) return;
  const data = child(s, 'data');
  if (!data) return;
  for (const [key, value] of Object.entries(s.stringData)) {
    if (typeof value === 'string') data[key] = base64(value);
  }
  delete s.stringData;
}

function base64(text: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * A Namespace is labelled with its own name (from 1.21), keeps the `kubernetes` finalizer and
 * starts Active; the last two are set by the namespace registry on create.
 */
function namespace(ns: Json, ctx: DefaultContext): void {
  const metadata = child(ns, 'metadata');
  if (metadata && typeof metadata.name === 'string' && metadata.name !== '' && atLeast(ctx.minor, '1.26')) {
    const labels = child(metadata, 'labels');
    if (labels) labels['kubernetes.io/metadata.name'] = metadata.name;
  }
  const spec = child(ns, 'spec');
  if (spec) {
    const finalizers = Array.isArray(spec.finalizers) ? spec.finalizers : [];
    if (!finalizers.includes('kubernetes')) spec.finalizers = [...finalizers, 'kubernetes'];
  }
  ns.status = { phase: 'Active' };
}

/** A Node's allocatable resources default to its capacity. */
function node(n: Json): void {
  const status = isObject(n.status) ? n.status : undefined;
  if (status && status.allocatable === undefined && isObject(status.capacity)) {
    status.allocatable = { ...status.capacity };
  }
}

export const KIND_DEFAULTERS: Readonly<Record<string, Defaulter>> = {
  [`${APPS}Deployment`]: deployment,
  [`${APPS}ReplicaSet`]: replicaSet,
  [`${APPS}DaemonSet`]: daemonSet,
  [`${APPS}StatefulSet`]: statefulSet,
  [`${CORE}ReplicationController`]: replicationController,
  [`${CORE}Service`]: defaultService,
  [`${CORE}Secret`]: secret,
  [`${CORE}Pod`]: defaultPod,
  [`${CORE}Namespace`]: namespace,
  [`${CORE}Node`]: node,
};
