import { strict as assert } from 'node:assert';
import { printTable, podSummary, type TableOptions } from '../../server/src/core/kubectl/tables';
import type { KubeObject } from '../../server/src/core/cluster/api';

const NOW = Date.parse('2025-01-01T12:00:00Z');
/** A timestamp `ago` before NOW. */
const ago = (ms: number) => new Date(NOW - ms).toISOString().replace('.000', '');
const S = 1000;
const M = 60 * S;
const H = 60 * M;

function meta(name: string, age: number, extra: Record<string, unknown> = {}) {
  return { name, namespace: 'default', creationTimestamp: ago(age), ...extra };
}

function running(ready = true, restarts = 0, lastFinished?: string) {
  return {
    name: 'web',
    ready,
    restartCount: restarts,
    state: ready
      ? { running: { startedAt: ago(M) } }
      : { waiting: { reason: 'ContainerCreating' } },
    ...(lastFinished
      ? { lastState: { terminated: { exitCode: 1, finishedAt: lastFinished } } }
      : {}),
  };
}

function pod(
  name: string,
  age: number,
  status: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, age, { labels: { app: 'pi-web', 'pod-template-hash': '55b6cb574' } }),
    spec: {
      containers: [{ name: 'web', image: 'kiamol/ch05-pi' }],
      nodeName: 'docker-desktop',
      ...extra,
    },
    status,
  };
}

function table(kind: string, objects: KubeObject[], opts: TableOptions = {}): string {
  return printTable(kind, objects, opts, { now: NOW });
}

describe('kubectl get: pods', () => {
  it('prints READY, STATUS and RESTARTS with the last restart age (spec §2.8)', () => {
    const pods = [
      pod('pi-web-55b6cb574-8fkqz', 42 * S, { phase: 'Running', containerStatuses: [running()] }),
      pod('pi-web-55b6cb574-x7k2p', 3 * S, {
        phase: 'Pending',
        containerStatuses: [running(false)],
      }),
      pod('sleep-8648c6f777-2lmnd', 3 * H + 12 * M, {
        phase: 'Running',
        containerStatuses: [running(true, 2, ago(5 * M + 10 * S))],
      }),
    ];
    assert.equal(
      table('Pod', pods),
      'NAME                     READY   STATUS              RESTARTS        AGE\n' +
        'pi-web-55b6cb574-8fkqz   1/1     Running             0               42s\n' +
        'pi-web-55b6cb574-x7k2p   0/1     ContainerCreating   0               3s\n' +
        'sleep-8648c6f777-2lmnd   1/1     Running             2 (5m10s ago)   3h12m\n',
    );
  });

  it('-o wide adds IP, NODE, NOMINATED NODE and READINESS GATES; --show-labels comes last', () => {
    const p = pod('nginx', 7 * M + 15 * S, {
      phase: 'Running',
      podIP: '10.1.0.6',
      podIPs: [{ ip: '10.1.0.6' }],
      containerStatuses: [running()],
    });
    assert.equal(
      table('Pod', [p], { wide: true, showLabels: true }),
      'NAME    READY   STATUS    RESTARTS   AGE     IP         NODE             NOMINATED NODE   READINESS GATES   LABELS\n' +
        'nginx   1/1     Running   0          7m15s   10.1.0.6   docker-desktop   <none>           <none>            app=pi-web,pod-template-hash=55b6cb574\n',
    );
  });

  it('-L adds a column per label key, empty when the label is missing; -A adds NAMESPACE first', () => {
    const p = pod('a', 5 * S, { phase: 'Pending' });
    assert.equal(
      table('Pod', [p], { labelColumns: ['app', 'kiamol.io/tier'], withNamespace: true }),
      'NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE   APP      TIER\n' +
        'default     a      0/1     Pending   0          5s    pi-web   \n',
    );
  });

  const statusCases: Array<[string, Record<string, unknown>, Record<string, unknown>, string]> = [
    ['pending, unscheduled', { phase: 'Pending' }, {}, '0/1 Pending 0'],
    [
      'terminating',
      { phase: 'Running', containerStatuses: [running()] },
      { deletionTimestamp: ago(0) },
      '1/1 Terminating 0',
    ],
    [
      'waiting reason wins',
      {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'web',
            ready: false,
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
          },
        ],
      },
      {},
      '0/1 CrashLoopBackOff 3',
    ],
    [
      'terminated without a reason shows the exit code',
      {
        phase: 'Failed',
        containerStatuses: [
          { name: 'web', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } },
        ],
      },
      {},
      '0/1 ExitCode:2 0',
    ],
    [
      'completed',
      {
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'web',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      },
      {},
      '0/1 Completed 0',
    ],
    ['evicted', { phase: 'Failed', reason: 'Evicted' }, {}, '0/1 Evicted 0'],
    [
      'an init container still running',
      {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'init', restartCount: 0, state: { running: {} } }],
      },
      { init: true },
      '0/1 Init:0/1 0',
    ],
  ];
  for (const [name, status, extra, expected] of statusCases) {
    it(`STATUS: ${name}`, () => {
      const { deletionTimestamp, init } = extra as { deletionTimestamp?: string; init?: boolean };
      const p = pod(
        'p',
        S,
        status,
        init ? { initContainers: [{ name: 'init', image: 'busybox' }] } : {},
      );
      if (deletionTimestamp) p.metadata.deletionTimestamp = deletionTimestamp;
      const s = podSummary(p, NOW);
      assert.equal(`${s.ready}/${s.total} ${s.reason} ${s.restarts}`, expected);
    });
  }
});

const rs = (name: string, age: number, desired: number, ready: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: meta(name, age, { labels: { app: 'pi-web' } }),
  spec: {
    replicas: desired,
    selector: { matchLabels: { app: 'pi-web', 'pod-template-hash': name.split('-').pop() } },
    template: { spec: { containers: [{ name: 'web', image: 'kiamol/ch05-pi' }] } },
  },
  status: { replicas: desired, readyReplicas: ready, availableReplicas: ready },
});

describe('kubectl get: workloads', () => {
  it('replicasets show DESIRED, CURRENT and READY (0 printed as 0)', () => {
    assert.equal(
      table('ReplicaSet', [
        rs('pi-web-55b6cb574', 10 * M, 3, 3),
        { ...rs('pi-web-658956d56f', 4 * M, 0, 0), status: {} },
      ]),
      'NAME                DESIRED   CURRENT   READY   AGE\n' +
        'pi-web-55b6cb574    3         3         3       10m\n' +
        'pi-web-658956d56f   0         0         0       4m\n',
    );
  });

  it('replicasets -o wide add containers, images and the full selector', () => {
    assert.equal(
      table('ReplicaSet', [rs('pi-web-55b6cb574', 10 * M, 2, 2)], { wide: true }),
      'NAME               DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES           SELECTOR\n' +
        'pi-web-55b6cb574   2         2         2       10m   web          kiamol/ch05-pi   app=pi-web,pod-template-hash=55b6cb574\n',
    );
  });

  it('deployments -o wide (spec §2.8)', () => {
    const d: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('pi-web', 5 * M),
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'pi-web' } },
        template: { spec: { containers: [{ name: 'web', image: 'kiamol/ch05-pi' }] } },
      },
      status: { replicas: 2, readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2 },
    };
    assert.equal(
      table('Deployment', [d], { wide: true }),
      'NAME     READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES           SELECTOR\n' +
        'pi-web   2/2     2            2           5m    web          kiamol/ch05-pi   app=pi-web\n',
    );
  });

  it('daemonsets show the node selector or <none>', () => {
    const ds = (name: string, selector?: Record<string, string>): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta(name, 2 * M),
      spec: { template: { spec: { nodeSelector: selector } } },
      status: {
        desiredNumberScheduled: 1,
        currentNumberScheduled: 1,
        numberReady: 1,
        updatedNumberScheduled: 1,
        numberAvailable: 1,
      },
    });
    assert.equal(
      table('DaemonSet', [ds('pi-proxy'), ds('zz', { kiamol: 'ch06' })]),
      'NAME       DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE\n' +
        'pi-proxy   1         1         1       1            1           <none>          2m\n' +
        'zz         1         1         1       1            1           kiamol=ch06     2m\n',
    );
  });

  it('several kinds prefix every name with kind.group', () => {
    assert.equal(
      table('ReplicaSet', [rs('pi-web-55b6cb574', 5 * M, 2, 2)], { withKind: true }),
      'NAME                               DESIRED   CURRENT   READY   AGE\n' +
        'replicaset.apps/pi-web-55b6cb574   2         2         2       5m\n',
    );
  });
});

describe('kubectl get: services, endpoints, nodes and the rest', () => {
  const svc = (
    name: string,
    type: string,
    ip: string,
    ports: unknown[],
    status: unknown = {},
  ): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, 5 * S),
    spec: { type, clusterIP: ip, clusterIPs: [ip], ports, selector: { app: name } },
    status,
  });

  it('services show type, cluster IP, external IP and ports (spec §2.8)', () => {
    const list = [
      {
        ...svc('kubernetes', 'ClusterIP', '10.96.0.1', [{ port: 443, protocol: 'TCP' }]),
        metadata: meta('kubernetes', 100 * H),
      },
      svc(
        'numbers-web',
        'LoadBalancer',
        '10.101.94.89',
        [{ port: 8080, nodePort: 30122, protocol: 'TCP' }],
        { loadBalancer: { ingress: [{ hostname: 'localhost' }] } },
      ),
      {
        ...svc('pi-proxy', 'LoadBalancer', '10.104.26.37', [
          { port: 8080, nodePort: 31245, protocol: 'TCP' },
        ]),
        metadata: meta('pi-proxy', 9 * S),
      },
    ];
    assert.equal(
      table('Service', list),
      'NAME          TYPE           CLUSTER-IP     EXTERNAL-IP   PORT(S)          AGE\n' +
        'kubernetes    ClusterIP      10.96.0.1      <none>        443/TCP          4d4h\n' +
        'numbers-web   LoadBalancer   10.101.94.89   localhost     8080:30122/TCP   5s\n' +
        'pi-proxy      LoadBalancer   10.104.26.37   <pending>     8080:31245/TCP   9s\n',
    );
  });

  it('endpoints list three ready addresses and count the rest (spec §2.8)', () => {
    const ep = (name: string, age: number, subsets?: unknown[]): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta(name, age),
      ...(subsets ? { subsets } : {}),
    });
    const addresses = ['10.1.0.147', '10.1.0.149', '10.1.0.150', '10.1.0.151'].map((ip) => ({
      ip,
    }));
    const list = [
      ep('kubernetes', 100 * H, [{ addresses: [{ ip: '192.168.65.3' }], ports: [{ port: 6443 }] }]),
      ep('pi-proxy', 20 * M, [{ addresses, ports: [{ port: 80 }] }]),
      ep('sleep-2', 39 * M),
    ];
    assert.equal(
      table('Endpoints', list),
      'NAME         ENDPOINTS                                               AGE\n' +
        'kubernetes   192.168.65.3:6443                                       4d4h\n' +
        'pi-proxy     10.1.0.147:80,10.1.0.149:80,10.1.0.150:80 + 1 more...   20m\n' +
        'sleep-2      <none>                                                  39m\n',
    );
  });

  it('nodes show Ready,SchedulingDisabled and their roles', () => {
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: 'docker-desktop',
        creationTimestamp: ago(12 * 24 * H),
        labels: { 'node-role.kubernetes.io/control-plane': '' },
      },
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        nodeInfo: { kubeletVersion: 'v1.27.2' },
      },
    };
    assert.equal(
      table('Node', [node]),
      'NAME             STATUS                     ROLES           AGE   VERSION\n' +
        'docker-desktop   Ready,SchedulingDisabled   control-plane   12d   v1.27.2\n',
    );
  });

  it('configmaps count data keys; namespaces show their phase', () => {
    const cm = (name: string, age: number): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(name, age),
      data: { a: 'x' },
    });
    assert.equal(
      table('ConfigMap', [cm('kube-root-ca.crt', 12 * 24 * H), cm('pi-proxy-configmap', 9 * M)]),
      'NAME                 DATA   AGE\nkube-root-ca.crt     1      12d\npi-proxy-configmap   1      9m\n',
    );
    const ns: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default', creationTimestamp: ago(12 * 24 * H) },
      status: { phase: 'Active' },
    };
    assert.equal(table('Namespace', [ns]), 'NAME      STATUS   AGE\ndefault   Active   12d\n');
  });

  it('persistent volume claims: a pending claim leaves volume, capacity and modes empty', () => {
    const pvc = (name: string, volume?: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta(name, 3 * M),
      spec: {
        accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        ...(volume ? { volumeName: volume, storageClassName: 'standard', volumeMode: 'Filesystem' } : {}),
      },
      status: volume
        ? { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'] }
        : { phase: 'Pending' },
    });
    assert.equal(
      table('PersistentVolumeClaim', [pvc('data', 'pvc-1'), pvc('logs')], { wide: true }),
      'NAME   STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE   VOLUMEMODE\n' +
        'data   Bound     pvc-1    1Gi        RWO,RWX        standard       <unset>                 3m    Filesystem\n' +
        'logs   Pending                                                     <unset>                 3m    <unset>\n',
    );
  });

  it('prints nothing at all for no rows', () => {
    assert.equal(table('Pod', []), '');
  });
});
