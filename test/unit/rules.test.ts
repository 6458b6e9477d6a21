import { strict as assert } from 'node:assert';
import type { Minor } from '../../server/src/core/api/versions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CROSS_CODES } from '../../server/src/core/validation/crossdoc';
import {
  RULE_CODES,
  apiWarnings,
  invalidMessage,
  serverInvalidMessage,
  validateObject,
} from '../../server/src/core/validation/rules';
import {
  DNS_LABEL,
  LABEL_VALUE,
  MISMATCH,
  NAME_PART,
  PERCENT,
  SUBDOMAIN,
  deployment,
  valueOf,
} from './rules.helpers.test';

/** The API server's lines for one YAML document. */
function lines(yaml: string, minor: Minor = '1.35', old?: string): string[] {
  return validateObject(valueOf(yaml), minor, old === undefined ? undefined : valueOf(old)).map(
    (e) => e.text,
  );
}

interface Case {
  name: string;
  yaml: string;
  minor?: Minor;
  want: string[];
}

function table(cases: Case[]): void {
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(lines(c.yaml, c.minor), c.want));
  }
}

const meta = (kind: string, apiVersion: string, metadata: string, rest = ''): string =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n${metadata}\n${rest}`;

describe('rules: object names', () => {
  table([
    {
      name: 'a Deployment name must be a DNS subdomain',
      yaml: deployment('', '', 'My_App'),
      want: [`metadata.name: Invalid value: "My_App": ${SUBDOMAIN}`],
    },
    {
      name: 'a missing name is required',
      yaml: deployment('', '', '""'),
      want: ['metadata.name: Required value: name or generateName is required'],
    },
    {
      name: 'generateName stands in for the name',
      yaml: deployment('', '', '""').replace('  name: ""', '  generateName: web-'),
      want: [],
    },
    {
      name: 'a StatefulSet name with dots is no DNS label (1.35)',
      yaml: meta(
        'StatefulSet',
        'apps/v1',
        '  name: db.main',
        'spec:\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n',
      ),
      want: ['metadata.name: Invalid value: "db.main": must not contain dots'],
    },
    {
      name: 'a StatefulSet name could hold dots before 1.27',
      minor: '1.26',
      yaml: meta(
        'StatefulSet',
        'apps/v1',
        '  name: db.main',
        'spec:\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n',
      ),
      want: [],
    },
    {
      name: 'a Service name is a DNS-1035 label',
      yaml: meta('Service', 'v1', '  name: 1svc', 'spec:\n  ports:\n    - port: 80\n'),
      want: [
        "metadata.name: Invalid value: \"1svc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    },
    {
      name: 'a namespace must be a DNS label',
      yaml: deployment().replace('  name: web\n', '  name: web\n  namespace: Prod\n'),
      want: [`metadata.namespace: Invalid value: "Prod": ${DNS_LABEL}`],
    },
    {
      name: 'a Namespace name is a DNS label',
      minor: '1.26',
      yaml: meta('Namespace', 'v1', '  name: team_a'),
      want: [`metadata.name: Invalid value: "team_a": ${DNS_LABEL}`],
    },
  ]);

  it('warns (1.27+) when a Deployment name is not a DNS label', () => {
    const yaml = deployment('', '', 'web.v2');
    const warning =
      'metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]';
    assert.deepEqual(apiWarnings(valueOf(yaml), '1.35'), [warning]);
    assert.deepEqual(apiWarnings(valueOf(yaml), '1.26'), []);
    assert.deepEqual(lines(yaml), []);
  });
});

describe('rules: labels', () => {
  const withLabel = (key: string, value: string) =>
    deployment().replace('  name: web\n', `  name: web\n  labels:\n    ${key}: ${value}\n`);
  const long = 'a'.repeat(64);
  table([
    {
      name: 'a key with two slashes (1.34 wording)',
      minor: '1.34',
      yaml: withLabel('a/b/c', 'x'),
      want: [
        `metadata.labels: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      ],
    },
    {
      name: 'a key with two slashes (1.35 wording)',
      yaml: withLabel('a/b/c', 'x'),
      want: [
        `metadata.labels: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      ],
    },
    {
      name: 'a long value counts characters up to 1.34',
      minor: '1.34',
      yaml: withLabel('app', long),
      want: [`metadata.labels: Invalid value: "${long}": must be no more than 63 characters`],
    },
    {
      name: 'a long value counts bytes from 1.35',
      yaml: withLabel('app', long),
      want: [`metadata.labels: Invalid value: "${long}": must be no more than 63 bytes`],
    },
    {
      name: 'a value must start with an alphanumeric',
      yaml: withLabel('app', '-bad'),
      want: [`metadata.labels: Invalid value: "-bad": ${LABEL_VALUE}`],
    },
    {
      name: 'an empty name part',
      yaml: withLabel('example.com/', 'x'),
      want: [
        'metadata.labels: Invalid value: "example.com/": name part must be non-empty',
        `metadata.labels: Invalid value: "example.com/": ${NAME_PART}`,
      ],
    },
    {
      name: 'a prefix must be a DNS subdomain',
      yaml: withLabel('Example.com/app', 'x'),
      want: [`metadata.labels: Invalid value: "Example.com/app": prefix part ${SUBDOMAIN}`],
    },
    {
      name: 'template labels are named spec.template.labels',
      yaml: deployment().replace(
        '        app: web\n    spec:',
        '        app: web\n        bad key: x\n    spec:',
      ),
      want: [`spec.template.labels: Invalid value: "bad key": ${NAME_PART}`],
    },
  ]);
});

describe('rules: selectors', () => {
  const noSelector = deployment().replace('  selector:\n    matchLabels:\n      app: web\n', '');
  it('a missing selector gives two errors, the value rendered per minor', () => {
    assert.deepEqual(lines(noSelector, '1.33'), [
      'spec.selector: Required value',
      `spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: ${MISMATCH}`,
    ]);
    assert.deepEqual(lines(noSelector, '1.34'), [
      'spec.selector: Required value',
      `spec.template.metadata.labels: Invalid value: {"app":"web"}: ${MISMATCH}`,
    ]);
  });

  it('absent template labels render as nil / null', () => {
    const yaml = deployment().replace('    metadata:\n      labels:\n        app: web\n', '');
    assert.deepEqual(lines(yaml, '1.33'), [
      `spec.template.metadata.labels: Invalid value: map[string]string(nil): ${MISMATCH}`,
    ]);
    assert.deepEqual(lines(yaml, '1.34'), [
      `spec.template.metadata.labels: Invalid value: null: ${MISMATCH}`,
    ]);
  });

  const sts = (selector: string, labels: string) =>
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n${selector}\n  template:\n    metadata:\n      labels:\n${labels}\n`;
  const exprs = (...e: string[]) =>
    `    matchExpressions:\n${e.map((x) => `      - ${x}`).join('\n')}`;
  table([
    {
      name: 'Exists needs the key',
      yaml: sts(
        '    matchLabels: {app: db}\n' + exprs('{key: tier, operator: Exists}'),
        '        app: db',
      ),
      want: [`spec.template.metadata.labels: Invalid value: {"app":"db"}: ${MISMATCH}`],
    },
    {
      name: 'NotIn holds when the key is absent',
      yaml: sts(
        exprs(
          '{key: app, operator: In, values: [db, cache]}',
          '{key: tier, operator: NotIn, values: [web]}',
        ),
        '        app: cache',
      ),
      want: [],
    },
    {
      name: 'DoesNotExist fails when the key is present',
      yaml: sts(
        exprs('{key: app, operator: In, values: [db]}', '{key: canary, operator: DoesNotExist}'),
        '        app: db\n        canary: "true"',
      ),
      want: [
        `spec.template.metadata.labels: Invalid value: {"app":"db","canary":"true"}: ${MISMATCH}`,
      ],
    },
    {
      name: 'In fails on another value',
      minor: '1.33',
      yaml: sts(exprs('{key: app, operator: In, values: [db]}'), '        app: web'),
      want: [
        `spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: ${MISMATCH}`,
      ],
    },
    {
      name: 'a StatefulSet selector that cannot convert has no detail',
      yaml: sts(exprs('{key: app, operator: Foo}'), '        app: db'),
      want: [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Foo": not a valid selector operator',
        'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"Foo"}]}',
      ],
    },
  ]);

  const rs = (selector: string) =>
    `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: cache\nspec:\n  selector: ${selector}\n  template:\n    metadata:\n      labels:\n        app: cache\n    spec:\n      containers:\n        - name: c\n          image: redis\n`;
  table([
    {
      name: 'an empty selector says "deployment" even for a ReplicaSet',
      yaml: rs('{}'),
      want: ['spec.selector: Invalid value: {}: empty selector is invalid for deployment'],
    },
    {
      name: 'an empty selector in Go syntax',
      minor: '1.33',
      yaml: rs('{}'),
      want: [
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      ],
    },
    {
      name: 'an explicit empty matchLabels is a non-nil map',
      minor: '1.33',
      yaml: rs('{matchLabels: {}}'),
      want: [
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      ],
    },
    {
      name: 'a bad operator stops the template checks (1.33)',
      minor: '1.33',
      yaml: rs('{matchExpressions: [{key: app, operator: Foo, values: [a]}]}'),
      want: [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Foo": not a valid selector operator',
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Foo", Values:[]string{"a"}}}}: invalid label selector',
      ],
    },
    {
      name: 'In needs values',
      yaml: rs('{matchExpressions: [{key: app, operator: In}]}'),
      want: [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"In"}]}: invalid label selector',
      ],
    },
    {
      name: 'Exists takes no values',
      yaml: rs('{matchExpressions: [{key: app, operator: Exists, values: [x]}]}'),
      want: [
        "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"Exists","values":["x"]}]}: invalid label selector',
      ],
    },
  ]);
});

describe('rules: Deployment spec', () => {
  const pod = (extra: string) => deployment('', extra);
  table([
    {
      name: 'negative replicas',
      yaml: deployment('  replicas: -1\n'),
      want: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    },
    {
      name: 'negative revisionHistoryLimit',
      yaml: deployment('  revisionHistoryLimit: -1\n'),
      want: ['spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0'],
    },
    {
      name: 'progressDeadlineSeconds must exceed minReadySeconds',
      yaml: deployment('  minReadySeconds: 10\n  progressDeadlineSeconds: 10\n'),
      want: [
        'spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds',
      ],
    },
    {
      name: 'the defaulted deadline (600) counts too',
      yaml: deployment('  minReadySeconds: 700\n'),
      want: [
        'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
      ],
    },
    {
      name: 'restartPolicy must be Always',
      yaml: pod('      restartPolicy: OnFailure\n'),
      want: [
        'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      ],
    },
    {
      name: 'an unknown restartPolicy fails twice',
      yaml: pod('      restartPolicy: Sometimes\n'),
      want: [
        'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
        'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always"',
      ],
    },
    {
      name: 'activeDeadlineSeconds is forbidden',
      yaml: pod('      activeDeadlineSeconds: 30\n'),
      want: [
        'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
      ],
    },
  ]);
});

describe('rules: Deployment strategy', () => {
  const strategy = (body: string) => deployment(`  strategy:\n${body}`);
  table([
    {
      name: 'Recreate with rollingUpdate',
      yaml: strategy('    type: Recreate\n    rollingUpdate: {}\n'),
      want: [
        "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
      ],
    },
    {
      name: 'a quoted "1" is a bad percent (1.35)',
      yaml: strategy('    rollingUpdate:\n      maxUnavailable: "1"\n'),
      want: [`spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "1": ${PERCENT}`],
    },
    {
      name: 'a quoted "1" is a bad percent (1.33)',
      minor: '1.33',
      yaml: strategy('    rollingUpdate:\n      maxUnavailable: "1"\n'),
      want: [
        `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"1"}: ${PERCENT}`,
      ],
    },
    {
      name: 'both zero (1.34)',
      minor: '1.34',
      yaml: strategy('    rollingUpdate:\n      maxSurge: 0%\n      maxUnavailable: 0\n'),
      want: [
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
      ],
    },
    {
      name: 'both zero (1.33)',
      minor: '1.33',
      yaml: strategy('    rollingUpdate:\n      maxSurge: 0%\n      maxUnavailable: 0\n'),
      want: [
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
      ],
    },
    {
      name: 'maxUnavailable over 100%',
      yaml: strategy('    rollingUpdate:\n      maxUnavailable: 150%\n      maxSurge: 150%\n'),
      want: [
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
      ],
    },
    {
      name: 'a negative maxSurge',
      yaml: strategy('    rollingUpdate:\n      maxSurge: -1\n'),
      want: [
        'spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0',
      ],
    },
    {
      name: 'an unknown type (1.35)',
      yaml: strategy('    type: Blue\n'),
      want: [
        'spec.strategy: Unsupported value: {"Type":"Blue","RollingUpdate":null}: supported values: "Recreate", "RollingUpdate"',
      ],
    },
    {
      name: 'an unknown type (1.33)',
      minor: '1.33',
      yaml: strategy('    type: Blue\n'),
      want: [
        'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"Blue", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
      ],
    },
    {
      name: 'the defaults (25%/25%) are valid',
      yaml: strategy('    type: RollingUpdate\n'),
      want: [],
    },
  ]);
});

describe('rules: DaemonSet', () => {
  const ds = (extra: string, selector = '  selector:\n    matchLabels: {app: agent}\n') =>
    `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n${selector}  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers: [{name: agent, image: busybox}]\n${extra}`;
  table([
    {
      name: 'both zero is required to change',
      yaml: ds('  updateStrategy:\n    rollingUpdate: {maxUnavailable: 0}\n'),
      want: [
        'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
      ],
    },
    {
      name: 'maxSurge next to the default maxUnavailable (1.35)',
      yaml: ds('  updateStrategy:\n    rollingUpdate: {maxSurge: 1}\n'),
      want: [
        'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero',
      ],
    },
    {
      name: 'maxSurge next to the default maxUnavailable (1.33)',
      minor: '1.33',
      yaml: ds('  updateStrategy:\n    rollingUpdate: {maxSurge: 1}\n'),
      want: [
        'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
      ],
    },
    {
      name: 'an empty selector',
      yaml: ds('', '  selector: {}\n'),
      want: ['spec.selector: Invalid value: {}: empty selector is invalid for daemonset'],
    },
    {
      name: 'a missing selector is only a mismatch',
      yaml: ds('', ''),
      want: [`spec.template.metadata.labels: Invalid value: {"app":"agent"}: ${MISMATCH}`],
    },
    {
      name: 'an unknown update strategy',
      yaml: ds('  updateStrategy: {type: Sometimes}\n'),
      want: [
        'spec.updateStrategy: Unsupported value: {"Type":"Sometimes","RollingUpdate":null}: supported values: "RollingUpdate", "OnDelete"',
      ],
    },
    {
      name: 'activeDeadlineSeconds names the kind',
      yaml: ds('').replace('busybox}]\n', 'busybox}]\n      activeDeadlineSeconds: 5\n'),
      want: [
        'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported',
      ],
    },
  ]);
});

describe('rules: StatefulSet', () => {
  const sts = (extra: string, podSpec = '      containers: [{name: db, image: postgres}]\n') =>
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n${podSpec}${extra}`;
  table([
    {
      name: 'podManagementPolicy values',
      yaml: sts('  podManagementPolicy: Fast\n'),
      want: [
        "spec.podManagementPolicy: Invalid value: \"Fast\": must be 'OrderedReady' or 'Parallel'",
      ],
    },
    {
      name: 'rollingUpdate with OnDelete (1.35)',
      yaml: sts('  updateStrategy:\n    type: OnDelete\n    rollingUpdate: {partition: 2}\n'),
      want: [
        'spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":2,"MaxUnavailable":null}: only allowed for updateStrategy \'RollingUpdate\'',
      ],
    },
    {
      name: 'rollingUpdate with OnDelete (1.33)',
      minor: '1.33',
      yaml: sts('  updateStrategy:\n    type: OnDelete\n    rollingUpdate: {partition: 2}\n'),
      want: [
        "spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:2, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'",
      ],
    },
    {
      name: 'a negative partition',
      yaml: sts('  updateStrategy:\n    rollingUpdate: {partition: -1}\n'),
      want: [
        'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
      ],
    },
    {
      name: 'maxUnavailable 0 (1.35, feature on)',
      yaml: sts('  updateStrategy:\n    rollingUpdate: {maxUnavailable: 0}\n'),
      want: ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0'],
    },
    {
      name: 'maxUnavailable is dropped while the feature is off',
      minor: '1.34',
      yaml: sts('  updateStrategy:\n    rollingUpdate: {maxUnavailable: 0}\n'),
      want: [],
    },
    { name: 'the pod spec is not validated', yaml: sts('', '      containers: []\n'), want: [] },
    {
      name: 'an empty selector',
      yaml: sts('').replace('matchLabels: {app: db}', 'matchLabels: {}'),
      want: ['spec.selector: Invalid value: {}: empty selector is invalid for statefulset'],
    },
    {
      name: 'a negative ordinals.start',
      yaml: sts('  ordinals: {start: -1}\n'),
      want: ['spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0'],
    },
  ]);
});

describe('rules: pod template', () => {
  const containers = (body: string) =>
    deployment().replace(
      '      containers:\n        - name: web\n          image: nginx:1.25\n',
      body,
    );
  table([
    {
      name: 'containers are required',
      yaml: containers(''),
      want: ['spec.template.spec.containers: Required value'],
    },
    {
      name: 'container names are DNS labels and unique; images are required',
      yaml: containers(
        '      containers:\n        - name: Web\n          image: a\n        - name: Web\n',
      ),
      want: [
        `spec.template.spec.containers[0].name: Invalid value: "Web": ${DNS_LABEL}`,
        `spec.template.spec.containers[1].name: Invalid value: "Web": ${DNS_LABEL}`,
        'spec.template.spec.containers[1].image: Required value',
        'spec.template.spec.containers[1].name: Duplicate value: "Web"',
      ],
    },
    {
      name: 'the 1.20 order checks the duplicate before the image',
      minor: '1.20',
      yaml: containers(
        '      containers:\n        - name: web\n          image: a\n        - name: web\n',
      ),
      want: [
        'spec.template.spec.containers[1].name: Duplicate value: "web"',
        'spec.template.spec.containers[1].image: Required value',
      ],
    },
    {
      name: 'port numbers and names',
      yaml: containers(
        '      containers:\n        - name: web\n          image: a\n          ports:\n            - {name: http-web-server-1, containerPort: 70000}\n            - {name: "9090", containerPort: 9090}\n            - {name: metrics, containerPort: 1}\n            - {name: metrics, containerPort: 2}\n',
      ),
      want: [
        'spec.template.spec.containers[0].ports[0].name: Invalid value: "http-web-server-1": must be no more than 15 characters',
        'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
        'spec.template.spec.containers[0].ports[1].name: Invalid value: "9090": must contain at least one letter (a-z)',
        'spec.template.spec.containers[0].ports[3].name: Duplicate value: "metrics"',
      ],
    },
    {
      name: 'a volume mount needs a volume',
      yaml: containers(
        '      containers:\n        - name: web\n          image: a\n          volumeMounts: [{name: data, mountPath: /data}]\n',
      ),
      want: ['spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    },
    {
      name: 'probe ports: a quoted number is a bad name',
      yaml: containers(
        '      containers:\n        - name: web\n          image: a\n          livenessProbe:\n            httpGet: {port: "8080"}\n          readinessProbe: {periodSeconds: 5}\n',
      ),
      want: [
        'spec.template.spec.containers[0].livenessProbe.httpGet.port: Invalid value: "8080": must contain at least one letter (a-z)',
        'spec.template.spec.containers[0].readinessProbe: Required value: must specify a handler type',
      ],
    },
  ]);

  const resources = (body: string) =>
    deployment('', '').replace(
      '          image: nginx:1.25\n',
      `          image: nginx:1.25\n          resources:\n${body}`,
    );
  table([
    {
      name: 'requests above limits are compared by value (1Gi > 1G)',
      yaml: resources('            requests: {memory: 1Gi}\n            limits: {memory: 1G}\n'),
      want: [
        'spec.template.spec.containers[0].resources.requests: Invalid value: "1Gi": must be less than or equal to memory limit of 1G',
      ],
    },
    {
      name: 'older servers did not name the limit',
      minor: '1.28',
      yaml: resources('            requests: {memory: 1Gi}\n            limits: {memory: 1G}\n'),
      want: [
        'spec.template.spec.containers[0].resources.requests: Invalid value: "1Gi": must be less than or equal to memory limit',
      ],
    },
    {
      name: 'equal values in different units are fine',
      yaml: resources(
        '            requests: {cpu: 500m, memory: 1024Mi}\n            limits: {cpu: 0.5, memory: 1Gi}\n',
      ),
      want: [],
    },
    {
      name: 'the canonical form is shown for a non-canonical request',
      yaml: resources('            requests: {cpu: 0.5}\n            limits: {cpu: 400m}\n'),
      want: [
        'spec.template.spec.containers[0].resources.requests: Invalid value: "500m": must be less than or equal to cpu limit of 400m',
      ],
    },
    {
      name: 'extended resources need a limit',
      yaml: resources('            requests: {nvidia.com/gpu: 1}\n'),
      want: [
        'spec.template.spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
      ],
    },
    {
      name: 'a misspelt resource name',
      yaml: resources('            limits: {memroy: 1Gi}\n'),
      want: [
        'spec.template.spec.containers[0].resources.limits[memroy]: Invalid value: "memroy": must be a standard resource type or fully qualified',
        'spec.template.spec.containers[0].resources.limits[memroy]: Invalid value: "memroy": must be a standard resource for containers',
      ],
    },
  ]);
});

describe('rules: core kinds', () => {
  const rc = (spec: string) =>
    `apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rc\nspec:\n${spec}`;
  const svc = (ports: string) =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: demo\nspec:\n  selector: {app: demo}\n  ports:\n${ports}`;
  table([
    {
      name: 'an RC selector defaults to the template labels',
      yaml: rc(
        '  template:\n    metadata:\n      labels: {app: x}\n    spec:\n      containers: [{name: c, image: i}]\n',
      ),
      want: [],
    },
    {
      name: 'an RC with neither selector nor labels',
      yaml: rc('  template:\n    spec:\n      containers: [{name: c, image: i}]\n'),
      want: ['spec.selector: Required value'],
    },
    {
      name: 'a quoted targetPort is a port name',
      yaml: svc('    - {port: 9090, targetPort: "9090"}\n'),
      want: [
        'spec.ports[0].targetPort: Invalid value: "9090": must contain at least one letter (a-z)',
      ],
    },
    {
      name: 'older servers worded the letter rule differently',
      minor: '1.20',
      yaml: svc('    - {port: 9090, targetPort: "9090"}\n'),
      want: [
        'spec.ports[0].targetPort: Invalid value: "9090": must contain at least one letter or number (a-z, 0-9)',
      ],
    },
    {
      name: 'several ports need names',
      yaml: svc('    - {name: web, port: 80}\n    - {port: 81}\n'),
      want: ['spec.ports[1].name: Required value'],
    },
    {
      name: 'a port number is required',
      yaml: svc('    - {name: web, targetPort: 80}\n'),
      want: ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
    },
    {
      name: 'targetPort 0 defaults to the port',
      yaml: svc('    - {port: 80, targetPort: 0}\n'),
      want: [],
    },
    {
      name: 'ConfigMap keys',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  bad key: x\n  "..": y\n  ok.key: z\n',
      want: [
        'data[..]: Invalid value: "..": must not be \'..\'',
        "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ],
    },
    {
      name: 'a Pod may use any restartPolicy',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Never\n  containers: [{name: c, image: i}]\n',
      want: [],
    },
  ]);
});

describe('rules: updates', () => {
  const b09old = deployment();
  const b09new = deployment()
    .replace('      app: web\n  template', '      app: web\n      tier: a\n  template')
    .replace('        app: web\n    spec', '        app: web\n        tier: a\n    spec');
  it('the selector is immutable, shown per minor', () => {
    assert.deepEqual(lines(b09new, '1.33', b09old), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"a"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    assert.deepEqual(lines(b09new, '1.34', b09old), [
      'spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"a"}}: field is immutable',
    ]);
    assert.deepEqual(lines(b09new, '1.34'), []);
  });

  it('adding a template label alone is allowed', () => {
    assert.deepEqual(
      lines(
        deployment().replace(
          '        app: web\n    spec',
          '        app: web\n        v: "2"\n    spec',
        ),
        '1.35',
        b09old,
      ),
      [],
    );
  });

  const sts = (extra: string) =>
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db${extra}\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n`;
  it('a StatefulSet may change only some fields, the list depending on the minor', () => {
    const renamed = sts('').replace('serviceName: db', 'serviceName: db2');
    const lead = 'spec: Forbidden: updates to statefulset spec for fields other than';
    assert.deepEqual(lines(renamed, '1.35', sts('')), [
      `${lead} 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden`,
    ]);
    assert.deepEqual(lines(renamed, '1.26', sts('')), [
      `${lead} 'replicas', 'template', 'updateStrategy' and 'minReadySeconds' are forbidden`,
    ]);
    assert.deepEqual(lines(renamed, '1.20', sts('')), [
      `${lead} 'replicas', 'template', and 'updateStrategy' are forbidden`,
    ]);
    assert.deepEqual(
      lines(sts('\n  replicas: 5\n  podManagementPolicy: OrderedReady'), '1.35', sts('')),
      [],
    );
  });
});

describe('rules: messages kubectl prints', () => {
  it('one cause on the header line, several as a list (deduplicated)', () => {
    const e = (text: string) => ({ path: [], text });
    assert.equal(
      invalidMessage('Deployment', 'api', [e('spec.selector: Required value')], '1.35'),
      'The Deployment "api" is invalid: spec.selector: Required value',
    );
    assert.equal(
      invalidMessage('Deployment', 'api', [e('a: x'), e('b: y'), e('a: x')], '1.35'),
      'The Deployment "api" is invalid: \n* a: x\n* b: y',
    );
    assert.equal(
      serverInvalidMessage('Deployment', 'apps', 'api', [e('a: x'), e('b: y')]),
      'Deployment.apps "api" is invalid: [a: x, b: y]',
    );
    assert.equal(
      serverInvalidMessage('Service', '', 'demo', [e('a: x')]),
      'Service "demo" is invalid: a: x',
    );
  });
});

describe('rules: hostile and mistyped input', () => {
  it('leaves wrongly typed fields to the schema checker', () => {
    // YAML 1.1 reads 1.0 as a number: the API server would fail to decode it, not mismatch it.
    const yaml = deployment()
      .replace('        app: web\n    spec', '        app: web\n        version: 1.0\n    spec')
      .replace('      app: web\n  template', '      app: web\n      version: "1.0"\n  template');
    assert.deepEqual(lines(yaml), []);
    assert.deepEqual(lines(deployment('  replicas: "3"\n')), []);
  });

  it('never throws on values of the wrong shape', () => {
    const odd: unknown[] = [null, 1, 'x', [], { apiVersion: 'apps/v1', kind: 'Deployment' }];
    const fields = [
      'metadata',
      'spec',
      'selector',
      'template',
      'containers',
      'strategy',
      'labels',
      'ports',
      'resources',
    ];
    for (const v of [[], 'x', 7, true, { a: 1 }, [1, 'a', null]]) {
      for (const f of fields) {
        odd.push({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'x' },
          spec: { [f]: v, template: { spec: { [f]: v, containers: [{ name: 'c', [f]: v }] } } },
        });
        odd.push({
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: { name: 'x', [f]: v },
          spec: { [f]: v },
        });
        odd.push({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'x' },
          spec: { [f]: v, ports: [v] },
        });
      }
    }
    for (const o of odd)
      for (const m of ['1.20', '1.33', '1.35'] as const)
        assert.doesNotThrow(() => validateObject(o, m, o));
  });
});

describe('rules: documentation', () => {
  it('documents every code the rules and the cross-document checks report', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'problems.md'), 'utf8');
    const missing = [...RULE_CODES, ...CROSS_CODES].filter(
      (code) => !doc.includes(`### \`${code}\``),
    );
    assert.deepEqual(missing, []);
  });
});
