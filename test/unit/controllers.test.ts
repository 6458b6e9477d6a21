import { strict as assert } from 'node:assert';
import type { KubeObject } from '../../server/src/core/cluster/api';
import { nodeShouldRun } from '../../server/src/core/controllers/daemonset';
import { tolerates } from '../../server/src/core/controllers/nodes';
import {
  actions,
  daemonSet,
  deployment,
  messages,
  newCluster,
  node,
  ok,
  pod,
  shape,
  replicaSet,
  service,
  statefulSet,
} from './cluster.fixtures';

const live = (c: ReturnType<typeof newCluster>, kind = 'Pod') =>
  c.list(kind).filter((p) => !p.metadata.deletionTimestamp);

describe('replicaset controller', () => {
  it('creates missing pods in slow-start batches, at most 500 per sync', () => {
    const c = newCluster();
    ok(c.create(replicaSet('big', 600)));
    const first = c.sync('replicaset-controller', 'default/big');
    assert.equal(messages([first], 'SuccessfulCreate').length, 500);
    assert.match(messages([first])[0], /^Created pod: big-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const second = c.sync('replicaset-controller', 'default/big');
    assert.equal(messages([second], 'SuccessfulCreate').length, 100);
    assert.equal(c.get({ kind: 'ReplicaSet', name: 'big' })!.status.replicas, 600);
  });

  it('adopts a matching orphan instead of creating a pod', () => {
    const c = newCluster();
    ok(c.create(pod('stray', { app: 'whoami' })));
    ok(c.create(replicaSet('whoami', 1)));
    const step = c.sync('replicaset-controller', 'default/whoami');
    assert.deepEqual(actions(step), [
      'patch Pod stray adopt by ReplicaSet whoami',
      'update ReplicaSet whoami status replicas=1 ready=0 available=0',
    ]);
    assert.equal(
      c.get({ kind: 'Pod', name: 'stray' })!.metadata.ownerReferences![0].name,
      'whoami',
    );
  });

  it('releases a pod whose labels stop matching and replaces it', () => {
    const c = newCluster();
    ok(c.apply(replicaSet('whoami', 1)));
    c.settle();
    const name = c.list('Pod')[0].metadata.name!;
    ok(c.label({ kind: 'Pod', name }, { app: 'debug' }, true));
    const steps = c.settle();
    assert.equal(c.get({ kind: 'Pod', name })!.metadata.ownerReferences, undefined);
    assert.equal(messages(steps, 'SuccessfulCreate').length, 1);
    assert.equal(live(c).length, 2);
  });

  it('replaces deleted pods (kiamol 6.1)', () => {
    const c = newCluster();
    ok(c.apply(replicaSet('whoami-web', 3)));
    c.settle();
    const before = new Set(c.list('Pod').map((p) => p.metadata.name));
    for (const p of c.list('Pod')) ok(c.delete({ kind: 'Pod', name: p.metadata.name! }));
    const steps = c.settle();
    assert.equal(messages(steps, 'SuccessfulCreate').length, 3);
    const after = c.list('Pod');
    assert.equal(after.length, 3);
    assert.ok(after.every((p) => !before.has(p.metadata.name) && p.status.phase === 'Running'));
  });

  it('deletes the unready pod first when scaling down', () => {
    const c = newCluster();
    ok(c.apply(replicaSet('web', 3)));
    c.settle();
    const victim = c.list('Pod')[1];
    const conditions = victim.status.conditions.map((x: any) =>
      x.type === 'Ready' ? { ...x, status: 'False' } : x,
    );
    ok(
      c.patchStatus({ kind: 'Pod', name: victim.metadata.name! }, { ...victim.status, conditions }),
    );
    ok(c.scale({ kind: 'ReplicaSet', name: 'web' }, 2));
    const step = c.sync('replicaset-controller', 'default/web');
    assert.deepEqual(messages([step], 'SuccessfulDelete'), [
      `Deleted pod: ${victim.metadata.name}`,
    ]);
  });

  it('runs ReplicationControllers with a map selector (kiamol 6.5)', () => {
    const c = newCluster();
    const rc: KubeObject = {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'numbers-web' },
      spec: {
        replicas: 2,
        selector: { app: 'numbers-web' },
        template: replicaSet('x', 1, 'numbers-web').spec.template,
      },
    };
    ok(c.apply(rc));
    const steps = c.settle();
    assert.equal(steps.filter((s) => s.controller === 'replication-controller').length > 0, true);
    assert.equal(live(c).length, 2);
    assert.ok(
      live(c).every((p) => p.metadata.ownerReferences![0].kind === 'ReplicationController'),
    );
  });
});

describe('daemonset controller', () => {
  const nodes = () => [
    node('n1', { kiamol: 'ch06' }),
    node('n2'),
    node('n3', {}, { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }),
    node('n4', {}, { unschedulable: true }),
  ];

  it('runs where the node selector, affinity and taints allow; cordoned nodes included', () => {
    const c = newCluster({ nodes: nodes() });
    ok(c.apply(daemonSet('plain')));
    ok(c.apply(daemonSet('picky', { nodeSelector: { kiamol: 'ch06' } })));
    ok(c.apply(daemonSet('tolerant', { tolerations: [{ key: 'dedicated', operator: 'Exists' }] })));
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['n1', 'n2'] },
              ],
            },
          ],
        },
      },
    };
    ok(c.apply(daemonSet('affine', { affinity })));
    c.settle();
    const where = (ds: string) =>
      live(c)
        .filter((p) => p.metadata.labels!.app === ds)
        .map((p) => p.spec.nodeName)
        .sort();
    assert.deepEqual(where('plain'), ['n1', 'n2', 'n4']);
    assert.deepEqual(where('picky'), ['n1']);
    assert.deepEqual(where('tolerant'), ['n1', 'n2', 'n3', 'n4']);
    assert.deepEqual(where('affine'), ['n4']);
    const status = c.get({ kind: 'DaemonSet', name: 'plain' })!.status;
    assert.deepEqual(
      [status.desiredNumberScheduled, status.currentNumberScheduled, status.numberReady],
      [3, 3, 3],
    );
  });

  it('one sync: a revision, a pod per eligible node, then status', () => {
    const c = newCluster({ nodes: [node('a'), node('b', { kiamol: 'ch06' })] });
    ok(c.create(daemonSet('proxy', { nodeSelector: { kiamol: 'ch06' } })));
    const step = c.sync('daemonset-controller', 'default/proxy');
    const hash = c.list('ControllerRevision')[0].metadata.labels!['controller-revision-hash'];
    assert.deepEqual(actions(step).map(shape), [
      `create ControllerRevision proxy-${hash} revision 1`,
      'create Pod proxy-***** for node b',
      'update DaemonSet proxy status desired=1 current=1 ready=0',
    ]);
    assert.deepEqual(messages([step]).map(shape), ['Created pod: proxy-*****']);
  });

  it('pins each pod to its node and adds the controller tolerations', () => {
    const c = newCluster();
    ok(c.apply(daemonSet('proxy')));
    c.settle();
    const p = c.list('Pod')[0];
    assert.deepEqual(p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution, {
      nodeSelectorTerms: [
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] },
      ],
    });
    assert.deepEqual(
      p.spec.tolerations.map((t: any) => `${t.key}:${t.effect}`),
      [
        'node.kubernetes.io/not-ready:NoExecute',
        'node.kubernetes.io/unreachable:NoExecute',
        'node.kubernetes.io/disk-pressure:NoSchedule',
        'node.kubernetes.io/memory-pressure:NoSchedule',
        'node.kubernetes.io/pid-pressure:NoSchedule',
        'node.kubernetes.io/unschedulable:NoSchedule',
      ],
    );
    const hash = p.metadata.labels!['controller-revision-hash'];
    assert.ok(c.get({ kind: 'ControllerRevision', name: `proxy-${hash}` }));
    assert.equal(p.metadata.labels!['pod-template-generation'], '1');
  });

  it('follows node labels: a matching label adds the pod, removing it deletes the pod (kiamol 6.3)', () => {
    const c = newCluster();
    ok(c.apply(daemonSet('pi-proxy', { nodeSelector: { kiamol: 'ch06' } })));
    c.settle();
    assert.equal(c.list('Pod').length, 0);
    assert.equal(c.get({ kind: 'DaemonSet', name: 'pi-proxy' })!.status.desiredNumberScheduled, 0);

    ok(c.label({ kind: 'Node', name: 'node-1' }, { kiamol: 'ch06' }, true));
    c.settle();
    assert.equal(live(c).length, 1);

    ok(c.label({ kind: 'Node', name: 'node-1' }, { kiamol: null }, false));
    const steps = c.settle();
    assert.equal(messages(steps, 'SuccessfulDelete').length, 1);
    assert.equal(c.list('Pod').length, 0);
  });

  it('adopts the pod an orphaning delete left behind (kiamol 6.3)', () => {
    const c = newCluster();
    ok(c.apply(daemonSet('pi-proxy')));
    c.settle();
    const [orphan] = c.list('Pod');
    ok(c.delete({ kind: 'DaemonSet', name: 'pi-proxy' }, 'Orphan'));
    c.settle();
    assert.equal(c.get({ kind: 'DaemonSet', name: 'pi-proxy' }), undefined);
    assert.equal(
      c.get({ kind: 'Pod', name: orphan.metadata.name! })!.metadata.ownerReferences,
      undefined,
    );

    const ds = ok(c.apply(daemonSet('pi-proxy'))).object;
    const steps = c.settle();
    assert.equal(messages(steps, 'SuccessfulCreate').length, 0);
    const adopted = c.get({ kind: 'Pod', name: orphan.metadata.name! })!;
    assert.equal(adopted.metadata.ownerReferences![0].uid, ds.metadata.uid);
    assert.equal(c.get({ kind: 'DaemonSet', name: 'pi-proxy' })!.status.numberReady, 1);

    ok(c.delete({ kind: 'DaemonSet', name: 'pi-proxy' }));
    c.settle();
    assert.equal(c.list('Pod').length, 0);
  });

  it('replaces pods on a template change with RollingUpdate, not with OnDelete', () => {
    const c = newCluster();
    ok(c.apply(daemonSet('roll')));
    const ondelete = daemonSet('manual');
    ondelete.spec.updateStrategy = { type: 'OnDelete' };
    ok(c.apply(ondelete));
    c.settle();
    const before = new Map(c.list('Pod').map((p) => [p.metadata.labels!.app, p.metadata.name]));
    ok(c.setImage({ kind: 'DaemonSet', name: 'roll' }, { web: 'nginx:1.26' }));
    ok(c.setImage({ kind: 'DaemonSet', name: 'manual' }, { web: 'nginx:1.26' }));
    c.settle();
    const after = new Map(c.list('Pod').map((p) => [p.metadata.labels!.app, p]));
    assert.notEqual(after.get('roll')!.metadata.name, before.get('roll'));
    assert.equal(after.get('roll')!.spec.containers[0].image, 'nginx:1.26');
    assert.equal(after.get('roll')!.metadata.labels!['pod-template-generation'], '2');
    assert.equal(after.get('manual')!.metadata.name, before.get('manual'));
    assert.equal(
      c.list('ControllerRevision').filter((r) => r.metadata.labels!.app === 'roll').length,
      2,
    );
  });

  it('decides eligibility per node (NodeShouldRunDaemonPod)', () => {
    const ds = daemonSet('x', { nodeSelector: { a: 'b' } });
    assert.deepEqual(nodeShouldRun(ds, node('n', { a: 'b' })), {
      shouldRun: true,
      shouldContinue: true,
    });
    assert.deepEqual(nodeShouldRun(ds, node('n', { a: 'c' })), {
      shouldRun: false,
      shouldContinue: false,
    });
    const noExec = node('n', { a: 'b' }, { taints: [{ key: 'k', effect: 'NoExecute' }] });
    assert.deepEqual(nodeShouldRun(ds, noExec), { shouldRun: false, shouldContinue: false });
    const noSched = node('n', { a: 'b' }, { taints: [{ key: 'k', effect: 'NoSchedule' }] });
    assert.deepEqual(nodeShouldRun(ds, noSched), { shouldRun: false, shouldContinue: true });
    const notReady = node(
      'n',
      { a: 'b' },
      { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] },
    );
    assert.deepEqual(nodeShouldRun(ds, notReady), { shouldRun: true, shouldContinue: true });
  });

  it('matches tolerations as the API does', () => {
    const taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
    assert.equal(tolerates({ key: 'k', operator: 'Equal', value: 'v' }, taint), true);
    assert.equal(tolerates({ key: 'k', value: 'w' }, taint), false);
    assert.equal(tolerates({ operator: 'Exists' }, taint), true);
    assert.equal(tolerates({ key: 'k', operator: 'Exists', effect: 'NoExecute' }, taint), false);
  });
});

describe('statefulset controller', () => {
  it('OrderedReady creates one ordinal at a time and waits for it to be ready', () => {
    const c = newCluster();
    ok(c.create(statefulSet('web', 3)));
    const first = c.sync('statefulset-controller', 'default/web');
    assert.deepEqual(messages([first], 'SuccessfulCreate'), [
      'create Pod web-0 in StatefulSet web successful',
    ]);
    const waiting = c.sync('statefulset-controller', 'default/web');
    assert.deepEqual(messages([waiting], 'SuccessfulCreate'), []);

    const steps = c.settle();
    assert.deepEqual(messages(steps, 'SuccessfulCreate'), [
      'create Pod web-1 in StatefulSet web successful',
      'create Pod web-2 in StatefulSet web successful',
    ]);
    const web0Ready = steps.find(
      (s) => s.object.name === 'web-0' && s.actions.some((a) => a.detail?.includes('Ready')),
    )!;
    const web1Created = steps.find((s) => s.events.some((e) => e.message.includes('web-1')))!;
    assert.ok(web0Ready.seq < web1Created.seq);
    const p = c.get({ kind: 'Pod', name: 'web-1' })!;
    assert.equal(p.spec.hostname, 'web-1');
    assert.equal(p.spec.subdomain, 'web');
    assert.equal(p.metadata.labels!['statefulset.kubernetes.io/pod-name'], 'web-1');
    assert.match(p.metadata.labels!['controller-revision-hash'], /^web-[4-9bcdf]+$/);
  });

  it('Parallel creates every ordinal at once', () => {
    const c = newCluster();
    ok(c.create(statefulSet('web', 3, { podManagementPolicy: 'Parallel' })));
    const step = c.sync('statefulset-controller', 'default/web');
    assert.equal(messages([step], 'SuccessfulCreate').length, 3);
  });

  it('creates one claim per template and ordinal, before the pod', () => {
    const c = newCluster();
    const claim = {
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    };
    ok(c.create(statefulSet('db', 2, { volumeClaimTemplates: [claim] })));
    c.settle();
    assert.deepEqual(
      c.list('PersistentVolumeClaim').map((p) => [p.metadata.name, p.status.phase]),
      [
        ['data-db-0', 'Bound'],
        ['data-db-1', 'Bound'],
      ],
    );
    const vol = c
      .get({ kind: 'Pod', name: 'db-1' })!
      .spec.volumes.find((v: any) => v.name === 'data');
    assert.deepEqual(vol.persistentVolumeClaim, { claimName: 'data-db-1' });
    assert.equal(messages(c.settle()).length, 0);
    const events = c.events({ kind: 'StatefulSet', name: 'db' }).map((e) => e.message);
    assert.equal(events[0], 'create Claim data-db-0 Pod db-0 in StatefulSet db success');
  });

  it('scales down from the highest ordinal', () => {
    const c = newCluster();
    ok(c.apply(statefulSet('web', 3)));
    c.settle();
    ok(c.scale({ kind: 'StatefulSet', name: 'web' }, 1));
    const steps = c.settle();
    assert.deepEqual(messages(steps, 'SuccessfulDelete'), [
      'delete Pod web-2 in StatefulSet web successful',
      'delete Pod web-1 in StatefulSet web successful',
    ]);
  });
});

describe('garbage collector', () => {
  function withDeployment() {
    const c = newCluster();
    ok(c.apply(deployment('web', { replicas: 2 })));
    c.settle();
    return c;
  }

  it('Background: the owner goes at once, dependents after it', () => {
    const c = withDeployment();
    ok(c.delete({ kind: 'Deployment', name: 'web' }));
    assert.equal(c.get({ kind: 'Deployment', name: 'web' }), undefined);
    assert.equal(c.list('ReplicaSet').length, 1);
    c.settle();
    assert.equal(c.list('ReplicaSet').length, 0);
    assert.equal(c.list('Pod').length, 0);
  });

  it('Foreground: the owner waits with a finalizer until its dependents are gone', () => {
    const c = withDeployment();
    const deleting = ok(c.delete({ kind: 'Deployment', name: 'web' }, 'Foreground')).object;
    assert.deepEqual(deleting.metadata.finalizers, ['foregroundDeletion']);
    assert.ok(deleting.metadata.deletionTimestamp);
    const steps = c.settle();
    assert.equal(c.get({ kind: 'Deployment', name: 'web' }), undefined);
    assert.equal(c.list('Pod').length, 0);
    const gone = steps.findIndex((s) =>
      s.actions.some((a) => a.kind === 'Deployment' && a.verb === 'delete'),
    );
    const lastPod = steps
      .map((s, i) => (s.actions.some((a) => a.kind === 'Pod' && a.verb === 'delete') ? i : -1))
      .filter((i) => i >= 0)
      .pop()!;
    assert.ok(lastPod < gone, 'pods are gone before the Deployment');
  });

  it('Orphan: dependents lose the reference and keep running', () => {
    const c = withDeployment();
    ok(c.delete({ kind: 'Deployment', name: 'web' }, 'Orphan'));
    c.settle();
    assert.equal(c.get({ kind: 'Deployment', name: 'web' }), undefined);
    const [orphan] = c.list('ReplicaSet');
    assert.equal(orphan.metadata.ownerReferences, undefined);
    assert.equal(live(c).length, 2);

    ok(c.apply(deployment('web', { replicas: 2 })));
    const steps = c.settle();
    assert.equal(c.list('ReplicaSet').length, 1);
    assert.equal(messages(steps, 'SuccessfulCreate').length, 0);
    assert.equal(c.list('ReplicaSet')[0].metadata.ownerReferences![0].name, 'web');
  });
});

describe('scheduler and kubelet', () => {
  it('leaves an unschedulable pod Pending with the FailedScheduling message, and binds it once a node fits', () => {
    const c = newCluster();
    ok(c.apply(pod('picky', { app: 'p' }, { nodeSelector: { disk: 'ssd' } })));
    const steps = c.settle();
    const expected =
      "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. " +
      'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';
    assert.deepEqual(messages(steps, 'FailedScheduling'), [expected]);
    const p = c.get({ kind: 'Pod', name: 'picky' })!;
    assert.equal(p.status.phase, 'Pending');
    assert.deepEqual(
      p.status.conditions.map((x: any) => [x.type, x.status, x.reason]),
      [['PodScheduled', 'False', 'Unschedulable']],
    );

    ok(c.label({ kind: 'Node', name: 'node-1' }, { disk: 'ssd' }, false));
    const later = c.settle();
    assert.deepEqual(messages(later, 'Scheduled'), [
      'Successfully assigned default/picky to node-1',
    ]);
    assert.equal(c.get({ kind: 'Pod', name: 'picky' })!.status.phase, 'Running');
  });

  it('counts requests against allocatable and words taints by version', () => {
    const nodes = [
      node('a'),
      node('b', {}, { taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] }),
    ];
    const c = newCluster({ minor: '1.30', nodes });
    const big = pod(
      'big',
      { app: 'b' },
      { containers: [{ name: 'c', image: 'x:1', resources: { requests: { cpu: '64' } } }] },
    );
    ok(c.apply(big));
    const steps = c.settle();
    assert.deepEqual(messages(steps, 'FailedScheduling'), [
      '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {gpu: yes}. ' +
        'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    ]);
  });

  it('spreads pods over equal nodes and respects the pod limit', () => {
    const c = newCluster({ nodes: [node('a'), node('b')] });
    ok(c.apply(deployment('web', { replicas: 4 })));
    c.settle();
    const perNode = new Map<string, number>();
    for (const p of c.list('Pod'))
      perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    assert.deepEqual([...perNode].sort(), [
      ['a', 2],
      ['b', 2],
    ]);
  });

  it('turns a pod Ready initialDelaySeconds after it started', () => {
    const c = newCluster();
    const probe = { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 10 };
    ok(
      c.apply(
        pod(
          'slow',
          { app: 's' },
          { containers: [{ name: 'c', image: 'x:1', readinessProbe: probe }] },
        ),
      ),
    );
    const steps = c.settle();
    const running = steps.find((s) => s.actions.some((a) => a.detail === 'status Running'))!;
    const ready = steps.find((s) => s.actions.some((a) => a.detail === 'status Ready'))!;
    assert.equal(ready.time - running.time, 10_000);
    assert.deepEqual(messages(steps.filter((s) => s.controller === 'kubelet')), [
      'Pulling image "x:1"',
      'Successfully pulled image "x:1" in 2s (2s including waiting)',
      'Created container',
      'Started container',
    ]);
  });

  it('deletes the pods of a deleted node, and their controller replaces them elsewhere', () => {
    const c = newCluster({ nodes: [node('a'), node('b')] });
    ok(c.apply(replicaSet('web', 4)));
    c.settle();
    ok(c.delete({ kind: 'Node', name: 'a' }));
    c.settle();
    const placed = live(c).map((p) => p.spec.nodeName);
    assert.deepEqual(placed, ['b', 'b', 'b', 'b']);
  });

  it('stops a deleted pod gracefully: Terminating first, then gone', () => {
    const c = newCluster();
    ok(c.apply(pod('p', { app: 'p' })));
    c.settle();
    const deleting = ok(c.delete({ kind: 'Pod', name: 'p' })).object;
    assert.ok(deleting.metadata.deletionTimestamp);
    assert.equal(deleting.metadata.deletionGracePeriodSeconds, 30);
    const steps = c.settle();
    assert.equal(c.get({ kind: 'Pod', name: 'p' }), undefined);
    assert.deepEqual(messages(steps, 'Killing'), ['Stopping container c']);
  });
});

describe('endpoints controller', () => {
  it('lists ready pods under addresses and the rest under notReadyAddresses', () => {
    const c = newCluster();
    ok(c.apply(service('web', { app: 'web' }, [{ port: 8080, targetPort: 'http' }])));
    const container = { name: 'c', image: 'x:1', ports: [{ name: 'http', containerPort: 80 }] };
    ok(c.apply(pod('ready', { app: 'web' }, { containers: [container] })));
    const probe = { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 3600 };
    ok(
      c.apply(
        pod('slow', { app: 'web' }, { containers: [{ ...container, readinessProbe: probe }] }),
      ),
    );
    c.settle({ maxTime: 60_000 });
    const ep: any = c.get({ kind: 'Endpoints', name: 'web' })!;
    assert.equal(ep.subsets.length, 1);
    assert.deepEqual(
      ep.subsets[0].addresses.map((a: any) => a.targetRef.name),
      ['ready'],
    );
    assert.deepEqual(
      ep.subsets[0].notReadyAddresses.map((a: any) => a.targetRef.name),
      ['slow'],
    );
    assert.deepEqual(ep.subsets[0].ports, [{ port: 80, protocol: 'TCP' }]);
  });
});
