import { strict as assert } from 'node:assert';
import type { ManifestObject } from '../../server/src/core/api/objects';
import type { Minor } from '../../server/src/core/api/versions';
import type { Problem } from '../../server/src/core/problem';
import { checkObjectRules } from '../../server/src/core/validation/rules';
import { MISMATCH, applyEdits, deployment, marked, objects } from './rules.helpers.test';

function problems(text: string, minor: Minor = '1.35'): Problem[] {
  return objects(text).flatMap((o: ManifestObject) => checkObjectRules(o, minor));
}

/** The one problem with this code, checked to sit exactly on the marked range. */
function at(markedText: string, code: string, minor: Minor = '1.35'): { p: Problem; text: string } {
  const { text, start, end } = marked(markedText);
  const found = problems(text, minor).filter((p) => p.code === code);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.deepEqual(
    [found[0].start, found[0].end],
    [start, end],
    `${code} at ${JSON.stringify(text.slice(found[0].start, found[0].end))}`,
  );
  return { p: found[0], text };
}

describe('rules as problems: positions', () => {
  it('puts a selector mismatch on the template labels, with the selector as related', () => {
    const { p, text } = at(
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {app: agent, tier: node}\n  template:\n    metadata:\n      [[labels]]:\n        app: agent\n    spec:\n      containers: [{name: a, image: b}]\n',
      'selector-mismatch',
    );
    assert.equal(p.severity, 'error');
    assert.equal(
      p.message,
      `spec.template.metadata.labels: Invalid value: {"app":"agent"}: ${MISMATCH}`,
    );
    assert.equal(text.slice(p.related![0].start, p.related![0].end), 'selector');
  });

  it('puts a missing selector on the spec key and a missing label map on its parent', () => {
    const base = deployment()
      .replace('  selector:\n    matchLabels:\n      app: web\n', '')
      .replace('    metadata:\n      labels:\n        app: web\n', '    [[metadata]]: {}\n');
    at(base, 'selector-mismatch');
    at(
      base.replace('[[metadata]]', 'metadata').replace('\nspec:\n', '\n[[spec]]:\n'),
      'selector-required',
    );
  });

  it('puts label errors on the offending key or value', () => {
    at(
      deployment().replace('  name: web\n', '  name: web\n  labels:\n    [[bad key]]: x\n'),
      'invalid-label',
    );
    at(
      deployment().replace('  name: web\n', '  name: web\n  labels:\n    app: [[-x]]\n'),
      'invalid-label',
    );
  });

  it('puts a quoted number on its value and offers to drop the quotes', () => {
    const { p, text } = at(
      deployment('  strategy:\n    rollingUpdate:\n      maxUnavailable: [["1"]]\n'),
      'strategy-invalid',
    );
    assert.equal(p.fixes?.[0].title, 'Remove the quotes: use the number 1');
    assert.deepEqual(problems(applyEdits(text, p.fixes![0].edits)), []);
  });

  it('finds positions in later documents of a file and inside a List', () => {
    const second = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\n${deployment('  replicas: [[-2]]\n')}`;
    at(second, 'negative-value');
    const list = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: s}\n    spec:\n      ports:\n        - {port: 80, targetPort: [["http-web-server-x"]]}\n`;
    at(list, 'service-target-port');
  });

  it('lands on sensible nodes through anchors and merge keys, evaluating them as kubectl would', () => {
    const merged = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &base {app: web}
spec:
  selector:
    matchLabels: *base
  template:
    metadata:
      labels:
        <<: *base
        tier: front
    spec:
      containers: [{name: web, image: nginx}]
`;
    assert.deepEqual(problems(merged), []);
    const overridden = merged
      .replace('        tier: front', '        app: other')
      .replace('      labels:\n        <<', '      [[labels]]:\n        <<');
    const { p, text } = at(overridden, 'selector-mismatch');
    assert.equal(
      p.message,
      `spec.template.metadata.labels: Invalid value: {"app":"other"}: ${MISMATCH}`,
    );
    const fixed = applyEdits(text, p.fixes![0].edits);
    assert.deepEqual(problems(fixed), []);
    assert.match(fixed, /<<: \*base\n {8}app: web\n/);
  });

  it('offers no edit that would rewrite an anchor other places use', () => {
    const aliased = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &base {app: web}
spec:
  selector:
    matchLabels:
      app: web
      tier: front
  template:
    metadata:
      [[labels]]: *base
    spec:
      containers: [{name: web, image: nginx}]
`;
    const { p, text } = at(aliased, 'selector-mismatch');
    assert.deepEqual(
      p.fixes?.map((f) => f.title),
      ["Change the selector to match the pod template's labels"],
    );
    assert.deepEqual(problems(applyEdits(text, p.fixes![0].edits)), []);
  });
});

describe('rules as problems: quick fixes', () => {
  const mismatch = deployment().replace(
    '      app: web\n  template',
    '      app: web\n      tier: api\n  template',
  );

  it('copies the selector labels into the template, or narrows the selector', () => {
    const p = problems(mismatch).find((x) => x.code === 'selector-mismatch')!;
    assert.deepEqual(
      p.fixes!.map((f) => f.title),
      [
        "Add the selector's labels to the pod template",
        "Change the selector to match the pod template's labels",
      ],
    );
    for (const fix of p.fixes!)
      assert.deepEqual(problems(applyEdits(mismatch, fix.edits)), [], fix.title);
    assert.match(applyEdits(mismatch, p.fixes![0].edits), /labels:\n {8}app: web\n {8}tier: api\n/);
  });

  it('adds a missing selector from the template labels', () => {
    const text = deployment().replace('  selector:\n    matchLabels:\n      app: web\n', '');
    const p = problems(text).find((x) => x.code === 'selector-required')!;
    const fixed = applyEdits(text, p.fixes![0].edits);
    assert.deepEqual(problems(fixed), []);
  });

  it('creates the template labels when there are none', () => {
    const text = deployment().replace(
      '    metadata:\n      labels:\n        app: web\n',
      '    metadata:\n      annotations: {a: b}\n',
    );
    const p = problems(text).find((x) => x.code === 'selector-mismatch')!;
    const fixed = applyEdits(text, p.fixes![0].edits);
    assert.deepEqual(problems(fixed), []);
    assert.match(fixed, /annotations: \{a: b\}\n {6}labels:\n {8}app: web\n/);
  });

  it('offers nothing for an Exists requirement, whose value is unknown', () => {
    const text = deployment().replace(
      '    matchLabels:\n      app: web\n',
      '    matchExpressions:\n      - {key: tier, operator: Exists}\n',
    );
    const p = problems(text).find((x) => x.code === 'selector-mismatch')!;
    assert.equal(p.fixes, undefined);
  });
});

describe('rules as problems: warnings', () => {
  it('warns when a rollout must take the only pod down', () => {
    const { p } = at(
      deployment(
        '  replicas: 1\n  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: [[25%]]\n',
      ),
      'rollout-downtime',
    );
    assert.equal(p.severity, 'warning');
    assert.equal(
      p.message,
      'maxSurge 0 and maxUnavailable 25% both resolve to 0 for 1 replica, so the deployment controller allows 1 unavailable pod instead: every rollout deletes the only pod before its replacement is ready (downtime)',
    );
  });

  it('does not warn when rounding leaves room, nor on the validation error itself', () => {
    assert.deepEqual(
      problems(
        deployment(
          '  replicas: 4\n  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 25%}\n',
        ),
      ),
      [],
    );
    assert.deepEqual(
      problems(
        deployment(
          '  replicas: 3\n  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 0}\n',
        ),
      ).map((p) => p.code),
      ['max-unavailable-zero'],
    );
  });

  it('warns that a StatefulSet accepted with a bad pod spec cannot create pods', () => {
    const text = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n        - name: db\n          image: postgres\n          volumeMounts: [{name: data, mountPath: /d}, {name: [[logs]], mountPath: /l}]\n  volumeClaimTemplates:\n    - metadata: {name: data}\n`;
    const { p } = at(text, 'statefulset-pod-invalid');
    assert.equal(
      p.message,
      'the API server accepts this StatefulSet, but rejects every Pod created from it: spec.containers[0].volumeMounts[1].name: Not found: "logs"',
    );
  });

  it('reports the name warning under its own code', () => {
    const { p } = at(deployment('', '', '[[web.v2]]'), 'name-not-dns-label');
    assert.equal(p.severity, 'warning');
  });
});

describe('rules as problems: no wrong fixes', () => {
  it('offers no unquoting for a container port name, which must stay a string', () => {
    const text = deployment(
      '',
      '',
    ).replace('          image: nginx:1.25\n', '          image: nginx:1.25\n          ports: [{name: "9090", containerPort: 9090}]\n');
    const p = problems(text).find((x) => x.code === 'port-name')!;
    assert.equal(p.fixes, undefined);
  });
});
