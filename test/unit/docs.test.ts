import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CROSS_CODES } from '../../server/src/core/validation/crossdoc';
import { RULE_CODES } from '../../server/src/core/validation/rules';

const ROOT = join(__dirname, '..', '..');

/** Codes written as literals where problems are made in the server's sources. */
function literalCodes(dir: string, out = new Set<string>()): Set<string> {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) literalCodes(file, out);
    else if (file.endsWith('.ts')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/problem\(\s*'([a-z0-9-]+)'/g)) out.add(m[1]);
    }
  }
  return out;
}

describe('docs/problems.md', () => {
  it('explains every problem code Kubeplan reports', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'problems.md'), 'utf8');
    const schema = ['unknown-field', 'wrong-type', 'unsupported-value', 'invalid-quantity', 'missing-required'];
    const codes = new Set([...RULE_CODES, ...CROSS_CODES, ...schema, ...literalCodes(join(ROOT, 'server', 'src'))]);
    const missing = [...codes].filter((c) => !doc.includes('### `' + c + '`')).sort();
    assert.deepEqual(missing, []);
    assert.ok(codes.size > 50, `only ${codes.size} codes were found: the scan is broken`);
  });
});
