import { strict as assert } from 'node:assert';
import { expandWord, splitShell, type ShellToken } from '../../server/src/core/kubectl/shell';
import { parseFlags, type FlagSpec } from '../../server/src/core/kubectl/flags';
import { resolveType } from '../../server/src/core/kubectl/resources';
import { parseLabelChanges, parseTaints, splitPairs } from '../../server/src/core/kubectl/mutate';

/** Words with substitutions shown as ⟨command⟩, operators as themselves. */
function show(tokens: ShellToken[]): string[] {
  return tokens.map((t) =>
    t.kind === 'op'
      ? t.op
      : t.word.parts.map((p) => (p.kind === 'text' ? p.text : `⟨${p.command}⟩`)).join(''),
  );
}

describe('kubectl command lines: shell words', () => {
  const cases: Array<[string, string[]]> = [
    ['kubectl get pods', ['kubectl', 'get', 'pods']],
    [
      "kubectl get po -o custom-columns=NAME:'{.metadata.name}',OWNER:'{.a}'",
      ['kubectl', 'get', 'po', '-o', 'custom-columns=NAME:{.metadata.name},OWNER:{.a}'],
    ],
    [
      `kubectl exec deploy/sleep -- sh -c 'nslookup x | grep "^[^*]"'`,
      ['kubectl', 'exec', 'deploy/sleep', '--', 'sh', '-c', 'nslookup x | grep "^[^*]"'],
    ],
    [`echo "a \\"b\\" \\$c" d\\ e`, ['echo', 'a "b" $c', 'd e']],
    [
      "kubectl label node $(kubectl get nodes -o jsonpath='{.items[0].metadata.name}') a=b",
      [
        'kubectl',
        'label',
        'node',
        "⟨kubectl get nodes -o jsonpath='{.items[0].metadata.name}'⟩",
        'a=b',
      ],
    ],
    [
      'curl "http://$(kubectl get svc x -o name)/"',
      ['curl', 'http://⟨kubectl get svc x -o name⟩/'],
    ],
    ['kubectl get pods # the pods', ['kubectl', 'get', 'pods']],
    ['a#b c', ['a#b', 'c']],
    [
      'kubectl get po | grep web && echo ok; ls > x',
      ['kubectl', 'get', 'po', '|', 'grep', 'web', '&&', 'echo', 'ok', ';', 'ls', '>', 'x'],
    ],
    ["x ''", ['x', '']],
    ['x `kubectl get ns`', ['x', '⟨kubectl get ns⟩']],
  ];
  for (const [line, expected] of cases) {
    it(line, () => {
      const r = splitShell(line);
      assert.ok(r.ok);
      assert.deepEqual(show(r.tokens), expected);
    });
  }

  it('reports unterminated quotes and substitutions', () => {
    assert.deepEqual(splitShell("kubectl get 'po"), {
      ok: false,
      error: "unexpected EOF while looking for matching `''",
    });
    assert.deepEqual(splitShell('kubectl get $(x'), {
      ok: false,
      error: "unexpected EOF while looking for matching `)'",
    });
    assert.deepEqual(splitShell('kubectl get "po'), {
      ok: false,
      error: 'unexpected EOF while looking for matching `"\'',
    });
  });

  it('splits unquoted substitution output into fields and keeps quoted output whole', () => {
    const word = (line: string) => {
      const r = splitShell(line);
      assert.ok(r.ok && r.tokens[0].kind === 'word');
      return (r.tokens[0] as Extract<ShellToken, { kind: 'word' }>).word;
    };
    const sub = () => ' a  b\n';
    assert.deepEqual(expandWord(word('$(x)'), sub), ['a', 'b']);
    assert.deepEqual(expandWord(word('"$(x)"'), sub), [' a  b']);
    assert.deepEqual(expandWord(word('p$(x)q'), sub), ['p', 'a', 'bq']);
    assert.deepEqual(
      expandWord(word('$(x)'), () => ''),
      [],
    );
    assert.deepEqual(
      expandWord(word('"$(x)"'), () => ''),
      [''],
    );
  });
});

describe('kubectl command lines: flags', () => {
  const specs: FlagSpec[] = [
    { long: 'output', short: 'o', type: 'string' },
    { long: 'show-labels', type: 'bool' },
    { long: 'cascade', type: 'optional' },
    { long: 'all-namespaces', short: 'A', type: 'bool' },
    { long: 'label-columns', short: 'L', type: 'string', repeat: true },
  ];
  const cases: Array<[string[], Record<string, string[]>, string[]]> = [
    [['get', '-o', 'wide', 'po'], { output: ['wide'] }, ['get', 'po']],
    [['-ojson', 'x'], { output: ['json'] }, ['x']],
    [['-o=yaml'], { output: ['yaml'] }, []],
    [['--output=name'], { output: ['name'] }, []],
    [['--show-labels', 'x'], { 'show-labels': ['true'] }, ['x']],
    [['--show-labels=false'], { 'show-labels': ['false'] }, []],
    [['--cascade', 'x'], { cascade: [''] }, ['x']],
    [['--cascade=orphan'], { cascade: ['orphan'] }, []],
    [['-n', 'dev', '-A'], { namespace: ['dev'], 'all-namespaces': ['true'] }, []],
    [['-L', 'a', '-L=b,c'], { 'label-columns': ['a', 'b,c'] }, []],
    [['--', '-x'], {}, []],
  ];
  for (const [args, values, positional] of cases) {
    it(args.join(' '), () => {
      const r = parseFlags(args, specs);
      assert.ok(r.ok);
      assert.deepEqual(Object.fromEntries(r.flags.values), values);
      assert.deepEqual(r.flags.positional, positional);
    });
  }

  it("reports cobra's errors", () => {
    assert.deepEqual(parseFlags(['--nope'], specs), { ok: false, error: 'unknown flag: --nope' });
    assert.deepEqual(parseFlags(['-z'], specs), {
      ok: false,
      error: "unknown shorthand flag: 'z' in -z",
    });
    assert.deepEqual(parseFlags(['--output'], specs), {
      ok: false,
      error: 'flag needs an argument: --output',
    });
    assert.deepEqual(parseFlags(['-o'], specs), {
      ok: false,
      error: "flag needs an argument: 'o' in -o",
    });
  });
});

describe('kubectl command lines: resource types', () => {
  const cases: Array<[string, string | undefined]> = [
    ['po', 'Pod'],
    ['pods', 'Pod'],
    ['Pod', 'Pod'],
    ['rs', 'ReplicaSet'],
    ['replicaset', 'ReplicaSet'],
    ['replicasets.apps', 'ReplicaSet'],
    ['deployments.v1.apps', 'Deployment'],
    ['deploy', 'Deployment'],
    ['ds', 'DaemonSet'],
    ['sts', 'StatefulSet'],
    ['svc', 'Service'],
    ['ep', 'Endpoints'],
    ['endpoints', 'Endpoints'],
    ['no', 'Node'],
    ['cm', 'ConfigMap'],
    ['pvc', 'PersistentVolumeClaim'],
    ['rc', 'ReplicationController'],
    ['ns', 'Namespace'],
    ['deployments.batch', undefined],
    ['foos', undefined],
  ];
  for (const [typed, kind] of cases)
    it(`${typed} → ${kind}`, () => assert.equal(resolveType(typed)?.kind, kind));
});

describe('kubectl command lines: label and taint arguments', () => {
  it('splits resources from pairs as GetResourcesAndPairs does', () => {
    assert.deepEqual(splitPairs(['node', 'n1', 'a=b', 'c-'], 'label'), {
      resources: ['node', 'n1'],
      pairs: ['a=b', 'c-'],
    });
    assert.equal(
      splitPairs(['a=b', 'node'], 'label'),
      'all resources must be specified before label changes: node',
    );
  });

  it('reads label changes', () => {
    assert.deepEqual(parseLabelChanges(['a=b', 'c-']), { a: 'b', c: null });
    assert.equal(parseLabelChanges(['a=b=c']), 'invalid label spec: a=b=c');
    assert.equal(
      parseLabelChanges(['a=b', 'a-']),
      'can not both modify and remove a label in the same command',
    );
    assert.equal(parseLabelChanges(['a=-x']), 'invalid label value: "a=-x"');
  });

  it('reads taints', () => {
    assert.deepEqual(parseTaints(['k=v:NoSchedule', 'k2:NoExecute-', 'k3-']), {
      add: [{ key: 'k', value: 'v', effect: 'NoSchedule' }],
      remove: [
        { key: 'k2', effect: 'NoExecute' },
        { key: 'k3', effect: '' },
      ],
    });
    assert.equal(parseTaints(['k=v']), 'invalid taint spec: k=v');
    assert.equal(
      parseTaints(['k=v:Sometimes']),
      'invalid taint effect: Sometimes, unsupported taint effect',
    );
  });
});
