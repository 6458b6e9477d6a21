import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { formatObjects, PLAN_HELP, parsePlanArgs, planCommand, type PlanIO } from '../../server/src/cli/plan';

const FIXTURES = path.resolve(__dirname, '../fixtures/scenarios');

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function plan(args: string[], cwd: string, extra: Partial<PlanIO> = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: PlanIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => '',
    cwd,
    ...extra,
  };
  const code = await planCommand(args, io);
  return { code, stdout, stderr };
}

/**
 * Template hashes depend on the hashing of the pod template, not on kubectl: they become
 * `web-<hash>` followed by one space (their padding varies with their length). The rest of the
 * transcript is exact.
 */
function normalize(text: string): string {
  return text
    .replace(/web-[4-9bcdf]{6,10} */g, 'web-<hash> ')
    .replace(/^NAME +REVISION/m, 'NAME REVISION')
    .replace(/over \d+s of simulated time/g, 'over Ns of simulated time');
}

describe('kubeplan plan: arguments', () => {
  const cases: Array<[string[], ReturnType<typeof parsePlanArgs>]> = [
    [['--help'], 'help'],
    [[], { error: 'no scenario given: kubeplan plan <scenario file | ->' }],
    [['x.sh', '--frob'], { error: 'unknown flag: --frob' }],
    [
      ['x.sh', '--kubernetes-version', '1.19'],
      {
        error: `unsupported --kubernetes-version "1.19": use one of 1.20, 1.26, 1.27, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35`,
      },
    ],
    [['x.sh', '--seed', 'abc'], { error: '--seed needs a non-negative integer, got "abc"' }],
    [['x.sh', '--format=xml'], { error: 'unknown --format "xml": use text or json' }],
    [['x.sh', '-C'], { error: "flag needs an argument: 'C' in -C" }],
    [['x.sh', '--kubernetes-version'], { error: 'flag needs an argument: --kubernetes-version' }],
    [['--seed', '--steps', 'x.sh'], { error: '--seed needs a non-negative integer, got "--steps"' }],
    [['x.sh', '--nodes'], { error: 'flag needs an argument: --nodes' }],
    [['x.sh', '--format'], { error: 'flag needs an argument: --format' }],
    [['x.sh', '--kubernetes-version='], { error: `unsupported --kubernetes-version "": use one of 1.20, 1.26, 1.27, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35` }],
    [
      [
        'a.sh',
        '-',
        '-C',
        'dir',
        '--nodes=n.yaml',
        '--kubernetes-version=v1.33.2',
        '--seed',
        '7',
        '--steps',
        '--objects',
        '--format',
        'json',
      ],
      {
        scenarios: ['a.sh', '-'],
        dir: 'dir',
        nodes: 'n.yaml',
        minor: '1.33',
        seed: 7,
        steps: true,
        objects: true,
        format: 'json',
      },
    ],
  ];
  for (const [args, expected] of cases)
    it(args.join(' ') || '(none)', () => assert.deepEqual(parsePlanArgs(args), expected));

  it('prints its help, which says where relative -f paths start', async () => {
    const r = await plan(['-h'], FIXTURES);
    assert.deepEqual(r, { code: 0, stdout: PLAN_HELP, stderr: '' });
    assert.match(
      PLAN_HELP,
      /-C, --dir <dir> +Directory relative -f paths start from\. Default: the current\n +directory/,
    );
  });

  it('exits 2 on bad usage and on an unreadable scenario or nodes file', async () => {
    assert.deepEqual(await plan(['--frob'], FIXTURES), {
      code: 2,
      stdout: '',
      stderr: "error: unknown flag: --frob\nSee 'kubeplan plan --help'.\n",
    });
    assert.deepEqual(await plan(['rollout/rollout.sh', '--kubernetes-version'], FIXTURES), {
      code: 2,
      stdout: '',
      stderr: "error: flag needs an argument: --kubernetes-version\nSee 'kubeplan plan --help'.\n",
    });
    assert.deepEqual(await plan(['missing.sh'], FIXTURES), {
      code: 2,
      stdout: '',
      stderr: 'error: cannot read the scenario "missing.sh"\n',
    });
    const nodes = await plan(['daemon/daemon.sh', '--nodes', 'rollout/web.yaml'], FIXTURES);
    assert.equal(nodes.code, 2);
    assert.match(nodes.stderr, /^error: .*rollout\/web\.yaml: document 1 is not a Node\n$/);
  });
});

describe('kubeplan plan: transcripts', () => {
  it('prints each line after $ with kubectl output and notes; relative paths start at the current directory', async () => {
    const r = await plan(['rollout.sh'], path.join(FIXTURES, 'rollout'));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      normalize(r.stdout),
      `# a Deployment, an image update, and a rollback
$ kubectl apply -f .
service/web created
deployment.apps/web created
$ kubectl get deploy web
NAME   READY   UP-TO-DATE   AVAILABLE   AGE
web    2/2     2            2           2s
$ kubectl set image deployment/web web=nginx:1.26
deployment.apps/web image updated
# mid-rollout: pods were replaced over Ns of simulated time; a command typed sooner sees old and new pods side by side
$ kubectl rollout history deploy/web
deployment.apps/web 
REVISION  CHANGE-CAUSE
1         <none>
2         <none>

$ kubectl rollout undo deploy/web
deployment.apps/web rolled back
# mid-rollout: pods were replaced over Ns of simulated time; a command typed sooner sees old and new pods side by side
$ kubectl get rs -l app=web -o custom-columns=NAME:.metadata.name,REVISION:'{.metadata.annotations.deployment\\.kubernetes\\.io/revision}',DESIRED:.spec.replicas
NAME REVISION   DESIRED
web-<hash> 3          2
web-<hash> 2          0
$ curl http://localhost:8080/
# not simulated: curl needs a network
$ kubectl delete -f service.yaml
service "web" deleted from default namespace
`,
    );
  });

  it('with -C the files are found from another directory; without it they are not', async () => {
    const scenario = path.join('rollout', 'rollout.sh');
    const found = await plan([scenario, '-C', 'rollout'], FIXTURES);
    assert.equal(found.code, 0);
    const lost = await plan([scenario], FIXTURES);
    assert.equal(lost.code, 1);
    assert.match(lost.stdout, /\$ kubectl apply -f \.\nerror: no objects passed to apply\n/);
    assert.match(
      lost.stdout,
      /\$ kubectl delete -f service\.yaml\nerror: the path "service\.yaml" does not exist\n/,
    );
  });

  it('uses the nodes file and the chosen minor (no namespace on delete lines before 1.34)', async () => {
    const r = await plan(
      ['--nodes', 'nodes.yaml', 'daemon.sh', '--kubernetes-version', '1.33'],
      path.join(FIXTURES, 'daemon'),
    );
    assert.equal(r.code, 0, r.stdout);
    assert.equal(
      r.stdout,
      `$ kubectl apply -f agent.yaml
daemonset.apps/agent created
$ kubectl get nodes -L disk
NAME       STATUS   ROLES    AGE   VERSION   DISK
worker-a   Ready    <none>   2s    v1.33.0   ssd
worker-b   Ready    <none>   2s    v1.33.0   
$ kubectl get ds agent
NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
agent   1         1         1       1            1           disk=ssd        2s
$ kubectl label node worker-b disk=ssd
node/worker-b labeled
$ kubectl get ds agent
NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
agent   2         2         2       2            2           disk=ssd        4s
$ kubectl get pods -o custom-columns=NODE:.spec.nodeName --sort-by=.spec.nodeName
# not simulated: kubectl get --sort-by is not simulated
$ kubectl delete ds agent
daemonset.apps "agent" deleted
`,
    );
  });

  it("--steps prints the controllers' syncs with their writes and events under each line", async () => {
    const r = await plan(['--steps', '-'], FIXTURES, {
      readStdin: async () => 'kubectl apply -f rollout/service.yaml\nkubectl get svc web -o name\n',
    });
    assert.equal(r.code, 0);
    assert.match(
      r.stdout,
      /^\$ kubectl apply -f rollout\/service\.yaml\nservice\/web created\n {4}\[00:00:00\] endpoint-controller: Endpoints default\/web\n {8}create Endpoints default\/web/,
    );
    assert.match(r.stdout, /\$ kubectl get svc web -o name\nservice\/web\n$/);
  });

  it('reads standard input once when - is given twice', async () => {
    let reads = 0;
    const r = await plan(['-', '-'], FIXTURES, {
      readStdin: async () => {
        reads++;
        return 'kubectl get svc web -o name\n';
      },
    });
    assert.equal(reads, 1);
    assert.equal(r.stdout.split('$ kubectl get svc web -o name').length, 3);
  });

  it('--format json keeps stdout and stderr apart, with steps, notes and exit codes', async () => {
    const r = await plan(['--format', 'json', '-'], FIXTURES, {
      readStdin: async () => '# c\nkubectl get pods\nkubectl get deploy nope\ncurl x\n',
    });
    assert.equal(r.code, 1);
    const json = JSON.parse(r.stdout);
    assert.equal(json.kubernetesVersion, '1.35');
    assert.equal(json.scenarios[0].scenario, '<stdin>');
    assert.deepEqual(
      json.scenarios[0].lines.map(
        (l: {
          line: number;
          kind: string;
          output: unknown;
          exitCode: number;
          notes: string[];
          steps: unknown[];
        }) => [l.line, l.kind, l.output, l.exitCode, l.notes, l.steps.length],
      ),
      [
        [1, 'comment', [], 0, [], 0],
        [
          2,
          'command',
          [{ stream: 'stderr', text: 'No resources found in default namespace.\n' }],
          0,
          [],
          0,
        ],
        [
          3,
          'command',
          [
            {
              stream: 'stderr',
              text: 'Error from server (NotFound): deployments.apps "nope" not found\n',
            },
          ],
          1,
          [],
          0,
        ],
        [4, 'not-simulated', [], 0, ['not simulated: curl needs a network'], 0],
      ],
    );
  });

  it('runs several files against one cluster, in order', async () => {
    const files: Record<string, string> = {
      '/s/one.sh': 'kubectl apply -f web.yaml\n',
      '/s/two.sh': 'kubectl get deploy -o name\n',
      '/s/web.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kept}\n',
    };
    const r = await plan(['one.sh', 'two.sh', '--format=text'], '/s', {
      readFile: (f) => files[f],
      listDir: () => undefined,
    });
    assert.deepEqual(r, {
      code: 0,
      stdout: '$ kubectl apply -f web.yaml\nconfigmap/kept created\n$ kubectl get deploy -o name\n',
      stderr: '',
    });
  });
});

describe('kubeplan plan --objects', () => {
  it('names the objects the controllers created and deleted, once each', () => {
    const step = (controller: string, actions: Array<[string, string, string]>) => ({
      seq: 0,
      time: 0,
      controller,
      object: { kind: 'X', name: 'x' },
      actions: actions.map(([verb, kind, name]) => ({ verb, kind, namespace: 'default', name })),
      events: [],
    });
    const text = formatObjects([
      step('deployment-controller', [['create', 'ReplicaSet', 'web-6f797d6754'], ['update', 'Deployment', 'web']]),
      step('default-scheduler', [['create', 'Binding', 'web-6f797d6754-abcde']]),
      step('replicaset-controller', [['create', 'Pod', 'web-6f797d6754-abcde'], ['delete', 'Pod', 'old-1']]),
      step('kubelet', [['delete', 'Pod', 'old-1']]),
    ] as never);
    assert.equal(
      text,
      '# replicaset.apps/web-6f797d6754 created by deployment-controller\n' +
        '# pod/web-6f797d6754-abcde created by replicaset-controller\n' +
        '# pod/old-1 deleted by replicaset-controller\n',
    );
  });
});
