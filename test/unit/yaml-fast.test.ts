import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isScalar, parseAllDocuments, type ParsedNode, type Tags } from 'yaml';
import { fastDecode } from '../../server/src/core/yaml/fast';
import { PARSE_OPTIONS, splitChunks as splitTextChunks } from '../../server/src/core/yaml/parse';

/**
 * The fast decoder must agree exactly with the `yaml` package as `parse.ts` uses it, or give up.
 * Every expectation below is also checked against the `yaml` package itself.
 */

/** The options `parse.ts` gives the `yaml` package. */
const YAML_OPTIONS = PARSE_OPTIONS;

interface SlowResult {
  documents: number;
  problems: string[];
  value: unknown;
  empty: boolean;
  contentStart: number;
}

/** What the slow path makes of one chunk: its documents, problems, value, emptiness and start. */
function slowDecode(chunk: string): SlowResult {
  const docs = parseAllDocuments(chunk, YAML_OPTIONS);
  const list = Array.isArray(docs) ? docs : [docs];
  const result: SlowResult = {
    documents: list.length,
    problems: [],
    value: null,
    empty: true,
    contentStart: 0,
  };
  const doc = list[0];
  if (!doc) return result;
  const problems = [...doc.errors, ...doc.warnings];
  result.problems = problems.map((e) => `${e.code}: ${e.message.split('\n')[0]}`);
  const contents = doc.contents as ParsedNode | null;
  const blank = isScalar(contents) && contents.source === '' && !contents.tag;
  result.empty = contents === null || blank;
  result.contentStart = contents ? contents.range[0] : doc.range[0];
  if (!result.empty && !problems.length) result.value = doc.toJS({ maxAliasCount: 1000 });
  return result;
}

/** Deep equality that also compares key order, prototypes, NaN and -0. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a === 'number') return Object.is(a, b);
  if (a === null || b === null || typeof a !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  const other = Object.keys(y);
  return keys.length === other.length && keys.every((k, i) => k === other[i] && same(x[k], y[k]));
}

/** Why the fast path disagrees with the slow path on a chunk it accepted, or undefined. */
function disagreement(chunk: string): string | undefined {
  const fast = fastDecode(chunk);
  if (!fast.ok) return fast.reason.startsWith('internal error') ? fast.reason : undefined;
  const slow = slowDecode(chunk);
  if (slow.documents !== 1) return `the yaml package found ${slow.documents} documents`;
  if (slow.problems.length) return `the yaml package reports ${slow.problems.join('; ')}`;
  if (fast.empty !== slow.empty) return `empty ${fast.empty}, yaml ${slow.empty}`;
  if (fast.contentStart !== slow.contentStart) {
    return `contentStart ${fast.contentStart}, yaml ${slow.contentStart}`;
  }
  if (!same(fast.value, slow.value) || JSON.stringify(fast.value) !== JSON.stringify(slow.value)) {
    return `value ${JSON.stringify(fast.value)}, yaml ${JSON.stringify(slow.value)}`;
  }
  return undefined;
}

/** Checks one input both ways: the fast value is `expected`, and the slow path agrees. */
function check(text: string, expected: unknown): void {
  const fast = fastDecode(text);
  assert.ok(fast.ok, `fast path gave up: ${fast.ok ? '' : fast.reason}`);
  assert.ok(same(fast.value, expected), `got ${JSON.stringify(fast.value)}`);
  assert.equal(disagreement(text), undefined);
}

describe('yaml fast path: structure', () => {
  const cases: Array<[string, unknown]> = [
    ['a: 1\nb: two\n', { a: 1, b: 'two' }],
    ['a:\n  b:\n    c: d\n  e: f\n', { a: { b: { c: 'd' }, e: 'f' } }],
    ['- a\n- b\n', ['a', 'b']],
    [
      'containers:\n- name: x\n  image: web\nnext: 1\n',
      { containers: [{ name: 'x', image: 'web' }], next: 1 },
    ],
    ['a:\n  - 1\n  -\n    b: 2\n  -\n', { a: [1, { b: 2 }, null] }],
    ['- - a\n  - b\n- c\n', [['a', 'b'], 'c']],
    ['-   a: 1\n    b: 2\n', [{ a: 1, b: 2 }]],
    ['- a: 1\n  b:\n  - x\n  c: 2\n', [{ a: 1, b: ['x'], c: 2 }]],
    ['a:\nb: ~\nc:   # comment\nd: null\n', { a: null, b: null, c: null, d: null }],
    ['a: 1 # comment\n# full line\n  # indented comment\nb: x#y\n', { a: 1, b: 'x#y' }],
    ['a: 1\r\nb:\r\n  - x\r\n', { a: 1, b: ['x'] }],
    ['  a: 1\n  b: 2\n', { a: 1, b: 2 }],
    ['a:    spaced   \nb  : spaces before the colon\n', { a: 'spaced', b: 'spaces before the colon' }],
    ['image: nginx:1.19\nurl: http://x:80/p?q#f\n', { image: 'nginx:1.19', url: 'http://x:80/p?q#f' }],
    ['a: b, c [d] {e}\n', { a: 'b, c [d] {e}' }],
    ['a: -x\nc: x:y\n', { a: '-x', c: 'x:y' }],
    ['a:\n  value on its own line\n', { a: 'value on its own line' }],
  ];
  for (const [text, value] of cases) it(`reads ${JSON.stringify(text)}`, () => check(text, value));
});

describe('yaml fast path: plain and quoted scalars', () => {
  const cases: Array<[string, unknown]> = [
    ['a: one\n  two\n\n  three\nb: 1\n', { a: 'one two\nthree', b: 1 }],
    ['- x\n  y\n', ['x y']],
    ['a: one\n  two # comment\nb: 1\n', { a: 'one two', b: 1 }],
    ['a: 1\n  2\n', { a: '1 2' }],
    ["a: 'it''s'\n", { a: "it's" }],
    ["a: 'x\n  y\n\n  z  '\n", { a: 'x y\nz  ' }],
    ["a: ''\nb: \"\"\n", { a: '', b: '' }],
    ['a: "  lead and trail  "\n', { a: '  lead and trail  ' }],
    [
      'a: "\\t\\n\\x41\\u00e9\\U0001F600\\\\\\"\\/\\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P\\ "\n',
      { a: '\t\nAé😀\\"/\0\x07\b\x1b\f\r\v\u0085\u00a0\u2028\u2029 ' },
    ],
    ['a: "x\n  y"\n', { a: 'x y' }],
    ['a: "x\\\n   y"\n', { a: 'xy' }],
    ['a: "x \\\n  y"\n', { a: 'x y' }],
    ['a: "x\n\n\n  y"\n', { a: 'x\n\ny' }],
    ['a: "\\ttab\\t  \n  next"\n', { a: '\ttab\t next' }],
    ['a: "yes"\nb: \'1\'\nc: "null"\n', { a: 'yes', b: '1', c: 'null' }],
    ['"quoted key": 1\n\'single\': 2\n"a" : 3\n', { 'quoted key': 1, single: 2, a: 3 }],
    ['- "k": v\n  o: w\n', [{ k: 'v', o: 'w' }]],
    ['a:\n  "x\n  y"\n', { a: 'x y' }],
  ];
  for (const [text, value] of cases) it(`reads ${JSON.stringify(text)}`, () => check(text, value));
});

describe('yaml fast path: block scalars', () => {
  const cases: Array<[string, unknown]> = [
    ['a: |\n  x\n  y\n', { a: 'x\ny\n' }],
    ['a: |-\n  x\n\n', { a: 'x' }],
    ['a: |+\n  x\n\n', { a: 'x\n\n' }],
    ['a: |+\n  x\n\n  \n# c\nb: 1\n', { a: 'x\n\n\n', b: 1 }],
    ['a: |\n  x', { a: 'x\n' }],
    ['a: >\n  x\n  y\n\n  z\n   w\n  v\n', { a: 'x y\nz\n w\nv\n' }],
    ['a: >-\n  x\n  y', { a: 'x y' }],
    ['a: >\n\n  x\n\n\n  y\n', { a: '\nx\n\ny\n' }],
    ['a: |2\n    x\n   y\n', { a: '  x\n y\n' }],
    ['a: >1-\n   x\n  y\n', { a: '  x\n y' }],
    ['- |\n  x\n- >\n  y\n', ['x\n', 'y\n']],
    ['- a: |2\n     x\n', [{ a: ' x\n' }]],
    ['a: |\n\n  x\n', { a: '\nx\n' }],
    ['a: |\n  x\n\n  y\nb: 1\n', { a: 'x\n\ny\n', b: 1 }],
    ['a: | # comment\n  x\n', { a: 'x\n' }],
    ['a: |\n  # not a comment\n  x: y\n', { a: '# not a comment\nx: y\n' }],
    ['a: |\n  x\n# comment\nb: 1\n', { a: 'x\n', b: 1 }],
    ['a: |\n  x\n  \tz\n', { a: 'x\n\tz\n' }],
    ['a: >\n  x\n  \ty\n  z\n', { a: 'x\n\ty\nz\n' }],
    ['a: |\n  x\n     \n  y\n', { a: 'x\n   \ny\n' }],
    ['a: |\r\n  x\r\n  y\r\n', { a: 'x\ny\n' }],
  ];
  for (const [text, value] of cases) it(`reads ${JSON.stringify(text)}`, () => check(text, value));
});

describe('yaml fast path: flow collections', () => {
  const cases: Array<[string, unknown]> = [
    ['a: [1, "two", three]\n', { a: [1, 'two', 'three'] }],
    ['a: {cpu: 100m, memory: 64Mi}\n', { a: { cpu: '100m', memory: '64Mi' } }],
    ['a: {x: [1, {v: z}], w: []}\n', { a: { x: [1, { v: 'z' }], w: [] } }],
    ['a: []\nb: {}\n', { a: [], b: {} }],
    ['args: ["sh", "-c", "echo hi"]\n', { args: ['sh', '-c', 'echo hi'] }],
    ['a: [\n  x,\n  z,\n]\n', { a: ['x', 'z'] }],
    ['a: [x, # comment\n  z]\n', { a: ['x', 'z'] }],
    [
      '{\n  "a": 1,\n  "b": [true, null],\n  "c": {"d": "e"}\n}\n',
      { a: 1, b: [true, null], c: { d: 'e' } },
    ],
    ['a: {"k":1}\n', { a: { k: 1 } }],
    ['a: [-1, -.5, a:b]\n', { a: [-1, -0.5, 'a:b'] }],
    ['- [a, b]\n- {c: d}\n', [['a', 'b'], { c: 'd' }]],
    ["a: ['it''s', \"x\"]\n", { a: ["it's", 'x'] }],
  ];
  for (const [text, value] of cases) it(`reads ${JSON.stringify(text)}`, () => check(text, value));
});

const TRUE_WORDS = ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'];
const FALSE_WORDS = ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'];

describe('yaml fast path: YAML 1.1 scalar types', () => {
  const cases: Array<[string, unknown]> = [
    ['~', null],
    ['null', null],
    ['Null', null],
    ['NULL', null],
    ['nULL', 'nULL'],
    ...TRUE_WORDS.map((w): [string, unknown] => [w, true]),
    ...FALSE_WORDS.map((w): [string, unknown] => [w, false]),
    ['yES', 'yES'],
    ['TRue', 'TRue'],
    ['oN', 'oN'],
    ['0', 0],
    ['-0', 0],
    ['+12', 12],
    ['1_000', 1000],
    ['1_', 1],
    ['_1', '_1'],
    ['0b1010', 10],
    ['-0b11', -3],
    ['0b', '0b'],
    ['0777', 511],
    ['0_7', 7],
    ['08', 8],
    ['0_', 0],
    ['0o7', 7],
    ['0x1F', 31],
    ['0xff_ff', 65535],
    ['-0x1', -1],
    ['0x', '0x'],
    ['12345678901234567890', 12345678901234567000],
    ['1.0', 1],
    ['1.5', 1.5],
    ['-1.5', -1.5],
    ['+.5', 0.5],
    ['1.', 1],
    ['0.', 0],
    ['.', '.'],
    ['1_0.5', 10.5],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1.5e-3', 0.0015],
    ['-2e+2', -200],
    ['-.5e1', -5],
    ['e5', 'e5'],
    ['1e', '1e'],
    ['1.2.3', '1.2.3'],
    ['.inf', Infinity],
    ['-.Inf', -Infinity],
    ['+.INF', Infinity],
    ['.nan', NaN],
    ['.NaN', NaN],
    ['.NAN', NaN],
    ['-.nan', '-.nan'],
    ['.Nan', '.Nan'],
    ['1:20', '1:20'],
    ['2001-12-14', '2001-12-14'],
    ['100m', '100m'],
    ['64Mi', '64Mi'],
    ['+', '+'],
    ['-a', '-a'],
  ];
  for (const [text, value] of cases) {
    it(`types ${JSON.stringify(text)}`, () => check(`v: ${text}\n`, { v: value }));
  }

  it('types keys and turns them into property names as toJS does', () => {
    check('y: 1\n1: a\n1.5: b\n~: c\n0x10: d\n.inf: e\n"yes": f\nn: g\n', {
      true: 1,
      1: 'a',
      '1.5': 'b',
      '': 'c',
      16: 'd',
      Infinity: 'e',
      yes: 'f',
      false: 'g',
    });
  });

  it('keeps __proto__ and other inherited names as own keys', () => {
    const fast = fastDecode('__proto__: 1\ntoString: 2\nconstructor: 3\n');
    assert.ok(fast.ok);
    const value = fast.value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ['__proto__', 'toString', 'constructor']);
    assert.equal(disagreement('__proto__: 1\ntoString: 2\nconstructor: 3\n'), undefined);
  });
});

describe('yaml fast path: documents', () => {
  const cases: Array<[string, boolean, number]> = [
    ['---\na: 1\n', false, 4],
    ['# c\n---\n# d\n\n  a: 1\n', false, 15],
    ['--- # c\n', true, 4],
    ['---\n', true, 3],
    ['---\n# only a comment\n', true, 3],
    ['{"a": 1}', false, 0],
  ];
  for (const [text, empty, start] of cases) {
    it(`finds the content of ${JSON.stringify(text)}`, () => {
      const fast = fastDecode(text);
      assert.ok(fast.ok);
      assert.deepEqual([fast.empty, fast.contentStart], [empty, start]);
      assert.equal(disagreement(text), undefined);
    });
  }
});

describe('yaml fast path: gives up', () => {
  const cases: Array<[string, string]> = [
    ['anchor', 'a: &x 1\nb: *x\n'],
    ['alias', 'a: *x\n'],
    ['merge key', 'a: {b: 1}\nc:\n  <<: {d: 2}\n'],
    ['tag', 'a: !!str 1\n'],
    ['local tag', 'a: !thing 1\n'],
    ['complex key', '? a\n: b\n'],
    ['directive', '%YAML 1.1\n---\na: 1\n'],
    ['document end', 'a: 1\n...\n'],
    ['second document', 'a: 1\n---\nb: 2\n'],
    ['tab indentation', 'a:\n\tb: 1\n'],
    ['tab after colon', 'a:\tb\n'],
    ['duplicate key', 'a: 1\na: 2\n'],
    ['duplicate boolean key', 'y: 1\nyes: 2\n'],
    ['keys equal once stringified', '1: a\n"1": b\n'],
    ['duplicate flow key', 'a: {b: 1, b: 2}\n'],
    ['nested compact mapping', 'a: b: c\n'],
    ['comment only', '# nothing here\n'],
    ['empty text', ''],
    ['scalar document', 'just text\n'],
    ['multi-line plain in flow', 'a: [b\n  c]\n'],
    ['empty block scalar', 'a: |\nb: 1\n'],
    ['unterminated quote', 'a: "x\n'],
    ['unknown escape', 'a: "\\q"\n'],
    ['flow entries without values', 'a: {b, c}\n'],
    ['reserved character', 'a: @x\n'],
    ['backquote', 'a: `x`\n'],
    ['byte order mark', '\uFEFFa: 1\n'],
    ['lone carriage return', 'a: 1\rb: 2\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['sequence in a mapping', 'a: 1\n- b\n'],
    ['comment without a space', 'a: "x"#c\n'],
    ['Helm template', 'name: {{ .Release.Name }}\n'],
    ['deep nesting', '['.repeat(300) + ']'.repeat(300)],
    ['deep block nesting', Array.from({ length: 250 }, (_, i) => ' '.repeat(i) + 'k:').join('\n')],
    ['long key', 'k'.repeat(1100) + ': 1\n'],
    ['leading blank line wider than the text', 'a: |\n    \n  x\n'],
  ];
  for (const [name, text] of cases) {
    it(`on ${name}`, () => assert.equal(fastDecode(text).ok, false));
  }
});

// ---- Differential tests against the corpus ---------------------------------------------------

const SHARED = '/work/shared';

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yamlFiles(full, out);
    else if (/\.(ya?ml|json)$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** The chunks `parseManifest` decodes one by one. */
function splitChunks(text: string): string[] {
  return splitTextChunks(text).map(({ start, end }) => text.slice(start, end));
}

function corpusChunks(): string[] {
  const dirs = ['corpus', 'cases'].map((d) => path.join(SHARED, d)).filter((d) => fs.existsSync(d));
  const files = dirs.flatMap((d) => yamlFiles(d));
  return files.flatMap((file) => splitChunks(fs.readFileSync(file, 'utf8')));
}

describe('yaml fast path: agrees with the yaml package on the corpus', () => {
  it('decodes every corpus chunk it accepts exactly as the yaml package does', function () {
    if (!fs.existsSync(SHARED)) {
      console.log(`      note: ${SHARED} is absent; corpus comparison skipped`);
      this.skip();
    }
    this.timeout(120_000);
    const chunks = corpusChunks();
    let fast = 0;
    const failures: string[] = [];
    for (const chunk of chunks) {
      if (fastDecode(chunk).ok) fast++;
      const problem = disagreement(chunk);
      if (problem) failures.push(`${problem}\n${chunk.slice(0, 300)}`);
    }
    const share = ((100 * fast) / chunks.length).toFixed(1);
    console.log(`      fast path: ${fast} of ${chunks.length} corpus chunks (${share}%)`);
    assert.deepEqual(failures, []);
    assert.ok(fast / chunks.length > 0.9, 'the fast path should take most corpus chunks');
  });
});

// ---- Mutation fuzzing -------------------------------------------------------------------------

/** A small deterministic generator of numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [
  ': ', '- ', '"', "'", '#', ' #', '#x', '\t', ' \t', '{', '[', '}', ']', ',', '|', '>', '|-', '>+', '|2',
  '\\', '\\\n', '&a ', '*a', '!t ', '? ', '...', '---', '\n', '\r\n', '\r', ' ', '  ', ':', ' :', '-',
  '%', '@', '<<', '~', '\\n', '\\x4', '\\u00e9', "''", '\n\n', ' - ', ': |\n', ': >-\n', '\n  ',
  '\n    ', '\n- ', '\n#', '\n# c\n', '"\n', "'\n", '\uFEFF', '\0', 'é', '😀', '\u2028', '\u0085',
  '\u00a0', '\x7f', '\x0b',
];

const SCALARS = [
  'yes', 'no', 'on', 'Off', 'y', 'N', '0777', '0x1F', '0b101', '1e3', '.5', '-.inf', '.nan', '1_000',
  '-0', '0o7', '+12', '1.0', 'null', '~', "''", '""', '12345678901234567890', '0_', '.', 'e5', '1.',
  '"a\\x41"', '"\\u00e9"', '"\\q"', '__proto__', '<<', '"a\\\n  b"', "'a\n\n  b'", '|\n  x\n',
  '>\n  a\n  b\n\n  c\n', '[a, b]', '{a: 1}', '{}', '[]', '"x": 1', '- a', 'a: b', '|+\n\n',
  '>-\n  a\n   b\n', '[\n  a,\n  b\n]',
];

/** Applies one random edit: a line deleted, repeated, re-indented, split or joined, or text inserted. */
function mutate(text: string, r: () => number): string {
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)];
  const lines = text.split('\n');
  const k = Math.floor(r() * lines.length);
  const line = lines[k];
  const at = Math.floor(r() * (line.length + 1));
  switch (Math.floor(r() * 11)) {
    case 0:
      lines.splice(k, 1);
      break;
    case 1:
      lines.splice(k, 0, line);
      break;
    case 2:
      lines[k] = pick([' ', '  ', '    ']) + line;
      break;
    case 3:
      lines[k] = line.replace(/^ {1,2}/, '');
      break;
    case 4:
    case 5:
      lines[k] = line.slice(0, at) + pick(INSERTS) + line.slice(at);
      break;
    case 6:
    case 7: {
      const m = /^(\s*(?:- )?[^:#]*: )/.exec(line) ?? /^(\s*- )/.exec(line);
      lines[k] = (m ? m[1] : line) + pick(SCALARS);
      break;
    }
    case 8:
      if (k + 1 < lines.length) lines.splice(k, 2, `${line}${pick(['', ' '])}${lines[k + 1].trimStart()}`);
      break;
    case 9:
      return lines.join('\r\n');
    default:
      lines.splice(k, 1, line.slice(0, at), pick(['', ' ', '  ', '    ']) + line.slice(at));
  }
  return lines.join('\n');
}

/** Random documents made of the constructs the fast path reads, as seeds for mutation. */
function generator(r: () => number): () => string {
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)];
  const upTo = (n: number): number => Math.floor(r() * n);
  const pad = (n: number): string => ' '.repeat(Math.max(0, n));
  /** A line break, sometimes with a blank line, and the next line's indentation. */
  const newline = (ind: number): string => '\n' + (r() < 0.2 ? pad(upTo(3)) + '\n' : '') + pad(ind + upTo(3));
  const words = [
    'a', 'name', 'x y', 'y', 'on', 'NO', '1', '-1', '0x1f', '017', '1.5', '1e3', '.inf', '.nan', '~',
    '__proto__', 'toString', '1_000', 'a:b', 'a#b', 'é', 'e5', '0_',
  ];
  const keys = [...words, '"q"', "'s'", "'it''s'", '"1"', 'k1', 'k2', 'k3', 'spec'];
  const doubleParts = ['a', ' ', '\\t', '\\n', '\\"', '\\x41', '\\u00e9', '\\ ', '#', ': ', '\t'];
  const singleParts = ['a', ' ', "''", '"', '\\', '#', ': ', '\t'];

  const quoted = (multi: boolean, ind: number): string => {
    const double = r() < 0.6;
    let text = '';
    for (let i = upTo(5); i >= 0; i--) {
      text += pick(double ? doubleParts : singleParts);
      if (multi && r() < 0.3) text += pick(['', ' ', double ? '\\' : '']) + newline(ind);
    }
    return double ? `"${text}"` : `'${text}'`;
  };
  const plain = (ind: number): string => {
    const text = pick(words);
    return r() < 0.2 ? text + newline(ind) + pick(['more', 'text here', '2', 'a #b']) : text;
  };
  const blockScalar = (parent: number): string => {
    const header = pick(['|', '>', '|-', '>-', '|+', '>+', '|1', '>2', '|2-', '|  # c']);
    const digit = /\d/.exec(header);
    const indent = digit ? parent + Number(digit[0]) : parent + 1 + upTo(3);
    let text = header;
    for (let i = upTo(5); i >= 0; i--) {
      const kind = r();
      if (kind < 0.2) text += '\n' + pad(upTo(indent + 2));
      else if (kind < 0.35) text += '\n' + pad(indent + 1 + upTo(2)) + pick(['more', '- x']);
      else if (kind < 0.4) text += '\n' + pad(indent) + '\ttabbed';
      else text += '\n' + pad(indent) + pick(['line', 'two words', 'k: v', '# hash']);
    }
    return text;
  };
  const flow = (depth: number, ind: number, multi: boolean): string => {
    const isMap = r() < 0.5;
    const items: string[] = [];
    for (let i = upTo(4); i > 0; i--) {
      const nested = depth <= 2 && r() < 0.4;
      const item = nested ? flow(depth + 1, ind + 2, multi && r() < 0.5) : pick([pick(words), quoted(false, 0), '-1']);
      items.push(isMap ? `${pick(keys)}: ${item}` : item);
    }
    const gap = (): string => (multi ? '\n' + pad(ind + 1 + upTo(3)) : ' ');
    const body = items.join(',' + gap()) + (r() < 0.2 ? ',' : '');
    const close = multi && r() < 0.5 ? '\n' + pad(ind + upTo(2)) : '';
    return isMap ? `{${gap()}${body}${close}}` : `[${gap()}${body}${close}]`;
  };
  const value = (depth: number, parent: number, inline: boolean): string => {
    const kind = r();
    if (kind < 0.4) return plain(parent + 1);
    if (kind < 0.6) return quoted(r() < 0.3, parent + 1);
    if (kind < 0.72 && inline) return blockScalar(parent);
    if (kind < 0.85) return flow(depth, parent, r() < 0.4);
    return '';
  };
  const mapping = (depth: number, ind: number): string => {
    const out: string[] = [];
    for (let i = upTo(4); i >= 0; i--) {
      const key = pad(ind) + pick(keys);
      const kind = r();
      const comment = r() < 0.1 ? ' # c' : '';
      if (kind < 0.55 || depth > 3) out.push(`${key}: ${value(depth, ind, true)}${comment}`);
      else if (kind < 0.7) out.push(`${key}:\n${sequence(depth + 1, ind)}`);
      else out.push(`${key}:${comment}\n${node(depth + 1, ind + 1 + upTo(3))}`);
      if (r() < 0.1) out.push(pad(upTo(6)) + pick(['# comment', '#x', '']));
    }
    return out.join('\n');
  };
  const sequence = (depth: number, ind: number): string => {
    const out: string[] = [];
    for (let i = upTo(3); i >= 0; i--) {
      const dash = pad(ind) + '-';
      const kind = r();
      if (kind < 0.45 || depth > 3) out.push(`${dash} ${value(depth, ind, true)}`);
      else if (kind < 0.75) out.push(`${dash} ${mapping(depth + 1, ind + 2).slice(ind + 2)}`);
      else if (kind < 0.85) out.push(`${dash} ${sequence(depth + 1, ind + 2).slice(ind + 2)}`);
      else out.push(`${dash}\n${node(depth + 1, ind + 1 + upTo(2))}`);
    }
    return out.join('\n');
  };
  const node = (depth: number, ind: number): string => {
    if (depth > 3 || r() < 0.2) return pad(ind) + value(depth, ind - 1, false);
    return r() < 0.6 ? mapping(depth, ind) : sequence(depth, ind);
  };
  return () => {
    const head = pick(['', '---\n', '--- # c\n', '# c\n']);
    const body = r() < 0.1 ? flow(0, -1, r() < 0.5) : node(0, r() < 0.9 ? 0 : 2);
    return head + body + pick(['\n', '', '\n\n', '\n# end\n']);
  };
}

describe('yaml fast path: mutation fuzzing', () => {
  it('never disagrees with the yaml package on 20,000 mutated documents (seed 1)', function () {
    this.timeout(300_000);
    const r = random(1);
    const generate = generator(r);
    const corpus = fs.existsSync(SHARED) ? corpusChunks().filter((c) => c.length < 6000) : [];
    const failures: string[] = [];
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const fromCorpus = corpus.length > 0 && r() < 0.4;
      let text = fromCorpus ? corpus[Math.floor(r() * corpus.length)] : generate();
      const edits = Math.floor(r() * 3) + (fromCorpus ? 1 : 0);
      for (let m = 0; m < edits; m++) text = mutate(text, r);
      if (fastDecode(text).ok) accepted++;
      const problem = disagreement(text);
      if (problem && failures.length < 10) failures.push(`${problem}\n${JSON.stringify(text)}`);
    }
    console.log(`      fast path accepted ${accepted} of 20000 mutated documents`);
    assert.deepEqual(failures, []);
  });
});
