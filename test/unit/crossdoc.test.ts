import { strict as assert } from 'node:assert';
import type { ManifestObject } from '../../server/src/core/api/objects';
import type { Minor } from '../../server/src/core/api/versions';
import { crossDocumentChecks } from '../../server/src/core/validation/crossdoc';
import { objects } from './rules.helpers.test';

const workload = (
  kind: string,
  name: string,
  selector: string,
  labels: string,
  extra = '',
  ns = '',
) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}${ns ? `\n  namespace: ${ns}` : ''}
spec:
  selector: ${selector}
  template:
    metadata:
      labels: ${labels}
    spec:
      containers:
        - name: app
          image: nginx
          ports:
            - {name: http, containerPort: 8080}
${extra}`;

const service = (
  name: string,
  selector: string,
  ports = '    - {port: 80, targetPort: http}\n',
  ns = '',
) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}${ns ? `\n  namespace: ${ns}` : ''}\nspec:\n  selector: ${selector}\n  ports:\n${ports}`;

function run(
  docs: string[],
  minor: Minor = '1.35',
  uri = 'a.yaml',
): Array<{
  object: ManifestObject;
  code: string;
  message: string;
  text: string;
  start: number;
  end: number;
}> {
  const text = docs.join('---\n');
  const objs = objects(text, uri);
  return crossDocumentChecks(objs, minor).map(({ object, problem }) => ({
    object,
    code: problem.code,
    message: problem.message,
    text: text.slice(problem.start, problem.end),
    start: problem.start,
    end: problem.end,
  }));
}

const codes = (found: ReturnType<typeof run>) =>
  found.map((f) => `${f.code} ${f.object.kind}/${f.object.name}`);

describe('cross-document: Services', () => {
  it('warns on a selector that matches no pod template in its namespace', () => {
    const found = run([
      workload('Deployment', 'web', '{matchLabels: {app: web}}', '{app: web}'),
      service('api', '{app: api}'),
    ]);
    assert.deepEqual(codes(found), ['service-selects-nothing Service/api']);
    assert.equal(
      found[0].message,
      'selector app=api matches no pod template in namespace "default": this Service will have no endpoints',
    );
    assert.equal(found[0].text, 'selector');
  });

  it('stays silent when the namespace has no workloads at all (they are elsewhere)', () => {
    assert.deepEqual(run([service('api', '{app: api}')]), []);
    assert.deepEqual(
      codes(
        run([
          workload('Deployment', 'web', '{matchLabels: {app: api}}', '{app: api}', '', 'prod'),
          service('api', '{app: api}'),
        ]),
      ),
      [],
    );
  });

  it('treats an unset namespace as default', () => {
    assert.deepEqual(
      run([
        workload('Deployment', 'web', '{matchLabels: {app: api}}', '{app: api}', '', 'default'),
        service('api', '{app: api}'),
      ]),
      [],
    );
  });

  it('selects bare Pods and templates of Jobs and CronJobs too', () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: api}\nspec:\n  containers: [{name: c, image: i, ports: [{name: http, containerPort: 1}]}]\n';
    assert.deepEqual(run([pod, service('api', '{app: api}')]), []);
  });

  it('warns on a named targetPort that no selected pod declares', () => {
    const docs = [
      workload('Deployment', 'web', '{matchLabels: {app: web}}', '{app: web}'),
      service(
        'web',
        '{app: web}',
        '    - {name: a, port: 80, targetPort: http}\n    - {name: b, port: 81, targetPort: admin}\n    - {name: c, port: 82, targetPort: 9090}\n',
      ),
    ];
    const found = run(docs);
    assert.deepEqual(codes(found), ['service-target-port-unknown Service/web']);
    assert.equal(found[0].text, 'admin');
    assert.equal(
      found[0].message,
      'no container port named "admin" in the pods this Service selects (Deployment "web"); the API server accepts it, but this Service port will have no endpoints',
    );
  });
});

describe('cross-document: overlapping controllers', () => {
  it('warns when one selector matches another controller’s template', () => {
    const found = run([
      workload('Deployment', 'leader', '{matchLabels: {app: redis}}', '{app: redis, role: leader}'),
      workload(
        'Deployment',
        'follower',
        '{matchLabels: {app: redis, role: follower}}',
        '{app: redis, role: follower}',
      ),
    ]);
    assert.deepEqual(codes(found), ['selector-overlap Deployment/leader']);
    assert.equal(
      found[0].message,
      'this selector also matches the pod template of Deployment "follower"; controllers with overlapping selectors fight over the same pods',
    );
    assert.equal(found[0].text, 'selector');
  });

  it('evaluates matchExpressions for real', () => {
    const notIn =
      '{matchLabels: {app: redis}, matchExpressions: [{key: role, operator: NotIn, values: [follower]}]}';
    assert.deepEqual(
      codes(
        run([
          workload('Deployment', 'leader', notIn, '{app: redis, role: leader}'),
          workload(
            'StatefulSet',
            'follower',
            '{matchLabels: {app: redis, role: follower}}',
            '{app: redis, role: follower}',
          ),
        ]),
      ),
      [],
    );
    const exists = '{matchExpressions: [{key: app, operator: Exists}]}';
    assert.deepEqual(
      codes(
        run([
          workload('DaemonSet', 'any', exists, '{app: x}'),
          workload('StatefulSet', 'db', '{matchLabels: {app: db}}', '{app: db}'),
        ]),
      ),
      ['selector-overlap DaemonSet/any'],
    );
  });

  it('does not count a Deployment and the ReplicaSets it owns, nor other namespaces', () => {
    const owned = workload(
      'ReplicaSet',
      'web-5d4f8c7b9',
      '{matchLabels: {app: web, pod-template-hash: 5d4f8c7b9}}',
      '{app: web, pod-template-hash: 5d4f8c7b9}',
    ).replace(
      '  name: web-5d4f8c7b9\n',
      '  name: web-5d4f8c7b9\n  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u, controller: true}]\n',
    );
    assert.deepEqual(
      codes(run([workload('Deployment', 'web', '{matchLabels: {app: web}}', '{app: web}'), owned])),
      [],
    );
    assert.deepEqual(
      codes(
        run([
          workload('Deployment', 'a', '{matchLabels: {app: web}}', '{app: web}'),
          workload('Deployment', 'b', '{matchLabels: {app: web}}', '{app: web}', '', 'other'),
        ]),
      ),
      [],
    );
  });

  it('uses an RC’s template labels when it has no selector', () => {
    const rc =
      'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: old\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: c, image: i}]\n';
    assert.deepEqual(
      codes(
        run([
          rc,
          workload('Deployment', 'web', '{matchLabels: {app: web, v: "2"}}', '{app: web, v: "2"}'),
        ]),
      ),
      ['selector-overlap ReplicationController/old'],
    );
  });
});

describe('cross-document: the same object twice', () => {
  const v1 = workload('Deployment', 'demo', '{matchLabels: {app: demo}}', '{app: demo}');
  const v2 = workload(
    'Deployment',
    'demo',
    '{matchLabels: {app: demo, tier: web}}',
    '{app: demo, tier: web}',
  );

  it('warns on the later definition and predicts the immutable selector, per minor', () => {
    const found = run([v1, v2], '1.33');
    assert.deepEqual(codes(found), [
      'duplicate-object Deployment/demo',
      'selector-immutable Deployment/demo',
    ]);
    assert.equal(
      found[0].message,
      'Deployment "demo" (namespace default) is already defined at line 4; on apply this later definition replaces the earlier one',
    );
    assert.equal(found[0].text, 'demo');
    assert.ok(found[0].start > v1.length);
    assert.equal(
      found[1].message,
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"demo", "tier":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
    assert.equal(found[1].text, 'selector');
    assert.equal(
      run([v1, v2], '1.34')[1].message,
      'spec.selector: Invalid value: {"matchLabels":{"app":"demo","tier":"web"}}: field is immutable',
    );
  });

  it('keeps apart namespaces, groups and files', () => {
    assert.deepEqual(
      run([v1, v1.replace('  name: demo\n', '  name: demo\n  namespace: other\n')]),
      [],
    );
    const objs = [...objects(v1, 'a.yaml'), ...objects(v2, 'b.yaml')];
    assert.deepEqual(crossDocumentChecks(objs, '1.35'), []);
  });

  it('counts default and unset namespaces as one', () => {
    assert.deepEqual(
      codes(run([v1, v1.replace('  name: demo\n', '  name: demo\n  namespace: default\n')])),
      ['duplicate-object Deployment/demo'],
    );
  });

  it('predicts the StatefulSet forbidden update on the spec key', () => {
    const sts = (svc: string) =>
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: ${svc}\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n`;
    const found = run([sts('db'), sts('db2')]);
    assert.deepEqual(codes(found), [
      'duplicate-object StatefulSet/db',
      'statefulset-forbidden-update StatefulSet/db',
    ]);
    assert.equal(found[1].text, 'spec');
  });
});

describe('cross-document: scale', function () {
  this.timeout(20000);

  it('checks thousands of documents through its indexes', () => {
    const docs: string[] = [];
    for (let i = 0; i < 2000; i++) {
      docs.push(
        workload(
          'Deployment',
          `app-${i}`,
          `{matchLabels: {app: app-${i}}}`,
          `{app: app-${i}, tier: web}`,
        ),
      );
      docs.push(service(`app-${i}`, `{app: app-${i}}`));
    }
    const objs = objects(docs.join('---\n'));
    assert.deepEqual(crossDocumentChecks(objs, '1.35'), []);
  });
});
