import { strict as assert } from 'node:assert';
import { parseManifest } from '../../server/src/core/yaml/parse';

describe('yaml', () => {
  it('types scalars as YAML 1.1', () => {
    const f = parseManifest('a: yes\nb: 1.0\nc: 2001-12-14\nd: 1:20\n');
    assert.deepEqual(f.documents[0].value, { a: true, b: 1, c: '2001-12-14', d: '1:20' });
  });
});
