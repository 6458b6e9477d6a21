import { strict as assert } from 'node:assert';
import { executeTemplate, parseTemplate } from '../../server/src/core/kubectl/jsonpath';
import { parseOutput, printGeneric } from '../../server/src/core/kubectl/output';
import type { KubeObject } from '../../server/src/core/cluster/api';

function pod(
  name: string,
  labels: Record<string, string>,
  owner?: string,
  ip?: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels,
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: owner,
                uid: 'u1',
                controller: true,
              },
            ],
          }
        : {}),
    },
    spec: {
      containers: [
        { name: 'web', image: 'kiamol/ch05-pi', ports: [{ containerPort: 80, protocol: 'TCP' }] },
      ],
    },
    status: { phase: 'Running', ...(ip ? { podIP: ip } : {}) },
  };
}

const list = {
  apiVersion: 'v1',
  kind: 'List',
  metadata: { resourceVersion: '' },
  items: [pod('a', { app: 'x' }, 'rs-1', '10.1.0.5'), pod('b', { app: 'y', tier: 'web' })],
};

describe('kubectl -o jsonpath', () => {
  const cases: Array<[string, unknown, string]> = [
    ['{.items[0].metadata.name}', list, 'a'],
    ['{.items[*].metadata.name}', list, 'a b'],
    ['{.items[-1:].metadata.name}', list, 'b'],
    ['{.items[0:1].metadata.name}', list, 'a'],
    ['{range .items[*]}{.metadata.name}{"\\n"}{end}', list, 'a\nb\n'],
    ['{range .items[*]}[{.metadata.name},{.status.podIP}] {end}', list, '[a,10.1.0.5] [b,] '],
    ['{.items[0].metadata.labels}', list, '{"app":"x"}'],
    ['{.items[1].spec.containers[0].ports}', list, '[{"containerPort":80,"protocol":"TCP"}]'],
    ['{.items[?(@.metadata.name=="b")].metadata.labels.tier}', list, 'web'],
    ['{.items[?(@.status.podIP)].metadata.name}', list, 'a'],
    ['{..containerPort}', list, '80 80'],
    ['{.items[*].metadata["name"]}', list, 'error: invalid array index "name"'],
    ["{.items[*].metadata['name']}", list, 'a b'],
    [
      '{.items[0].metadata.name,.kind}',
      list,
      "error: unrecognized character in action: U+002C ','",
    ],
    ['{.kind}{.metadata.resourceVersion}', list, 'List'],
    [
      'http://{.status.loadBalancer.ingress[0].*}:8088',
      { status: { loadBalancer: {} } },
      'http://:8088',
    ],
    [
      'http://{.status.loadBalancer.ingress[0].*}:8088',
      { status: { loadBalancer: { ingress: [{ hostname: 'localhost' }] } } },
      'http://localhost:8088',
    ],
    ['.metadata.name', list, '.metadata.name'],
    ['{.missing.deep}', list, ''],
    ['{.spec.replicas}', { spec: { replicas: 3 } }, '3'],
    ['{.a}', { a: true }, 'true'],
    ['{.}', { a: 1 }, '{"a":1}'],
  ];
  for (const [template, data, expected] of cases) {
    it(template, () => {
      let actual: string;
      try {
        actual = executeTemplate(parseTemplate(template), data);
      } catch (err) {
        actual = `error: ${(err as Error).message}`;
      }
      assert.equal(actual, expected);
    });
  }

  it('reports an out-of-range index with the debugging dump kubectl prints', () => {
    const format = parseOutput('jsonpath={.items[0].metadata.name}');
    assert.ok(format.ok);
    const r = printGeneric(format.format, [], false);
    assert.ok(!r.ok);
    assert.equal(
      r.error.single,
      'error: error executing jsonpath "{.items[0].metadata.name}": Error executing template: array index out of bounds: index 0, length 0. Printing more information for debugging the template:\n' +
        '\ttemplate was:\n\t\t{.items[0].metadata.name}\n' +
        '\tobject given to jsonpath engine was:\n' +
        '\t\tmap[string]interface {}{"apiVersion":"v1", "items":[]interface {}{}, "kind":"List", "metadata":map[string]interface {}{"resourceVersion":""}}\n\n\n',
    );
  });

  it('reports parse errors', () => {
    const r = parseOutput('jsonpath={.a');
    assert.ok(!r.ok && 'error' in r);
    assert.equal(r.error.single, 'error: error parsing jsonpath {.a, unclosed action\n');
    const empty = parseOutput('jsonpath');
    assert.ok(!empty.ok && 'error' in empty);
    assert.equal(empty.error.single, 'error: template format specified but no template given');
  });
});

describe('kubectl -o custom-columns', () => {
  const spec =
    'NAME:{.metadata.name},OWNER:{.metadata.ownerReferences[0].name},OWNER_KIND:.metadata.ownerReferences[0].kind,LABELS:metadata.labels,IP:{.status.podIP}';
  it('prints headers as given, <none> for nothing found, maps with fmt.Sprint', () => {
    const format = parseOutput(`custom-columns=${spec}`);
    assert.ok(format.ok);
    const r = printGeneric(format.format, list.items, false);
    assert.ok(r.ok);
    assert.equal(
      r.text,
      'NAME   OWNER    OWNER_KIND   LABELS                IP\n' +
        'a      rs-1     ReplicaSet   map[app:x]            10.1.0.5\n' +
        'b      <none>   <none>       map[app:y tier:web]   <none>\n',
    );
  });

  it('prints only the header for no objects', () => {
    const format = parseOutput('custom-columns=NAME:.metadata.name');
    assert.ok(format.ok);
    const r = printGeneric(format.format, [], false);
    assert.ok(r.ok);
    assert.equal(r.text, 'NAME\n');
  });

  it('rejects a column without a path', () => {
    const r = parseOutput('custom-columns=NAME');
    assert.ok(!r.ok && 'error' in r);
    assert.equal(
      r.error.single,
      'error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>',
    );
  });
});

describe('kubectl -o name|yaml|json', () => {
  const deploy: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'pi-web',
      namespace: 'default',
      generation: 1,
      managedFields: [{ manager: 'x' }],
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: { replicas: 2 },
  };

  it('-o name uses the kind and group', () => {
    const r = printGeneric({ kind: 'name' }, [deploy, list.items[0]], false);
    assert.deepEqual(r, { ok: true, text: 'deployment.apps/pi-web\npod/a\n' });
  });

  it('-o yaml of one named object drops managedFields and sorts keys', () => {
    const r = printGeneric({ kind: 'yaml' }, [deploy], true);
    assert.deepEqual(r, {
      ok: true,
      text:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    deployment.kubernetes.io/revision: "1"\n' +
        '  generation: 1\n  name: pi-web\n  namespace: default\nspec:\n  replicas: 2\n',
    });
  });

  it('-o yaml of a type wraps the objects in a List', () => {
    const r = printGeneric({ kind: 'yaml' }, [], false);
    assert.deepEqual(r, {
      ok: true,
      text: 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
    });
  });

  it('-o json is indented by four spaces with a final newline', () => {
    const r = printGeneric({ kind: 'json' }, [], false);
    assert.deepEqual(r, {
      ok: true,
      text: '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    });
  });

  it('rejects an unknown format with the list kubectl allows', () => {
    const r = parseOutput('xml');
    assert.ok(!r.ok && 'error' in r);
    assert.equal(
      r.error.single,
      'error: unable to match a printer suitable for the output format "xml", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml',
    );
  });
});
