import { strict as assert } from 'node:assert';
import type { KubeObject } from '../../server/src/core/cluster/api';
import type { Minor } from '../../server/src/core/api/versions';
import {
  maxSurge,
  maxUnavailable,
  resolveFenceposts,
  scaledValue,
} from '../../server/src/core/controllers/deploymentutil';
import { actions, deployment, messages, newCluster, ok, shape } from './cluster.fixtures';

const rs = (c: ReturnType<typeof newCluster>) => c.list('ReplicaSet');

function rolling(maxSurgeValue: unknown, maxUnavailableValue: unknown) {
  return {
    type: 'RollingUpdate',
    rollingUpdate: { maxSurge: maxSurgeValue, maxUnavailable: maxUnavailableValue },
  };
}

describe('deployment controller', () => {
  describe('fenceposts (B14)', () => {
    const d = (replicas: number, strategy?: unknown): KubeObject =>
      deployment('x', { replicas, strategy });

    it('rounds maxSurge up and maxUnavailable down', () => {
      assert.deepEqual(resolveFenceposts(d(3, rolling('25%', '25%'))), {
        surge: 1,
        unavailable: 0,
      });
      assert.deepEqual(resolveFenceposts(d(10, rolling('25%', '25%'))), {
        surge: 3,
        unavailable: 2,
      });
      assert.deepEqual(resolveFenceposts(d(4, rolling('25%', '25%'))), {
        surge: 1,
        unavailable: 1,
      });
      assert.equal(scaledValue('33%', 10, true), 4);
      assert.equal(scaledValue('33%', 10, false), 3);
    });

    it('forces maxUnavailable to 1 when both resolve to 0', () => {
      assert.deepEqual(resolveFenceposts(d(1, rolling(0, '25%'))), { surge: 0, unavailable: 1 });
      assert.equal(maxUnavailable(d(1, rolling(0, '25%'))), 1);
    });

    it('caps maxUnavailable at replicas and zeroes both for Recreate', () => {
      assert.equal(maxUnavailable(d(2, rolling(1, 5))), 2);
      assert.equal(maxUnavailable(d(0, rolling(1, 5))), 0);
      assert.equal(maxSurge(d(3, { type: 'Recreate' })), 0);
    });
  });

  describe('ReplicaSet names seen on real clusters', () => {
    // The Kubernetes documentation's nginx Deployment, then `kubectl set image` to nginx:1.16.1.
    const cases: Array<[Minor, string, string]> = [
      ['1.26', 'nginx-deployment-85996f8dbd', 'nginx-deployment-66f8758855'],
      ['1.27', 'nginx-deployment-cbdccf466', 'nginx-deployment-74b6b979f'],
      ['1.28', 'nginx-deployment-86dcfdf4c6', 'nginx-deployment-848dd6cfb5'],
      ['1.30', 'nginx-deployment-77d8468669', 'nginx-deployment-595dff4fdb'],
    ];
    for (const [minor, first, second] of cases) {
      it(`${minor}: ${first}, then ${second}`, () => {
        const c = newCluster({ minor });
        const d = deployment('nginx-deployment', { replicas: 3, image: 'nginx:1.14.2' });
        d.spec.selector = { matchLabels: { app: 'nginx' } };
        d.spec.template.metadata.labels = { app: 'nginx' };
        d.spec.template.spec.containers = [
          { name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] },
        ];
        ok(c.apply(d));
        c.settle();
        assert.deepEqual(
          rs(c).map((r) => r.metadata.name),
          [first],
        );
        ok(c.setImage({ kind: 'Deployment', name: 'nginx-deployment' }, { nginx: 'nginx:1.16.1' }));
        c.settle();
        assert.deepEqual(
          rs(c)
            .map((r) => r.metadata.name)
            .sort(),
          [first, second].sort(),
        );
      });
    }
  });

  describe('rollouts', () => {
    it('first sync of a 10-replica rollout with defaults: new RS 0→3, old 10→8 (B14)', () => {
      const c = newCluster();
      ok(c.apply(deployment('defaulted', { replicas: 10 })));
      c.settle();
      const oldName = rs(c)[0].metadata.name!;

      ok(c.setImage({ kind: 'Deployment', name: 'defaulted' }, { web: 'nginx:1.26' }));
      const step = c.sync('deployment-controller', 'default/defaulted');

      const rsActions = actions(step).filter((a) => a.includes('ReplicaSet'));
      const newName = rs(c).find((r) => r.metadata.name !== oldName)!.metadata.name!;
      assert.deepEqual(rsActions, [
        `create ReplicaSet ${newName} replicas 3`,
        `update ReplicaSet ${oldName} replicas 10 -> 8`,
      ]);
      assert.deepEqual(messages([step], 'ScalingReplicaSet'), [
        `Scaled up replica set ${newName} from 0 to 3`,
        `Scaled down replica set ${oldName} from 10 to 8`,
      ]);
    });

    it('rolls 3 replicas at 25%/25% one pod at a time, waiting for availability (B14)', () => {
      const c = newCluster();
      ok(c.apply(deployment('round', { replicas: 3, strategy: rolling('25%', '25%') })));
      c.settle();
      const oldName = rs(c)[0].metadata.name!;
      ok(c.setImage({ kind: 'Deployment', name: 'round' }, { web: 'nginx:1.26' }));
      const steps = c.settle();

      const newRS = rs(c).find((r) => r.metadata.name !== oldName)!;
      const n = newRS.metadata.name;
      assert.deepEqual(messages(steps, 'ScalingReplicaSet'), [
        `Scaled up replica set ${n} from 0 to 1`,
        `Scaled down replica set ${oldName} from 3 to 2`,
        `Scaled up replica set ${n} from 1 to 2`,
        `Scaled down replica set ${oldName} from 2 to 1`,
        `Scaled up replica set ${n} from 2 to 3`,
        `Scaled down replica set ${oldName} from 1 to 0`,
      ]);
      assert.equal(newRS.metadata.annotations!['deployment.kubernetes.io/desired-replicas'], '3');
      assert.equal(newRS.metadata.annotations!['deployment.kubernetes.io/max-replicas'], '4');
      assert.equal(newRS.metadata.annotations!['deployment.kubernetes.io/revision'], '2');
    });

    it('with 1 replica, maxSurge 0 and maxUnavailable 25%, removes the old pod first (B14)', () => {
      const c = newCluster();
      ok(c.apply(deployment('single', { replicas: 1, strategy: rolling(0, '25%') })));
      c.settle();
      const oldName = rs(c)[0].metadata.name!;
      ok(c.setImage({ kind: 'Deployment', name: 'single' }, { web: 'nginx:1.26' }));

      const first = c.sync('deployment-controller', 'default/single');
      const newName = rs(c).find((r) => r.metadata.name !== oldName)!.metadata.name!;
      assert.deepEqual(
        actions(first).filter((a) => a.includes('ReplicaSet')),
        [`create ReplicaSet ${newName} replicas 0`, `update ReplicaSet ${oldName} replicas 1 -> 0`],
      );
      assert.deepEqual(messages([first], 'ScalingReplicaSet'), [
        `Scaled down replica set ${oldName} from 1 to 0`,
      ]);

      const second = c.sync('deployment-controller', 'default/single');
      assert.deepEqual(messages([second], 'ScalingReplicaSet'), [
        `Scaled up replica set ${newName} from 0 to 1`,
      ]);
    });

    it('uses the older event wording before 1.31', () => {
      const c = newCluster({ minor: '1.30' });
      ok(c.apply(deployment('web', { replicas: 2 })));
      const steps = c.settle();
      assert.deepEqual(messages(steps, 'ScalingReplicaSet').map(shape), [
        `Scaled up replica set ${rs(c)[0].metadata.name} to 2`,
      ]);
    });

    it('Recreate scales the old ReplicaSet to 0 and creates the new one once its pods are gone', () => {
      const c = newCluster();
      ok(c.apply(deployment('re', { replicas: 2, strategy: { type: 'Recreate' } })));
      c.settle();
      const oldName = rs(c)[0].metadata.name!;
      ok(c.setImage({ kind: 'Deployment', name: 're' }, { web: 'nginx:1.26' }));
      const steps = c.settle();
      const scaling = messages(steps, 'ScalingReplicaSet');
      assert.equal(scaling[0], `Scaled down replica set ${oldName} from 2 to 0`);
      assert.match(scaling[1], /^Scaled up replica set re-\w+ from 0 to 2$/);
      const firstNewPod = steps.findIndex((s) =>
        s.events.some((e) => e.reason === 'SuccessfulCreate'),
      );
      const lastOldGone = steps.findIndex(
        (s) => s.controller === 'kubelet' && s.actions.some((a) => a.verb === 'delete'),
      );
      assert.ok(
        lastOldGone >= 0 && lastOldGone < firstNewPod,
        'old pods are gone before new pods are created',
      );
    });

    it('scales proportionally mid-rollout: 10→20 with A=8, B=5 gives A=15, B=10', () => {
      const c = newCluster();
      const d = ok(c.create(deployment('web', { replicas: 20, image: 'nginx:1.26' }))).object;
      const owned = (
        hash: string,
        replicas: number,
        image: string,
        revision: string,
      ): KubeObject => {
        const labels = { app: 'web', 'pod-template-hash': hash };
        return {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: `web-${hash}`,
            labels,
            annotations: {
              'deployment.kubernetes.io/revision': revision,
              'deployment.kubernetes.io/desired-replicas': '10',
              'deployment.kubernetes.io/max-replicas': '13',
            },
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name: 'web',
                uid: d.metadata.uid!,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          spec: {
            replicas,
            selector: { matchLabels: labels },
            template: { metadata: { labels }, spec: { containers: [{ name: 'web', image }] } },
          },
        };
      };
      ok(c.create(owned('6b5d4c4f8', 8, 'nginx:1.25', '1')));
      ok(c.create(owned('7c9d8b5f4', 5, 'nginx:1.26', '2')));

      const step = c.sync('deployment-controller', 'default/web');
      assert.deepEqual(messages([step], 'ScalingReplicaSet'), [
        'Scaled up replica set web-6b5d4c4f8 from 8 to 15',
        'Scaled up replica set web-7c9d8b5f4 from 5 to 10',
      ]);
      const a = c.get({ kind: 'ReplicaSet', name: 'web-6b5d4c4f8' })!;
      assert.equal(a.spec.replicas, 15);
      assert.equal(a.metadata.annotations!['deployment.kubernetes.io/desired-replicas'], '20');
      assert.equal(a.metadata.annotations!['deployment.kubernetes.io/max-replicas'], '25');
      assert.equal(c.get({ kind: 'ReplicaSet', name: 'web-7c9d8b5f4' })!.spec.replicas, 10);
    });

    it('scales down proportionally, larger and older first', () => {
      const c = newCluster();
      ok(c.apply(deployment('web', { replicas: 10 })));
      c.settle();
      ok(c.setImage({ kind: 'Deployment', name: 'web' }, { web: 'nginx:1.26' }));
      c.sync('deployment-controller', 'default/web');
      const sizes = () =>
        rs(c)
          .map((r) => r.spec.replicas)
          .sort((x, y) => y - x);
      assert.deepEqual(sizes(), [8, 3]);
      ok(c.scale({ kind: 'Deployment', name: 'web' }, 5));
      // allowed 5 + 2 = 7, toAdd −4: old round(8·7/13) − 8 = −4 takes it all.
      c.sync('deployment-controller', 'default/web');
      assert.deepEqual(sizes(), [4, 3]);
    });

    it('rollback reuses the old ReplicaSet and gives it the next revision', () => {
      const c = newCluster();
      ok(c.apply(deployment('web', { replicas: 2 })));
      c.settle();
      const first = rs(c)[0].metadata.name!;
      ok(c.setImage({ kind: 'Deployment', name: 'web' }, { web: 'nginx:1.26' }));
      c.settle();

      const undo = ok(c.rolloutUndo({ kind: 'Deployment', name: 'web' }));
      assert.equal(undo.result, 'rolled back');
      const steps = c.settle();
      assert.equal(
        steps.some((s) => s.actions.some((a) => a.verb === 'create' && a.kind === 'ReplicaSet')),
        false,
      );
      const reused = c.get({ kind: 'ReplicaSet', name: first })!;
      assert.equal(reused.spec.replicas, 2);
      assert.equal(reused.metadata.annotations!['deployment.kubernetes.io/revision'], '3');
      assert.equal(reused.metadata.annotations!['deployment.kubernetes.io/revision-history'], '1');
      const d = c.get({ kind: 'Deployment', name: 'web' })!;
      assert.equal(d.metadata.annotations!['deployment.kubernetes.io/revision'], '3');

      const again = ok(c.rolloutUndo({ kind: 'Deployment', name: 'web' }, 3));
      assert.equal(
        again.operation,
        'skipped rollback (current template already matches revision 3)',
      );
    });

    it('refuses to roll back a paused Deployment or to a missing revision', () => {
      const c = newCluster();
      ok(c.apply(deployment('web', { replicas: 1 })));
      c.settle();
      const none = c.rolloutUndo({ kind: 'Deployment', name: 'web' });
      assert.deepEqual(
        none.ok ? '' : none.error,
        'error: no rollout history found for deployment "web"',
      );
      const missing = c.rolloutUndo({ kind: 'Deployment', name: 'web' }, 9);
      assert.deepEqual(
        missing.ok ? '' : missing.error,
        'error: unable to find specified revision 9 in history',
      );
      ok(c.setPaused({ kind: 'Deployment', name: 'web' }, true));
      const paused = c.rolloutUndo({ kind: 'Deployment', name: 'web' });
      assert.match(
        paused.ok ? '' : paused.error,
        /^error: you cannot rollback a paused deployment/,
      );
    });

    it('does not roll out a template change while paused, and does on resume', () => {
      const c = newCluster();
      ok(c.apply(deployment('web', { replicas: 2 })));
      c.settle();
      ok(c.setPaused({ kind: 'Deployment', name: 'web' }, true));
      ok(c.setImage({ kind: 'Deployment', name: 'web' }, { web: 'nginx:1.26' }));
      c.settle();
      assert.equal(rs(c).length, 1);
      const cond = c
        .get({ kind: 'Deployment', name: 'web' })!
        .status.conditions.find((x: any) => x.type === 'Progressing');
      assert.equal(cond.reason, 'DeploymentPaused');
      ok(c.setPaused({ kind: 'Deployment', name: 'web' }, false));
      c.settle();
      assert.equal(rs(c).length, 2);
    });

    it('keeps revisionHistoryLimit old ReplicaSets', () => {
      const c = newCluster();
      ok(c.apply(deployment('web', { replicas: 1, extra: { revisionHistoryLimit: 1 } })));
      c.settle();
      for (const tag of ['1.26', '1.27', '1.28']) {
        ok(c.setImage({ kind: 'Deployment', name: 'web' }, { web: `nginx:${tag}` }));
        c.settle();
      }
      const revisions = rs(c)
        .map((r) => r.metadata.annotations!['deployment.kubernetes.io/revision'])
        .sort();
      assert.deepEqual(revisions, ['3', '4']);
    });

    it('reports progress and availability conditions once complete', () => {
      const c = newCluster();
      ok(c.apply(deployment('web', { replicas: 2 })));
      c.settle();
      const d = c.get({ kind: 'Deployment', name: 'web' })!;
      const name = rs(c)[0].metadata.name;
      assert.deepEqual(
        d.status.conditions.map((x: any) => [x.type, x.status, x.reason, x.message]),
        [
          ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
          [
            'Progressing',
            'True',
            'NewReplicaSetAvailable',
            `ReplicaSet "${name}" has successfully progressed.`,
          ],
        ],
      );
      assert.deepEqual(
        [
          d.status.replicas,
          d.status.updatedReplicas,
          d.status.readyReplicas,
          d.status.availableReplicas,
        ],
        [2, 2, 2, 2],
      );
    });

    it('marks a rollout that cannot progress as timed out once the deadline passes', () => {
      const c = newCluster();
      ok(c.apply(deployment('stuck', { replicas: 1, extra: { progressDeadlineSeconds: 60 } })));
      c.settle();
      const d = deployment('stuck', { replicas: 1, extra: { progressDeadlineSeconds: 60 } });
      d.spec.template.spec.nodeSelector = { disk: 'none' };
      ok(c.apply(d));
      c.settle();
      assert.equal(c.settled, true, 'a progress deadline alone does not keep the cluster busy');
      const before = c
        .get({ kind: 'Deployment', name: 'stuck' })!
        .status.conditions.find((x: any) => x.type === 'Progressing');
      assert.equal(before.reason, 'ReplicaSetUpdated');
      c.advance(61_000);
      const after = c
        .get({ kind: 'Deployment', name: 'stuck' })!
        .status.conditions.find((x: any) => x.type === 'Progressing');
      assert.deepEqual([after.status, after.reason], ['False', 'ProgressDeadlineExceeded']);
      assert.match(after.message, /^ReplicaSet "stuck-\w+" has timed out progressing\.$/);
    });

    it('the imperative scale is undone by applying the manifest again (kiamol 6.2)', () => {
      const c = newCluster();
      ok(c.apply(deployment('pi-web', { replicas: 3 })));
      c.settle();
      ok(c.scale({ kind: 'Deployment', name: 'pi-web' }, 4));
      c.settle();
      assert.equal(rs(c)[0].spec.replicas, 4);
      assert.equal(ok(c.apply(deployment('pi-web', { replicas: 3 }))).result, 'configured');
      c.settle();
      assert.equal(rs(c)[0].spec.replicas, 3);
      assert.equal(c.list('Pod').filter((p) => !p.metadata.deletionTimestamp).length, 3);
    });
  });
});
