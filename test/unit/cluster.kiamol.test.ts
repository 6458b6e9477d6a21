/**
 * The kiamol chapter 6 exercises (shared/scenarios/kiamol-ch06) run against the simulated
 * cluster through its API, one file after the other on one cluster, as the book's reader does.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KubeObject } from '../../server/src/core/cluster/api';
import { parseManifest } from '../../server/src/core/yaml/parse';
import { newCluster, ok } from './cluster.fixtures';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus/kiamol/ch06');

/** `kubectl apply -f` of a file or a directory (files in name order, documents in order). */
function manifests(rel: string): KubeObject[] {
  const full = path.join(CORPUS, rel);
  const files = fs.statSync(full).isDirectory()
    ? fs
        .readdirSync(full)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort()
        .map((f) => path.join(full, f))
    : [full];
  return files.flatMap((f) =>
    parseManifest(fs.readFileSync(f, 'utf8'))
      .documents.filter((d) => !d.empty)
      .map((d) => d.value as KubeObject),
  );
}

describe('cluster: kiamol chapter 6', function () {
  before(function () {
    if (!fs.existsSync(CORPUS)) this.skip();
  });

  const c = newCluster();
  const apply = (rel: string) => manifests(rel).map((m) => ok(c.apply(m)).result);
  const pods = (app: string) =>
    c.list('Pod', { selector: [{ key: 'app', operator: 'In', values: [app] }] });
  const running = (app: string) => pods(app).filter((p) => !p.metadata.deletionTimestamp);
  const rsOf = (app: string) => c.list('ReplicaSet').filter((r) => r.metadata.labels?.app === app);

  it('6.1 a ReplicaSet replaces deleted pods and scales by apply', () => {
    assert.deepEqual(apply('whoami/'), ['created', 'created']);
    c.settle();
    assert.equal(c.get({ kind: 'ReplicaSet', name: 'whoami-web' })!.status.readyReplicas, 1);
    for (const p of pods('whoami-web')) ok(c.delete({ kind: 'Pod', name: p.metadata.name! }));
    c.settle();
    assert.equal(running('whoami-web').length, 1);
    const events = c.events({ kind: 'ReplicaSet', name: 'whoami-web' }).map((e) => e.reason);
    assert.deepEqual(events, ['SuccessfulCreate', 'SuccessfulCreate']);

    assert.deepEqual(apply('whoami/update/whoami-replicas-3.yaml'), ['configured']);
    apply('sleep.yaml');
    c.settle();
    const ep = c.get({ kind: 'Endpoints', name: 'whoami-web' }) as any;
    assert.equal(ep.subsets[0].addresses.length, 3);
    assert.deepEqual(ep.subsets[0].ports, [{ port: 80, protocol: 'TCP' }]);
  });

  it('6.2 a Deployment keeps one ReplicaSet per template and reuses it on the way back', () => {
    apply('pi/web/');
    c.settle();
    const [first] = rsOf('pi-web');
    assert.match(first.metadata.name!, /^pi-web-[4-9bcdf]{9,10}$/);
    apply('pi/web/update/web-replicas-3.yaml');
    c.settle();
    assert.deepEqual(
      rsOf('pi-web').map((r) => [r.metadata.name, r.spec.replicas]),
      [[first.metadata.name, 3]],
    );

    apply('pi/web/update/web-logging-level.yaml');
    c.settle();
    const second = rsOf('pi-web').find((r) => r.metadata.name !== first.metadata.name)!;
    assert.equal(second.spec.replicas, 3);
    assert.equal(c.get({ kind: 'ReplicaSet', name: first.metadata.name! })!.spec.replicas, 0);

    ok(c.scale({ kind: 'Deployment', name: 'pi-web' }, 4));
    c.settle();
    assert.equal(c.get({ kind: 'ReplicaSet', name: second.metadata.name! })!.spec.replicas, 4);

    apply('pi/web/update/web-replicas-3.yaml');
    c.settle();
    const back = new Map(rsOf('pi-web').map((r) => [r.metadata.name, r]));
    assert.equal(back.size, 2);
    assert.equal(back.get(first.metadata.name)!.spec.replicas, 3);
    assert.equal(
      back.get(first.metadata.name)!.metadata.annotations!['deployment.kubernetes.io/revision'],
      '3',
    );
    assert.equal(back.get(second.metadata.name)!.spec.replicas, 0);
    const hash = first.metadata.labels!['pod-template-hash'];
    assert.ok(running('pi-web').every((p) => p.metadata.labels!['pod-template-hash'] === hash));
    assert.equal(running('pi-web').length, 3);
  });

  it('6.2 the proxy with a shared hostPath cache is noted', () => {
    apply('pi/proxy/');
    c.settle();
    assert.equal(running('pi-proxy').length, 2);
    assert.deepEqual(c.notes(), []);
    apply('pi/proxy/update/nginx-hostPath.yaml');
    c.settle();
    assert.equal(running('pi-proxy').length, 3);
    assert.match(c.notes()[0], /^3 pods share the hostPath \/volumes\/nginx-cache on node node-1/);
  });

  it('6.3 a DaemonSet next to the Deployment, then alone, then with a node selector', () => {
    apply('pi/proxy/daemonset/nginx-ds.yaml');
    c.settle();
    const ep = c.get({ kind: 'Endpoints', name: 'pi-proxy' }) as any;
    assert.equal(ep.subsets[0].addresses.length, 4);
    ok(c.delete({ kind: 'Deployment', name: 'pi-proxy' }));
    c.settle();
    assert.equal(running('pi-proxy').length, 1);
    assert.equal(running('pi-proxy')[0].metadata.ownerReferences![0].kind, 'DaemonSet');

    for (const p of pods('pi-proxy')) ok(c.delete({ kind: 'Pod', name: p.metadata.name! }));
    c.settle();
    assert.equal(running('pi-proxy').length, 1);

    apply('pi/proxy/daemonset/nginx-ds-nodeSelector.yaml');
    c.settle();
    const ds = c.get({ kind: 'DaemonSet', name: 'pi-proxy' })!;
    assert.deepEqual([ds.status.desiredNumberScheduled, ds.status.currentNumberScheduled], [0, 0]);
    assert.equal(pods('pi-proxy').length, 0);

    ok(c.label({ kind: 'Node', name: 'node-1' }, { kiamol: 'ch06' }, true));
    c.settle();
    assert.equal(c.get({ kind: 'DaemonSet', name: 'pi-proxy' })!.status.numberReady, 1);
  });

  it('6.3 delete with --cascade=orphan keeps the pod, and the next DaemonSet adopts it', () => {
    const [kept] = pods('pi-proxy');
    ok(c.delete({ kind: 'DaemonSet', name: 'pi-proxy' }, 'Orphan'));
    c.settle();
    assert.deepEqual(
      pods('pi-proxy').map((p) => [p.metadata.name, p.metadata.ownerReferences]),
      [[kept.metadata.name, undefined]],
    );
    apply('pi/proxy/daemonset/nginx-ds-nodeSelector.yaml');
    c.settle();
    assert.deepEqual(
      pods('pi-proxy').map((p) => p.metadata.name),
      [kept.metadata.name],
    );
    assert.equal(pods('pi-proxy')[0].metadata.ownerReferences![0].name, 'pi-proxy');
    ok(c.delete({ kind: 'DaemonSet', name: 'pi-proxy' }));
    c.settle();
    assert.equal(pods('pi-proxy').length, 0);
  });

  it('6.4 owners, and deleting everything labelled kiamol=ch06', () => {
    for (const p of c.list('Pod')) {
      const owner = p.metadata.ownerReferences?.[0];
      assert.ok(
        owner && ['ReplicaSet'].includes(owner.kind),
        `${p.metadata.name} is owned by a ReplicaSet`,
      );
    }
    const selector = [{ key: 'kiamol', operator: 'In' as const, values: ['ch06'] }];
    for (const kind of ['Pod', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet']) {
      for (const obj of c.list(kind, { namespace: 'default', selector })) {
        ok(c.delete({ kind, namespace: 'default', name: obj.metadata.name! }));
      }
    }
    c.settle();
    assert.deepEqual(c.list('Pod'), []);
    assert.deepEqual(c.list('ReplicaSet'), []);
    assert.deepEqual(
      c.list('Service').map((s) => s.metadata.name),
      ['kubernetes'],
    );
  });

  it('6.5 lab: old-style controllers and their replacements side by side', () => {
    apply('lab/numbers/');
    c.settle();
    assert.equal(running('numbers-web').length, 2);
    ok(c.label({ kind: 'Node', name: 'node-1' }, { rng: 'hw' }, false));
    apply('lab/solution/');
    c.settle();
    assert.equal(running('numbers-web').length, 4);
    assert.equal(running('numbers-api').length, 1);
    const web = c.get({ kind: 'Endpoints', name: 'numbers-web' }) as any;
    assert.equal(web.subsets[0].addresses.length, 4);
    const api = c.get({ kind: 'Endpoints', name: 'numbers-api' }) as any;
    assert.equal(api.subsets[0].addresses.length, 1);
    assert.equal(c.get({ kind: 'Pod', name: 'numbers-api' })!.status.phase, 'Running');
  });
});
