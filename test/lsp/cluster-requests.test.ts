import { strict as assert } from 'node:assert';
import type {
  ClusterTreeResult,
  GraphResult,
  OperationResult,
  PreviewResult,
  TimelineResult,
  TreeItemData,
} from '../../server/src/protocol';
import { PROXY_DS, WEB, WEB_SERVICE } from './fixtures';
import { LspHarness } from './harness';

/** The tree as indented `label | description` lines, the way a user reads it. */
function outline(tree: ClusterTreeResult): string[] {
  const out: string[] = [];
  const walk = (items: TreeItemData[], depth: number) => {
    for (const i of items) {
      out.push(`${'  '.repeat(depth)}${i.label} | ${i.description ?? ''}`);
      walk(i.children ?? [], depth + 1);
    }
  };
  walk(tree.roots, 0);
  return out;
}

const POD = /calc-web-847dd99f94-[bcdfghjklmnpqrstvwxz2456789]{5}/g;

describe('language server: the simulated cluster', () => {
  let lsp: LspHarness;
  const uri = 'file:///w/pi/web.yaml';
  beforeEach(async () => {
    lsp = new LspHarness();
    await lsp.initialize();
    await lsp.open(uri, WEB);
  });
  afterEach(() => lsp.dispose());

  const operate = (op: object) =>
    lsp.client.sendRequest('kubeplan/operate', op) as Promise<OperationResult>;
  const tree = async () =>
    outline(await lsp.client.sendRequest('kubeplan/clusterTree')).map((l) => l.replace(POD, 'POD'));
  const move = (m: string) =>
    lsp.client.sendRequest('kubeplan/timelineMove', { move: m }) as Promise<TimelineResult>;

  it('applies a document, and the tree shows nodes, workloads and services', async () => {
    const result = await operate({ op: 'apply', uri });
    assert.deepEqual(result, {
      ok: true,
      lines: ['deployment.apps/calc-web created'],
      steps: 11,
      revision: 1,
    });
    assert.deepEqual(lsp.changes, [1]);
    assert.deepEqual(await tree(), [
      'Nodes | 1',
      '  node-1 | Ready · 2 pods',
      '    POD | Running 1/1 · ReplicaSet calc-web-847dd99f94',
      '    POD | Running 1/1 · ReplicaSet calc-web-847dd99f94',
      'Workloads | 1',
      '  Deployment calc-web | 2/2 ready',
      '    ReplicaSet calc-web-847dd99f94 | revision 1 · 2/2 · current',
      '      POD | Running 1/1 · node-1',
      '      POD | Running 1/1 · node-1',
      'Services | 1',
      '  Service kubernetes | ClusterIP 10.96.0.1 · 1 endpoint',
      '    192.168.49.2:6443 | ready',
    ]);
    const raw: ClusterTreeResult = await lsp.client.sendRequest('kubeplan/clusterTree');
    const deployment = raw.roots[1].children?.[0];
    assert.deepEqual(deployment?.source, {
      uri,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
    assert.equal(deployment?.contextValue, 'workload.deployment');
  });

  it('keeps the ReplicaSet and its pods when the Deployment is deleted with orphaning', async () => {
    await operate({ op: 'apply', uri });
    const ref = { kind: 'Deployment', namespace: 'default', name: 'calc-web' };
    const result = await operate({ op: 'delete', ref, propagation: 'Orphan' });
    assert.deepEqual(result, {
      ok: true,
      lines: ['deployment.apps "calc-web" deleted'],
      steps: 1,
      revision: 2,
    });
    assert.deepEqual((await tree()).slice(4, 8), [
      'Workloads | 1',
      '  ReplicaSet calc-web-847dd99f94 | 2/2 ready · no owner',
      '    POD | Running 1/1 · node-1',
      '    POD | Running 1/1 · node-1',
    ]);
  });

  it('deletes what a Deployment owns in the background', async () => {
    await operate({ op: 'apply', uri });
    const ref = { kind: 'Deployment', namespace: 'default', name: 'calc-web' };
    await operate({ op: 'delete', ref, propagation: 'Background' });
    assert.deepEqual((await tree()).slice(0, 5), [
      'Nodes | 1',
      '  node-1 | Ready · 0 pods',
      '    No pods | ',
      'Workloads | 0',
      '  No workloads | ',
    ]);
  });

  it('says in the tree why a DaemonSet runs no pods', async () => {
    await lsp.open('file:///w/ds.yaml', PROXY_DS);
    await operate({ op: 'apply', uri: 'file:///w/ds.yaml' });
    assert.deepEqual((await tree()).slice(3, 6), [
      'Workloads | 1',
      '  DaemonSet calc-proxy | 0/0 ready',
      '    No pods: no node matches nodeSelector tier=edge | ',
    ]);
  });

  it('steps through a staged apply, the tree following the timeline', async () => {
    const staged = await operate({ op: 'apply', uri, stage: true });
    assert.equal(staged.steps, 11);
    let t: TimelineResult = await lsp.client.sendRequest('kubeplan/timeline');
    assert.equal(t.operation, 'apply -f web.yaml');
    assert.equal(t.cursor, 0);
    assert.deepEqual(
      t.steps.map((s) => `${s.controller} ${s.object}`.replace(POD, 'POD')),
      [
        'deployment-controller Deployment/calc-web',
        'replicaset-controller ReplicaSet/calc-web-847dd99f94',
        'default-scheduler Pod/POD',
        'default-scheduler Pod/POD',
        'kubelet Pod/POD',
        'kubelet Pod/POD',
        'deployment-controller Deployment/calc-web',
        'kubelet Pod/POD',
        'kubelet Pod/POD',
        'replicaset-controller ReplicaSet/calc-web-847dd99f94',
        'deployment-controller Deployment/calc-web',
      ],
    );
    assert.deepEqual(t.steps[0].events, [
      'Normal  ScalingReplicaSet   Scaled up replica set calc-web-847dd99f94 from 0 to 2',
    ]);
    const services = [
      'Services | 1',
      '  Service kubernetes | ClusterIP 10.96.0.1 · 1 endpoint',
      '    192.168.49.2:6443 | ready',
    ];
    assert.deepEqual(await tree(), [
      'Nodes | 1',
      '  node-1 | Ready · 0 pods',
      '    No pods | ',
      'Workloads | 1',
      '  Deployment calc-web | 0/2 ready',
      '    No ReplicaSet yet | ',
      ...services,
    ]);

    t = await move('next');
    assert.equal(t.cursor, 1);
    assert.deepEqual((await tree()).slice(3, 7), [
      'Workloads | 1',
      '  Deployment calc-web | 0/2 ready',
      '    ReplicaSet calc-web-847dd99f94 | revision 1 · 0/2 · current',
      '      No pods | ',
    ]);
    t = await move('next');
    assert.deepEqual((await tree()).slice(3, 8), [
      'Workloads | 1',
      '  Deployment calc-web | 0/2 ready',
      '    ReplicaSet calc-web-847dd99f94 | revision 1 · 2/2 · current',
      '      POD | Pending · unscheduled',
      '      POD | Pending · unscheduled',
    ]);
    t = await move('run');
    assert.equal(t.cursor, 11);
    assert.deepEqual((await tree()).slice(0, 2), ['Nodes | 1', '  node-1 | Ready · 2 pods']);
    t = await move('reset');
    assert.equal(t.cursor, 0);
    assert.deepEqual((await tree()).slice(0, 6), [
      'Nodes | 1',
      '  node-1 | Ready · 0 pods',
      '    No pods | ',
      'Workloads | 1',
      '  Deployment calc-web | 0/2 ready',
      '    No ReplicaSet yet | ',
    ]);
  });

  it('draws the ownership graph and the rollout chart', async () => {
    await operate({ op: 'apply', uri });
    const g: GraphResult = await lsp.client.sendRequest('kubeplan/graph', {});
    assert.deepEqual(
      g.nodes.map((n) => `${n.column}:${n.row} ${n.kind} ${n.status}`),
      [
        '0:0 Deployment 2/2 ready',
        '1:0 ReplicaSet 2/2',
        '2:0 Pod Running 1/1',
        '2:1 Pod Running 1/1',
        '3:0 Node Ready',
      ],
    );
    assert.deepEqual(
      g.edges.map((e) => `${e.from} ${e.relation} ${e.to}`.replace(POD, 'POD')),
      [
        'Deployment/calc-web owns ReplicaSet/calc-web-847dd99f94',
        'ReplicaSet/calc-web-847dd99f94 owns Pod/POD',
        'ReplicaSet/calc-web-847dd99f94 owns Pod/POD',
        'Pod/POD runs on Node/node-1',
        'Pod/POD runs on Node/node-1',
      ],
    );
    assert.deepEqual(g.rollout.series, [
      { name: 'calc-web-847dd99f94', values: [0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2] },
    ]);
    assert.equal(g.rollout.steps.length, 11);
    assert.equal(g.rollout.taken, 11);
    await move('reset');
    await move('next');
    const stepped: GraphResult = await lsp.client.sendRequest('kubeplan/graph', {});
    assert.equal(stepped.rollout.taken, 1);
  });

  it('charts a rolling update: the old ReplicaSet drains as the new one fills', async () => {
    await operate({ op: 'apply', uri });
    // A new pod template: closing and reopening hands the server the text at once.
    await lsp.close(uri);
    await lsp.open(uri, WEB.replace('calc:1.0', 'calc:1.1'), 2);
    assert.deepEqual((await operate({ op: 'apply', uri })).lines, ['deployment.apps/calc-web configured']);
    const g: GraphResult = await lsp.client.sendRequest('kubeplan/graph', {});
    const ends = g.rollout.series.map((s) => `${s.name} ${s.values[0]} -> ${s.values[s.values.length - 1]}`);
    assert.equal(ends.length, 2);
    assert.equal(ends[0], 'calc-web-847dd99f94 2 -> 0');
    assert.match(ends[1], /^calc-web-[bcdf-hj-np-tv-z2-9]{8,10} 0 -> 2$/);
    assert.ok(g.rollout.series[0].values.some((v, i) => v > 0 && g.rollout.series[1].values[i] > 0), 'both run at once');
  });

  it('previews an apply as a plan without changing the cluster', async () => {
    await lsp.open('file:///w/pi/svc.yaml', WEB_SERVICE);
    await operate({ op: 'apply', uri });
    const plan: PreviewResult = await lsp.client.sendRequest('kubeplan/preview', {
      uri: 'file:///w/pi/svc.yaml',
    });
    const lines = plan.text.split('\n');
    assert.equal(plan.title, 'kubectl apply -f svc.yaml');
    assert.deepEqual(lines.slice(0, 6), [
      'Plan: kubectl apply -f svc.yaml',
      'Simulated cluster: Kubernetes 1.35 · 1 node · before: t+2s',
      '',
      'Objects',
      '  + created     service/calc-web',
      '',
    ]);
    assert.match(lines[6], /^Steps \(\d+ to steady state/);
    assert.ok(lines.includes('  + Endpoints          calc-web'), plan.text);
    assert.deepEqual((await tree()).slice(-3), [
      'Services | 1',
      '  Service kubernetes | ClusterIP 10.96.0.1 · 1 endpoint',
      '    192.168.49.2:6443 | ready',
    ]);
  });

  it('answers kubectl errors as lines, and contains failures', async () => {
    const missing = await operate({
      op: 'scale',
      ref: { kind: 'Deployment', name: 'nope' },
      replicas: 2,
    });
    assert.deepEqual(missing, {
      ok: false,
      lines: ['deployments.apps "nope" not found'],
      steps: 0,
      revision: 0,
    });
    const nothing = await operate({ op: 'apply', uri: 'file:///w/absent.yaml' });
    assert.deepEqual(nothing.lines, ['error: no objects passed to apply']);
    const broken = await operate({ op: 'apply', uri: 42 });
    assert.deepEqual(broken, {
      ok: false,
      lines: ['the operation failed; see the Kubeplan log'],
      steps: 0,
      revision: 0,
    });
    assert.match(
      lsp.errors[0],
      /^request failed feature=operate\.apply uri=42 error=uri\.startsWith is not a function$/,
    );
  });
});
