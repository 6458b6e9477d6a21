import { strict as assert } from 'node:assert';
import { checkFiles } from '../../server/src/core/check';
import type { Minor } from '../../server/src/core/api/versions';

function codes(text: string, minor: Minor): string[] {
  return checkFiles([{ uri: 'x.yaml', text }], { minor })[0]
    .problems.filter((p) => p.code === 'api-version-not-served')
    .map((p) => p.message);
}

const object = (apiVersion: string, kind: string) =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n`;

describe('served API versions', () => {
  const cases: Array<[string, string, Minor, boolean]> = [
    ['extensions/v1beta1', 'Deployment', '1.20', true],
    ['apps/v1beta2', 'DaemonSet', '1.20', true],
    ['rbac.authorization.k8s.io/v1beta1', 'ClusterRole', '1.20', false],
    ['rbac.authorization.k8s.io/v1beta1', 'ClusterRole', '1.26', true],
    ['policy/v1beta1', 'PodDisruptionBudget', '1.20', false],
    ['policy/v1beta1', 'PodDisruptionBudget', '1.26', true],
    ['batch/v1beta1', 'CronJob', '1.20', false],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.26', true],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.20', false],
    ['flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', '1.28', false],
    ['flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', '1.29', true],
    ['apps/v1', 'Deployment', '1.35', false],
  ];
  for (const [apiVersion, kind, minor, removed] of cases) {
    it(`${apiVersion} ${kind} at ${minor}: ${removed ? 'not served' : 'served'}`, () => {
      assert.equal(codes(object(apiVersion, kind), minor).length, removed ? 1 : 0);
    });
  }

  it('says which release removed it and what to use', () => {
    assert.deepEqual(codes(object('batch/v1beta1', 'CronJob'), '1.35'), [
      'no matches for kind "CronJob" in version "batch/v1beta1": Kubernetes 1.35 no longer serves it (removed in 1.25); use batch/v1',
    ]);
  });
});
