import { strict as assert } from 'node:assert';
import type { Minor } from '../../server/src/core/api/versions';
import type { KubeObject, Outcome } from '../../server/src/core/cluster/api';
import { Cluster } from '../../server/src/core/cluster/index';
import {
  runScenario,
  type KubectlCluster,
  type LineResult,
} from '../../server/src/core/kubectl/index';
import { applyPatch } from '../../server/src/core/kubectl/patchApply';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: 'nginx:1.25', ports: [{containerPort: 80}]}]
`;

const FILES: Record<string, string> = {
  '/w/web.yaml': WEB,
  '/w/replicas.yaml': 'spec:\n  replicas: 4\n',
  '/w/ds.yaml':
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n' +
    '  template:\n    metadata: {labels: {app: agent}}\n    spec: {containers: [{name: a, image: busybox}]}\n',
  '/w/idle.yaml':
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: idle}\nspec:\n  selector: {matchLabels: {app: idle}}\n' +
    '  template:\n    metadata: {labels: {app: idle}}\n    spec: {nodeSelector: {none: x}, containers: [{name: a, image: busybox}]}\n',
  '/w/rs.yaml':
    'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: bare}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: bare}}\n' +
    '  template:\n    metadata: {labels: {app: bare}}\n    spec: {containers: [{name: a, image: busybox}]}\n',
};

/** The cluster as a kubectl layer sees one that cannot replace a whole object. */
function withoutUpdate(cluster: Cluster): KubectlCluster {
  return new Proxy(cluster, {
    get(target, prop) {
      if (prop === 'update') return undefined;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as KubectlCluster;
}

function run(script: string, minor: Minor = '1.35', update = true): LineResult[] {
  const cluster = new Cluster({ minor });
  return runScenario(script, {
    cluster: update ? cluster : withoutUpdate(cluster),
    cwd: '/w',
    readFile: (p) => FILES[p],
    listDir: () => undefined,
  });
}

/**
 * The transcript as `kubeplan plan` prints it (output without a final newline gets one). Pod
 * suffixes and timestamps vary with the simulation's seed and clock, not with kubectl.
 */
function transcript(results: LineResult[]): string {
  return results
    .map((r) => {
      const text = r.output.map((c) => c.text).join('');
      const out = (text === '' || text.endsWith('\n') ? text : text + '\n')
        .replace(/(pod\/[a-z]+-)[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '$1<sfx>')
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>');
      const notes = r.notes
        .filter((n) => !n.startsWith('mid-rollout'))
        .map((n) => `# ${n}\n`)
        .join('');
      return `$ ${r.command}\n${out}${notes}`;
    })
    .join('');
}

/** A script and the exact transcript kubectl prints for it. */
function check(name: string, script: string[], expected: string[], minor: Minor = '1.35'): void {
  it(name, () => assert.equal(transcript(run(script.join('\n'), minor)), expected.join('\n') + '\n'));
}

describe('kubectl annotate', () => {
  check(
    'sets, refuses to overwrite, overwrites, removes; always prints annotated',
    [
      'kubectl apply -f web.yaml',
      'kubectl annotate deploy web team=blue note="a=b c"',
      'kubectl annotate deploy web team=red',
      'kubectl annotate deploy web team=blue',
      'kubectl annotate deploy web team=red --overwrite',
      'kubectl annotate deploy/web team- missing-',
      "kubectl get deploy web -o jsonpath='{.metadata.annotations.note}|{.metadata.annotations.team}'",
    ],
    [
      '$ kubectl apply -f web.yaml',
      'deployment.apps/web created',
      '$ kubectl annotate deploy web team=blue note="a=b c"',
      'deployment.apps/web annotated',
      '$ kubectl annotate deploy web team=red',
      "error: --overwrite is false but found the following declared annotation(s): 'team' already has a value (blue)",
      '$ kubectl annotate deploy web team=blue',
      "error: --overwrite is false but found the following declared annotation(s): 'team' already has a value (blue)",
      '$ kubectl annotate deploy web team=red --overwrite',
      'deployment.apps/web annotated',
      '$ kubectl annotate deploy/web team- missing-',
      'deployment.apps/web annotated',
      "$ kubectl get deploy web -o jsonpath='{.metadata.annotations.note}|{.metadata.annotations.team}'",
      'a=b c|',
    ],
  );

  check(
    'the change cause can be overwritten without --overwrite and shows in the rollout history',
    [
      'kubectl apply -f web.yaml',
      'kubectl annotate deployment web kubernetes.io/change-cause="first release"',
      'kubectl set image deployment/web web=nginx:1.26',
      'kubectl annotate deployment web kubernetes.io/change-cause="move to 1.26"',
      'kubectl rollout history deployment/web',
    ],
    [
      '$ kubectl apply -f web.yaml',
      'deployment.apps/web created',
      '$ kubectl annotate deployment web kubernetes.io/change-cause="first release"',
      'deployment.apps/web annotated',
      '$ kubectl set image deployment/web web=nginx:1.26',
      'deployment.apps/web image updated',
      '$ kubectl annotate deployment web kubernetes.io/change-cause="move to 1.26"',
      'deployment.apps/web annotated',
      '$ kubectl rollout history deployment/web',
      'deployment.apps/web ',
      'REVISION  CHANGE-CAUSE',
      '1         first release',
      '2         move to 1.26',
      '',
    ],
  );

  check(
    'every pod a selector picks, and the argument errors in kubectl order',
    [
      'kubectl apply -f rs.yaml',
      'kubectl annotate pods -l app=bare owner=ops',
      'kubectl annotate deploy web',
      'kubectl annotate a=b',
      'kubectl annotate deploy web a=b c',
      'kubectl annotate deploy web a=b a-',
      'kubectl annotate deploy nope a=b',
      'kubectl annotate deploy --all -l app=x a=b',
    ],
    [
      '$ kubectl apply -f rs.yaml',
      'replicaset.apps/bare created',
      '$ kubectl annotate pods -l app=bare owner=ops',
      /* the pod name is filled in below */ 'POD annotated',
      '$ kubectl annotate deploy web',
      'error: at least one annotation update is required',
      '$ kubectl annotate a=b',
      'error: one or more resources must be specified as <resource> <name> or <resource>/<name>',
      '$ kubectl annotate deploy web a=b c',
      'error: all resources must be specified before annotation changes: c',
      '$ kubectl annotate deploy web a=b a-',
      'error: can not both modify and remove the following annotation(s) in the same command: a',
      '$ kubectl annotate deploy nope a=b',
      'Error from server (NotFound): deployments.apps "nope" not found',
      '$ kubectl annotate deploy --all -l app=x a=b',
      'error: cannot set --all and --selector at the same time',
    ].map((l) => l.replace('POD', 'pod/bare-<sfx>')),
  );

  it('is not simulated by a cluster that cannot store a whole object', () => {
    const [, r] = run('kubectl apply -f web.yaml\nkubectl annotate deploy web a=b', '1.35', false);
    assert.equal(r.kind, 'not-simulated');
    assert.deepEqual(r.output, []);
    assert.deepEqual(r.notes, ['not simulated: kubectl annotate is not simulated by this cluster']);
  });
});

describe('kubectl patch', () => {
  check(
    'strategic merge: fields merge, containers merge by name, no change is reported',
    [
      'kubectl apply -f web.yaml',
      `kubectl patch deploy web -p '{"spec":{"replicas":3}}'`,
      `kubectl patch deploy web -p '{"spec":{"replicas":3}}'`,
      `kubectl patch deployment/web -p '{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"busybox"}]}}}}'`,
      "kubectl get deploy web -o jsonpath='{.spec.replicas} {.spec.template.spec.containers[*].name}'",
      `kubectl patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}}}'`,
      "kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[*].name}'",
      'kubectl patch deploy web --patch-file replicas.yaml',
      'kubectl patch deploy web -p "spec: {replicas: 1}"',
      "kubectl get deploy web -o jsonpath='{.status.readyReplicas}'",
    ],
    [
      '$ kubectl apply -f web.yaml',
      'deployment.apps/web created',
      `$ kubectl patch deploy web -p '{"spec":{"replicas":3}}'`,
      'deployment.apps/web patched',
      `$ kubectl patch deploy web -p '{"spec":{"replicas":3}}'`,
      'deployment.apps/web patched (no change)',
      `$ kubectl patch deployment/web -p '{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"busybox"}]}}}}'`,
      'deployment.apps/web patched',
      "$ kubectl get deploy web -o jsonpath='{.spec.replicas} {.spec.template.spec.containers[*].name}'",
      '3 web side',
      `$ kubectl patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}}}'`,
      'deployment.apps/web patched',
      "$ kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[*].name}'",
      'web',
      '$ kubectl patch deploy web --patch-file replicas.yaml',
      'deployment.apps/web patched',
      '$ kubectl patch deploy web -p "spec: {replicas: 1}"',
      'deployment.apps/web patched',
      "$ kubectl get deploy web -o jsonpath='{.status.readyReplicas}'",
      '1',
    ],
  );

  check(
    'merge and JSON patches',
    [
      'kubectl apply -f web.yaml',
      `kubectl patch deploy web --type=merge -p '{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"busybox"}]}}}}'`,
      "kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[*].name}'",
      `kubectl patch deploy web --type json -p '[{"op":"replace","path":"/spec/replicas","value":5},{"op":"add","path":"/metadata/labels","value":{"tier":"front"}}]'`,
      "kubectl get deploy web -o jsonpath='{.spec.replicas} {.metadata.labels}'",
      `kubectl patch deploy web --type=json -p '{"spec":{}}'`,
      `kubectl patch deploy web --type=json -p '[{"op":"remove","path":"/spec/nothing"}]'`,
      `kubectl patch deploy web --type=Merge -p '{"metadata":{"labels":null}}'`,
    ],
    [
      '$ kubectl apply -f web.yaml',
      'deployment.apps/web created',
      `$ kubectl patch deploy web --type=merge -p '{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"busybox"}]}}}}'`,
      'deployment.apps/web patched',
      "$ kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[*].name}'",
      'only',
      `$ kubectl patch deploy web --type json -p '[{"op":"replace","path":"/spec/replicas","value":5},{"op":"add","path":"/metadata/labels","value":{"tier":"front"}}]'`,
      'deployment.apps/web patched',
      "$ kubectl get deploy web -o jsonpath='{.spec.replicas} {.metadata.labels}'",
      '5 {"tier":"front"}',
      `$ kubectl patch deploy web --type=json -p '{"spec":{}}'`,
      'Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch',
      `$ kubectl patch deploy web --type=json -p '[{"op":"remove","path":"/spec/nothing"}]'`,
      '# not simulated: kubectl patch with a JSON patch operation that does not apply',
      `$ kubectl patch deploy web --type=Merge -p '{"metadata":{"labels":null}}'`,
      'deployment.apps/web patched',
    ],
  );

  check(
    "the server's errors",
    [
      'kubectl apply -f web.yaml',
      `kubectl patch deploy web -p '[1]'`,
      `kubectl patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"image":"busybox"}]}}}}'`,
      `kubectl patch deploy web -p '{"spec":{"replicas":-1}}'`,
      `kubectl patch deploy web -p '{"metadata":{"name":"other"}}'`,
      `kubectl patch deploy nope -p '{}'`,
    ],
    [
      '$ kubectl apply -f web.yaml',
      'deployment.apps/web created',
      `$ kubectl patch deploy web -p '[1]'`,
      'Error from server (BadRequest): json: cannot unmarshal array into Go value of type map[string]interface {}',
      `$ kubectl patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"image":"busybox"}]}}}}'`,
      'Error from server: map: map[image:busybox] does not contain declared merge key: name',
      `$ kubectl patch deploy web -p '{"spec":{"replicas":-1}}'`,
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      `$ kubectl patch deploy web -p '{"metadata":{"name":"other"}}'`,
      'Error from server (BadRequest): the name of the object (other) does not match the name on the URL (web)',
      `$ kubectl patch deploy nope -p '{}'`,
      'Error from server (NotFound): deployments.apps "nope" not found',
    ],
  );

  check(
    "kubectl's own errors",
    [
      'kubectl patch deploy web',
      `kubectl patch deploy web -p '{}' --patch-file replicas.yaml`,
      `kubectl patch deploy web -p '{}' --type=apply`,
      'kubectl patch deploy web --patch-file missing.yaml',
      `kubectl patch -p '{}'`,
      `kubectl patch deploy web -p '{"spec":'`,
    ],
    [
      '$ kubectl patch deploy web',
      'error: must specify --patch or --patch-file containing the contents of the patch',
      `$ kubectl patch deploy web -p '{}' --patch-file replicas.yaml`,
      'error: cannot specify --patch and --patch-file together',
      `$ kubectl patch deploy web -p '{}' --type=apply`,
      'error: --type must be one of [json merge strategic], not "apply"',
      '$ kubectl patch deploy web --patch-file missing.yaml',
      'error: unable to read patch file: open missing.yaml: no such file or directory',
      `$ kubectl patch -p '{}'`,
      'error: You must provide one or more resources by argument or filename.',
      'Example resource specifications include:',
      "   '-f rsrc.yaml'",
      "   '--filename=rsrc.json'",
      "   '<resource> <name>'",
      "   '<resource>'",
      `$ kubectl patch deploy web -p '{"spec":'`,
      '# not simulated: a patch that is not valid JSON',
    ],
  );

  const UNKNOWN = `kubectl patch deploy web -p '{"spec":{"replica":3}}'`;

  check(
    'unknown fields are dropped with a warning from 1.26 (the server warns by default)',
    ['kubectl apply -f web.yaml', UNKNOWN],
    ['$ kubectl apply -f web.yaml', 'deployment.apps/web created', `$ ${UNKNOWN}`, 'Warning: unknown field "spec.replica"', 'deployment.apps/web patched (no change)'],
  );

  check(
    'unknown fields are dropped silently in 1.20',
    ['kubectl apply -f web.yaml', UNKNOWN],
    ['$ kubectl apply -f web.yaml', 'deployment.apps/web created', `$ ${UNKNOWN}`, 'deployment.apps/web patched (no change)'],
    '1.20',
  );

  it('is not simulated by a cluster that cannot store a whole object', () => {
    const [, r] = run(`kubectl apply -f web.yaml\nkubectl patch deploy web -p '{}'`, '1.35', false);
    assert.deepEqual([r.kind, r.output, r.notes], [
      'not-simulated',
      [],
      ['not simulated: kubectl patch is not simulated by this cluster'],
    ]);
  });
});

describe('applying patches', () => {
  const live = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', finalizers: ['a'] },
    spec: {
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
      template: {
        spec: {
          containers: [
            { name: 'a', image: 'x', ports: [{ containerPort: 80 }, { containerPort: 81 }] },
            { name: 'b', image: 'y' },
          ],
        },
      },
    },
  };
  const containers = (v: any) => v.spec.template.spec.containers;
  const cases: Array<[string, unknown, (value: any) => unknown, unknown]> = [
    [
      'ports merge by containerPort inside a container merged by name',
      { spec: { template: { spec: { containers: [{ name: 'a', ports: [{ containerPort: 81, name: 'http' }] }] } } } },
      (v) => containers(v)[0].ports,
      [{ containerPort: 80 }, { containerPort: 81, name: 'http' }],
    ],
    [
      '$patch: replace on a list keeps only the other items',
      { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'c', image: 'z' }] } } } },
      (v) => containers(v),
      [{ name: 'c', image: 'z' }],
    ],
    [
      '$retainKeys drops the fields it does not list',
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      (v) => v.spec.strategy,
      { type: 'Recreate' },
    ],
    [
      '$setElementOrder puts the listed items in its order',
      { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } } } },
      (v) => containers(v).map((c: any) => c.name),
      ['b', 'a'],
    ],
    [
      '$deleteFromPrimitiveList removes the values',
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
      (v) => v.metadata.finalizers,
      [],
    ],
    [
      '$patch: delete on a map removes it',
      { spec: { strategy: { $patch: 'delete' } } },
      (v) => 'strategy' in v.spec,
      false,
    ],
  ];
  for (const [name, patch, pick, expected] of cases) {
    it(name, () => {
      const result = applyPatch('Deployment', live, patch, 'strategic');
      assert.ok(result.ok);
      assert.deepEqual(pick(result.value), expected);
    });
  }

  it('leaves the live object as it was', () => {
    const before = JSON.stringify(live);
    applyPatch('Deployment', live, { spec: { template: { spec: { containers: [{ name: 'a', image: 'q' }] } } } }, 'strategic');
    applyPatch('Deployment', live, [{ op: 'remove', path: '/spec/strategy' }], 'json');
    applyPatch('Deployment', live, { spec: { strategy: null } }, 'merge');
    assert.equal(JSON.stringify(live), before);
  });
});

describe('kubectl rollout restart', () => {
  check(
    'stamps the template, refuses a paused Deployment, a kind that has no pods to restart, and a second restart in the same second',
    [
      'kubectl apply -f web.yaml -f ds.yaml -f rs.yaml',
      'kubectl rollout restart deploy/web daemonset/agent',
      "kubectl get deploy web -o jsonpath='{.spec.template.metadata.annotations}'",
      'kubectl rollout restart rs/bare',
      'kubectl rollout pause deploy/web',
      'kubectl rollout restart deploy/web',
      'kubectl rollout resume deploy/web && kubectl rollout restart deploy/web',
      'kubectl apply -f idle.yaml',
      'kubectl rollout restart ds/idle && kubectl rollout restart ds/idle',
    ],
    [
      '$ kubectl apply -f web.yaml -f ds.yaml -f rs.yaml',
      'deployment.apps/web created',
      'daemonset.apps/agent created',
      'replicaset.apps/bare created',
      '$ kubectl rollout restart deploy/web daemonset/agent',
      'deployment.apps/web restarted',
      'daemonset.apps/agent restarted',
      "$ kubectl get deploy web -o jsonpath='{.spec.template.metadata.annotations}'",
      '{"kubectl.kubernetes.io/restartedAt":"<time>"}',
      '$ kubectl rollout restart rs/bare',
      'error: replicasets.apps "bare" restarting is not supported',
      '$ kubectl rollout pause deploy/web',
      'deployment.apps/web paused',
      '$ kubectl rollout restart deploy/web',
      `error: deployments.apps "web" can't restart paused deployment (run rollout resume first)`,
      '$ kubectl rollout resume deploy/web && kubectl rollout restart deploy/web',
      'deployment.apps/web resumed',
      'deployment.apps/web restarted',
      '$ kubectl apply -f idle.yaml',
      'daemonset.apps/idle created',
      // No node matches, so no pod is replaced and no time passes before the second restart.
      '$ kubectl rollout restart ds/idle && kubectl rollout restart ds/idle',
      'daemonset.apps/idle restarted',
      'error: failed to create patch for idle: if restart has already been triggered within the past second, please wait before attempting to trigger another',
    ],
  );
});
