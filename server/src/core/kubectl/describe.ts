/**
 * `kubectl describe` for Deployments, ReplicaSets, DaemonSets and Pods (kubectl
 * pkg/describe/describe.go): a prefix writer over the 0/8/2 tabwriter, flushed before the events
 * table, with the shared helpers for labels, annotations, the pod template and events.
 */
import { atLeast, type Minor } from '../api/versions';
import {
  formatLabelSelector,
  formatLabels,
  formatSelector,
  fromLabelSelector,
} from '../api/selectors';
import type { ClusterEvent, KubeObject } from '../cluster/api';
import { ageSince, humanDuration, rfc1123z } from './duration';
import { DESCRIBE, tabwrite } from './tabwriter';

type Any = any;

/** What a describer needs from the cluster besides the object itself. */
export interface DescribeSource {
  minor: Minor;
  /** The simulated wall clock, in epoch milliseconds. */
  now: number;
  /** Converts an event time (simulated ms) to epoch milliseconds. */
  eventEpoch(ms: number): number;
  list(kind: string, namespace: string | undefined): KubeObject[];
  events(obj: KubeObject): ClusterEvent[];
}

/** Text written at prefix levels; `flush()` closes a tabwriter section, as Flush() does. */
export class PrefixWriter {
  private sections: string[] = [];
  private current = '';

  write(level: number, text: string): void {
    this.current += '  '.repeat(level) + text;
  }

  flush(): void {
    this.sections.push(this.current);
    this.current = '';
  }

  /** The text through the tabwriter, or raw when `aligned` is false (rollout history). */
  finish(aligned = true): string {
    this.flush();
    return this.sections.map((s) => (aligned ? tabwrite(s, DESCRIBE) : s)).join('');
  }
}

const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const MAX_ANNOTATION_LEN = 140;

/** printLabelsMultiline: sorted `k=v`, one per line, continuation lines start with a tab. */
export function printLabels(
  w: PrefixWriter,
  title: string,
  labels: Record<string, string> | undefined,
): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return w.write(0, '<none>\n');
  keys.forEach((key, i) => {
    if (i > 0) w.write(0, '\t');
    w.write(0, `${key}=${labels![key]}\n`);
  });
}

/** printAnnotationsMultiline: like labels but `k: v`, long values on their own lines. */
function printAnnotations(
  w: PrefixWriter,
  title: string,
  annotations: Record<string, string> | undefined,
): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !SKIP_ANNOTATIONS.has(k))
    .sort();
  if (keys.length === 0) return w.write(0, '<none>\n');
  keys.forEach((key, i) => {
    if (i > 0) w.write(0, '\t');
    const value = annotations![key].replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${key}:\n`);
      for (const line of value.split('\n'))
        w.write(0, `\t  ${shorten(line, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(0, `${key}: ${value}\n`);
    }
  });
}

function shorten(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) + '...' : s;
}

/** printTolerationsMultiline: sorted by key, `key[=value][:effect][ op=Exists][ for Ns]`. */
function printTolerations(w: PrefixWriter, title: string, tolerations: Any[] | undefined): void {
  w.write(0, `${title}:\t`);
  const list = [...(tolerations ?? [])];
  if (list.length === 0) return w.write(0, '<none>\n');
  list.sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  list.forEach((t, i) => {
    if (i > 0) w.write(0, '\t');
    let text = t.key ?? '';
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) text += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (typeof t.tolerationSeconds === 'number') text += ` for ${t.tolerationSeconds}s`;
    w.write(0, text + '\n');
  });
}

function controllerOf(obj: KubeObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((o) => o.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

// ---------------------------------------------------------------------------------------------
// Pod template and containers

/** DescribePodTemplate, as Deployment, ReplicaSet and DaemonSet describers print it. */
export function describePodTemplate(template: Any, w: PrefixWriter, minor: Minor): void {
  w.write(0, 'Pod Template:\n');
  if (!template) return w.write(1, '<unset>');
  const spec: Any = template.spec ?? {};
  printLabels(w, '  Labels', template.metadata?.labels);
  const annotations = template.metadata?.annotations;
  if (annotations && Object.keys(annotations).length > 0)
    printAnnotations(w, '  Annotations', annotations);
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if ((spec.initContainers ?? []).length > 0)
    describeContainers('Init Containers', spec.initContainers, undefined, w, '  ', minor);
  describeContainers('Containers', spec.containers ?? [], undefined, w, '  ', minor);
  describeVolumes(spec.volumes, w, '  ', minor);
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  // The node selector and tolerations of the template are printed from kubectl 1.30.
  if (atLeast(minor, '1.30')) {
    printLabels(w, '  Node-Selectors', spec.nodeSelector);
    printTolerations(w, '  Tolerations', spec.tolerations);
  }
}

function describeContainers(
  label: string,
  containers: Any[],
  statuses: Any[] | undefined,
  w: PrefixWriter,
  space: string,
  minor: Minor,
): void {
  w.write(0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const status = statuses?.find((s) => s?.name === c.name);
    describeContainerBasics(c, status, w, space, minor);
    describeCommand(c, w);
    if (status) describeContainerState(status, w);
    describeResources(c.resources, w);
    describeProbes(c, w);
    if ((c.envFrom ?? []).length > 0) describeEnvFrom(c, w);
    describeEnv(c, w);
    describeMounts(c, w);
  }
}

/** Container and image ids appear only for a container that has a status. */
function describeContainerBasics(
  c: Any,
  status: Any,
  w: PrefixWriter,
  space: string,
  minor: Minor,
): void {
  w.write(1, `${space ? ' ' : ''}${c.name}:\n`);
  if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(2, `Image:\t${c.image ?? ''}\n`);
  if (status) w.write(2, `Image ID:\t${status.imageID ?? ''}\n`);
  const ports = portList(c.ports, 'containerPort', minor);
  w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
  const hostPorts = portList(c.ports, 'hostPort', minor);
  w.write(
    2,
    hostPorts.includes(',')
      ? `Host Ports:\t${hostPorts}\n`
      : `Host Port:\t${hostPorts || '<none>'}\n`,
  );
  if (c.securityContext?.seccompProfile)
    w.write(2, `SeccompProfile:\t${c.securityContext.seccompProfile.type}\n`);
}

/** `80/TCP`, with the port's name in parentheses from kubectl 1.34. */
function portList(
  ports: Any[] | undefined,
  field: 'containerPort' | 'hostPort',
  minor: Minor,
): string {
  return (ports ?? [])
    .map((p) => {
      const text = `${p[field] ?? 0}/${p.protocol ?? 'TCP'}`;
      return p.name && atLeast(minor, '1.34') ? `${text} (${p.name})` : text;
    })
    .join(', ');
}

function describeCommand(c: Any, w: PrefixWriter): void {
  for (const [title, list] of [
    ['Command', c.command],
    ['Args', c.args],
  ] as const) {
    if (!Array.isArray(list) || list.length === 0) continue;
    w.write(2, `${title}:\n`);
    for (const item of list) for (const line of String(item).split('\n')) w.write(3, `${line}\n`);
  }
}

function describeContainerState(status: Any, w: PrefixWriter): void {
  describeState('State', status.state ?? {}, w);
  if (status.lastState?.terminated) describeState('Last State', status.lastState, w);
  w.write(2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
  w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

function describeState(name: string, state: Any, w: PrefixWriter): void {
  if (state.running) {
    w.write(2, `${name}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state.waiting) {
    w.write(2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state.terminated) {
    const t = state.terminated;
    w.write(2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if (t.signal > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${name}:\tWaiting\n`);
  }
}

function describeResources(resources: Any, w: PrefixWriter): void {
  for (const [title, list] of [
    ['Limits', resources?.limits],
    ['Requests', resources?.requests],
  ] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (names.length === 0) continue;
    w.write(2, `${title}:\n`);
    for (const n of names) w.write(3, `${n}:\t${list[n]}\n`);
  }
}

function describeProbes(c: Any, w: PrefixWriter): void {
  const probes = [
    ['Liveness', c.livenessProbe],
    ['Readiness', c.readinessProbe],
    ['Startup', c.startupProbe],
  ];
  for (const [title, probe] of probes)
    if (probe) w.write(2, `${title}:\t${describeProbe(probe)}\n`);
}

/** DescribeProbe: the handler, then delay, timeout, period and thresholds. */
export function describeProbe(p: Any): string {
  const attrs =
    `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s ` +
    `#success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const port = g.port === undefined ? '' : String(g.port);
    const host = port
      ? g.host?.includes(':')
        ? `[${g.host}]:${port}`
        : `${g.host ?? ''}:${port}`
      : (g.host ?? '');
    return `http-get ${String(g.scheme ?? '').toLowerCase()}://${host}${g.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port ?? ''} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeEnvFrom(c: Any, w: PrefixWriter): void {
  w.write(2, 'Environment Variables from:\n');
  for (const e of c.envFrom) {
    const ref = e.configMapRef ?? e.secretRef ?? {};
    const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
    const optional = ref.optional === true;
    const prefix = e.prefix ? ` with prefix '${e.prefix}'` : '';
    w.write(3, `${ref.name ?? ''}\t${from}${prefix}\tOptional: ${optional}\n`);
  }
}

function describeEnv(c: Any, w: PrefixWriter): void {
  const env: Any[] = c.env ?? [];
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) {
      String(e.value ?? '')
        .split('\n')
        .forEach((line, i) => w.write(3, i === 0 ? `${e.name}:\t${line}\n` : `\t${line}\n`));
    } else if (from.fieldRef) {
      w.write(3, `${e.name}:\t (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})\n`);
    } else if (from.resourceFieldRef) {
      const r = from.resourceFieldRef;
      w.write(3, `${e.name}:\t${r.containerName ?? c.name} (${r.resource})\n`);
    } else if (from.secretKeyRef) {
      const s = from.secretKeyRef;
      w.write(
        3,
        `${e.name}:\t<set to the key '${s.key}' in secret '${s.name}'>\tOptional: ${s.optional === true}\n`,
      );
    } else if (from.configMapKeyRef) {
      const m = from.configMapKeyRef;
      w.write(
        3,
        `${e.name}:\t<set to the key '${m.key}' of config map '${m.name}'>\tOptional: ${m.optional === true}\n`,
      );
    }
  }
}

function describeMounts(c: Any, w: PrefixWriter): void {
  const mounts: Any[] = [...(c.volumeMounts ?? [])];
  w.write(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
  mounts.sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
}

function describeVolumes(
  volumes: Any[] | undefined,
  w: PrefixWriter,
  space: string,
  minor: Minor,
): void {
  if (!volumes || volumes.length === 0) return w.write(0, `${space}Volumes:\t<none>\n`);
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`);
    describeVolumeSource(v, w, minor);
  }
}

function describeVolumeSource(v: Any, w: PrefixWriter, minor: Minor): void {
  if (v.hostPath) {
    w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n`);
    w.write(
      0,
      `    HostPathType:\t${v.hostPath.type === undefined ? '<none>' : v.hostPath.type}\n`,
    );
  } else if (v.emptyDir) {
    const limit = v.emptyDir.sizeLimit ? String(v.emptyDir.sizeLimit) : '<unset>';
    w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n`);
    w.write(0, `    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${limit}\n`);
  } else if (v.configMap) {
    w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n`);
    w.write(
      0,
      `    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${v.configMap.optional === true}\n`,
    );
  } else if (v.secret) {
    w.write(2, `Type:\tSecret (a volume populated by a Secret)\n`);
    w.write(
      0,
      `    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${v.secret.optional === true}\n`,
    );
  } else if (v.persistentVolumeClaim) {
    const c = v.persistentVolumeClaim;
    w.write(
      2,
      `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n`,
    );
    w.write(0, `    ClaimName:\t${c.claimName}\n    ReadOnly:\t${c.readOnly === true}\n`);
  } else if (v.projected) {
    describeProjected(v.projected, w, minor);
  } else {
    // FIXME: kubectl describes about thirty more volume types; they print as <unknown> here.
    w.write(1, '<unknown>\n');
  }
}

function describeProjected(projected: Any, w: PrefixWriter, minor: Minor): void {
  w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
  for (const source of projected.sources ?? []) {
    if (source.secret) {
      w.write(
        2,
        `SecretName:\t${source.secret.name}\n    SecretOptionalName:\t${goPointerBool(source.secret.optional)}\n`,
      );
    } else if (source.downwardAPI) {
      w.write(2, 'DownwardAPI:\ttrue\n');
    } else if (source.configMap) {
      const optional = atLeast(minor, '1.33')
        ? `    Optional:\t${source.configMap.optional === true}\n`
        : `    ConfigMapOptional:\t${goPointerBool(source.configMap.optional)}\n`;
      w.write(2, `ConfigMapName:\t${source.configMap.name}\n${optional}`);
    } else if (source.serviceAccountToken) {
      w.write(
        2,
        `TokenExpirationSeconds:\t${source.serviceAccountToken.expirationSeconds ?? 3600}\n`,
      );
    }
  }
}

/** A Go *bool printed with %v: `<nil>` when unset. */
function goPointerBool(v: unknown): string {
  return typeof v === 'boolean' ? String(v) : '<nil>';
}

// ---------------------------------------------------------------------------------------------
// Events

/** DescribeEvents: flushed separately, sorted by last time (events without one first). */
export function describeEvents(events: ClusterEvent[], w: PrefixWriter, src: DescribeSource): void {
  if (events.length === 0) return w.write(0, 'Events:\t<none>\n');
  w.flush();
  const sorted = events
    .map((e, i) => ({ e, i, key: usesEventTime(e) ? -Infinity : e.lastTime }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map((x) => x.e);
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = humanDuration(src.now - src.eventEpoch(e.firstTime));
    const interval =
      e.count > 1
        ? `${humanDuration(src.now - src.eventEpoch(e.lastTime))} (x${e.count} over ${first})`
        : first;
    let message = e.message.trim();
    // From kubectl 1.35 a container event names its container first.
    if (e.involvedObject.fieldPath && atLeast(src.minor, '1.35'))
      message = `${e.involvedObject.fieldPath}: ${message}`;
    w.write(1, `${e.type}\t${e.reason}\t${interval}\t${e.source}\t${message}\n`);
  }
}

/**
 * The scheduler reports through the events.k8s.io API, whose events have no lastTimestamp, so
 * they sort before every other event.
 */
function usesEventTime(e: ClusterEvent): boolean {
  return e.source === 'default-scheduler';
}

// ---------------------------------------------------------------------------------------------
// Describers

function podCounts(owner: KubeObject, src: DescribeSource): string {
  const uid = owner.metadata.uid;
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 } as Record<string, number>;
  for (const pod of src.list('Pod', owner.metadata.namespace)) {
    const ref = (pod.metadata.ownerReferences ?? []).find((o) => o.controller);
    if (!ref || ref.uid !== uid) continue;
    const phase = pod.status?.phase;
    if (phase in counts) counts[phase]++;
  }
  return `${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed`;
}

export function describeReplicaSet(rs: KubeObject, src: DescribeSource): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${rs.metadata.name}\n`);
  w.write(0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  printLabels(w, 'Labels', rs.metadata.labels);
  printAnnotations(w, 'Annotations', rs.metadata.annotations);
  const controller = controllerOf(rs);
  if (controller) w.write(0, `Controlled By:\t${controller}\n`);
  w.write(
    0,
    `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`,
  );
  w.write(0, `Pods Status:\t${podCounts(rs, src)}\n`);
  describePodTemplate(rs.spec?.template, w, src.minor);
  describeConditions(rs.status?.conditions, w);
  describeEvents(src.events(rs), w, src);
  return w.finish();
}

function describeConditions(conditions: Any[] | undefined, w: PrefixWriter): void {
  if (!conditions || conditions.length === 0) return;
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(1, '----\t------\t------\n');
  for (const c of conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

export function describeDeployment(d: KubeObject, src: DescribeSource): string {
  const w = new PrefixWriter();
  const spec: Any = d.spec ?? {};
  const st: Any = d.status ?? {};
  w.write(0, `Name:\t${d.metadata.name}\n`);
  w.write(0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  printLabels(w, 'Labels', d.metadata.labels);
  printAnnotations(w, 'Annotations', d.metadata.annotations);
  w.write(0, `Selector:\t${selectorString(spec.selector)}\n`);
  w.write(
    0,
    `Replicas:\t${spec.replicas ?? 0} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ` +
      `${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`,
  );
  w.write(0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  const ru = spec.strategy?.rollingUpdate;
  if (ru)
    w.write(
      0,
      `RollingUpdateStrategy:\t${ru.maxUnavailable ?? ''} max unavailable, ${ru.maxSurge ?? ''} max surge\n`,
    );
  describePodTemplate(spec.template, w, src.minor);
  describeConditions(st.conditions, w);
  describeDeploymentReplicaSets(d, w, src);
  describeEvents(src.events(d), w, src);
  return w.finish();
}

function selectorString(selector: Any): string {
  const converted = fromLabelSelector(selector);
  return converted === null ? '' : formatSelector(converted);
}

/**
 * OldReplicaSets lists the owned ReplicaSets other than the new one that still have replicas;
 * NewReplicaSet is the oldest owned ReplicaSet whose template equals the Deployment's.
 */
function describeDeploymentReplicaSets(d: KubeObject, w: PrefixWriter, src: DescribeSource): void {
  const owned = src
    .list('ReplicaSet', d.metadata.namespace)
    .filter((rs) =>
      (rs.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === d.metadata.uid),
    );
  // kubectl-output.md §4.4: both lines are left out when the Deployment owns no ReplicaSet.
  if (owned.length === 0) return;
  const newRS = findNewReplicaSet(d, owned);
  const old = owned.filter((rs) => rs !== newRS && (rs.spec?.replicas ?? 0) !== 0);
  const show = (list: KubeObject[]) =>
    list
      .map(
        (rs) =>
          `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`,
      )
      .join(', ') || '<none>';
  w.write(0, `OldReplicaSets:\t${show(old)}\n`);
  w.write(0, `NewReplicaSet:\t${show(newRS ? [newRS] : [])}\n`);
}

/** deploymentutil.FindNewReplicaSet: oldest first, template equal ignoring pod-template-hash. */
export function findNewReplicaSet(d: KubeObject, owned: KubeObject[]): KubeObject | undefined {
  const byAge = [...owned].sort(
    (a, b) =>
      Date.parse(a.metadata.creationTimestamp ?? '') -
        Date.parse(b.metadata.creationTimestamp ?? '') ||
      (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );
  const want = canonical(withoutHash(d.spec?.template));
  return byAge.find((rs) => canonical(withoutHash(rs.spec?.template)) === want);
}

function withoutHash(template: Any): Any {
  if (!template) return template;
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  return { ...template, metadata: { ...(template.metadata ?? {}), labels } };
}

/** A stable text of a JSON value in which empty maps, empty lists and absent fields agree. */
function canonical(v: Any): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.length === 0 ? '' : `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v)
      .filter((k) => canonical(v[k]) !== '')
      .sort();
    return keys.length === 0
      ? ''
      : `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function describeDaemonSet(ds: KubeObject, src: DescribeSource): string {
  const w = new PrefixWriter();
  const st: Any = ds.status ?? {};
  w.write(0, `Name:\t${ds.metadata.name}\n`);
  if (atLeast(src.minor, '1.33')) w.write(0, `Namespace:\t${ds.metadata.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${selectorString(ds.spec?.selector)}\n`);
  w.write(0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
  printLabels(w, 'Labels', ds.metadata.labels);
  printAnnotations(w, 'Annotations', ds.metadata.annotations);
  w.write(0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`);
  w.write(0, `Pods Status:\t${podCounts(ds, src)}\n`);
  describePodTemplate(ds.spec?.template, w, src.minor);
  describeEvents(src.events(ds), w, src);
  return w.finish();
}

export function describePod(pod: KubeObject, src: DescribeSource): string {
  const w = new PrefixWriter();
  const spec: Any = pod.spec ?? {};
  const st: Any = pod.status ?? {};
  describePodHeader(pod, w, src);
  if ((spec.initContainers ?? []).length > 0) {
    describeContainers(
      'Init Containers',
      spec.initContainers,
      st.initContainerStatuses ?? [],
      w,
      '',
      src.minor,
    );
  }
  describeContainers(
    'Containers',
    spec.containers ?? [],
    st.containerStatuses ?? [],
    w,
    '',
    src.minor,
  );
  if ((st.conditions ?? []).length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of st.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(spec.volumes, w, '', src.minor);
  w.write(0, `QoS Class:\t${st.qosClass ?? ''}\n`);
  printLabels(w, 'Node-Selectors', spec.nodeSelector);
  printTolerations(w, 'Tolerations', spec.tolerations);
  describeEvents(src.events(pod), w, src);
  return w.finish();
}

function describePodHeader(pod: KubeObject, w: PrefixWriter, src: DescribeSource): void {
  const spec: Any = pod.spec ?? {};
  const st: Any = pod.status ?? {};
  w.write(0, `Name:\t${pod.metadata.name}\n`);
  w.write(0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
  if (typeof spec.priority === 'number') w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${st.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
  printLabels(w, 'Labels', pod.metadata.labels);
  printAnnotations(w, 'Annotations', pod.metadata.annotations);
  const deleting =
    pod.metadata.deletionTimestamp && st.phase !== 'Failed' && st.phase !== 'Succeeded';
  if (deleting) {
    w.write(
      0,
      `Status:\tTerminating (lasts ${ageSince(pod.metadata.deletionTimestamp, src.now)})\n`,
    );
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(0, `Status:\t${st.phase ?? ''}\n`);
  }
  if (st.reason) w.write(0, `Reason:\t${st.reason}\n`);
  if (st.message) w.write(0, `Message:\t${st.message}\n`);
  w.write(0, `IP:\t${st.podIP ?? ''}\n`);
  const ips: Any[] = st.podIPs ?? [];
  if (ips.length === 0) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const controller = controllerOf(pod);
  if (controller) w.write(0, `Controlled By:\t${controller}\n`);
  if (st.nominatedNodeName) w.write(0, `NominatedNodeName:\t${st.nominatedNodeName}\n`);
}
