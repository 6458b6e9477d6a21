import { strict as assert } from 'node:assert';
import { objectsOf } from '../../server/src/core/api/objects';
import { LineIndex } from '../../server/src/core/yaml/lines';
import { locate } from '../../server/src/core/yaml/locate';
import { ParseCache, parseManifest } from '../../server/src/core/yaml/parse';

/** The problems of a text as [code, start, end] rows, for exact comparison. */
function problemsOf(text: string): Array<[string, number, number]> {
  const f = parseManifest(text);
  return [...f.problems, ...f.documents.flatMap((d) => d.problems)].map((p) => [p.code, p.start, p.end]);
}

describe('yaml: decoding as kubectl does', () => {
  const cases: Array<[string, unknown]> = [
    ['a: yes', { a: true }],
    ['a: on', { a: true }],
    ['a: N', { a: false }],
    ['a: off', { a: false }],
    ['a: "yes"', { a: 'yes' }],
    ['a: 1.0', { a: 1 }],
    ['a: 0777', { a: 511 }],
    ['a: 0x1F', { a: 31 }],
    ['a: 1_000', { a: 1000 }],
    ['a: 2001-12-14', { a: '2001-12-14' }],
    ['a: 1:20', { a: '1:20' }],
    ['a: ~', { a: null }],
    ['y: 1', { true: 1 }],
  ];
  for (const [text, value] of cases) {
    it(`reads ${JSON.stringify(text)}`, () => {
      const f = parseManifest(text + '\n');
      assert.deepEqual(f.documents[0].value, value);
      assert.deepEqual(problemsOf(text + '\n'), []);
    });
  }

  it('reads CRLF line ends and a byte-order mark', () => {
    const text = '\uFEFFapiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\n';
    const f = parseManifest(text);
    assert.deepEqual(f.documents[0].value, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'crlf' } });
    const at = locate(f.documents[0].ast, ['metadata', 'name']);
    assert.equal(text.slice(at!.value.start, at!.value.end), 'crlf');
    assert.deepEqual(f.lines.position(at!.value.start), { line: 3, character: 8 });
  });
});

describe('yaml: documents', () => {
  it('skips empty and comment-only documents without a message', () => {
    const text = '# header\n---\n# Source: x.yaml\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n';
    const f = parseManifest(text);
    assert.deepEqual(
      f.documents.map((d) => d.empty),
      [true, true, false, true],
    );
    assert.deepEqual(problemsOf(text), []);
    assert.deepEqual(objectsOf('x.yaml', f).map((o) => o.name), ['a']);
  });

  it('recognises objects by apiVersion and kind, never by file name', () => {
    const text = 'services:\n  web: {}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n';
    const objects = objectsOf('deployment.yaml', parseManifest(text));
    assert.deepEqual(objects.map((o) => [o.kind, o.name]), [['Service', 's']]);
  });

  it('expands kind: List into its items', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n';
    const [o] = objectsOf('l.yaml', parseManifest(text));
    assert.deepEqual(o.base, ['items', 0]);
    const at = locate(o.doc.ast, [...o.base, 'metadata', 'name']);
    assert.equal(text.slice(at!.value.start, at!.value.end), 'a');
  });
});

describe('yaml: anchors, aliases and merge keys', () => {
  const text = [
    'base: &base',
    '  app: web',
    '  tier: front',
    'labels:',
    '  <<: *base',
    '  tier: back',
    'copy: *base',
    '',
  ].join('\n');

  it('resolves aliases and merges before any check, the map itself winning', () => {
    const f = parseManifest(text);
    assert.deepEqual(f.documents[0].value, {
      base: { app: 'web', tier: 'front' },
      labels: { app: 'web', tier: 'back' },
      copy: { app: 'web', tier: 'front' },
    });
  });

  it('locates a merged key at its anchor and an own key in the map', () => {
    const ast = parseManifest(text).documents[0].ast;
    const merged = locate(ast, ['labels', 'app'])!;
    assert.equal(merged.key!.start, text.indexOf('app: web'));
    const own = locate(ast, ['labels', 'tier'])!;
    assert.equal(own.value.start, text.indexOf('back'));
    const viaAlias = locate(ast, ['copy', 'tier'])!;
    assert.equal(viaAlias.value.start, text.indexOf('front'));
  });

  it('refuses an anchor that contains itself', () => {
    const cyclic = 'a: &a [*a]\n';
    assert.deepEqual(problemsOf(cyclic), [['yaml-alias-cycle', 7, 9]]);
  });

  it('refuses an alias bomb within the alias limit', () => {
    const rows = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++) rows.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
    const codes = problemsOf(rows.join('\n') + '\n').map(([code]) => code);
    assert.deepEqual(codes, ['yaml-alias-limit']);
  });

  it('reports an alias to an unknown anchor at the alias', () => {
    const t = 'a: 1\nb: *nope\n';
    assert.deepEqual(problemsOf(t), [['yaml-unknown-alias', t.indexOf('*nope'), t.indexOf('*nope') + 5]]);
  });
});

describe('yaml: syntax problems', () => {
  it('reports a tab used as indentation at the tab', () => {
    const t = 'a:\n\tb: 1\n';
    assert.deepEqual(problemsOf(t), [['yaml-tab', 3, 4]]);
  });

  it('reports a duplicate key at its second occurrence, pointing back to the first', () => {
    const t = 'spec:\n  selector:\n    matchLabels:\n      tier: web\n      tier: api\n';
    const f = parseManifest(t);
    const [p] = f.documents[0].problems;
    const second = t.lastIndexOf('tier');
    assert.deepEqual([p.code, p.start, p.end], ['yaml-duplicate-key', second, second + 4]);
    assert.equal(
      p.message,
      'mapping key "tier" already defined at line 4; kubectl apply -f keeps the last value and silently drops the first (web)',
    );
    assert.equal(p.related![0].start, t.indexOf('tier'));
    assert.deepEqual(f.documents[0].value, { spec: { selector: { matchLabels: { tier: 'api' } } } });
  });

  it('reports an unterminated quote', () => {
    assert.deepEqual(problemsOf('a: "open\n').map(([c]) => c), ['yaml-syntax']);
  });

  it('refuses nesting deeper than the bound without crashing', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000) + '\n';
    const codes = problemsOf(deep).map(([c]) => c);
    assert.ok(codes.includes('yaml-too-deep') || codes.includes('yaml-syntax'), codes.join());
  });
});

describe('yaml: Helm templates', () => {
  it('gives one note for a template and nothing else', () => {
    const t = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "x" . }}\nspec:\n  {{- if .Values.on }}\n  replicas: 2\n  {{- end }}\n';
    const f = parseManifest(t);
    assert.equal(f.template, true);
    assert.deepEqual(f.documents, []);
    assert.deepEqual(f.problems.map((p) => [p.code, p.severity, p.start]), [['helm-template', 'information', t.indexOf('{{')]]);
  });

  it('treats {{ }} inside a plain string as data', () => {
    const t = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\n  annotations:\n    summary: Instance {{ $labels.instance }} is down\n';
    const f = parseManifest(t);
    assert.equal(f.template, false);
    assert.deepEqual(f.problems, []);
  });

  it('treats {{ }} inside quoted and block strings as data', () => {
    const t = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  a: "{{ $labels.instance }} down"\n  b: |\n    {{ range .Alerts }}{{ end }}\n# {{ not a template }}\n';
    const f = parseManifest(t);
    assert.equal(f.template, false);
    assert.equal(f.documents.length, 1);
  });
});

describe('LineIndex', () => {
  it('converts offsets both ways across LF, CRLF and CR', () => {
    const lines = new LineIndex('a\nbc\r\nd\re');
    assert.deepEqual([0, 2, 4, 6, 8, 9].map((o) => lines.position(o)), [
      { line: 0, character: 0 },
      { line: 1, character: 0 },
      { line: 1, character: 2 },
      { line: 2, character: 0 },
      { line: 3, character: 0 },
      { line: 3, character: 1 },
    ]);
    assert.equal(lines.offset(2, 0), 6);
    assert.equal(lines.offset(9, 0), 9);
  });
});

describe('yaml: documents as the unit of parsing', () => {
  const doc = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

  it('reuses unchanged documents after an edit and keeps positions exact', () => {
    const cache = new ParseCache();
    const before = [doc('a'), doc('b'), doc('c')].join('---\n');
    const first = parseManifest(before, cache);
    const after = before.replace('name: a', 'name: alpha');
    const second = parseManifest(after, cache);
    assert.notEqual(second.documents[0].ast, first.documents[0].ast);
    assert.equal(second.documents[1].ast, first.documents[1].ast);
    assert.equal(second.documents[2].ast, first.documents[2].ast);
    const at = locate(second.documents[2].ast, ['metadata', 'name'])!;
    assert.equal(at.value.start, after.lastIndexOf('c\n'));
    assert.deepEqual(second.documents.map((d) => d.index), [0, 1, 2]);
  });

  it('splits only at --- lines, as YAML does', () => {
    const text = 'a: |\n  ---not a marker\nb: "x---"\n---\nc: 1\n--- # comment\nd: 2\n';
    const f = parseManifest(text);
    assert.deepEqual(f.documents.map((d) => d.value), [{ a: '---not a marker\n', b: 'x---' }, { c: 1 }, { d: 2 }]);
  });

  it('places problems of a later document at file offsets with file line numbers', () => {
    const text = doc('a') + '---\n' + 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  name: c\n';
    const [p] = parseManifest(text).documents[1].problems;
    assert.equal(p.start, text.lastIndexOf('name'));
    assert.match(p.message, /already defined at line 9;/);
  });
});

describe('yaml: numbers as kubectl reads them (Go parsers)', () => {
  const cases: Array<[string, unknown]> = [
    ['e5', 'e5'],
    ['.', '.'],
    ['0o17', 15],
    ['08', 8],
    ['1e400', '1e400'],
    ['.5', 0.5],
    ['+0x1F', 31],
  ];
  for (const [text, value] of cases) {
    it(`reads ${text} the same on the fast and the full path`, () => {
      const fast = parseManifest(`a: ${text}\n`).documents[0].value;
      // An anchor sends the document down the full parser.
      const full = parseManifest(`a: &x ${text}\n`).documents[0].value;
      assert.deepEqual([fast, full], [{ a: value }, { a: value }]);
    });
  }
});
