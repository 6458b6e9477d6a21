import { strict as assert } from 'node:assert';
import { keyAt, slotAt, splitLines } from '../../server/src/lsp/yamlPath';
import { caret } from './caret';

/** The path of the key under the marker, as hover reads it. */
function hoverPath(marked: string) {
  const { text, line, character } = caret(marked);
  return keyAt(splitLines(text), line, character)?.path;
}

/** The map a key typed at the marker would go in, and what was typed. */
function slot(marked: string) {
  const { text, line, character } = caret(marked);
  const at = slotAt(splitLines(text), line, character);
  return at && { path: at.path, typed: at.typed?.text };
}

describe('cursor paths in YAML manifests', () => {
  const cases: Array<[string, string, Array<string | number> | undefined]> = [
    ['a top-level key', 'apiVersion: v1\nki‸nd: Pod\n', ['kind']],
    ['a nested key', 'kind: Deployment\nspec:\n  repl‸icas: 2\n', ['spec', 'replicas']],
    ['a value stays on its key', 'spec:\n  replicas: 2‸\n', ['spec', 'replicas']],
    [
      'the second list item',
      'spec:\n  containers:\n    - name: a\n      image: x\n    - name: b\n      ima‸ge: y\n',
      ['spec', 'containers', 1, 'image'],
    ],
    [
      'an indentless list',
      'containers:\n- name: a\n- name: b\n  ima‸ge: y\n',
      ['containers', 1, 'image'],
    ],
    [
      'after a block scalar',
      'data:\n  nginx.conf: |\n    server:\n      listen: 80\n  oth‸er: x\n',
      ['data', 'other'],
    ],
    ['inside a block scalar', 'data:\n  conf: |\n    lis‸ten: 80\n', undefined],
    ['in a comment', 'spec:\n  # repl‸icas: 2\n', undefined],
    [
      'a quoted key',
      'labels:\n  "app.kubernetes.io/na‸me": x\n',
      ['labels', 'app.kubernetes.io/name'],
    ],
    ['in the second document', 'kind: A\nspec: 1\n---\nkind: B\nmeta‸data: {}\n', ['metadata']],
  ];
  for (const [name, marked, expected] of cases) {
    it(`hover: ${name}`, () => assert.deepEqual(hoverPath(marked), expected));
  }

  it('completion: a blank line inside a map', () => {
    assert.deepEqual(slot('spec:\n  replicas: 2\n  ‸\n'), { path: ['spec'], typed: '' });
  });

  it('completion: a key half typed in a list item', () => {
    assert.deepEqual(slot('spec:\n  containers:\n    - name: a\n      ima‸\n'), {
      path: ['spec', 'containers', 0],
      typed: 'ima',
    });
  });

  it('completion: the first key of a new list item', () => {
    assert.deepEqual(slot('spec:\n  containers:\n    - name: a\n    - ‸\n'), {
      path: ['spec', 'containers', 1],
      typed: '',
    });
  });

  it('completion: nothing on a value', () => {
    assert.equal(slot('spec:\n  replicas: ‸\n'), undefined);
  });

  it('answers at once for a line far past the end of the document', () => {
    const lines = splitLines('apiVersion: v1\nkind: ConfigMap\n');
    assert.equal(keyAt(lines, 2147483647, 0), undefined);
    assert.equal(slotAt(lines, 1e20, 0)?.path.length ?? 0, 0);
  });
});
