import { strict as assert } from 'node:assert';
import type { KubeObject } from '../../server/src/core/cluster/api';
import { Cluster } from '../../server/src/core/cluster/index';
import { threeWayMerge } from '../../server/src/core/cluster/apply';
import { ALPHANUMS, randomString, SeededRandom } from '../../server/src/core/cluster/random';
import {
  daemonSet,
  deployment,
  newCluster,
  node,
  ok,
  pod,
  replicaSet,
  service,
} from './cluster.fixtures';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function failure(outcome: ReturnType<Cluster['apply']>) {
  if (outcome.ok) throw new Error(`expected a failure, got ${outcome.result}`);
  return outcome;
}

describe('cluster', () => {
  describe('a fresh cluster', () => {
    it('has the system namespaces, one ready node and the kubernetes Service', () => {
      const c = newCluster();
      assert.deepEqual(
        c.list('Namespace').map((n) => n.metadata.name),
        ['default', 'kube-node-lease', 'kube-public', 'kube-system'],
      );
      const [n] = c.list('Node');
      assert.equal(n.metadata.name, 'node-1');
      assert.deepEqual(n.metadata.labels, {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': 'node-1',
        'kubernetes.io/os': 'linux',
      });
      assert.equal(n.spec.taints, undefined);
      assert.equal(n.status.allocatable.pods, '110');
      assert.equal(c.get({ kind: 'Service', name: 'kubernetes' })!.spec.clusterIP, '10.96.0.1');
      assert.equal(c.now, 0);
      assert.equal(c.timestamp(), '2025-01-01T00:00:00Z');
    });

    it('completes nodes described in part', () => {
      const c = newCluster({
        nodes: [node('worker', { disk: 'ssd' }, { taints: [{ key: 'k', effect: 'NoSchedule' }] })],
      });
      const n = c.get({ kind: 'Node', name: 'worker' })!;
      assert.equal(n.metadata.labels!.disk, 'ssd');
      assert.equal(n.metadata.labels!['kubernetes.io/hostname'], 'worker');
      assert.equal(n.status.conditions[0].type, 'Ready');
      assert.deepEqual(n.spec.taints, [{ key: 'k', effect: 'NoSchedule' }]);
    });
  });

  describe('store', () => {
    it('stamps uid, resourceVersion, generation and creationTimestamp, and freezes what it stores', () => {
      const c = newCluster();
      const d = ok(c.create(deployment('web', { replicas: 1 }))).object;
      assert.match(
        d.metadata.uid!,
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      assert.equal(d.metadata.generation, 1);
      assert.equal(d.metadata.creationTimestamp, '2025-01-01T00:00:00Z');
      assert.ok(Object.isFrozen(d.spec));
      const scaled = ok(c.scale({ kind: 'Deployment', name: 'web' }, 3)).object;
      assert.equal(scaled.metadata.generation, 2);
      assert.ok(Number(scaled.metadata.resourceVersion) > Number(d.metadata.resourceVersion));
    });

    it('lists sorted by namespace then name, and by selector', () => {
      const c = newCluster();
      ok(c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } }));
      ok(c.create(pod('b', { app: 'x', tier: 'web' })));
      ok(c.create(pod('a', { app: 'x' })));
      ok(c.create(pod('z', { app: 'x' }), { namespace: 'apps' }));
      assert.deepEqual(
        c.list('Pod').map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
        ['apps/z', 'default/a', 'default/b'],
      );
      assert.deepEqual(
        c.list('Pod', { namespace: 'default' }).map((p) => p.metadata.name),
        ['a', 'b'],
      );
      const selector = [{ key: 'tier', operator: 'Exists' as const }];
      assert.deepEqual(
        c.list('Pod', { selector }).map((p) => p.metadata.name),
        ['b'],
      );
    });

    it('answers NotFound and AlreadyExists in the API server words', () => {
      const c = newCluster();
      ok(c.create(deployment('web')));
      const dup = failure(c.create(deployment('web')));
      assert.deepEqual(
        [dup.reason, dup.error],
        ['AlreadyExists', 'deployments.apps "web" already exists'],
      );
      const gone = failure(c.delete({ kind: 'Deployment', name: 'nope' }));
      assert.deepEqual(
        [gone.reason, gone.error],
        ['NotFound', 'deployments.apps "nope" not found'],
      );
      const missingNs = failure(c.create(pod('p', { a: 'b' }), { namespace: 'ghost' }));
      assert.deepEqual(
        [missingNs.reason, missingNs.error],
        ['NotFound', 'namespaces "ghost" not found'],
      );
      const kind = failure(
        c.apply({ apiVersion: 'apps/v1', kind: 'Deploymnt', metadata: { name: 'x' } }),
      );
      assert.deepEqual(
        [kind.reason, kind.error],
        ['NoKindMatch', 'no matches for kind "Deploymnt" in version "apps/v1"'],
      );
    });
  });

  describe('validation on write', () => {
    it('rejects a Deployment without a selector with both causes', () => {
      const c = newCluster();
      const d = deployment('api');
      delete d.spec.selector;
      const err = failure(c.apply(d));
      assert.equal(err.reason, 'Invalid');
      assert.match(
        err.error,
        /^The Deployment "api" is invalid: \n\* spec\.selector: Required value\n\* spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`$/,
      );
      assert.match(
        err.message!,
        /^Deployment\.apps "api" is invalid: \[spec\.selector: Required value, /,
      );
    });

    it('keeps the selector immutable on update (B09)', () => {
      const c = newCluster();
      ok(c.apply(deployment('demo', { replicas: 2 })));
      const changed = deployment('demo', { replicas: 2 });
      changed.spec.selector.matchLabels.tier = 'web';
      changed.spec.template.metadata.labels.tier = 'web';
      const err = failure(c.apply(changed));
      assert.equal(
        err.error,
        'The Deployment "demo" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"demo","tier":"web"}}: field is immutable',
      );
    });
  });

  describe('apply', () => {
    it('creates, then reports unchanged, then configured', () => {
      const c = newCluster();
      assert.equal(ok(c.apply(deployment('web', { replicas: 2 }))).result, 'created');
      assert.equal(ok(c.apply(deployment('web', { replicas: 2 }))).result, 'unchanged');
      assert.equal(ok(c.apply(deployment('web', { replicas: 3 }))).result, 'configured');
    });

    it('records the manifest as kubectl does in the last-applied annotation', () => {
      const c = newCluster();
      const svc = ok(c.apply(service('web', { app: 'web' }))).object;
      assert.equal(
        svc.metadata.annotations![LAST_APPLIED],
        '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"web","namespace":"default"},' +
          '"spec":{"ports":[{"port":80}],"selector":{"app":"web"}}}\n',
      );
    });

    it('keeps a field set imperatively that the manifest never had', () => {
      const c = newCluster();
      ok(c.apply(deployment('sleep')));
      ok(c.scale({ kind: 'Deployment', name: 'sleep' }, 4));
      assert.equal(ok(c.apply(deployment('sleep'))).result, 'unchanged');
      assert.equal(c.get({ kind: 'Deployment', name: 'sleep' })!.spec.replicas, 4);
    });

    it('removes a field the manifest dropped, and merges containers by name', () => {
      const c = newCluster();
      const first = deployment('web', { replicas: 2, extra: { minReadySeconds: 5 } });
      first.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox:1' });
      ok(c.apply(first));
      const second = deployment('web', { replicas: 2 });
      second.spec.template.spec.containers[0].image = 'nginx:1.26';
      ok(c.apply(second));
      const live = c.get({ kind: 'Deployment', name: 'web' })!;
      assert.equal(live.spec.minReadySeconds, undefined);
      assert.deepEqual(
        live.spec.template.spec.containers.map((x: any) => `${x.name}=${x.image}`),
        ['web=nginx:1.26'],
      );
    });

    it('merges keyed lists item by item and keeps items only the live object has', () => {
      const original = {
        spec: { template: { spec: { containers: [{ name: 'a', image: '1' }] } } },
      };
      const modified = {
        spec: { template: { spec: { containers: [{ name: 'a', image: '2' }] } } },
      };
      const current = {
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'a', image: '1', imagePullPolicy: 'IfNotPresent' },
                { name: 'injected', image: 'x' },
              ],
            },
          },
        },
      };
      const merged = threeWayMerge('Deployment', original, modified, current);
      assert.equal(merged.changed, true);
      assert.deepEqual(merged.value, {
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'a', image: '2', imagePullPolicy: 'IfNotPresent' },
                { name: 'injected', image: 'x' },
              ],
            },
          },
        },
      });
    });

    it('warns when the live object lacks the annotation', () => {
      const c = newCluster();
      ok(c.create(deployment('web', { replicas: 1 })));
      const out = ok(c.apply(deployment('web', { replicas: 1 })));
      assert.equal(out.result, 'configured');
      assert.match(
        out.warnings![0],
        /^resource deployments\/web is missing the kubectl\.kubernetes\.io\/last-applied-configuration annotation/,
      );
    });
  });

  describe('imperative commands', () => {
    it('label: labeled, not labeled, unlabeled, and the overwrite conflict', () => {
      const c = newCluster();
      const n = { kind: 'Node', name: 'node-1' };
      assert.equal(ok(c.label(n, { kiamol: 'ch05' }, false)).operation, undefined);
      assert.equal(
        failure(c.label(n, { kiamol: 'ch06' }, false)).error,
        "error: 'kiamol' already has a value (ch05), and --overwrite is false",
      );
      assert.equal(ok(c.label(n, { kiamol: 'ch06' }, true)).result, 'labeled');
      assert.equal(ok(c.label(n, { kiamol: 'ch06' }, true)).operation, 'not labeled');
      assert.equal(ok(c.label(n, { kiamol: null }, false)).operation, 'unlabeled');
      const absent = ok(c.label(n, { kiamol: null }, false));
      assert.deepEqual(
        [absent.operation, absent.notices],
        ['not labeled', ['label "kiamol" not found.']],
      );
    });

    it('cordon, taint and their repeats', () => {
      const c = newCluster();
      assert.equal(ok(c.cordon('node-1', true)).result, 'cordoned');
      assert.equal(ok(c.cordon('node-1', true)).operation, 'already cordoned');
      c.settle();
      assert.deepEqual(
        c.get({ kind: 'Node', name: 'node-1' })!.spec.taints.map((t: any) => t.key),
        ['node.kubernetes.io/unschedulable'],
      );
      assert.equal(ok(c.cordon('node-1', false)).result, 'uncordoned');
      c.settle();
      assert.equal(c.get({ kind: 'Node', name: 'node-1' })!.spec.taints, undefined);

      assert.equal(
        ok(c.taint('node-1', { key: 'k', value: 'v', effect: 'NoSchedule' }, false)).result,
        'tainted',
      );
      assert.equal(
        failure(c.taint('node-1', { key: 'k', value: 'w', effect: 'NoSchedule' }, false)).error,
        'error: node node-1 already has k taint(s) with same effect(s) and --overwrite is false',
      );
      assert.equal(
        ok(c.taint('node-1', { key: 'k', effect: 'NoSchedule' }, true)).result,
        'untainted',
      );
      assert.equal(
        failure(c.taint('node-1', { key: 'k', effect: 'NoSchedule' }, true)).error,
        'error: taint "k:NoSchedule" not found',
      );
      assert.equal(failure(c.cordon('nope', true)).error, 'nodes "nope" not found');
    });

    it('set image: updated, silent when nothing changes, unknown container', () => {
      const c = newCluster();
      ok(c.apply(deployment('web')));
      const ref = { kind: 'Deployment', name: 'web' };
      assert.equal(ok(c.setImage(ref, { web: 'nginx:1.26' })).result, 'image updated');
      assert.equal(ok(c.setImage(ref, { web: 'nginx:1.26' })).operation, '');
      assert.equal(
        failure(c.setImage(ref, { nginx: 'x' })).error,
        'error: unable to find container named "nginx"',
      );
    });

    it('pause and resume refuse a repeat', () => {
      const c = newCluster();
      ok(c.apply(deployment('web')));
      const ref = { kind: 'Deployment', name: 'web' };
      assert.equal(
        failure(c.setPaused(ref, false)).error,
        'error: deployments.apps "web" is not paused',
      );
      assert.equal(ok(c.setPaused(ref, true)).result, 'paused');
      assert.equal(
        failure(c.setPaused(ref, true)).error,
        'error: deployments.apps "web" is already paused',
      );
    });
  });

  describe('determinism and clones', () => {
    it('gives the same names for the same seed and others for another seed', () => {
      const names = (seed: number) => {
        const c = newCluster({ seed });
        ok(c.apply(replicaSet('web', 3)));
        c.settle();
        return c.list('Pod').map((p) => p.metadata.name);
      };
      assert.deepEqual(names(7), names(7));
      assert.notDeepEqual(names(7), names(8));
      assert.ok(names(7).every((n) => /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(n!)));
    });

    it('draws suffixes from the 27-letter alphabet only', () => {
      const rng = new SeededRandom(3);
      const seen = new Set<string>();
      for (let i = 0; i < 2000; i++) for (const ch of randomString(rng, 5)) seen.add(ch);
      assert.equal([...seen].sort().join(''), [...ALPHANUMS].sort().join(''));
      assert.equal(ALPHANUMS, 'bcdfghjklmnpqrstvwxz2456789');
    });

    it('clones independently: a preview leaves the original untouched and predicts the same', () => {
      const c = newCluster();
      ok(c.apply(deployment('web', { replicas: 2 })));
      c.settle();
      const preview = c.clone();
      ok(preview.scale({ kind: 'Deployment', name: 'web' }, 5));
      preview.settle();
      assert.equal(preview.list('Pod').length, 5);
      assert.equal(c.list('Pod').length, 2);
      assert.equal(c.get({ kind: 'Deployment', name: 'web' })!.spec.replicas, 2);

      const again = c.clone();
      ok(again.scale({ kind: 'Deployment', name: 'web' }, 5));
      again.settle();
      assert.deepEqual(
        again.list('Pod').map((p) => p.metadata.name),
        preview.list('Pod').map((p) => p.metadata.name),
      );
    });
  });

  describe('hostile input and bounds', () => {
    it('never throws for garbage', () => {
      const c = newCluster();
      const junk: unknown[] = [
        null,
        42,
        'x',
        {},
        { kind: 'Pod' },
        { apiVersion: 'v1', kind: 'Pod', metadata: 'x' },
      ];
      for (const j of junk) {
        assert.equal(c.apply(j as KubeObject).ok, false, JSON.stringify(j));
        assert.equal(c.create(j as KubeObject).ok, false, JSON.stringify(j));
      }
      const odd: unknown[] = [
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: 7 },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'd' },
          spec: { replicas: 'many', template: [] },
        },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 's' },
          spec: { selector: 'x', ports: 'y' },
        },
      ];
      for (const j of odd) assert.doesNotThrow(() => c.apply(j as KubeObject));
      const steps = c.settle();
      assert.equal(
        steps.flatMap((s) => s.warnings ?? []).filter((w) => w.includes('failed to sync')).length,
        0,
      );
    });

    it('bounds the pods a controller may create and says so', () => {
      const c = new Cluster({ minor: '1.35', limits: { maxPods: 50 } });
      ok(c.apply(replicaSet('huge', 1_000_000)));
      const steps = c.settle({ maxSteps: 500 });
      assert.equal(c.list('Pod').length, 50);
      const warnings = steps.flatMap((s) => s.warnings ?? []);
      assert.ok(
        warnings.some((w) => w.includes('at most 50 pods')),
        warnings.join('\n'),
      );
      const failed = c
        .events({ kind: 'ReplicaSet', name: 'huge' })
        .find((e) => e.reason === 'FailedCreate')!;
      assert.match(
        failed.message,
        /^Error creating: pods "huge-\w{5}" is forbidden: the simulated cluster holds at most 50 pods$/,
      );
    });

    it('stops at maxSteps and reports it', () => {
      const c = newCluster();
      ok(c.apply(replicaSet('web', 20)));
      const steps = c.settle({ maxSteps: 5 });
      assert.equal(c.settled, false);
      assert.ok(
        steps[steps.length - 1].warnings!.includes(
          'stopped after 5 controller syncs before the cluster settled',
        ),
      );
      assert.ok(c.notes().includes('stopped after 5 controller syncs before the cluster settled'));
    });
  });

  describe('events and notes', () => {
    it('folds identical events into one with a count', () => {
      const c = newCluster();
      ok(c.apply(pod('picky', { app: 'p' }, { nodeSelector: { disk: 'ssd' } })));
      c.settle();
      ok(c.create(node('other')));
      c.settle();
      const events = c
        .events({ kind: 'Pod', name: 'picky' })
        .filter((e) => e.reason === 'FailedScheduling');
      assert.equal(events.length, 2);
      assert.match(events[1].message, /^0\/2 nodes are available/);
      ok(c.label({ kind: 'Node', name: 'other' }, { x: 'y' }, false));
      c.settle();
      assert.equal(
        c.events({ kind: 'Pod', name: 'picky' }).filter((e) => e.reason === 'FailedScheduling')[1]
          .count,
        2,
      );
    });

    it('notes replicas sharing a hostPath on one node', () => {
      const c = newCluster();
      const d = deployment('pi-proxy', { replicas: 3 });
      d.spec.template.spec.volumes = [
        { name: 'cache', hostPath: { path: '/volumes/nginx-cache', type: 'DirectoryOrCreate' } },
      ];
      ok(c.apply(d));
      c.settle();
      assert.equal(c.notes().length, 1);
      assert.match(
        c.notes()[0],
        /^3 pods share the hostPath \/volumes\/nginx-cache on node node-1 \(/,
      );
      ok(c.apply(daemonSet('single')));
      c.settle();
      assert.equal(c.notes().length, 1);
    });

    it('deleting a namespace deletes what is in it', () => {
      const c = newCluster();
      ok(c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } }));
      ok(c.apply(deployment('web', { replicas: 2 }), { namespace: 'lab' }));
      c.settle();
      ok(c.delete({ kind: 'Namespace', name: 'lab' }));
      assert.equal(c.get({ kind: 'Namespace', name: 'lab' })!.status.phase, 'Terminating');
      c.settle();
      assert.equal(c.get({ kind: 'Namespace', name: 'lab' }), undefined);
      assert.equal(c.list('Pod', { namespace: 'lab' }).length, 0);
    });
  });
});
