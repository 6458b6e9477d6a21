import { strict as assert } from 'node:assert';
import type { Minor } from '../../server/src/core/api/versions';
import { Cluster } from '../../server/src/core/cluster/index';
import { readValidateFlag } from '../../server/src/core/kubectl/fieldValidation';
import { runScenario, type LineResult } from '../../server/src/core/kubectl/index';

/** A Deployment `web` whose spec and container carry the given extra lines. */
function deployment(name: string, spec = '', container = '', replicas = '  replicas: 2\n'): string {
  return (
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n${replicas}${spec}` +
    `  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n` +
    `    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n${container}`
  );
}

const FILES: Record<string, string> = {
  '/w/base.yaml': deployment('web'),
  '/w/unk.yaml': deployment('web', '', '        imagePullPolicyy: Always\n', '  replica: 2\n'),
  '/w/one.yaml': deployment('web', '', '', '  replica: 2\n'),
  '/w/types.yaml': deployment(
    'web',
    '  paused: 1\n',
    '        resources: {limits: {memory: 128MiB}}\n        colour: blue\n',
  ),
  '/w/typeonly.yaml': deployment('web', '', '', '  replicas: two\n'),
  '/w/enum.yaml': deployment('web', '', '        ports: [{containerPort: 80, protocol: tcp}]\n'),
  '/w/enum-unk.yaml': deployment(
    'web',
    '',
    '        ports: [{containerPort: 80, protocol: tcp}]\n        colour: blue\n',
  ),
  '/w/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {token: "a!bc"}\n',
  '/w/multi.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\n---\n' +
    deployment('web', '', '', '  replica: 2\n') +
    '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: last}\n',
  '/w/twice.yaml':
    deployment('a', '', '', '  replica: 2\n') + '---\n' + deployment('b', '', '', '  replica: 2\n'),
  '/w/list.yaml':
    'apiVersion: v1\nkind: List\nitems:\n' +
    '- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}, colour: red}\n' +
    '- {apiVersion: v1, kind: Service, metadata: {name: b}, spec: {ports: [{port: 80, nodeport: 1}]}}\n',
};

function run(script: string, minor: Minor): LineResult[] {
  return runScenario(script, {
    cluster: new Cluster({ minor }),
    cwd: '/w',
    readFile: (p) => FILES[p],
    listDir: () => undefined,
  });
}

/** The transcript: `$ line`, then what kubectl printed, then the notes as `# ...`. */
/** The transcript as `kubeplan plan` prints it (output without a final newline gets one). */
function transcript(results: LineResult[]): string {
  return results
    .map((r) => {
      const text = r.output.map((c) => c.text).join('');
      const out = text === '' || text.endsWith('\n') ? text : text + '\n';
      const notes = r.notes
        .filter((n) => !n.startsWith('mid-rollout'))
        .map((n) => `# ${n}\n`)
        .join('');
      return `$ ${r.command}\n${out}${notes}`;
    })
    .join('');
}

/** One scenario per minor; each expected transcript is exactly what kubectl prints there. */
function check(name: string, script: string[], expected: Partial<Record<Minor, string[]>>): void {
  for (const [minor, lines] of Object.entries(expected) as [Minor, string[]][]) {
    it(`${name} (${minor})`, () =>
      assert.equal(transcript(run(script.join('\n'), minor)), lines.join('\n') + '\n'));
  }
}

const STRICT_UNK =
  'Error from server (BadRequest): error when creating "unk.yaml": Deployment in version "v1" cannot be handled as a Deployment: ' +
  'strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagePullPolicyy"';

const OPENAPI_UNK =
  'error: error validating "unk.yaml": error validating data: [ValidationError(Deployment.spec): unknown field "replica" in io.k8s.api.apps.v1.DeploymentSpec, ' +
  'ValidationError(Deployment.spec.template.spec.containers[0]): unknown field "imagePullPolicyy" in io.k8s.api.core.v1.Container]; ' +
  'if you choose to ignore these errors, turn validation off with --validate=false';

const QUANTITY = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

describe('kubectl apply/create: unknown fields', () => {
  check('apply of a new object fails as the strict decoder or the OpenAPI check fails', ['kubectl apply -f unk.yaml', 'kubectl get deploy'], {
    '1.35': ['$ kubectl apply -f unk.yaml', STRICT_UNK, '$ kubectl get deploy', 'No resources found in default namespace.'],
    '1.26': ['$ kubectl apply -f unk.yaml', STRICT_UNK, '$ kubectl get deploy', 'No resources found in default namespace.'],
    '1.20': ['$ kubectl apply -f unk.yaml', OPENAPI_UNK, '$ kubectl get deploy', 'No resources found in default namespace.'],
  });

  check('create -f fails the same way', ['kubectl create -f unk.yaml'], {
    '1.35': ['$ kubectl create -f unk.yaml', STRICT_UNK],
    '1.20': ['$ kubectl create -f unk.yaml', OPENAPI_UNK],
  });

  check('one unknown field is not bracketed', ['kubectl apply -f one.yaml'], {
    '1.35': [
      '$ kubectl apply -f one.yaml',
      'Error from server (BadRequest): error when creating "one.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"',
    ],
    '1.20': [
      '$ kubectl apply -f one.yaml',
      'error: error validating "one.yaml": error validating data: ValidationError(Deployment.spec): unknown field "replica" in io.k8s.api.apps.v1.DeploymentSpec; if you choose to ignore these errors, turn validation off with --validate=false',
    ],
  });

  check(
    '--validate=false and ignore drop the fields silently; the object gets its default replicas',
    [
      'kubectl apply -f unk.yaml --validate=false',
      "kubectl get deploy web -o jsonpath='{.spec.replicas} {.spec.template.spec.containers[0].imagePullPolicy}'",
      'kubectl apply -f unk.yaml --validate=ignore',
    ],
    {
      '1.35': [
        '$ kubectl apply -f unk.yaml --validate=false',
        'deployment.apps/web created',
        "$ kubectl get deploy web -o jsonpath='{.spec.replicas} {.spec.template.spec.containers[0].imagePullPolicy}'",
        '1 IfNotPresent',
        '$ kubectl apply -f unk.yaml --validate=ignore',
        'deployment.apps/web configured',
      ],
    },
  );

  check('1.20 reads --validate as a boolean only', ['kubectl apply -f unk.yaml --validate=false', 'kubectl apply -f unk.yaml --validate=ignore'], {
    '1.20': [
      '$ kubectl apply -f unk.yaml --validate=false',
      'deployment.apps/web created',
      '$ kubectl apply -f unk.yaml --validate=ignore',
      'error: invalid argument "ignore" for "--validate" flag: strconv.ParseBool: parsing "ignore": invalid syntax',
      "See 'kubectl apply -h' for help and examples",
    ],
  });

  check(
    '--validate=warn warns once per field and invocation, then creates; a later apply is never unchanged',
    ['kubectl apply -f twice.yaml --validate=warn', 'kubectl apply -f twice.yaml --validate=warn'],
    {
      '1.35': [
        '$ kubectl apply -f twice.yaml --validate=warn',
        'Warning: unknown field "spec.replica"',
        'deployment.apps/a created',
        'deployment.apps/b created',
        '$ kubectl apply -f twice.yaml --validate=warn',
        'Warning: unknown field "spec.replica"',
        'deployment.apps/a configured',
        'deployment.apps/b configured',
      ],
    },
  );

  check('a --validate value kubectl does not know', ['kubectl apply -f unk.yaml --validate=foo', 'kubectl create -f unk.yaml --validate=yes'], {
    '1.35': [
      '$ kubectl apply -f unk.yaml --validate=foo',
      'error: invalid - validate option "foo"; must be one of: strict (or true), warn, ignore (or false)',
      '$ kubectl create -f unk.yaml --validate=yes',
      'error: invalid - validate option "yes"; must be one of: strict (or true), warn, ignore (or false)',
    ],
  });

  check(
    'apply of an existing object sends a patch; the server quotes it in an Invalid error',
    ['kubectl apply -f base.yaml', 'kubectl apply -f unk.yaml', 'kubectl apply -f unk.yaml -f secret.yaml'],
    {
      '1.35': [
        '$ kubectl apply -f base.yaml',
        'deployment.apps/web created',
        '$ kubectl apply -f unk.yaml',
        'The request is invalid: patch: Invalid value: "map[metadata:map[annotations:map[kubectl.kubernetes.io/last-applied-configuration:' +
          '{\\"apiVersion\\":\\"apps/v1\\",\\"kind\\":\\"Deployment\\",\\"metadata\\":{\\"annotations\\":{},\\"name\\":\\"web\\",\\"namespace\\":\\"default\\"},' +
          '\\"spec\\":{\\"replica\\":2,\\"selector\\":{\\"matchLabels\\":{\\"app\\":\\"web\\"}},\\"template\\":{\\"metadata\\":{\\"labels\\":{\\"app\\":\\"web\\"}},' +
          '\\"spec\\":{\\"containers\\":[{\\"image\\":\\"nginx:1.25\\",\\"imagePullPolicyy\\":\\"Always\\",\\"name\\":\\"web\\"}]}}}}\\n]] ' +
          'spec:map[replica:2 replicas:<nil> template:map[spec:map[]]]]": ' +
          'strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
        '$ kubectl apply -f unk.yaml -f secret.yaml',
        'Error from server (Invalid): error when applying patch to "unk.yaml":  "" is invalid: patch: Invalid value: "map[metadata:map[annotations:map[kubectl.kubernetes.io/last-applied-configuration:' +
          '{\\"apiVersion\\":\\"apps/v1\\",\\"kind\\":\\"Deployment\\",\\"metadata\\":{\\"annotations\\":{},\\"name\\":\\"web\\",\\"namespace\\":\\"default\\"},' +
          '\\"spec\\":{\\"replica\\":2,\\"selector\\":{\\"matchLabels\\":{\\"app\\":\\"web\\"}},\\"template\\":{\\"metadata\\":{\\"labels\\":{\\"app\\":\\"web\\"}},' +
          '\\"spec\\":{\\"containers\\":[{\\"image\\":\\"nginx:1.25\\",\\"imagePullPolicyy\\":\\"Always\\",\\"name\\":\\"web\\"}]}}}}\\n]] ' +
          'spec:map[replica:2 replicas:<nil> template:map[spec:map[]]]]": ' +
          'strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
        'Error from server (BadRequest): error when creating "secret.yaml": Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 1',
      ],
    },
  );

  check(
    'kubectl warns about a missing last-applied annotation before it sends the refused patch',
    ['kubectl create -f base.yaml', 'kubectl apply -f one.yaml'],
    {
      '1.35': [
        '$ kubectl create -f base.yaml',
        'deployment.apps/web created',
        '$ kubectl apply -f one.yaml',
        'Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. ' +
          'kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. ' +
          'The missing annotation will be patched automatically.',
        'The request is invalid: patch: Invalid value: "map[metadata:map[annotations:map[kubectl.kubernetes.io/last-applied-configuration:' +
          '{\\"apiVersion\\":\\"apps/v1\\",\\"kind\\":\\"Deployment\\",\\"metadata\\":{\\"annotations\\":{},\\"name\\":\\"web\\",\\"namespace\\":\\"default\\"},' +
          '\\"spec\\":{\\"replica\\":2,\\"selector\\":{\\"matchLabels\\":{\\"app\\":\\"web\\"}},\\"template\\":{\\"metadata\\":{\\"labels\\":{\\"app\\":\\"web\\"}},' +
          '\\"spec\\":{\\"containers\\":[{\\"image\\":\\"nginx:1.25\\",\\"name\\":\\"web\\"}]}}}}\\n]] spec:map[replica:2]]": ' +
          'strict decoding error: unknown field "spec.replica"',
      ],
    },
  );

  // Pins the FIXME in apply.ts: a real cluster keeps `replica` in the last-applied annotation
  // of the first apply, so the second patch is only `map[spec:map[replica:2]]`.
  check(
    'an unchanged manifest still carries its unknown field in the patch',
    ['kubectl apply -f one.yaml --validate=false', 'kubectl apply -f one.yaml'],
    {
      '1.35': [
        '$ kubectl apply -f one.yaml --validate=false',
        'deployment.apps/web created',
        '$ kubectl apply -f one.yaml',
        'The request is invalid: patch: Invalid value: "map[metadata:map[annotations:map[kubectl.kubernetes.io/last-applied-configuration:' +
          '{\\"apiVersion\\":\\"apps/v1\\",\\"kind\\":\\"Deployment\\",\\"metadata\\":{\\"annotations\\":{},\\"name\\":\\"web\\",\\"namespace\\":\\"default\\"},' +
          '\\"spec\\":{\\"replica\\":2,\\"selector\\":{\\"matchLabels\\":{\\"app\\":\\"web\\"}},\\"template\\":{\\"metadata\\":{\\"labels\\":{\\"app\\":\\"web\\"}},' +
          '\\"spec\\":{\\"containers\\":[{\\"image\\":\\"nginx:1.25\\",\\"name\\":\\"web\\"}]}}}}\\n]] spec:map[replica:2]]": ' +
          'strict decoding error: unknown field "spec.replica"',
      ],
    },
  );

  check(
    'a file goes on after a strict error from the server, but stops at a failed OpenAPI check',
    ['kubectl apply -f multi.yaml', 'kubectl get cm first last -o name'],
    {
      '1.35': [
        '$ kubectl apply -f multi.yaml',
        'configmap/first created',
        'configmap/last created',
        'Error from server (BadRequest): error when creating "multi.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"',
        '$ kubectl get cm first last -o name',
        'configmap/first',
        'configmap/last',
      ],
      '1.20': [
        '$ kubectl apply -f multi.yaml',
        'configmap/first created',
        'error: error validating "multi.yaml": error validating data: ValidationError(Deployment.spec): unknown field "replica" in io.k8s.api.apps.v1.DeploymentSpec; if you choose to ignore these errors, turn validation off with --validate=false',
        '$ kubectl get cm first last -o name',
        'configmap/first',
        'Error from server (NotFound): configmaps "last" not found',
      ],
    },
  );

  check('1.20 checks a List as one document', ['kubectl apply -f list.yaml'], {
    '1.20': [
      '$ kubectl apply -f list.yaml',
      'error: error validating "list.yaml": error validating data: [ValidationError(ConfigMap): unknown field "colour" in io.k8s.api.core.v1.ConfigMap, ' +
        'ValidationError(Service.spec.ports[0]): unknown field "nodeport" in io.k8s.api.core.v1.ServicePort]; ' +
        'if you choose to ignore these errors, turn validation off with --validate=false',
    ],
  });
});

describe('kubectl apply/create: decoding errors and validation', () => {
  check(
    'a malformed quantity stops decoding, before an earlier type error and the unknown fields',
    ['kubectl apply -f types.yaml', 'kubectl apply -f types.yaml --validate=false'],
    {
      '1.35': [
        '$ kubectl apply -f types.yaml',
        `Error from server (BadRequest): error when creating "types.yaml": Deployment in version "v1" cannot be handled as a Deployment: ${QUANTITY}`,
        '$ kubectl apply -f types.yaml --validate=false',
        `Error from server (BadRequest): error when creating "types.yaml": Deployment in version "v1" cannot be handled as a Deployment: ${QUANTITY}`,
      ],
      // 1.20's kubectl catches the unknown field and the integer given for a boolean itself; its
      // server stops at the first decoding error in body order.
      '1.20': [
        '$ kubectl apply -f types.yaml',
        'error: error validating "types.yaml": error validating data: [ValidationError(Deployment.spec.paused): invalid type for io.k8s.api.apps.v1.DeploymentSpec.paused: got "integer", expected "boolean", ' +
          'ValidationError(Deployment.spec.template.spec.containers[0]): unknown field "colour" in io.k8s.api.core.v1.Container]; ' +
          'if you choose to ignore these errors, turn validation off with --validate=false',
        '$ kubectl apply -f types.yaml --validate=false',
        'Error from server (BadRequest): error when creating "types.yaml": Deployment in version "v1" cannot be handled as a Deployment: ' +
          'json: cannot unmarshal number into Go struct field DeploymentSpec.spec.paused of type bool',
      ],
    },
  );

  check('a wrongly typed value alone', ['kubectl create -f typeonly.yaml'], {
    '1.35': [
      '$ kubectl create -f typeonly.yaml',
      'Error from server (BadRequest): error when creating "typeonly.yaml": Deployment in version "v1" cannot be handled as a Deployment: ' +
        'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    '1.20': [
      '$ kubectl create -f typeonly.yaml',
      'error: error validating "typeonly.yaml": error validating data: ValidationError(Deployment.spec.replicas): invalid type for io.k8s.api.apps.v1.DeploymentSpec.replicas: got "string", expected "integer"; ' +
        'if you choose to ignore these errors, turn validation off with --validate=false',
    ],
  });

  const PROTOCOL =
    'The Deployment "web" is invalid: spec.template.spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"';

  check('an unsupported value is the server validation error, reported once', ['kubectl apply -f enum.yaml'], {
    '1.35': ['$ kubectl apply -f enum.yaml', PROTOCOL],
    '1.20': ['$ kubectl apply -f enum.yaml', PROTOCOL],
  });

  check('decoding fails before validation runs', ['kubectl apply -f enum-unk.yaml'], {
    '1.35': [
      '$ kubectl apply -f enum-unk.yaml',
      'Error from server (BadRequest): error when creating "enum-unk.yaml": Deployment in version "v1" cannot be handled as a Deployment: ' +
        'strict decoding error: unknown field "spec.template.spec.containers[0].colour"',
    ],
    '1.20': [
      '$ kubectl apply -f enum-unk.yaml',
      'error: error validating "enum-unk.yaml": error validating data: ValidationError(Deployment.spec.template.spec.containers[0]): unknown field "colour" in io.k8s.api.core.v1.Container; ' +
        'if you choose to ignore these errors, turn validation off with --validate=false',
    ],
  });

  check('--validate=warn does not let a validation error through', ['kubectl apply -f enum-unk.yaml --validate=warn'], {
    '1.35': [
      '$ kubectl apply -f enum-unk.yaml --validate=warn',
      'Warning: unknown field "spec.template.spec.containers[0].colour"',
      PROTOCOL,
    ],
  });

  check('bytes that are not base64', ['kubectl create -f secret.yaml'], {
    '1.35': [
      '$ kubectl create -f secret.yaml',
      'Error from server (BadRequest): error when creating "secret.yaml": Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 1',
    ],
  });
});

describe('kubectl --validate values', () => {
  const cases: Array<[string | undefined, Minor, ReturnType<typeof readValidateFlag>]> = [
    [undefined, '1.35', { ok: true, directive: 'Strict' }],
    ['', '1.35', { ok: true, directive: 'Strict' }],
    ['true', '1.35', { ok: true, directive: 'Strict' }],
    ['T', '1.35', { ok: true, directive: 'Strict' }],
    ['strict', '1.35', { ok: true, directive: 'Strict' }],
    ['warn', '1.35', { ok: true, directive: 'Warn' }],
    ['ignore', '1.35', { ok: true, directive: 'Ignore' }],
    ['0', '1.35', { ok: true, directive: 'Ignore' }],
    ['False', '1.20', { ok: true, directive: 'Ignore' }],
    ['1', '1.20', { ok: true, directive: 'Strict' }],
    [
      'strict',
      '1.20',
      {
        ok: false,
        usage: true,
        error: 'invalid argument "strict" for "--validate" flag: strconv.ParseBool: parsing "strict": invalid syntax',
      },
    ],
    [
      'Strict',
      '1.26',
      {
        ok: false,
        usage: false,
        error: 'invalid - validate option "Strict"; must be one of: strict (or true), warn, ignore (or false)',
      },
    ],
  ];
  for (const [value, minor, expected] of cases)
    it(`${JSON.stringify(value)} in ${minor}`, () => assert.deepEqual(readValidateFlag(value, minor), expected));
});
