import { strict as assert } from 'node:assert';
import { DESCRIBE, TABLE, tabwrite } from '../../server/src/core/kubectl/tabwriter';
import { ageSince, humanDuration, rfc1123z } from '../../server/src/core/kubectl/duration';
import { goSharpV, goSprint, jsonIndent } from '../../server/src/core/kubectl/gofmt';
import { toYaml } from '../../server/src/core/kubectl/goyaml';

describe('kubectl tabwriter', () => {
  const cases: Array<[string, string, typeof TABLE, string]> = [
    [
      'table columns are max(6, longest + 3) wide; the last cell is not padded',
      'NAME\tREADY\tSTATUS\tRESTARTS\tAGE\tIP\tNODE\tNOMINATED NODE\tREADINESS GATES\nnginx\t1/1\tRunning\t0\t7m15s\t10.1.0.6\tdocker-desktop\t<none>\t<none>\n',
      TABLE,
      'NAME    READY   STATUS    RESTARTS   AGE     IP         NODE             NOMINATED NODE   READINESS GATES\n' +
        'nginx   1/1     Running   0          7m15s   10.1.0.6   docker-desktop   <none>           <none>\n',
    ],
    [
      'a line without a tab ends every block',
      'a\tb\nlonger\tc\nplain\nx\ty\n',
      DESCRIBE,
      'a       b\nlonger  c\nplain\nx  y\n',
    ],
    [
      'empty cells are padded, so a row may end in spaces',
      'Labels:\tapp=pi\n\tpod-template-hash=5\nNamespace:\tdefault\n',
      DESCRIBE,
      'Labels:     app=pi\n            pod-template-hash=5\nNamespace:  default\n',
    ],
    [
      'a column block stops at a line with fewer cells; the next block is sized on its own',
      'a\tb\tc\nlong-cell\td\nx\ty\tz\n',
      DESCRIBE,
      'a          b  c\nlong-cell  d\nx          y  z\n',
    ],
    ['widths count characters, not UTF-16 units', 'é\tx\nab\ty\n', DESCRIBE, 'é   x\nab  y\n'],
    ['text after the last newline stays unterminated', 'a\tb', TABLE, 'a     b'],
  ];
  for (const [name, input, settings, expected] of cases) {
    it(name, () => assert.equal(tabwrite(input, settings), expected));
  }
});

describe('kubectl HumanDuration', () => {
  const S = 1000;
  const M = 60 * S;
  const H = 60 * M;
  const D = 24 * H;
  const cases: Array<[number, string]> = [
    [0, '0s'],
    [-1900, '0s'],
    [-2000, '<invalid>'],
    [5 * S, '5s'],
    [119 * S + 999, '119s'],
    [2 * M, '2m'],
    [2 * M + 5 * S, '2m5s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 59 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [3 * H + 30 * M, '3h30m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H, '8h'],
    [47 * H, '47h'],
    [2 * D, '2d'],
    [2 * D + 2 * H, '2d2h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D, '8d'],
    [729 * D, '729d'],
    [730 * D, '2y'],
    [731 * D, '2y1d'],
    [8 * 365 * D, '8y'],
  ];
  for (const [ms, expected] of cases)
    it(`${ms}ms → ${expected}`, () => assert.equal(humanDuration(ms), expected));

  it('ages are taken from timestamps and say <unknown> without one', () => {
    assert.equal(ageSince('2025-01-01T00:00:00Z', Date.parse('2025-01-01T00:05:00Z')), '5m');
    assert.equal(ageSince(undefined, 0), '<unknown>');
  });

  it('describe timestamps are RFC 1123 with a numeric zone', () => {
    assert.equal(rfc1123z('2023-10-02T10:15:04Z'), 'Mon, 02 Oct 2023 10:15:04 +0000');
  });
});

describe('kubectl Go value rendering', () => {
  it('fmt.Sprint of maps and lists (custom-columns cells)', () => {
    assert.equal(goSprint({ b: '2', a: { c: 1 } }), 'map[a:map[c:1] b:2]');
    assert.equal(goSprint(['x', 3, true, null]), '[x 3 true <nil>]');
    assert.equal(goSprint(0.5), '0.5');
    assert.equal(goSprint(1234567.5), '1.2345675e+06');
  });

  it('%#v of an unstructured list (the jsonpath error dump)', () => {
    assert.equal(
      goSharpV({ apiVersion: 'v1', items: [], kind: 'List', metadata: { resourceVersion: '' } }),
      'map[string]interface {}{"apiVersion":"v1", "items":[]interface {}{}, "kind":"List", "metadata":map[string]interface {}{"resourceVersion":""}}',
    );
  });

  it('json.MarshalIndent with four spaces, sorted keys and HTML-safe escapes', () => {
    assert.equal(
      jsonIndent({ b: [1, { d: 'x<y' }], a: {}, c: [] }),
      '{\n    "a": {},\n    "b": [\n        1,\n        {\n            "d": "x\\u003cy"\n        }\n    ],\n    "c": []\n}',
    );
  });
});

describe('kubectl -o yaml (go-yaml v2 through sigs.k8s.io/yaml)', () => {
  const cases: Array<[string, unknown, string]> = [
    [
      'sequences are not indented under their key; maps in a sequence start after the dash',
      { spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] } },
      'spec:\n  containers:\n  - image: nginx\n    name: web\n    ports:\n    - containerPort: 80\n',
    ],
    [
      'strings that would read as numbers, booleans, null or timestamps are double-quoted',
      {
        a: '1',
        b: 'true',
        c: '',
        d: '2023-10-02T10:15:04Z',
        e: 'yes',
        f: '55b6cb574',
        g: '0x1F',
        h: '1e3',
        i: '.5',
      },
      'a: "1"\nb: "true"\nc: ""\nd: "2023-10-02T10:15:04Z"\ne: "yes"\nf: 55b6cb574\ng: "0x1F"\nh: "1e3"\ni: .5\n',
    ],
    [
      'indicators and ": " force single quotes; a quote inside is doubled',
      { a: '*', b: 'a: b', c: "it's #1", d: '- x', e: 'x #y', f: 'a#b' },
      "a: '*'\nb: 'a: b'\nc: 'it''s #1'\nd: '- x'\ne: 'x #y'\nf: a#b\n",
    ],
    [
      'a string with a newline is a literal block with chomping by its ending',
      { keep: 'a\nb\n', strip: 'a\nb', plus: 'a\n\n' },
      'keep: |\n  a\n  b\nplus: |+\n  a\n\nstrip: |-\n  a\n  b\n',
    ],
    [
      'a multi-line string with a tab or trailing space is double-quoted',
      { s: 'a \nb\tc' },
      's: "a \\nb\\tc"\n',
    ],
    [
      'empty maps and lists are written in flow style; null as null',
      { a: {}, b: [], c: null, d: [[1, 2], []] },
      'a: {}\nb: []\nc: null\nd:\n- - 1\n  - 2\n- []\n',
    ],
    [
      'keys sort with numbers compared by value and letters after other characters',
      { a10: 1, a9: 2, 'a-b': 3, ab: 4, A: 5 },
      'A: 5\na-b: 3\na9: 2\na10: 1\nab: 4\n',
    ],
    [
      // After 15 words the column is 83, past 80, so the next space becomes a line break.
      'long plain strings fold at a space past column 80',
      { message: 'word '.repeat(20).trim() },
      'message: word word word word word word word word word word word word word word word\n  word word word word word\n',
    ],
  ];
  for (const [name, value, expected] of cases)
    it(name, () => assert.equal(toYaml(value), expected));
});
