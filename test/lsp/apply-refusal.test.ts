import { strict as assert } from 'node:assert';
import { objectsOf } from '../../server/src/core/api/objects';
import { Cluster } from '../../server/src/core/cluster';
import { parseManifest } from '../../server/src/core/yaml/parse';
import { applyToCopy, decodeRefusal, asKube } from '../../server/src/lsp/plan';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: two
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

describe('editor apply: what the API server cannot decode is refused', () => {
  it('refuses a wrong type with the decoder error, and creates nothing', () => {
    const objects = objectsOf('web.yaml', parseManifest(WEB));
    const world = applyToCopy(new Cluster({ minor: '1.35' }), objects);
    const [applied] = world.applied;
    assert.equal(applied.outcome.ok, false);
    assert.equal(
      !applied.outcome.ok && applied.outcome.error,
      'the API server refuses deployment.apps/web: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    assert.deepEqual(world.after.list('Pod'), []);
  });

  it('refuses an unknown field under strict validation, and accepts a valid object', () => {
    const typo = objectsOf('web.yaml', parseManifest(WEB.replace('replicas: two', 'replica: 2')))[0];
    assert.equal(
      decodeRefusal(asKube(typo), '1.35'),
      'the API server refuses deployment.apps/web: strict decoding error: unknown field "spec.replica"',
    );
    const valid = objectsOf('web.yaml', parseManifest(WEB.replace('replicas: two', 'replicas: 2')))[0];
    assert.equal(decodeRefusal(asKube(valid), '1.35'), undefined);
  });
});
