import { strict as assert } from 'node:assert';
import { checkFiles } from '../../server/src/core/check';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { objectsOf } from '../../server/src/core/api/objects';
import { MINORS, type Minor } from '../../server/src/core/api/versions';
import { checkSchema, fieldDoc, fieldsAt, schemaProblems } from '../../server/src/core/validation/schema';
import { base64Error, quantityError } from '../../server/src/core/validation/schema/formats';
import { closestName } from '../../server/src/core/validation/schema/suggest';
import { parseManifest } from '../../server/src/core/yaml/parse';

const SHARED = resolve(__dirname, '../../../shared');
const REPO = resolve(__dirname, '../..');

/** A text with one span marked `«like this»`: the text without marks, and the span's offsets. */
function marked(text: string): { text: string; start: number; end: number } {
  const start = text.indexOf('«');
  const end = text.indexOf('»') - 1;
  return { text: text.replace('«', '').replace('»', ''), start, end };
}

interface Found {
  code: string;
  message: string;
  text: string;
  start: number;
  end: number;
  fix?: string;
}

/** Schema problems of every object of a text, with the text they cover. */
function problemsIn(text: string, minor: Minor = '1.35'): Found[] {
  const parsed = parseManifest(text);
  return objectsOf('test.yaml', parsed).flatMap((o) =>
    schemaProblems(o.doc, checkSchema(o.value, o.kind, o.apiVersion, minor), o.base).map((p) => ({
      code: p.code,
      message: p.message,
      text: text.slice(p.start, p.end),
      start: p.start,
      end: p.end,
      ...(p.fixes ? { fix: p.fixes[0].edits[0].newText } : {}),
    })),
  );
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.25
          ports:
            - containerPort: 80
          livenessProbe:
            httpGet:
              path: /
              port: 80
        - name: sidecar
          image: busybox:1.36
`;

/** The base Deployment with one line replaced; the replacement may carry «marks». */
function deployment(line: string, replacement: string): string {
  assert.ok(DEPLOYMENT.includes(line), `fixture has no line ${JSON.stringify(line)}`);
  return DEPLOYMENT.replace(line, replacement);
}

describe('schema: the base fixture', () => {
  for (const minor of MINORS) {
    it(`has no schema errors in ${minor}`, () => assert.deepEqual(problemsIn(DEPLOYMENT, minor), []));
  }
});

describe('schema: unknown fields at every level', () => {
  const cases: Array<[string, string, string, string, string]> = [
    ['top level', 'metadata:\n  name: web\n', '«metdata»:\n  name: web\n', 'metdata', 'metadata'],
    ['metadata', '  labels:\n    app: web\nspec', '  «lables»:\n    app: web\nspec', 'metadata.lables', 'labels'],
    ['spec', '  replicas: 2', '  «replica»: 2', 'spec.replica', 'replicas'],
    ['template', '    metadata:\n      labels:', '    «metdata»:\n      labels:', 'spec.template.metdata', 'metadata'],
    ['template.spec', '      containers:', '      «nodeSelecter»: {disk: ssd}\n      containers:', 'spec.template.spec.nodeSelecter', 'nodeSelector'],
    ['containers[1]', '          image: busybox:1.36', '          image: busybox:1.36\n          «imagePullPolicyy»: Always', 'spec.template.spec.containers[1].imagePullPolicyy', 'imagePullPolicy'],
    ['ports[0]', '            - containerPort: 80', '            - containerPort: 80\n              «protocl»: TCP', 'spec.template.spec.containers[0].ports[0].protocl', 'protocol'],
    ['probe', '          livenessProbe:', '          livenessProbe:\n            «initialDelaySecond»: 5', 'spec.template.spec.containers[0].livenessProbe.initialDelaySecond', 'initialDelaySeconds'],
    ['probe handler', '              path: /', '              «paht»: /', 'spec.template.spec.containers[0].livenessProbe.httpGet.paht', 'path'],
  ];
  for (const [level, line, replacement, path, fix] of cases) {
    it(`finds a typo at the ${level} once, on its key, with a quick fix`, () => {
      const m = marked(deployment(line, replacement));
      assert.deepEqual(problemsIn(m.text), [
        { code: 'unknown-field', message: `unknown field "${path}"`, text: m.text.slice(m.start, m.end), start: m.start, end: m.end, fix },
      ]);
    });
  }

  it('offers no quick fix when no field name is close', () => {
    const m = marked(deployment('  replicas: 2', '  replicas: 2\n  «colour»: blue'));
    assert.deepEqual(problemsIn(m.text), [
      { code: 'unknown-field', message: 'unknown field "spec.colour"', text: 'colour', start: m.start, end: m.end },
    ]);
  });

  it('does not suggest a field the object already has', () => {
    const m = marked(deployment('  replicas: 2', '  replicas: 2\n  «replica»: 3'));
    assert.equal(problemsIn(m.text)[0].fix, undefined);
  });

  it('reports every unknown field, each on its own key', () => {
    const text = deployment('  replicas: 2', '  replica: 2\n  paused: false\n  pasued: true');
    assert.deepEqual(
      problemsIn(text).map((p) => [p.message, p.text, p.fix]),
      [
        ['unknown field "spec.replica"', 'replica', 'replicas'],
        ['unknown field "spec.pasued"', 'pasued', undefined],
      ],
    );
  });
});

describe('schema: where problems land', () => {
  it('places errors of a List item inside the item', () => {
    const m = marked('apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n    «dat»:\n      k: v\n');
    assert.deepEqual(problemsIn(m.text), [
      { code: 'unknown-field', message: 'unknown field "dat"', text: 'dat', start: m.start, end: m.end, fix: 'data' },
    ]);
  });

  it('follows anchors and merge keys to the value that is wrong', () => {
    const m = marked('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations: &common\n    tier: «1»\n  labels:\n    <<: *common\n');
    assert.deepEqual(problemsIn(m.text).map((p) => [p.message, p.start, p.end]), [
      ['json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string', m.start, m.end],
      ['json: cannot unmarshal number into Go struct field ObjectMeta.metadata.annotations of type string', m.start, m.end],
    ]);
  });
});

describe('schema: wrong indentation', () => {
  it('finds `template` indented under `selector` once, on its key', () => {
    const moved = DEPLOYMENT.slice(DEPLOYMENT.indexOf('  template:\n'));
    const m = marked(DEPLOYMENT.replace(moved, indent(moved.replace('template:', '«template»:'))));
    assert.ok(m.text.includes('      app: web\n    template:\n      metadata:\n'));
    assert.deepEqual(problemsIn(m.text), [
      { code: 'unknown-field', message: 'unknown field "spec.selector.template"', text: 'template', start: m.start, end: m.end },
    ]);
  });

  it('finds `selector` indented under `template` once, on its key', () => {
    const text = DEPLOYMENT.replace('  selector:\n    matchLabels:\n      app: web\n', '').replace(
      '  template:\n',
      '  template:\n    «selector»:\n      matchLabels:\n        app: web\n',
    );
    const m = marked(text);
    assert.deepEqual(problemsIn(m.text), [
      { code: 'unknown-field', message: 'unknown field "spec.template.selector"', text: 'selector', start: m.start, end: m.end },
    ]);
  });

  function indent(block: string): string {
    return block
      .split('\n')
      .map((l) => (l ? '  ' + l : l))
      .join('\n');
  }
});

describe('schema: wrong types, worded as the JSON decoder words them', () => {
  const cases: Array<[string, string, string, string]> = [
    ['a number for a string', '          image: nginx:1.25', '          image: «5»', 'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string'],
    ['a quoted number for an integer', '  replicas: 2', '  replicas: «"2"»', 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'],
    ['YAML 1.1 yes for a string', '      containers:', '      serviceAccountName: «yes»\n      containers:', 'json: cannot unmarshal bool into Go struct field PodSpec.spec.template.spec.serviceAccountName of type string'],
    ['a fraction for an integer', '            - containerPort: 80', '            - containerPort: «80.5»', 'json: cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32'],
    ['an int32 overflow', '  replicas: 2', '  replicas: «3000000000»', 'json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32'],
    ['a number as a label value', '  labels:\n    app: web\nspec', '  labels:\n    app: «1»\nspec', 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
    ['a string for a list', '      containers:\n', '      volumes: «data»\n      containers:\n', 'json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.volumes of type []v1.Volume'],
    ['a string for an object', '  selector:\n    matchLabels:\n      app: web\n', '  selector: «app=web»\n', 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.selector of type v1.LabelSelector'],
    ['a boolean for an int-or-string', '              port: 80', '              port: «true»', 'json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.template.spec.containers.livenessProbe.httpGet.port of type int32'],
    ['a fraction for an int-or-string', '              port: 80', '              port: «80.5»', 'json: cannot unmarshal number 80.5 into Go struct field HTTPGetAction.spec.template.spec.containers.livenessProbe.httpGet.port of type int32'],
  ];
  for (const [what, line, replacement, message] of cases) {
    it(`reports ${what} on the value`, () => {
      const m = marked(deployment(line, replacement));
      const text = m.text.slice(m.start, m.end);
      // A plain scalar YAML reads as a number or a boolean where a string belongs gets quoted.
      const quote = message.endsWith('of type string') && !text.startsWith('"') ? { fix: `"${text}"` } : {};
      assert.deepEqual(problemsIn(m.text), [
        { code: 'wrong-type', message, text, start: m.start, end: m.end, ...quote },
      ]);
    });
  }

  it('accepts both sides of int-or-string', () => {
    const text = deployment('              port: 80', '              port: http').replace(
      '  replicas: 2',
      '  replicas: 2\n  strategy:\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: "1"',
    );
    assert.deepEqual(problemsIn(text), []);
  });

  it('accepts null for any field, as the decoder does', () => {
    const text = deployment('  replicas: 2', '  replicas:\n  paused: null\n  strategy: ~');
    assert.deepEqual(problemsIn(text), []);
  });
});

describe('schema: enumerations', () => {
  it('reports a value outside the enumeration on the value', () => {
    const m = marked(deployment('          image: busybox:1.36', '          image: busybox:1.36\n          imagePullPolicy: «Alwayz»'));
    assert.deepEqual(problemsIn(m.text), [
      {
        code: 'unsupported-value',
        message: 'spec.template.spec.containers[1].imagePullPolicy: Unsupported value: "Alwayz": supported values: "Always", "IfNotPresent", "Never"',
        text: 'Alwayz',
        start: m.start,
        end: m.end,
      },
    ]);
  });

  it('accepts every listed value and the empty string the server defaults', () => {
    for (const value of ['Always', 'IfNotPresent', 'Never', '""']) {
      const text = deployment('          image: busybox:1.36', `          image: busybox:1.36\n          imagePullPolicy: ${value}`);
      assert.deepEqual(problemsIn(text), [], value);
    }
  });

  it('reports a wrong type once, not also as an unsupported value', () => {
    const text = deployment('          image: busybox:1.36', '          image: busybox:1.36\n          imagePullPolicy: 5');
    assert.deepEqual(problemsIn(text).map((p) => p.code), ['wrong-type']);
  });

  it('checks Service enumerations too', () => {
    const m = marked('apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: «Nodeport»\n  ports:\n    - port: 80\n');
    assert.deepEqual(problemsIn(m.text).map((p) => [p.message, p.start, p.end]), [
      ['spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"', m.start, m.end],
    ]);
  });
});

describe('schema: quantities', () => {
  const limits = (value: string): string =>
    deployment('          image: busybox:1.36', `          image: busybox:1.36\n          resources:\n            limits:\n              memory: ${value}`);

  for (const value of ['500m', '0.5', '1', '"2"', '64Mi', '1Gi', '1G', '134217728', '1e3', '1.5Gi', '+1', '" 1Gi "']) {
    it(`accepts ${value}`, () => assert.deepEqual(problemsIn(limits(value)), []));
  }

  const bad: Array<[string, string]> = [
    ['128MiB', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['1mi', "unable to parse quantity's suffix"],
    ['true', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['""', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ];
  for (const [value, message] of bad) {
    it(`rejects ${value} on the value`, () => {
      const m = marked(limits(`«${value}»`));
      assert.deepEqual(problemsIn(m.text), [
        { code: 'invalid-quantity', message, text: value, start: m.start, end: m.end },
      ]);
    });
  }

  it('reads the suffix as resource.ParseQuantity does', () => {
    assert.equal(quantityError('1e'), "unable to parse quantity's suffix");
    assert.equal(quantityError('1.5.3'), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    assert.equal(quantityError('2E+3'), undefined);
    assert.equal(quantityError('5Ki'), undefined);
    assert.equal(quantityError('5KB'), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });
});

describe('schema: Secret bytes', () => {
  it('accepts base64 and reports the byte Go reports for bad base64', () => {
    assert.equal(base64Error('cGFzc3dvcmQ='), undefined);
    assert.equal(base64Error('cGFz\nc3dvcmQ='), undefined);
    assert.equal(base64Error('password'), undefined);
    assert.equal(base64Error('pass word'), 'illegal base64 data at input byte 4');
    assert.equal(base64Error('abc'), 'illegal base64 data at input byte 0');
    assert.equal(base64Error('ab=c'), 'illegal base64 data at input byte 2');
    assert.equal(base64Error('ab='), 'illegal base64 data at input byte 3');
    const m = marked('apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: «hunter 2»\n');
    assert.deepEqual(problemsIn(m.text), [
      { code: 'wrong-type', message: 'illegal base64 data at input byte 6', text: 'hunter 2', start: m.start, end: m.end },
    ]);
  });
});

describe('schema: metadata and status', () => {
  it('checks metadata fields', () => {
    const m = marked(deployment('  name: web', '  name: web\n  ownerReferences:\n    - apiVersion: v1\n      kind: X\n      name: x\n      uid: u\n      «controler»: true'));
    assert.deepEqual(problemsIn(m.text).map((p) => [p.message, p.start, p.end, p.fix]), [
      ['unknown field "metadata.ownerReferences[0].controler"', m.start, m.end, 'controller'],
    ]);
  });

  it('accepts status as its type allows, without requiring what the server fills in', () => {
    const text = DEPLOYMENT + 'status:\n  replicas: 2\n  conditions:\n    - status: "True"\n';
    assert.deepEqual(problemsIn(text), []);
    for (const minor of MINORS) assert.deepEqual(problemsIn(text, minor), [], minor);
  });

  it('still rejects unknown and mistyped status fields', () => {
    const text = DEPLOYMENT + 'status:\n  replicass: 2\n  readyReplicas: two\n';
    assert.deepEqual(problemsIn(text).map((p) => p.message), [
      'unknown field "status.replicass"',
      'json: cannot unmarshal string into Go struct field DeploymentStatus.status.readyReplicas of type int32',
    ]);
  });
});

describe('schema: what is not checked', () => {
  const others: Array<[string, string]> = [
    ['a custom resource', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  anything: [1, 2]\n'],
    ['an old apiVersion', 'apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  templateGeneration: 1\n'],
    ['a kind in the wrong group', 'apiVersion: apps/v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  replicas: x\n'],
    ['an unsupported core kind', 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\nsecrets: 5\n'],
  ];
  for (const [what, text] of others) {
    it(`leaves ${what} alone`, () => assert.deepEqual(problemsIn(text), []));
  }

  it('reports no missing required field from 1.26 on: that is the API rules’ business', () => {
    const text = DEPLOYMENT.replace('        - name: sidecar\n          image:', '        - image:');
    assert.ok(text.includes('        - image: busybox:1.36'));
    for (const minor of MINORS.filter((m) => m !== '1.20')) assert.deepEqual(problemsIn(text, minor), [], minor);
  });

  it('never throws on odd values', () => {
    const odd: unknown[] = [null, 5, 'x', [], [1], { spec: [] }, { spec: { template: 'x' } }, { metadata: { labels: [[]] } }, { ['__proto__']: 1, spec: { replicas: NaN } }, { spec: { replicas: Infinity, selector: { matchLabels: { a: { b: 1 } } } } }];
    for (const value of odd) {
      for (const minor of ['1.20', '1.35'] as const) assert.doesNotThrow(() => checkSchema(value, 'Deployment', 'apps/v1', minor));
    }
    assert.deepEqual(checkSchema({}, 5 as unknown as string, 'apps/v1', '1.35'), []);
  });

  it('treats keys named like object internals as ordinary unknown fields', () => {
    const text = deployment('  replicas: 2', '  replicas: 2\n  constructor: 1\n  toString: x');
    assert.deepEqual(problemsIn(text).map((p) => p.message), ['unknown field "spec.constructor"', 'unknown field "spec.toString"']);
    assert.equal(fieldDoc('Deployment', 'apps/v1', ['spec', 'constructor'], '1.35'), undefined);
    assert.deepEqual(fieldsAt('Deployment', 'apps/v1', ['spec', 'constructor'], '1.35'), []);
    assert.equal(fieldDoc('constructor', 'apps/v1', [], '1.35'), undefined);
  });
});

describe('schema: 1.20, as kubectl 1.20 validates before sending', () => {
  it('words unknown fields, missing fields and mismatches it catches as kubectl does', () => {
    const text = deployment('  replicas: 2', '  replica: "2"').replace('        - name: sidecar\n          image', '        - image');
    assert.deepEqual(problemsIn(text, '1.20').map((p) => [p.code, p.message, p.text]), [
      ['unknown-field', 'ValidationError(Deployment.spec): unknown field "replica" in io.k8s.api.apps.v1.DeploymentSpec', 'replica'],
      ['missing-required', 'ValidationError(Deployment.spec.template.spec.containers[1]): missing required field "name" in io.k8s.api.core.v1.Container', 'image'],
    ]);
    const typed = deployment('  replicas: 2', '  replicas: "2"');
    assert.deepEqual(problemsIn(typed, '1.20').map((p) => p.message), [
      'ValidationError(Deployment.spec.replicas): invalid type for io.k8s.api.apps.v1.DeploymentSpec.replicas: got "string", expected "integer"',
    ]);
  });

  it('leaves to the decoder what kubectl 1.20 lets through', () => {
    const text = deployment('          image: nginx:1.25', '          image: 5');
    assert.deepEqual(problemsIn(text, '1.20').map((p) => p.message), [
      'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string',
    ]);
  });
});

describe('schema: switching the minor', () => {
  // Container.restartPolicy (native sidecars) is first declared in k8s.io/api 1.28.
  const sidecar = deployment('      containers:', '      initContainers:\n        - name: proxy\n          image: envoy:1\n          «restartPolicy»: Always\n      containers:');

  it('checks the first minor of the field in the Go types', function () {
    const goTypes = join(SHARED, 'fidelity/go-types');
    if (!existsSync(goTypes)) this.skip();
    const declares = (minor: Minor): boolean => {
      const types = JSON.parse(readFileSync(join(goTypes, `${minor}.json`), 'utf8')).types;
      return types['k8s.io/api/core/v1.Container'].fields.some((f: { json?: string }) => f.json?.startsWith('restartPolicy,'));
    };
    assert.deepEqual(MINORS.filter(declares)[0], '1.28');
    assert.equal(declares('1.27'), false);
  });

  for (const minor of MINORS) {
    const unknown = minor === '1.20' || minor === '1.26' || minor === '1.27';
    it(`${unknown ? 'rejects' : 'accepts'} an init container's restartPolicy in ${minor}`, () => {
      const m = marked(sidecar);
      const expected = minor === '1.20'
        ? 'ValidationError(Deployment.spec.template.spec.initContainers[0]): unknown field "restartPolicy" in io.k8s.api.core.v1.Container'
        : 'unknown field "spec.template.spec.initContainers[0].restartPolicy"';
      const found = problemsIn(m.text, minor);
      assert.deepEqual(found, unknown ? [{ code: 'unknown-field', message: expected, text: 'restartPolicy', start: m.start, end: m.end }] : []);
    });
  }
});

describe('schema: documentation for hover and completion', () => {
  it('describes a field with the API documentation', () => {
    const doc = fieldDoc('Deployment', 'apps/v1', ['spec', 'replicas'], '1.35');
    assert.deepEqual(doc, {
      type: 'integer',
      description: 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
    });
    assert.equal(fieldDoc('Deployment', 'apps/v1', ['spec', 'template', 'spec', 'containers'], '1.35')?.type, '[]Container');
    assert.equal(fieldDoc('Deployment', 'apps/v1', ['spec', 'strategy', 'rollingUpdate', 'maxSurge'], '1.35')?.type, 'IntOrString');
    assert.equal(fieldDoc('Deployment', 'apps/v1', ['metadata', 'labels'], '1.35')?.type, 'map[string]string');
    const cpu = fieldDoc('Pod', 'v1', ['spec', 'containers', 0, 'resources', 'limits', 'cpu'], '1.35');
    assert.equal(cpu?.type, 'Quantity');
    assert.match(cpu!.description, /^Limits describes the maximum amount of compute resources allowed/);
    assert.equal(fieldDoc('Deployment', 'apps/v1', ['spec', 'replica'], '1.35'), undefined);
    assert.equal(fieldDoc('Widget', 'example.com/v1', ['spec'], '1.35'), undefined);
  });

  it('lists the fields allowed at a path, per minor', () => {
    const spec = fieldsAt('Deployment', 'apps/v1', ['spec'], '1.35');
    assert.deepEqual(spec.map((f) => f.name), ['replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds']);
    assert.deepEqual(spec.find((f) => f.name === 'selector'), {
      name: 'selector',
      type: 'LabelSelector',
      description: "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.",
      required: true,
    });
    const container = (minor: Minor): string[] => fieldsAt('Pod', 'v1', ['spec', 'containers', 0], minor).map((f) => f.name);
    assert.ok(container('1.35').includes('restartPolicy'));
    assert.ok(!container('1.20').includes('restartPolicy'));
    assert.deepEqual(fieldsAt('Pod', 'v1', ['metadata', 'labels'], '1.35'), []);
  });
});

describe('schema: suggestions', () => {
  it('suggests only close names', () => {
    assert.equal(closestName('replica', ['replicas', 'paused']), 'replicas');
    assert.equal(closestName('contianers', ['containers', 'initContainers']), 'containers');
    assert.equal(closestName('ImagePullPolicy', ['imagePullPolicy', 'image']), 'imagePullPolicy');
    assert.equal(closestName('port', ['containerPort', 'hostPort', 'name']), undefined);
    assert.equal(closestName('ab', ['ac']), undefined);
  });
});

describe('schema: the cases from bug reports', () => {
  const dir = join(SHARED, 'cases');

  it('reports no false schema error, and B04 `128MiB` on its exact value', function () {
    if (!existsSync(dir)) {
      console.log(`      (skipped: ${dir} is absent)`);
      this.skip();
    }
    const found: string[] = [];
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
      const text = readFileSync(join(dir, name), 'utf8');
      for (const p of problemsIn(text)) found.push(`${name} ${p.code} ${p.text} ${text.slice(p.start - 16, p.start)}`);
    }
    assert.deepEqual(found, ['B04-resource-quantities.yaml invalid-quantity 128MiB         memory: ']);
  });
});

describe('schema: the corpus of real manifests', () => {
  const root = join(SHARED, 'corpus');

  /** `file#document kind: messages` for every corpus object with schema errors in a minor. */
  function rejected(minor: Minor): string[] {
    const out: string[] = [];
    for (const file of yamlFiles(root)) {
      const parsed = parseManifest(readFileSync(file, 'utf8'));
      for (const o of objectsOf(file, parsed)) {
        const errors = checkSchema(o.value, o.kind, o.apiVersion, minor);
        if (errors.length) out.push(`${relative(root, file)}#${o.doc.index} ${errors.map((e) => e.message).join('; ')}`);
      }
    }
    return out;
  }

  before(function () {
    if (!existsSync(root)) {
      console.log(`      (skipped: ${root} is absent)`);
      this.skip();
    }
  });

  it('has about 830 documents, and Kubeplan checks most of them', () => {
    let documents = 0;
    let checked = 0;
    for (const file of yamlFiles(root)) {
      const parsed = parseManifest(readFileSync(file, 'utf8'));
      documents += parsed.documents.filter((d) => !d.empty).length;
      checked += objectsOf(file, parsed).filter((o) => fieldsAt(o.kind, o.apiVersion, [], '1.35').length > 0).length;
    }
    assert.ok(documents > 800, `documents: ${documents}`);
    assert.ok(checked > 550, `checked: ${checked}`);
  });

  for (const minor of MINORS.filter((m) => m >= '1.28')) {
    it(`has no schema errors in ${minor}`, () => assert.deepEqual(rejected(minor), []));
  }

  it('rejects in 1.26 and 1.27 only the native sidecar those servers do not know', () => {
    const sidecar = 'k8s-website/content/en/examples/application/deployment-sidecar.yaml#0 unknown field "spec.template.spec.initContainers[0].restartPolicy"';
    assert.deepEqual(rejected('1.26'), [sidecar]);
    assert.deepEqual(rejected('1.27'), [sidecar]);
  });

  it('rejects in 1.20 what kubectl 1.20 refused: newer fields and the selector-less kustomize bases', () => {
    const found = rejected('1.20');
    const grpc = found.filter((r) => r.includes('unknown field "grpc" in io.k8s.api.core.v1.Probe'));
    assert.equal(grpc.length, 18);
    assert.deepEqual(found.filter((r) => !grpc.includes(r)), [
      'ingress-nginx/deploy/grafana/deployment.yaml#0 ValidationError(Deployment.spec): missing required field "selector" in io.k8s.api.apps.v1.DeploymentSpec',
      'ingress-nginx/deploy/prometheus/deployment.yaml#0 ValidationError(Deployment.spec): missing required field "selector" in io.k8s.api.apps.v1.DeploymentSpec',
      'k8s-website/content/en/examples/application/deployment-sidecar.yaml#0 ValidationError(Deployment.spec.template.spec.initContainers[0]): unknown field "restartPolicy" in io.k8s.api.core.v1.Container',
      'k8s-website/content/en/examples/controllers/statefulset.yaml#1 ValidationError(StatefulSet.spec): unknown field "minReadySeconds" in io.k8s.api.apps.v1.StatefulSetSpec',
    ]);
  });
});

describe('schema: the generated files', () => {
  it('are what scripts/gen-schemas.mjs generates from the Go types', function () {
    this.timeout(60000);
    const goTypes = join(SHARED, 'fidelity/go-types');
    if (!existsSync(goTypes)) this.skip();
    execFileSync(process.execPath, [join(REPO, 'scripts/gen-schemas.mjs'), '--check', '--go-types', goTypes], { stdio: 'pipe' });
  });
});

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

describe('schema: quoting a YAML 1.1 scalar', () => {
  it('offers to quote a plain scalar read as a boolean or a number where a string belongs', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  debug: on\n  version: 1.10\n  plain: "on"\n';
    const [result] = checkFiles([{ uri: 'q.yaml', text }], { minor: '1.35' });
    const fixes = result.problems.map((p) => [p.code, p.fixes?.[0].title, p.fixes?.[0].edits[0]]);
    const on = text.indexOf('on\n');
    const ten = text.indexOf('1.10');
    assert.deepEqual(fixes, [
      ['wrong-type', 'Quote on as the string "on"', { start: on, end: on + 2, newText: '"on"' }],
      ['wrong-type', 'Quote 1.10 as the string "1.10"', { start: ten, end: ten + 4, newText: '"1.10"' }],
    ]);
  });
});
