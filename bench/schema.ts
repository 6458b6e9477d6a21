/**
 * Schema checking against parsing: a 4,000-document file of workload-shaped documents, generated
 * here, parsed with `yaml` (as Kubeplan parses) and with js-yaml's loadAll, then schema-checked.
 * Every time printed is measured in the same run, with its ratio to a parse time.
 */
import * as jsyaml from 'js-yaml';
import { MINORS } from '../server/src/core/api/versions';
import { checkSchema, schemaProblems } from '../server/src/core/validation/schema';
import { rootDefinition } from '../server/src/core/validation/schema/table';
import { validatorFor } from '../server/src/core/validation/schema/compile';
import { parseManifest } from '../server/src/core/yaml/parse';
import { median, report } from './measure';

const DOCUMENTS = 4000;

/** Prints schema-check time against `yaml` and js-yaml parse times of the same text. */
export function benchSchema(): void {
  const text = workloadFile(DOCUMENTS, 0);
  const cold = coldCompile();

  const parseMs = median(5, () => parseManifest(text));
  const jsyamlMs = median(5, () => jsyaml.loadAll(text));
  const parsed = parseManifest(text);
  const objects = parsed.documents.map((d) => d.value as Record<string, unknown>);
  const checkMs = median(9, () => {
    for (const o of objects) checkSchema(o, o.kind as string, o.apiVersion as string, '1.35');
  });

  const faulty = parseManifest(workloadFile(DOCUMENTS, 50));
  const mapMs = median(5, () => {
    for (const doc of faulty.documents) {
      const o = doc.value as Record<string, unknown>;
      schemaProblems(doc, checkSchema(o, o.kind as string, o.apiVersion as string, '1.35'));
    }
  });

  console.log(`schema: ${DOCUMENTS} documents (${(text.length / 1e6).toFixed(2)} MB)`);
  report('yaml parse (parseManifest)', parseMs, 'js-yaml loadAll', jsyamlMs);
  report('schema check, valid documents', checkMs, 'yaml parse', parseMs);
  report('schema check, valid documents', checkMs, 'js-yaml loadAll', jsyamlMs);
  report('schema check + problems, 1 in 50 faulty', mapMs, 'yaml parse', parseMs);
  report('first compile: Deployment 1.35', cold.first, 'yaml parse', parseMs);
  report('first compile: other 1.35 kinds, total', cold.rest, 'yaml parse', parseMs);
  report('first compile: all kinds of all minors', cold.all, 'yaml parse', parseMs);
}

/** Compile times of validators on first use: these are paid once per process. */
function coldCompile(): { first: number; rest: number; all: number } {
  const timed = (f: () => void): number => {
    const t = process.hrtime.bigint();
    f();
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const first = timed(() => validatorFor(rootDefinition('Deployment', 'apps/v1', '1.35')!));
  const kinds = KINDS.map(([apiVersion, kind]) => [apiVersion, kind] as const);
  const rest = timed(() => kinds.forEach(([v, k]) => validatorFor(rootDefinition(k, v, '1.35')!)));
  const compileAll = (m: (typeof MINORS)[number]): void =>
    kinds.forEach(([v, k]) => void validatorFor(rootDefinition(k, v, m)!));
  const all = timed(() => MINORS.forEach(compileAll));
  return { first, rest, all };
}

const KINDS: Array<[string, string]> = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'ReplicaSet'],
  ['apps/v1', 'DaemonSet'],
  ['apps/v1', 'StatefulSet'],
  ['v1', 'Pod'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'PersistentVolumeClaim'],
  ['v1', 'ReplicationController'],
  ['v1', 'Node'],
  ['v1', 'Namespace'],
];

/**
 * `count` documents in the proportions of the corpus (mostly Deployments and Services, some
 * ConfigMaps, StatefulSets, DaemonSets, Secrets and PVCs). With `faultEvery` > 0, every such
 * document carries a misspelt field and a quoted port.
 */
export function workloadFile(count: number, faultEvery: number): string {
  const makers = [deployment, service, deployment, configMap, deployment];
  makers.push(service, statefulSet, deployment, daemonSet, secret);
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const doc = makers[i % makers.length](i);
    docs.push(faultEvery > 0 && i % faultEvery === 0 ? withFault(doc) : doc);
  }
  return docs.join('---\n');
}

function withFault(doc: string): string {
  return doc.replace('  replicas:', '  replica:').replace(/containerPort: (\d+)/, 'containerPort: "$1"');
}

function podSpec(i: number, indent: string): string {
  const lines = [
    'containers:',
    '  - name: app',
    `    image: registry.example.com/team-${i % 13}/app:${i % 7}.${i % 5}.${i % 3}`,
    '    imagePullPolicy: IfNotPresent',
    '    ports:',
    '      - name: http',
    `        containerPort: ${8000 + (i % 100)}`,
    '        protocol: TCP',
    '    env:',
    '      - name: LOG_LEVEL',
    '        value: info',
    '      - name: POD_NAME',
    '        valueFrom:',
    '          fieldRef:',
    '            fieldPath: metadata.name',
    '    readinessProbe:',
    '      httpGet:',
    '        path: /healthz',
    '        port: http',
    '      initialDelaySeconds: 5',
    '      periodSeconds: 10',
    '    resources:',
    '      requests:',
    '        cpu: 100m',
    '        memory: 64Mi',
    '      limits:',
    `        cpu: ${(i % 4) + 1}`,
    '        memory: 128Mi',
    '    volumeMounts:',
    '      - name: config',
    '        mountPath: /etc/app',
    'volumes:',
    '  - name: config',
    '    configMap:',
    `      name: app-${i}-config`,
    'nodeSelector:',
    '  kubernetes.io/os: linux',
  ];
  return lines.map((l) => indent + l).join('\n') + '\n';
}

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  labels:
    app.kubernetes.io/name: app-${i}
    app.kubernetes.io/part-of: shop
spec:
  replicas: ${(i % 5) + 1}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: app-${i}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app-${i}
    spec:
${podSpec(i, '      ')}`;
}

function statefulSet(i: number): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db-${i}
spec:
  serviceName: db-${i}
  replicas: 3
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      app: db-${i}
  template:
    metadata:
      labels:
        app: db-${i}
    spec:
${podSpec(i, '      ')}  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: 1Gi
`;
}

function daemonSet(i: number): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent-${i}
spec:
  selector:
    matchLabels:
      app: agent-${i}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  template:
    metadata:
      labels:
        app: agent-${i}
    spec:
      tolerations:
        - key: node-role.kubernetes.io/control-plane
          operator: Exists
          effect: NoSchedule
${podSpec(i, '      ')}`;
}

function service(i: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: app-${i}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: app-${i}
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
`;
}

function configMap(i: number): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-${i}-config
data:
  LOG_LEVEL: info
  app.properties: |
    feature.a=true
    feature.b=${i % 2 === 0}
`;
}

function secret(i: number): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: app-${i}-secret
type: Opaque
data:
  password: cGFzc3dvcmQ=
stringData:
  user: app-${i}
`;
}
