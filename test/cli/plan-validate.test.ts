import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { planCommand } from '../../server/src/cli/plan';

const DIR = path.resolve(__dirname, '../fixtures/scenarios/validate');

async function plan(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await planCommand(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => '',
    cwd: DIR,
  });
  return { code, stdout, stderr };
}

/** The transcript of validate.sh with the first line's output given per minor. */
function expected(firstError: string): string {
  return [
    '# strict field validation as each minor does it, and objects kubectl generates',
    '$ kubectl apply -f typo.yaml',
    firstError,
    '$ kubectl apply -f typo.yaml --validate=false',
    'deployment.apps/typo created',
    '$ kubectl create deployment api --image=nginx:1.25 --port=80',
    'deployment.apps/api created',
    '$ kubectl expose deployment api --port=8080 --target-port=80',
    'service/api exposed',
    "$ kubectl get svc api -o jsonpath='{.spec.ports[0].port}:{.spec.ports[0].targetPort}'",
    '8080:80',
    '$ kubectl scale deploy $(kubectl get deploy --field-selector=metadata.name=api -o name) --replicas=3',
    '# not simulated: kubectl get --field-selector is not simulated (in $(kubectl get deploy --field-selector=metadata.name=api -o name))',
    '$ kubectl get deploy',
    'NAME   READY   UP-TO-DATE   AVAILABLE   AGE',
    'api    1/1     1            1           2s',
    'typo   1/1     1            1           4s',
    '',
  ].join('\n');
}

describe('kubeplan plan: field validation and generated objects', () => {
  it('1.35: the server rejects the unknown field; the line after the skipped substitution still runs', async () => {
    assert.deepEqual(await plan(['validate.sh']), {
      code: 1,
      stderr: '',
      stdout: expected(
        'Error from server (BadRequest): error when creating "typo.yaml": Deployment in version "v1" cannot be handled as a Deployment: ' +
          'strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
      ),
    });
  });

  it('1.20: kubectl rejects it before sending', async () => {
    assert.deepEqual(await plan(['validate.sh', '--kubernetes-version', '1.20']), {
      code: 1,
      stderr: '',
      stdout: expected(
        'error: error validating "typo.yaml": error validating data: ValidationError(Deployment.spec.template.spec.containers[0]): ' +
          'unknown field "imagePullPolicyy" in io.k8s.api.core.v1.Container; if you choose to ignore these errors, turn validation off with --validate=false',
      ),
    });
  });
});
