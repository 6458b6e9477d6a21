/**
 * Chapter 6 of "Learn Kubernetes in a Month of Lunches", run as its five scenario files against
 * one simulated cluster, checked against what a real single-node cluster prints at each line.
 *
 * Real output differs from run to run only in random pod suffixes, pod-template hashes, IPs, node
 * ports, the node's name and ages; those are written as tokens below, and a token bound once must
 * keep its value (the same ReplicaSet hash, the same pod). Column padding follows the cell widths,
 * so rows are compared cell by cell and the table layout is checked separately against kubectl's
 * tabwriter rule. Table rows that kubectl sorts by name are matched in any order, then checked to
 * be sorted.
 *
 * The real cluster is assumed to have just settled when each line is typed. Where a reader typing
 * quickly would see a different, intermediate state, the comment at that line says so.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cluster } from '../../server/src/core/cluster/index';
import { runScenario, type LineResult } from '../../server/src/core/kubectl/index';

const SCENARIOS = '/work/shared/scenarios/kiamol-ch06';
const CORPUS = '/work/shared/corpus/kiamol/ch06';
const FILES = [
  '1-replicasets.sh',
  '2-deployments.sh',
  '3-daemonsets.sh',
  '4-ownership.sh',
  '5-lab.sh',
];

// ---------------------------------------------------------------------------------------------
// Templates

type Vars = Map<string, string>;

const TOKENS: Record<string, string> = {
  age: '(?:\\d+[smhdy])+|<unknown>',
  ip: '\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}',
  // No load-balancer provider: <pending>; Docker Desktop reports localhost.
  lb: '<pending>|localhost|\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}',
  nodeport: '3[0-2]\\d{3}',
  sfx: '[bcdfghjklmnpqrstvwxz2456789]{5}',
  hash: '[4-9bcdf]{1,10}',
  pod: '[bcdfghjklmnpqrstvwxz2456789]{5}',
  node: '[a-z0-9]([-a-z0-9.]*[a-z0-9])?',
};

const TOKEN_RE = /<(age|ip|lb|nodeport|sfx|hash|pod|node)(?::(\w+))?>/g;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches one cell against its template; returns the bindings, or undefined. */
function matchCell(template: string, actual: string, vars: Vars): Vars | undefined {
  let source = '';
  const names: string[] = [];
  let last = 0;
  for (const m of template.matchAll(TOKEN_RE)) {
    source += escape(template.slice(last, m.index));
    last = m.index! + m[0].length;
    const name = m[2] ? `${m[1]}:${m[2]}` : undefined;
    if (name && vars.has(name)) {
      source += escape(vars.get(name)!);
    } else {
      source += `(${TOKENS[m[1]]})`;
      names.push(name ?? '');
    }
  }
  source += escape(template.slice(last));
  const match = new RegExp(`^${source}$`).exec(actual);
  if (!match) return undefined;
  const next = new Map(vars);
  for (let i = 0; i < names.length; i++) {
    if (!names[i]) continue;
    const value = match[i + 1];
    // Two different names of one kind stand for two different things (two ReplicaSets, two pods).
    const kind = names[i].split(':')[0];
    for (const [k, v] of next) if (k.startsWith(`${kind}:`) && v === value) return undefined;
    next.set(names[i], value);
  }
  return next;
}

/** Cells are separated by two or more spaces; leading indentation stays with the first cell. */
function cells(line: string): string[] {
  const indent = /^ */.exec(line)![0];
  return (indent + line.slice(indent.length).replace(/ +$/, '')).split(/(?<=\S) {2,}/);
}

function matchLine(template: string, actual: string, vars: Vars): Vars | undefined {
  const t = cells(template);
  const a = cells(actual);
  if (t.length !== a.length) return undefined;
  let cur: Vars | undefined = vars;
  for (let i = 0; i < t.length && cur; i++) cur = matchCell(t[i], a[i], cur);
  return cur;
}

/** Matches table rows in any order (with backtracking over bindings). */
function matchRows(templates: string[], actual: string[], vars: Vars): Vars | undefined {
  if (templates.length === 0) return actual.length === 0 ? vars : undefined;
  const [first, ...rest] = templates;
  for (let i = 0; i < actual.length; i++) {
    const bound = matchLine(first, actual[i], vars);
    if (!bound) continue;
    const done = matchRows(rest, [...actual.slice(0, i), ...actual.slice(i + 1)], bound);
    if (done) return done;
  }
  return undefined;
}

/**
 * kubectl's table layout: every column is max(6, widest cell + 3) wide, and every line starts
 * its cells at the same offsets.
 */
function assertTableLayout(lines: string[], where: string): void {
  const starts = lines.map((line) => [...line.matchAll(/(?:^|(?<= {3}))\S/g)].map((m) => m.index!));
  const widths = lines.map((line) => cells(line).map((c) => c.length));
  const columns = starts[0].length;
  for (let i = 0; i < lines.length; i++)
    assert.equal(starts[i].length, columns, `${where}: cells of ${JSON.stringify(lines[i])}`);
  for (let k = 0; k + 1 < columns; k++) {
    const widest = Math.max(...widths.map((w) => w[k]));
    for (let i = 0; i < lines.length; i++) {
      assert.equal(
        starts[i][k + 1] - starts[i][k],
        Math.max(6, widest + 3),
        `${where}: column ${k + 1} of ${JSON.stringify(lines[i])}`,
      );
    }
  }
}

interface Expectation {
  /** Output lines (stdout and stderr as a terminal shows them), `NAME` lines starting tables. */
  out: string[];
  /** Table rows come in the order given rather than sorted by name (named on the command line). */
  ordered?: boolean;
  /** Plain lines that kubectl prints sorted by object name: matched in any order, then checked sorted. */
  sortedLines?: boolean;
  /** The reason printed for a line that is not simulated. */
  notSimulated?: string;
}

function isHeader(line: string): boolean {
  return /^NAME\s/.test(line) || line === 'NAME';
}

/** Checks a line's output against its expectation, binding tokens into `vars`. */
function check(result: LineResult, exp: Expectation, vars: Vars, where: string): Vars {
  if (exp.notSimulated) {
    assert.equal(result.kind, 'not-simulated', where);
    assert.ok(
      result.notes.includes(`not simulated: ${exp.notSimulated}`),
      `${where}: ${result.notes.join('; ')}`,
    );
  }
  const text = result.output.map((c) => c.text).join('');
  const actual = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  if (exp.sortedLines) {
    const bound = matchRows(exp.out, actual, vars);
    assert.ok(
      bound,
      `${where}: lines\n  expected\n    ${exp.out.join('\n    ')}\n  actual\n    ${actual.join('\n    ')}`,
    );
    assert.deepEqual(actual, [...actual].sort(), `${where}: lines sorted by name`);
    return bound;
  }
  let a = 0;
  for (let e = 0; e < exp.out.length;) {
    const template = exp.out[e];
    if (!isHeader(template)) {
      const bound = a < actual.length ? matchLine(template, actual[a], vars) : undefined;
      assert.ok(
        bound,
        `${where}: line ${a + 1}\n  expected ${JSON.stringify(template)}\n  actual   ${JSON.stringify(actual[a])}\n${text}`,
      );
      vars = bound;
      e++;
      a++;
      continue;
    }
    let end = e + 1;
    while (end < exp.out.length && exp.out[end] !== '') end++;
    let actualEnd = a + 1;
    while (actualEnd < actual.length && actual[actualEnd] !== '') actualEnd++;
    const table = actual.slice(a, actualEnd);
    const header = matchLine(template, table[0] ?? '', vars);
    assert.ok(
      header,
      `${where}: header\n  expected ${JSON.stringify(template)}\n  actual   ${JSON.stringify(table[0])}`,
    );
    const rows = table.slice(1);
    const templates = exp.out.slice(e + 1, end);
    const bound = exp.ordered
      ? templates.length === rows.length &&
        templates.reduce<Vars | undefined>((v, t, i) => v && matchLine(t, rows[i], v), header)
      : matchRows(templates, rows, header);
    assert.ok(
      bound,
      `${where}: rows\n  expected\n    ${templates.join('\n    ')}\n  actual\n    ${rows.join('\n    ')}`,
    );
    vars = bound;
    assertTableLayout(table, where);
    if (!exp.ordered) {
      const names = rows.map((r) => cells(r)[0]);
      assert.deepEqual(names, [...names].sort(), `${where}: rows sorted by name`);
    }
    e = end;
    a = actualEnd;
  }
  assert.equal(a, actual.length, `${where}: unexpected extra output\n${text}`);
  return vars;
}

// ---------------------------------------------------------------------------------------------
// What a real cluster prints, line by line (kubectl and server 1.35, default namespace).

const APPLY = (...lines: string[]): Expectation => ({ out: lines });
const NO_PODS: Expectation = { out: ['No resources found in default namespace.'] };
const EP_WARNING =
  'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice';
const DELETED = (what: string): string => `${what} deleted from default namespace`;
const POD_HEADER = 'NAME  READY  STATUS  RESTARTS  AGE';
const RS_HEADER = 'NAME  DESIRED  CURRENT  READY  AGE';
const DS_HEADER = 'NAME  DESIRED  CURRENT  READY  UP-TO-DATE  AVAILABLE  NODE SELECTOR  AGE';
const SVC_HEADER = 'NAME  TYPE  CLUSTER-IP  EXTERNAL-IP  PORT(S)  AGE';
const running = (name: string) => `${name}  1/1  Running  0  <age>`;

const EXPECTED: Record<string, Expectation[]> = {
  '1-replicasets.sh': [
    APPLY('service/whoami-web created', 'replicaset.apps/whoami-web created'),
    { out: [RS_HEADER, 'whoami-web  1  1  1  <age>'] },
    { out: [], notSimulated: 'curl needs a network' },
    { out: [DELETED('pod "whoami-web-<pod:w1>"')] },
    {
      out: [
        'Name:  whoami-web',
        'Namespace:  default',
        'Selector:  app=whoami-web',
        'Labels:  kiamol=ch06',
        'Annotations:  <none>',
        'Replicas:  1 current / 1 desired',
        'Pods Status:  1 Running / 0 Waiting / 0 Succeeded / 0 Failed',
        'Pod Template:',
        '  Labels:  app=whoami-web',
        '  Containers:',
        '   web:',
        '    Image:  kiamol/ch02-whoami',
        '    Port:  80/TCP (http)',
        '    Host Port:  0/TCP (http)',
        '    Environment:  <none>',
        '    Mounts:  <none>',
        '  Volumes:  <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:  <none>',
        'Events:',
        '  Type  Reason  Age  From  Message',
        '  ----  ------  ----  ----  -------',
        // The first pod, deleted above, and its replacement.
        '  Normal  SuccessfulCreate  <age>  replicaset-controller  Created pod: whoami-web-<pod:w1>',
        '  Normal  SuccessfulCreate  <age>  replicaset-controller  Created pod: whoami-web-<pod:w2>',
      ],
    },
    APPLY('replicaset.apps/whoami-web configured'),
    {
      out: [
        POD_HEADER,
        running('whoami-web-<pod:w2>'),
        running('whoami-web-<pod:w3>'),
        running('whoami-web-<pod:w4>'),
      ],
    },
    {
      out: [
        DELETED('pod "whoami-web-<pod:w2>"'),
        DELETED('pod "whoami-web-<pod:w3>"'),
        DELETED('pod "whoami-web-<pod:w4>"'),
      ],
      sortedLines: true,
    },
    // kubectl delete waits until the pods are gone, so the replacements are up by now.
    {
      out: [
        POD_HEADER,
        running('whoami-web-<pod:w5>'),
        running('whoami-web-<pod:w6>'),
        running('whoami-web-<pod:w7>'),
      ],
    },
    APPLY('deployment.apps/sleep created'),
    { out: [SVC_HEADER, 'whoami-web  LoadBalancer  <ip>  <lb>  8088:<nodeport>/TCP  <age>'] },
    { out: [], notSimulated: 'kubectl exec needs a running container' },
    { out: [EP_WARNING, 'NAME  ENDPOINTS  AGE', 'whoami-web  <ip>:80,<ip>:80,<ip>:80  <age>'] },
  ],
  '2-deployments.sh': [
    APPLY('service/pi-web created', 'deployment.apps/pi-web created'),
    { out: [RS_HEADER, 'pi-web-<hash:A>  2  2  2  <age>'] },
    APPLY('deployment.apps/pi-web configured'),
    // Same template, more replicas: the same ReplicaSet is scaled.
    { out: [RS_HEADER, 'pi-web-<hash:A>  3  3  3  <age>'] },
    APPLY('deployment.apps/pi-web configured'),
    // A new template: a new ReplicaSet takes over. Typed right after the apply, a real cluster
    // shows the rolling update part-way (e.g. old 2 / new 2).
    { out: [RS_HEADER, 'pi-web-<hash:A>  0  0  0  <age>', 'pi-web-<hash:B>  3  3  3  <age>'] },
    APPLY('deployment.apps/pi-web scaled'),
    { out: [RS_HEADER, 'pi-web-<hash:A>  0  0  0  <age>', 'pi-web-<hash:B>  4  4  4  <age>'] },
    APPLY('deployment.apps/pi-web configured'),
    // Back to the first template: the old ReplicaSet is reused, not a new one made.
    { out: [RS_HEADER, 'pi-web-<hash:A>  3  3  3  <age>', 'pi-web-<hash:B>  0  0  0  <age>'] },
    {
      out: [
        POD_HEADER,
        running('pi-web-<hash:A>-<sfx>'),
        running('pi-web-<hash:A>-<sfx>'),
        running('pi-web-<hash:A>-<sfx>'),
      ],
    },
    {
      out: [
        `${RS_HEADER}  LABELS`,
        'pi-web-<hash:A>  3  3  3  <age>  app=pi-web,pod-template-hash=<hash:A>',
        'pi-web-<hash:B>  0  0  0  <age>  app=pi-web,pod-template-hash=<hash:B>',
      ],
    },
    {
      out: [
        `${POD_HEADER}  LABELS`,
        ...[1, 2, 3].map(
          () => `${running('pi-web-<hash:A>-<sfx>')}  app=pi-web,pod-template-hash=<hash:A>`,
        ),
      ],
    },
    APPLY(
      'configmap/pi-proxy-configmap created',
      'service/pi-proxy created',
      'deployment.apps/pi-proxy created',
    ),
    { out: [SVC_HEADER, 'pi-proxy  LoadBalancer  <ip>  <lb>  8080:<nodeport>/TCP  <age>'] },
    APPLY('deployment.apps/pi-proxy configured'),
    {
      out: [
        POD_HEADER,
        running('pi-proxy-<hash:P>-<sfx>'),
        running('pi-proxy-<hash:P>-<sfx>'),
        running('pi-proxy-<hash:P>-<sfx>'),
      ],
    },
    { out: [], notSimulated: 'kubectl logs needs a running container' },
  ],
  '3-daemonsets.sh': [
    APPLY('daemonset.apps/pi-proxy created'),
    // Three Deployment pods and the DaemonSet's pod all match the Service's selector.
    {
      out: [
        EP_WARNING,
        'NAME  ENDPOINTS  AGE',
        'pi-proxy  <ip>:80,<ip>:80,<ip>:80 + 1 more...  <age>',
      ],
    },
    { out: [DELETED('deployment.apps "pi-proxy"')] },
    { out: [DS_HEADER, 'pi-proxy  1  1  1  1  1  <none>  <age>'] },
    // A real cluster may still list the Deployment's pods as Terminating for a few seconds.
    { out: [POD_HEADER, running('pi-proxy-<pod:d1>')] },
    { out: [DS_HEADER, 'pi-proxy  1  1  1  1  1  <none>  <age>'] },
    { out: [DELETED('pod "pi-proxy-<pod:d1>"')] },
    { out: [POD_HEADER, running('pi-proxy-<pod:d2>')] },
    APPLY('daemonset.apps/pi-proxy configured'),
    // No node has kiamol=ch06: nothing is desired, and the pod is removed.
    { out: [DS_HEADER, 'pi-proxy  0  0  0  0  0  kiamol=ch06  <age>'] },
    // Right after the apply a real cluster can still show the pod as Terminating.
    NO_PODS,
    { out: ['node/<node:n> labeled'] },
    { out: [DS_HEADER, 'pi-proxy  1  1  1  1  1  kiamol=ch06  <age>'] },
    {
      out: [
        'warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.',
        DELETED('daemonset.apps "pi-proxy"'),
      ],
    },
    { out: [POD_HEADER, running('pi-proxy-<pod:d3>')] },
    APPLY('daemonset.apps/pi-proxy created'),
    { out: [DS_HEADER, 'pi-proxy  1  1  1  1  1  kiamol=ch06  <age>'] },
    // The orphaned pod was adopted: the same pod, not a new one.
    { out: [POD_HEADER, running('pi-proxy-<pod:d3>')] },
    { out: [DELETED('daemonset.apps "pi-proxy"')] },
    // The adopted pod went with its new owner.
    NO_PODS,
  ],
  '4-ownership.sh': [
    {
      out: [
        'NAME  OWNER  OWNER_KIND',
        ...[1, 2, 3].map(() => 'pi-web-<hash:A>-<sfx>  pi-web-<hash:A>  ReplicaSet'),
        'sleep-<hash:S>-<sfx>  sleep-<hash:S>  ReplicaSet',
        ...[5, 6, 7].map((i) => `whoami-web-<pod:w${i}>  whoami-web  ReplicaSet`),
      ],
    },
    {
      out: [
        'NAME  OWNER  OWNER_KIND',
        'pi-web-<hash:A>  pi-web  Deployment',
        'pi-web-<hash:B>  pi-web  Deployment',
        'sleep-<hash:S>  sleep  Deployment',
        'whoami-web  <none>  <none>',
      ],
    },
    {
      // Only objects carrying kiamol=ch06 themselves: pod templates carry app labels only, so no
      // pods and no Deployment-owned ReplicaSets. kubectl walks the `all` types in discovery order.
      out: [
        DELETED('service "pi-proxy"'),
        DELETED('service "pi-web"'),
        DELETED('service "whoami-web"'),
        DELETED('deployment.apps "pi-web"'),
        DELETED('deployment.apps "sleep"'),
        DELETED('replicaset.apps "whoami-web"'),
      ],
    },
    // The garbage collector has removed the dependents; a reader typing quickly would still see
    // Terminating pods for a few seconds.
    { out: [SVC_HEADER, 'service/kubernetes  ClusterIP  10.96.0.1  <none>  443/TCP  <age>'] },
  ],
  '5-lab.sh': [
    APPLY(
      'service/numbers-api created',
      'pod/numbers-api created',
      'service/numbers-web created',
      'replicationcontroller/numbers-web created',
    ),
    {
      out: [
        POD_HEADER,
        running('pod/numbers-api'),
        '',
        RS_HEADER,
        'replicationcontroller/numbers-web  2  2  2  <age>',
        '',
        SVC_HEADER,
        'service/numbers-api  ClusterIP  <ip>  <none>  80/TCP  <age>',
        'service/numbers-web  LoadBalancer  <ip>  <lb>  8086:<nodeport>/TCP  <age>',
      ],
    },
    { out: ['node/<node:n> labeled'] },
    APPLY('daemonset.apps/numbers-api created', 'deployment.apps/numbers-web created'),
    {
      // The new controllers' pods carry only their app labels, so only the controllers are listed.
      out: [
        POD_HEADER,
        running('pod/numbers-api'),
        '',
        RS_HEADER,
        'replicationcontroller/numbers-web  2  2  2  <age>',
        '',
        SVC_HEADER,
        'service/numbers-api  ClusterIP  <ip>  <none>  80/TCP  <age>',
        'service/numbers-web  LoadBalancer  <ip>  <lb>  8086:<nodeport>/TCP  <age>',
        '',
        DS_HEADER,
        'daemonset.apps/numbers-api  1  1  1  1  1  rng=hw  <age>',
        '',
        'NAME  READY  UP-TO-DATE  AVAILABLE  AGE',
        'deployment.apps/numbers-web  2/2  2  2  <age>',
      ],
    },
    {
      // Rows in the order named. numbers-web: two RC pods and two Deployment pods; numbers-api:
      // the DaemonSet's pod only (the old bare pod has no app label).
      out: [
        EP_WARNING,
        'NAME  ENDPOINTS  AGE',
        'numbers-web  <ip>:80,<ip>:80,<ip>:80 + 1 more...  <age>',
        'numbers-api  <ip>:80  <age>',
      ],
      ordered: true,
    },
  ],
};

// ---------------------------------------------------------------------------------------------

function readFile(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

function listDir(p: string) {
  try {
    return fs
      .readdirSync(p, { withFileTypes: true })
      .map((d) => ({ name: d.name, directory: d.isDirectory() }));
  } catch {
    return undefined;
  }
}

/** Addresses of an Endpoints object, read from the cluster between lines. */
function endpointCount(cluster: Cluster, name: string): number {
  const ep = cluster.get({ kind: 'Endpoints', namespace: 'default', name }) as
    { subsets?: Array<{ addresses?: unknown[] }> } | undefined;
  return (ep?.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
}

describe('kubeplan plan: kiamol chapter 6, as a real cluster prints it', function () {
  const results = new Map<string, LineResult[]>();
  const probes: Record<string, unknown> = {};

  before(function () {
    if (!fs.existsSync(SCENARIOS) || !fs.existsSync(CORPUS)) {
      console.log(`    (skipped: ${SCENARIOS} and ${CORPUS} are not present)`);
      this.skip();
    }
    const cluster = new Cluster({ minor: '1.35' });
    for (const file of FILES) {
      const text = fs.readFileSync(path.join(SCENARIOS, file), 'utf8');
      let n = 0;
      const lines = runScenario(text, {
        cluster,
        cwd: CORPUS,
        readFile,
        listDir,
        onLine: (r) => {
          if (r.kind === 'comment') return;
          n++;
          const pods = cluster.list('Pod', { namespace: 'default' });
          probes[`${file}#${n}`] = {
            numbersApi: endpointCount(cluster, 'numbers-api'),
            numbersWeb: endpointCount(cluster, 'numbers-web'),
            proxyPods: pods
              .filter((p) => p.metadata.labels?.app === 'pi-proxy')
              .map((p) => ({
                name: p.metadata.name,
                node: p.spec?.nodeName,
                owner: p.metadata.ownerReferences?.[0]?.uid,
              })),
            proxyDs: cluster.get({ kind: 'DaemonSet', namespace: 'default', name: 'pi-proxy' })
              ?.metadata.uid,
          };
        },
      });
      results.set(
        file,
        lines.filter((r) => r.kind !== 'comment'),
      );
    }
  });

  let vars: Vars = new Map();
  for (const file of FILES) {
    describe(file, () => {
      EXPECTED[file].forEach((exp, i) => {
        it(`line ${i + 1}`, function () {
          const lines = results.get(file)!;
          assert.equal(lines.length, EXPECTED[file].length, `${file}: number of command lines`);
          const r = lines[i];
          vars = check(r, exp, vars, `${file} \`${r.command}\``);
        });
      });
    });
  }

  it('sends No resources found and warnings to stderr', () => {
    const streams = (file: string, i: number) => results.get(file)![i].output.map((c) => c.stream);
    assert.deepEqual(streams('3-daemonsets.sh', 10), ['stderr']);
    assert.deepEqual(streams('3-daemonsets.sh', 13), ['stderr', 'stdout']);
    assert.deepEqual(streams('1-replicasets.sh', 12), ['stderr', 'stdout']);
  });

  it('notes the rolling updates a reader would catch part-way', () => {
    const noted = (file: string, i: number) =>
      results.get(file)![i].notes.some((n) => n.startsWith('mid-rollout:'));
    assert.ok(noted('2-deployments.sh', 4), 'web-logging-level.yaml');
    assert.ok(noted('2-deployments.sh', 8), 'back to web-replicas-3.yaml');
    assert.ok(noted('2-deployments.sh', 15), 'nginx-hostPath.yaml');
    assert.ok(!noted('2-deployments.sh', 2), 'a scale is not a rollout');
  });

  it('runs the DaemonSet pod on the node only once the node has the label', () => {
    const p = (i: number) =>
      probes[`3-daemonsets.sh#${i}`] as {
        proxyPods: Array<{ name: string; node: string; owner: string }>;
        proxyDs: string;
      };
    assert.deepEqual(p(11).proxyPods, []);
    assert.equal(p(13).proxyPods.length, 1);
    assert.ok(p(13).proxyPods[0].node, 'scheduled to a node');
    // After the orphaning delete the pod has no owner; the new DaemonSet adopts it.
    assert.equal(p(15).proxyPods[0].owner, undefined);
    assert.equal(p(16).proxyPods[0].name, p(15).proxyPods[0].name);
    assert.equal(p(16).proxyPods[0].owner, p(16).proxyDs);
  });

  it("gives the lab's Services endpoints once the new controllers run", () => {
    const p = (i: number) => probes[`5-lab.sh#${i}`] as { numbersApi: number; numbersWeb: number };
    assert.deepEqual([p(1).numbersApi, p(1).numbersWeb], [0, 2]);
    assert.deepEqual([p(4).numbersApi, p(4).numbersWeb], [1, 4]);
  });
});
