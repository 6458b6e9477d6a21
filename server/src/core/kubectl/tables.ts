/**
 * The tables `kubectl get` prints: the API server's column definitions and cells per kind
 * (pkg/printers/internalversion/printers.go), then kubectl's additions (NAMESPACE, -L columns,
 * LABELS, the kind prefix) through the 6/4/3 tabwriter.
 */
import {
  formatLabelSelector,
  formatLabels,
  formatSelector,
  fromLabelSelector,
} from '../api/selectors';
import type { KubeObject } from '../cluster/api';
import { ageSince } from './duration';
import { kindPrefix } from './resources';
import { TABLE, tabwrite } from './tabwriter';

export interface RowContext {
  /** The simulated wall clock, in epoch milliseconds. */
  now: number;
}

interface TableSpec {
  columns: readonly string[];
  wideColumns: readonly string[];
  cells(obj: KubeObject, ctx: RowContext): string[];
  wideCells?(obj: KubeObject, ctx: RowContext): string[];
  /** A kind whose -o wide table is laid out differently, not just extended (events). */
  wide?: TableSpec;
}

type Any = any;

function num(v: unknown): string {
  return typeof v === 'number' ? String(v) : '0';
}

function age(obj: KubeObject, ctx: RowContext): string {
  return ageSince(obj.metadata.creationTimestamp, ctx.now);
}

function containersAndImages(podSpec: Any): string[] {
  const containers: Any[] = Array.isArray(podSpec?.containers) ? podSpec.containers : [];
  return [
    containers.map((c) => c?.name ?? '').join(','),
    containers.map((c) => c?.image ?? '').join(','),
  ];
}

const POD: TableSpec = {
  columns: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
  wideColumns: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
  cells(pod, ctx) {
    const s = podSummary(pod, ctx.now);
    return [pod.metadata.name ?? '', `${s.ready}/${s.total}`, s.reason, s.restarts, age(pod, ctx)];
  },
  wideCells(pod) {
    const status: Any = pod.status ?? {};
    const ip = status.podIPs?.[0]?.ip || '<none>';
    const gates: Any[] = pod.spec?.readinessGates ?? [];
    let readiness = '<none>';
    if (gates.length > 0) {
      const conditions: Any[] = status.conditions ?? [];
      const passed = gates.filter(
        (g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True',
      );
      readiness = `${passed.length}/${gates.length}`;
    }
    return [ip, pod.spec?.nodeName || '<none>', status.nominatedNodeName || '<none>', readiness];
  },
};

interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: string;
}

/** What the walk over a pod's container statuses has found so far. */
interface PodTally {
  ready: number;
  restarts: number;
  lastRestart?: string;
  reason: string;
}

function isRestartable(container: Any): boolean {
  return container?.restartPolicy === 'Always';
}

function laterOf(a: string | undefined, b: unknown): string | undefined {
  if (typeof b !== 'string' || !b) return a;
  return a === undefined || Date.parse(b) > Date.parse(a) ? b : a;
}

/** printPod's READY, STATUS and RESTARTS cells (kubectl-output.md §2.4). */
export function podSummary(pod: KubeObject, now: number): PodSummary {
  const spec: Any = pod.spec ?? {};
  const status: Any = pod.status ?? {};
  const conditions: Any[] = status.conditions ?? [];
  const inits: Any[] = spec.initContainers ?? [];
  const total = (spec.containers ?? []).length + inits.filter(isRestartable).length;
  let reason: string = status.reason || status.phase || '';
  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated'))
    reason = 'SchedulingGated';

  const init = tallyInitContainers(inits, status.initContainerStatuses ?? [], reason);
  let tally = init.tally;
  const initialized = conditions.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!init.initializing || initialized) {
    tally = tallyContainers(
      status.containerStatuses ?? [],
      { ...init.sidecars, reason: init.tally.reason },
      conditions,
    );
  }

  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') tally.reason = 'Unknown';
  else if (
    pod.metadata.deletionTimestamp &&
    status.phase !== 'Succeeded' &&
    status.phase !== 'Failed'
  )
    tally.reason = 'Terminating';
  let restarts = String(tally.restarts);
  if (tally.restarts !== 0 && tally.lastRestart)
    restarts = `${tally.restarts} (${ageSince(tally.lastRestart, now)} ago)`;
  return { ready: tally.ready, total, reason: tally.reason, restarts };
}

/**
 * Init containers in order: a finished one is skipped, a started sidecar counts towards READY,
 * and the first other one names the status (`Init:0/1`, `Init:CrashLoopBackOff`). Sidecar
 * restarts are kept apart, because only they still count once the pod is initialized.
 */
function tallyInitContainers(
  inits: Any[],
  statuses: Any[],
  phaseReason: string,
): { tally: PodTally; sidecars: PodTally; initializing: boolean } {
  const tally: PodTally = { ready: 0, restarts: 0, reason: phaseReason };
  const sidecars: PodTally = { ready: 0, restarts: 0, reason: phaseReason };
  for (let i = 0; i < statuses.length; i++) {
    const c = statuses[i];
    const sidecar = isRestartable(inits.find((x) => x?.name === c.name));
    tally.restarts += c.restartCount ?? 0;
    tally.lastRestart = laterOf(tally.lastRestart, c.lastState?.terminated?.finishedAt);
    if (sidecar) {
      sidecars.restarts += c.restartCount ?? 0;
      sidecars.lastRestart = laterOf(sidecars.lastRestart, c.lastState?.terminated?.finishedAt);
    }
    const term = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (sidecar && c.started) {
      if (c.ready) {
        tally.ready++;
        sidecars.ready++;
      }
      continue;
    }
    if (term)
      tally.reason = term.reason
        ? `Init:${term.reason}`
        : term.signal
          ? `Init:Signal:${term.signal}`
          : `Init:ExitCode:${term.exitCode}`;
    else if (waiting?.reason && waiting.reason !== 'PodInitializing')
      tally.reason = `Init:${waiting.reason}`;
    else tally.reason = `Init:${i}/${inits.length}`;
    return { tally, sidecars, initializing: true };
  }
  return { tally, sidecars, initializing: false };
}

/**
 * App containers from last to first, so that the first container's state wins the STATUS cell;
 * `Completed` with a container still running reads `Running` (or `NotReady`).
 */
function tallyContainers(statuses: Any[], start: PodTally, conditions: Any[]): PodTally {
  const tally: PodTally = { ...start };
  let hasRunning = false;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i];
    tally.restarts += c.restartCount ?? 0;
    tally.lastRestart = laterOf(tally.lastRestart, c.lastState?.terminated?.finishedAt);
    const term = c.state?.terminated;
    if (c.state?.waiting?.reason) tally.reason = c.state.waiting.reason;
    else if (term?.reason) tally.reason = term.reason;
    else if (term)
      tally.reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
    else if (c.ready && c.state?.running) {
      hasRunning = true;
      tally.ready++;
    }
  }
  if (tally.reason === 'Completed' && hasRunning) {
    tally.reason = conditions.some((c) => c.type === 'Ready' && c.status === 'True')
      ? 'Running'
      : 'NotReady';
  }
  return tally;
}

const REPLICASET: TableSpec = {
  columns: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
  wideColumns: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  cells(rs, ctx) {
    const st: Any = rs.status ?? {};
    return [
      rs.metadata.name ?? '',
      num(rs.spec?.replicas),
      num(st.replicas),
      num(st.readyReplicas),
      age(rs, ctx),
    ];
  },
  wideCells(rs) {
    return [
      ...containersAndImages(rs.spec?.template?.spec),
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};

const REPLICATIONCONTROLLER: TableSpec = {
  columns: REPLICASET.columns,
  wideColumns: REPLICASET.wideColumns,
  cells: REPLICASET.cells,
  wideCells(rc) {
    return [...containersAndImages(rc.spec?.template?.spec), formatLabels(rc.spec?.selector)];
  },
};

const DEPLOYMENT: TableSpec = {
  columns: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
  wideColumns: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  cells(d, ctx) {
    const st: Any = d.status ?? {};
    const ready = `${num(st.readyReplicas)}/${num(d.spec?.replicas)}`;
    return [
      d.metadata.name ?? '',
      ready,
      num(st.updatedReplicas),
      num(st.availableReplicas),
      age(d, ctx),
    ];
  },
  wideCells(d) {
    const selector = fromLabelSelector(d.spec?.selector);
    // An unconvertible selector prints an empty cell, like the everything-selector.
    return [
      ...containersAndImages(d.spec?.template?.spec),
      selector === null ? '' : formatSelector(selector),
    ];
  },
};

const DAEMONSET: TableSpec = {
  columns: [
    'NAME',
    'DESIRED',
    'CURRENT',
    'READY',
    'UP-TO-DATE',
    'AVAILABLE',
    'NODE SELECTOR',
    'AGE',
  ],
  wideColumns: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  cells(ds, ctx) {
    const st: Any = ds.status ?? {};
    return [
      ds.metadata.name ?? '',
      num(st.desiredNumberScheduled),
      num(st.currentNumberScheduled),
      num(st.numberReady),
      num(st.updatedNumberScheduled),
      num(st.numberAvailable),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      age(ds, ctx),
    ];
  },
  wideCells(ds) {
    return [
      ...containersAndImages(ds.spec?.template?.spec),
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};

const STATEFULSET: TableSpec = {
  columns: ['NAME', 'READY', 'AGE'],
  wideColumns: ['CONTAINERS', 'IMAGES'],
  cells(sts, ctx) {
    return [
      sts.metadata.name ?? '',
      `${num(sts.status?.readyReplicas)}/${num(sts.spec?.replicas)}`,
      age(sts, ctx),
    ];
  },
  wideCells(sts) {
    return containersAndImages(sts.spec?.template?.spec);
  },
};

const SERVICE: TableSpec = {
  columns: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
  wideColumns: ['SELECTOR'],
  cells(svc, ctx) {
    const spec: Any = svc.spec ?? {};
    const type = spec.type ?? 'ClusterIP';
    const clusterIP = spec.clusterIPs?.[0] ?? spec.clusterIP ?? '';
    const ports = servicePorts(spec.ports);
    return [
      svc.metadata.name ?? '',
      type,
      clusterIP || '<none>',
      externalIP(svc, false),
      ports,
      age(svc, ctx),
    ];
  },
  wideCells(svc) {
    return [formatLabels(svc.spec?.selector)];
  },
};

function servicePorts(ports: Any): string {
  if (!Array.isArray(ports) || ports.length === 0) return '<none>';
  return ports
    .map((p: Any) =>
      p.nodePort > 0
        ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}`
        : `${p.port}/${p.protocol ?? 'TCP'}`,
    )
    .join(',');
}

/** getServiceExternalIP: external IPs, load-balancer ingress (cut to 16 chars unless wide). */
function externalIP(svc: KubeObject, wide: boolean): string {
  const spec: Any = svc.spec ?? {};
  const externalIPs: string[] = Array.isArray(spec.externalIPs) ? spec.externalIPs : [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress: Any[] = svc.status?.loadBalancer?.ingress ?? [];
      const found = [
        ...new Set(ingress.map((i) => i?.ip || i?.hostname).filter(Boolean) as string[]),
      ].sort();
      let lb = found.join(',');
      if (!wide && lb.length > 16) lb = lb.slice(0, 13) + '...';
      if (externalIPs.length) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
  return '<unknown>';
}

const ENDPOINTS: TableSpec = {
  columns: ['NAME', 'ENDPOINTS', 'AGE'],
  wideColumns: [],
  cells(ep, ctx) {
    return [ep.metadata.name ?? '', formatEndpoints(ep), age(ep, ctx)];
  },
};

/** formatEndpoints: the first three ready `ip:port` pairs, then `+ N more...`. */
export function formatEndpoints(ep: KubeObject): string {
  const subsets: Any[] = Array.isArray(ep.subsets) ? (ep.subsets as Any[]) : [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  const add = (text: string) => {
    if (list.length === 3) more = true;
    else list.push(text);
  };
  for (const ss of subsets) {
    const addresses: Any[] = ss.addresses ?? [];
    const ports: Any[] = ss.ports ?? [];
    if (ports.length === 0) {
      count += addresses.length;
      addresses.forEach((a) => add(a.ip));
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      addresses.forEach((a) => add(joinHostPort(a.ip, port.port)));
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - 3} more...` : text;
}

function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

const NODE: TableSpec = {
  columns: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
  wideColumns: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
  cells(node, ctx) {
    const st: Any = node.status ?? {};
    const ready = (st.conditions ?? []).find((c: Any) => c.type === 'Ready');
    const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
    if (node.spec?.unschedulable) status.push('SchedulingDisabled');
    const roles = nodeRoles(node.metadata.labels ?? {});
    return [
      node.metadata.name ?? '',
      status.join(','),
      roles || '<none>',
      age(node, ctx),
      st.nodeInfo?.kubeletVersion ?? '',
    ];
  },
  wideCells(node) {
    const st: Any = node.status ?? {};
    const address = (type: string) =>
      (st.addresses ?? []).find((a: Any) => a.type === type)?.address || '<none>';
    const info: Any = st.nodeInfo ?? {};
    return [
      address('InternalIP'),
      address('ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

function nodeRoles(labels: Record<string, string>): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (key === 'kubernetes.io/role' && value) {
      roles.add(value);
    }
  }
  return [...roles].sort().join(',');
}

const CONFIGMAP: TableSpec = {
  columns: ['NAME', 'DATA', 'AGE'],
  wideColumns: [],
  cells(cm, ctx) {
    const n =
      Object.keys((cm.data as object) ?? {}).length +
      Object.keys((cm.binaryData as object) ?? {}).length;
    return [cm.metadata.name ?? '', String(n), age(cm, ctx)];
  },
};

const SECRET: TableSpec = {
  columns: ['NAME', 'TYPE', 'DATA', 'AGE'],
  wideColumns: [],
  cells(s, ctx) {
    const n = Object.keys((s.data as object) ?? {}).length;
    return [s.metadata.name ?? '', String(s.type ?? 'Opaque'), String(n), age(s, ctx)];
  },
};

const NAMESPACE: TableSpec = {
  columns: ['NAME', 'STATUS', 'AGE'],
  wideColumns: [],
  cells(ns, ctx) {
    return [ns.metadata.name ?? '', ns.status?.phase ?? '', age(ns, ctx)];
  },
};

const CONTROLLERREVISION: TableSpec = {
  columns: ['NAME', 'CONTROLLER', 'REVISION', 'AGE'],
  wideColumns: [],
  cells(cr, ctx) {
    const owner = (cr.metadata.ownerReferences ?? []).find((o) => o.controller);
    const controller = owner
      ? `${kindPrefix(owner.kind, groupOf(owner.apiVersion))}/${owner.name}`
      : '<none>';
    return [cr.metadata.name ?? '', controller, String(cr.revision ?? 0), age(cr, ctx)];
  },
};

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

const PVC: TableSpec = {
  columns: [
    'NAME',
    'STATUS',
    'VOLUME',
    'CAPACITY',
    'ACCESS MODES',
    'STORAGECLASS',
    'VOLUMEATTRIBUTESCLASS',
    'AGE',
  ],
  wideColumns: ['VOLUMEMODE'],
  cells(pvc, ctx) {
    const spec: Any = pvc.spec ?? {};
    const st: Any = pvc.status ?? {};
    const bound = Boolean(spec.volumeName);
    const storageClass =
      spec.storageClassName ??
      pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
      '';
    return [
      pvc.metadata.name ?? '',
      pvc.metadata.deletionTimestamp ? 'Terminating' : (st.phase ?? ''),
      spec.volumeName ?? '',
      bound ? String(st.capacity?.storage ?? '') : '',
      bound ? accessModes(st.accessModes) : '',
      storageClass,
      spec.volumeAttributesClassName || '<unset>',
      age(pvc, ctx),
    ];
  },
  wideCells(pvc) {
    return [pvc.spec?.volumeMode ?? '<unset>'];
  },
};

/** GetAccessModesAsString: abbreviations in a fixed order, duplicates dropped. */
function accessModes(modes: unknown): string {
  const list = Array.isArray(modes) ? modes : [];
  const names: Array<[string, string]> = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return names
    .filter(([mode]) => list.includes(mode))
    .map(([, short]) => short)
    .join(',');
}

const SERVICEACCOUNT: TableSpec = {
  columns: ['NAME', 'SECRETS', 'AGE'],
  wideColumns: [],
  cells(sa, ctx) {
    return [
      sa.metadata.name ?? '',
      String(Array.isArray(sa.secrets) ? sa.secrets.length : 0),
      age(sa, ctx),
    ];
  },
};

function eventTimes(
  ev: KubeObject,
  ctx: RowContext,
): { first: string; last: string; count: number } {
  const first = ageSince(ev.firstTimestamp ?? ev.eventTime, ctx.now);
  const last = ev.lastTimestamp ? ageSince(ev.lastTimestamp, ctx.now) : first;
  return { first, last, count: typeof ev.count === 'number' && ev.count > 0 ? ev.count : 1 };
}

function eventTarget(ev: KubeObject): string {
  const io: Any = ev.involvedObject ?? {};
  return io.name
    ? `${String(io.kind ?? '').toLowerCase()}/${io.name}`
    : String(io.kind ?? '').toLowerCase();
}

const EVENT_WIDE: TableSpec = {
  columns: [
    'LAST SEEN',
    'TYPE',
    'REASON',
    'OBJECT',
    'SUBOBJECT',
    'SOURCE',
    'MESSAGE',
    'FIRST SEEN',
    'COUNT',
    'NAME',
  ],
  wideColumns: [],
  cells(ev, ctx) {
    const t = eventTimes(ev, ctx);
    const io: Any = ev.involvedObject ?? {};
    const source: Any = ev.source ?? {};
    const from = source.component
      ? source.host
        ? `${source.component}, ${source.host}`
        : source.component
      : String(ev.reportingComponent ?? '');
    const message = String(ev.message ?? '').trim();
    return [
      t.last,
      String(ev.type ?? ''),
      String(ev.reason ?? ''),
      eventTarget(ev),
      io.fieldPath ?? '',
      from,
      message,
      t.first,
      String(t.count),
      ev.metadata.name ?? '',
    ];
  },
};

const EVENT: TableSpec = {
  columns: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
  wideColumns: [],
  cells(ev, ctx) {
    return [
      eventTimes(ev, ctx).last,
      String(ev.type ?? ''),
      String(ev.reason ?? ''),
      eventTarget(ev),
      String(ev.message ?? '').trim(),
    ];
  },
  wide: EVENT_WIDE,
};

/**
 * The server's default table for kinds without a printer: name and age.
 * FIXME: Jobs, CronJobs, HorizontalPodAutoscalers, Ingresses, PersistentVolumes and the RBAC
 * kinds have their own columns on a real server; they are printed with NAME and AGE only.
 */
const GENERIC: TableSpec = {
  columns: ['NAME', 'AGE'],
  wideColumns: [],
  cells(obj, ctx) {
    return [obj.metadata.name ?? '', age(obj, ctx)];
  },
};

const SPECS: Record<string, TableSpec> = {
  Pod: POD,
  ReplicaSet: REPLICASET,
  ReplicationController: REPLICATIONCONTROLLER,
  Deployment: DEPLOYMENT,
  DaemonSet: DAEMONSET,
  StatefulSet: STATEFULSET,
  Service: SERVICE,
  Endpoints: ENDPOINTS,
  Node: NODE,
  ConfigMap: CONFIGMAP,
  Secret: SECRET,
  Namespace: NAMESPACE,
  ControllerRevision: CONTROLLERREVISION,
  ServiceAccount: SERVICEACCOUNT,
  PersistentVolumeClaim: PVC,
  Event: EVENT,
};

export interface TableOptions {
  wide?: boolean;
  showLabels?: boolean;
  labelColumns?: string[];
  withNamespace?: boolean;
  /** Prefix NAME cells with `kind.group/` (several kinds requested). */
  withKind?: boolean;
  noHeaders?: boolean;
}

/** One kind's table as text (header and rows), or empty text when there are no rows. */
export function printTable(
  kind: string,
  objects: KubeObject[],
  opts: TableOptions,
  ctx: RowContext,
): string {
  if (objects.length === 0) return '';
  const base = SPECS[kind] ?? GENERIC;
  const spec = opts.wide && base.wide ? base.wide : base;
  const labelKeys = opts.labelColumns ?? [];
  const header = [...spec.columns, ...(opts.wide ? spec.wideColumns : [])];
  header.push(...labelKeys.map((k) => k.split('/').pop()!.toUpperCase()));
  if (opts.showLabels) header.push('LABELS');
  if (opts.withNamespace) header.unshift('NAMESPACE');
  const rows = objects.map((obj) => rowOf(spec, obj, opts, ctx, labelKeys));
  const lines = opts.noHeaders ? rows : [header, ...rows];
  return tabwrite(
    lines.map((cells) => cells.map(cutAtNewline).join('\t')).join('\n') + '\n',
    TABLE,
  );
}

function rowOf(
  spec: TableSpec,
  obj: KubeObject,
  opts: TableOptions,
  ctx: RowContext,
  labelKeys: string[],
): string[] {
  const cells = spec.cells(obj, ctx);
  if (opts.wide && spec.wideCells) cells.push(...spec.wideCells(obj, ctx));
  const labels = obj.metadata.labels ?? {};
  cells.push(...labelKeys.map((k) => labels[k] ?? ''));
  if (opts.showLabels) cells.push(formatLabels(labels));
  // The kind prefix goes on the NAME column, which events do not have.
  if (opts.withKind && spec.columns[0] === 'NAME') cells[0] = `${kindPrefix(obj.kind)}/${cells[0]}`;
  if (opts.withNamespace) cells.unshift(obj.metadata.namespace ?? '');
  return cells;
}

/** A cell with a newline is cut there and marked with `...` (the table printer does this). */
function cutAtNewline(cell: string): string {
  const nl = cell.indexOf('\n');
  return nl < 0 ? cell : cell.slice(0, nl) + '...';
}
