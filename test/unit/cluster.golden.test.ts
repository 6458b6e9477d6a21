/**
 * The whole output of a varied scenario, pinned as one digest: every step, event and object,
 * byte for byte. Work on the engine's speed must leave it unchanged. A change of behaviour
 * changes it too; then check the difference on purpose (print `transcript(...)` before and
 * after the change and compare them) and write the new digest here.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../server/src/core/cluster/api';
import type { Minor } from '../../server/src/core/api/versions';
import { Cluster } from '../../server/src/core/cluster/index';
import { daemonSet, deployment, node, replicaSet, service, statefulSet } from './cluster.fixtures';

const KINDS = [
  'Namespace',
  'Node',
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'StatefulSet',
  'ReplicationController',
  'ControllerRevision',
  'Pod',
  'Service',
  'Endpoints',
  'PersistentVolumeClaim',
  'PersistentVolume',
];

/** The JSON of everything a user can see of the cluster after `label`'s steps. */
function snapshot(c: Cluster, label: string, steps: unknown): string {
  const lines = [label, JSON.stringify(steps)];
  for (const kind of KINDS) lines.push(JSON.stringify(c.list(kind)));
  lines.push(JSON.stringify(c.events()), JSON.stringify(c.notes()), `${c.now} ${c.settled}`);
  return lines.join('\n');
}

function nodes(): KubeObject[] {
  const list = Array.from({ length: 8 }, (_, i) => node(`n${i + 1}`, { zone: `z${i % 2}` }));
  list[1].spec = { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] };
  list[2].spec = { unschedulable: true };
  list[3].status = { capacity: { cpu: '1', memory: '1Gi', pods: '6' } };
  return list;
}

function workloads(): KubeObject[] {
  const out: KubeObject[] = [];
  for (let i = 0; i < 7; i++) out.push(deployment(`web-${i}`, { replicas: 3 + 7 * i }));
  out[1].spec.minReadySeconds = 10;
  out[2].spec.strategy = { type: 'Recreate' };
  out[3].spec.template.spec.tolerations = [{ key: 'dedicated', operator: 'Exists' }];
  out[4].spec.template.spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080 }];
  out[5].spec.template.spec.containers[0].readinessProbe = {
    httpGet: { path: '/', port: 80 },
    initialDelaySeconds: 4,
  };
  out[6].spec.template.spec.containers[0].resources = { requests: { cpu: '3', memory: '1Gi' } };
  const claims = [
    {
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
  ];
  out.push(
    service('web-0', { app: 'web-0' }),
    service('web-5', { app: 'web-5' }, [{ port: 80, targetPort: 80 }]),
    daemonSet('agent'),
    daemonSet('picky', { nodeSelector: { zone: 'z1' } }),
    statefulSet('db', 3, { volumeClaimTemplates: claims }),
    replicaSet('rs', 4),
  );
  return out;
}

/** Applies, scales, rolls out, deletes, clones and bounds a cluster, noting each stage. */
function transcript(minor: Minor, seed: number): string {
  const c = new Cluster({ minor, seed, nodes: nodes(), freezeObjects: true });
  for (const w of workloads()) c.apply(w);
  const ref = (name: string, kind = 'Deployment') => ({ kind, name });
  const out = [snapshot(c, 'applied', c.settle())];
  const fork = c.clone();

  c.scale(ref('web-5'), 60);
  c.scale(ref('web-3'), 1);
  out.push(snapshot(c, 'scaled', c.settle()));
  c.setImage(ref('web-0'), { '*': 'nginx:1.27' });
  c.setImage(ref('web-2'), { '*': 'nginx:1.27' });
  c.setImage(ref('agent', 'DaemonSet'), { '*': 'agent:2' });
  out.push(snapshot(c, 'midway', c.advance(1500)));
  out.push(snapshot(c, 'rolled out', c.advance(30_000)));
  c.delete(ref('web-1'));
  c.delete(ref('web-2'), 'Foreground');
  c.delete(ref('web-3'), 'Orphan');
  out.push(snapshot(c, 'deleted', c.settle()));
  c.cordon('n5', true);
  c.taint('n6', { key: 'k', value: 'v', effect: 'NoExecute' }, false);
  c.label(ref('n7', 'Node'), { zone: 'z9' }, true);
  c.delete(ref('n8', 'Node'));
  out.push(snapshot(c, 'nodes', c.settle()));
  c.rolloutUndo(ref('web-0'));
  c.setPaused(ref('web-4'), true);
  c.scale(ref('web-4'), 2);
  out.push(snapshot(c, 'undone', c.settle()));
  c.scale(ref('web-5'), 900);
  out.push(snapshot(c, 'bounded', c.settle({ maxSteps: 40 })));
  out.push(snapshot(c, 'settled', c.settle()));

  fork.scale(ref('web-0'), 30);
  out.push(snapshot(fork, 'fork', fork.advance(1000)));
  out.push(snapshot(fork, 'fork settled', fork.settle()));
  return out.join('\n');
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('cluster output, pinned', () => {
  it('is the same, step for step and byte for byte, at 1.35', () => {
    assert.equal(
      digest(transcript('1.35', 1)),
      '733dbba8cc1062b254dd8c9269596b160732d5bbfaf28c91353bf1eeacb09600',
    );
  });

  it('is the same, step for step and byte for byte, at 1.28', () => {
    assert.equal(
      digest(transcript('1.28', 7)),
      '16a25ab6247c2350c93978db0fcc555fb0be7fa8f00fae4c5810a83682783737',
    );
  });
});

export { transcript };
