import { strict as assert } from 'node:assert';
import {
  describeDaemonSet,
  describeDeployment,
  describePod,
  describeReplicaSet,
  type DescribeSource,
} from '../../server/src/core/kubectl/describe';
import type { Minor } from '../../server/src/core/api/versions';
import type { ClusterEvent, KubeObject } from '../../server/src/core/cluster/api';

const START = Date.parse('2023-10-02T10:15:00Z');
const S = 1000;
const M = 60 * S;

function event(
  reason: string,
  message: string,
  source: string,
  atMs: number,
  extra: Partial<ClusterEvent> = {},
): ClusterEvent {
  return {
    type: 'Normal',
    reason,
    message,
    source,
    involvedObject: { kind: 'X', name: 'x' },
    count: 1,
    firstTime: atMs,
    lastTime: atMs,
    ...extra,
  };
}

/** A source whose clock stands at START + nowMs, with the given objects and events. */
function source(
  minor: Minor,
  nowMs: number,
  objects: KubeObject[],
  events: ClusterEvent[],
): DescribeSource {
  return {
    minor,
    now: START + nowMs,
    eventEpoch: (ms) => START + ms,
    list: (kind) => objects.filter((o) => o.kind === kind),
    events: () => events,
  };
}

const template = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  metadata: { labels },
  spec: {
    containers: [
      {
        name: 'web',
        image: 'kiamol/ch05-pi',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        ...extra,
      },
    ],
  },
});

describe('kubectl describe deployment', () => {
  const uid = 'd-uid';
  const deploy: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'pi-web',
      namespace: 'default',
      uid,
      creationTimestamp: '2023-10-02T10:15:03Z',
      labels: { kiamol: 'ch06' },
      annotations: {
        'deployment.kubernetes.io/revision': '1',
        'kubectl.kubernetes.io/last-applied-configuration': '{}\n',
      },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'pi-web' } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      template: template({ app: 'pi-web' }),
    },
    status: {
      replicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
      ],
    },
  };
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'pi-web-55b6cb574',
      namespace: 'default',
      creationTimestamp: '2023-10-02T10:15:03Z',
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'pi-web', uid, controller: true },
      ],
    },
    spec: { replicas: 2, template: template({ app: 'pi-web', 'pod-template-hash': '55b6cb574' }) },
    status: { replicas: 2 },
  };

  it('matches the captured layout of kubectl ≥1.30 (spec §4.4)', () => {
    const events = [
      event(
        'ScalingReplicaSet',
        'Scaled up replica set pi-web-55b6cb574 from 0 to 2',
        'deployment-controller',
        4 * S,
      ),
    ];
    assert.equal(
      describeDeployment(deploy, source('1.35', 50 * S, [rs], events)),
      `Name:                   pi-web
Namespace:              default
CreationTimestamp:      Mon, 02 Oct 2023 10:15:03 +0000
Labels:                 kiamol=ch06
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=pi-web
Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=pi-web
  Containers:
   web:
    Image:         kiamol/ch05-pi
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   pi-web-55b6cb574 (2/2 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  46s   deployment-controller  Scaled up replica set pi-web-55b6cb574 from 0 to 2
`,
    );
  });

  it('drops the template node selector and tolerations before kubectl 1.30, and joins "Events: <none>"', () => {
    const text = describeDeployment(deploy, source('1.29', 50 * S, [rs], []));
    assert.ok(text.includes('    Image:        kiamol/ch05-pi\n'), text);
    assert.ok(!text.includes('Node-Selectors'));
    assert.ok(
      text.endsWith(
        'NewReplicaSet:   pi-web-55b6cb574 (2/2 replicas created)\nEvents:          <none>\n',
      ),
      text,
    );
  });

  it('folds repeated events into "(xN over ...)"', () => {
    const events = [
      event(
        'ScalingReplicaSet',
        'Scaled up replica set redis-77fbbd56c to 1',
        'deployment-controller',
        0,
      ),
      event(
        'ScalingReplicaSet',
        'Scaled up replica set redis-77fbbd56c to 5',
        'deployment-controller',
        552 * S,
        { count: 2, lastTime: 598 * S },
      ),
    ];
    const text = describeDeployment(deploy, source('1.35', 660 * S, [rs], events));
    assert.ok(
      text.endsWith(
        'Events:\n' +
          '  Type    Reason             Age                 From                   Message\n' +
          '  ----    ------             ----                ----                   -------\n' +
          '  Normal  ScalingReplicaSet  11m                 deployment-controller  Scaled up replica set redis-77fbbd56c to 1\n' +
          '  Normal  ScalingReplicaSet  62s (x2 over 108s)  deployment-controller  Scaled up replica set redis-77fbbd56c to 5\n',
      ),
      text,
    );
  });
});

describe('kubectl describe replicaset', () => {
  it('a bare ReplicaSet (spec §4.5)', () => {
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'whoami-web', namespace: 'default', uid: 'rs', labels: { kiamol: 'ch06' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'whoami-web' } },
        template: { ...template({ app: 'whoami-web' }) },
      },
      status: { replicas: 1 },
    };
    (rs.spec.template.spec.containers[0] as { image: string }).image = 'kiamol/ch02-whoami';
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'whoami-web-tct2n',
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'whoami-web',
            uid: 'rs',
            controller: true,
          },
        ],
      },
      status: { phase: 'Running' },
    };
    const events = [
      event('SuccessfulCreate', 'Created pod: whoami-web-pp7d7', 'replicaset-controller', 0),
      event('SuccessfulCreate', 'Created pod: whoami-web-tct2n', 'replicaset-controller', 3 * M),
    ];
    assert.equal(
      describeReplicaSet(rs, source('1.35', 5 * M, [pod], events)),
      `Name:         whoami-web
Namespace:    default
Selector:     app=whoami-web
Labels:       kiamol=ch06
Annotations:  <none>
Replicas:     1 current / 1 desired
Pods Status:  1 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=whoami-web
  Containers:
   web:
    Image:         kiamol/ch02-whoami
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:
  Type    Reason            Age   From                   Message
  ----    ------            ----  ----                   -------
  Normal  SuccessfulCreate  5m    replicaset-controller  Created pod: whoami-web-pp7d7
  Normal  SuccessfulCreate  2m    replicaset-controller  Created pod: whoami-web-tct2n
`,
    );
  });

  it('an owned ReplicaSet aligns at Controlled By and lists its annotations (spec §4.5)', () => {
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'pi-web-55b6cb574',
        namespace: 'default',
        labels: { app: 'pi-web', 'pod-template-hash': '55b6cb574' },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': '2',
          'deployment.kubernetes.io/max-replicas': '3',
          'deployment.kubernetes.io/revision': '1',
        },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'pi-web', uid: 'd', controller: true },
        ],
      },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'pi-web', 'pod-template-hash': '55b6cb574' } },
        template: template({ app: 'pi-web', 'pod-template-hash': '55b6cb574' }),
      },
      status: { replicas: 2 },
    };
    const text = describeReplicaSet(rs, source('1.35', 0, [], []));
    assert.equal(
      text.split('Pod Template:')[0],
      `Name:           pi-web-55b6cb574
Namespace:      default
Selector:       app=pi-web,pod-template-hash=55b6cb574
Labels:         app=pi-web
                pod-template-hash=55b6cb574
Annotations:    deployment.kubernetes.io/desired-replicas: 2
                deployment.kubernetes.io/max-replicas: 3
                deployment.kubernetes.io/revision: 1
Controlled By:  Deployment/pi-web
Replicas:       2 current / 2 desired
Pods Status:    0 Running / 0 Waiting / 0 Succeeded / 0 Failed
`,
    );
  });
});

describe('kubectl describe daemonset', () => {
  const ds = (portName?: string): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: 'pi-proxy',
      namespace: 'default',
      uid: 'ds',
      labels: { kiamol: 'ch06' },
      annotations: { 'deprecated.daemonset.template.generation': '2' },
    },
    spec: {
      selector: { matchLabels: { app: 'pi-proxy' } },
      template: {
        metadata: { labels: { app: 'pi-proxy' } },
        spec: {
          nodeSelector: { kiamol: 'ch06' },
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.17-alpine',
              ports: [
                { containerPort: 80, protocol: 'TCP', ...(portName ? { name: portName } : {}) },
              ],
              volumeMounts: [
                { name: 'config-volume', mountPath: '/etc/nginx/', readOnly: true },
                { name: 'cache-volume', mountPath: '/data/nginx/cache' },
              ],
            },
          ],
          volumes: [
            { name: 'config-volume', configMap: { name: 'pi-proxy-configmap', defaultMode: 420 } },
            {
              name: 'cache-volume',
              hostPath: { path: '/volumes/nginx-cache', type: 'DirectoryOrCreate' },
            },
          ],
        },
      },
    },
    status: {
      desiredNumberScheduled: 1,
      currentNumberScheduled: 1,
      updatedNumberScheduled: 1,
      numberAvailable: 1,
      numberMisscheduled: 0,
    },
  });
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'pi-proxy-sklbm',
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'pi-proxy', uid: 'ds', controller: true },
      ],
    },
    status: { phase: 'Running' },
  };
  const events = [
    event('SuccessfulDelete', 'Deleted pod: pi-proxy-8lkwh', 'daemonset-controller', 0),
    event('SuccessfulCreate', 'Created pod: pi-proxy-sklbm', 'daemonset-controller', 2 * M),
  ];

  it('matches the spec layout (§4.6): unaligned counts, mounts and volumes as their own blocks', () => {
    assert.equal(
      describeDaemonSet(ds(), source('1.33', 3 * M, [pod], events)),
      `Name:           pi-proxy
Namespace:      default
Selector:       app=pi-proxy
Node-Selector:  kiamol=ch06
Labels:         kiamol=ch06
Annotations:    deprecated.daemonset.template.generation: 2
Desired Number of Nodes Scheduled: 1
Current Number of Nodes Scheduled: 1
Number of Nodes Scheduled with Up-to-date Pods: 1
Number of Nodes Scheduled with Available Pods: 1
Number of Nodes Misscheduled: 0
Pods Status:  1 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=pi-proxy
  Containers:
   nginx:
    Image:        nginx:1.17-alpine
    Port:         80/TCP
    Host Port:    0/TCP
    Environment:  <none>
    Mounts:
      /data/nginx/cache from cache-volume (rw)
      /etc/nginx/ from config-volume (ro)
  Volumes:
   config-volume:
    Type:      ConfigMap (a volume populated by a ConfigMap)
    Name:      pi-proxy-configmap
    Optional:  false
   cache-volume:
    Type:          HostPath (bare host directory volume)
    Path:          /volumes/nginx-cache
    HostPathType:  DirectoryOrCreate
  Node-Selectors:  kiamol=ch06
  Tolerations:     <none>
Events:
  Type    Reason            Age   From                  Message
  ----    ------            ----  ----                  -------
  Normal  SuccessfulDelete  3m    daemonset-controller  Deleted pod: pi-proxy-8lkwh
  Normal  SuccessfulCreate  60s   daemonset-controller  Created pod: pi-proxy-sklbm
`,
    );
  });

  it('has no Namespace line before kubectl 1.33 and names ports from 1.34', () => {
    assert.ok(!describeDaemonSet(ds(), source('1.32', 0, [], [])).includes('Namespace:'));
    const text = describeDaemonSet(ds('http'), source('1.34', 0, [], []));
    assert.ok(
      text.includes('    Port:         80/TCP (http)\n    Host Port:    0/TCP (http)\n'),
      text,
    );
  });
});

describe('kubectl describe pod', () => {
  it('matches the spec example (§4.7, kubectl 1.33)', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'pi-web-55b6cb574-8fkqz',
        namespace: 'default',
        labels: { app: 'pi-web', 'pod-template-hash': '55b6cb574' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'pi-web-55b6cb574',
            uid: 'rs',
            controller: true,
          },
        ],
      },
      spec: {
        priority: 0,
        serviceAccountName: 'default',
        nodeName: 'docker-desktop',
        containers: [
          {
            name: 'web',
            image: 'kiamol/ch05-pi',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            volumeMounts: [
              {
                name: 'kube-api-access-7xq2d',
                mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
                readOnly: true,
              },
            ],
          },
        ],
        volumes: [
          {
            name: 'kube-api-access-7xq2d',
            projected: {
              sources: [
                { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
                { configMap: { name: 'kube-root-ca.crt' } },
                { downwardAPI: { items: [] } },
              ],
            },
          },
        ],
        tolerations: [
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
        ],
      },
      status: {
        phase: 'Running',
        hostIP: '192.168.65.3',
        podIP: '10.1.0.12',
        podIPs: [{ ip: '10.1.0.12' }],
        startTime: '2023-10-02T10:15:04Z',
        qosClass: 'BestEffort',
        conditions: [
          'PodReadyToStartContainers',
          'Initialized',
          'Ready',
          'ContainersReady',
          'PodScheduled',
        ].map((type) => ({ type, status: 'True' })),
        containerStatuses: [
          {
            name: 'web',
            containerID: 'docker://3f0c5b6a9d1e',
            imageID: 'docker-pullable://kiamol/ch05-pi@sha256:0f1e…',
            ready: true,
            restartCount: 0,
            state: { running: { startedAt: '2023-10-02T10:15:06Z' } },
          },
        ],
      },
    };
    const events = [
      event(
        'Pulled',
        'Container image "kiamol/ch05-pi" already present on machine',
        'kubelet',
        5 * S,
      ),
      event(
        'Scheduled',
        'Successfully assigned default/pi-web-55b6cb574-8fkqz to docker-desktop',
        'default-scheduler',
        4 * S,
      ),
      event('Created', 'Created container web', 'kubelet', 5 * S),
      event('Started', 'Started container web', 'kubelet', 6 * S),
    ];
    assert.equal(
      describePod(pod, source('1.33', 16 * S, [], events)),
      `Name:             pi-web-55b6cb574-8fkqz
Namespace:        default
Priority:         0
Service Account:  default
Node:             docker-desktop/192.168.65.3
Start Time:       Mon, 02 Oct 2023 10:15:04 +0000
Labels:           app=pi-web
                  pod-template-hash=55b6cb574
Annotations:      <none>
Status:           Running
IP:               10.1.0.12
IPs:
  IP:           10.1.0.12
Controlled By:  ReplicaSet/pi-web-55b6cb574
Containers:
  web:
    Container ID:   docker://3f0c5b6a9d1e
    Image:          kiamol/ch05-pi
    Image ID:       docker-pullable://kiamol/ch05-pi@sha256:0f1e…
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Mon, 02 Oct 2023 10:15:06 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-7xq2d (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-7xq2d:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  12s   default-scheduler  Successfully assigned default/pi-web-55b6cb574-8fkqz to docker-desktop
  Normal  Pulled     11s   kubelet            Container image "kiamol/ch05-pi" already present on machine
  Normal  Created    11s   kubelet            Created container web
  Normal  Started    10s   kubelet            Started container web
`,
    );
  });

  it('prefixes container events with their field path from kubectl 1.35', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [] },
      status: {},
    };
    const e = event('Started', 'Started container', 'kubelet', 0, {
      involvedObject: { kind: 'Pod', name: 'p', fieldPath: 'spec.containers{web}' },
    });
    assert.ok(
      describePod(pod, source('1.35', S, [], [e])).includes(
        'kubelet  spec.containers{web}: Started container\n',
      ),
    );
    assert.ok(
      describePod(pod, source('1.34', S, [], [e])).includes('kubelet  Started container\n'),
    );
  });
});
