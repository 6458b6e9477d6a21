import * as jsyaml from 'js-yaml';
import { parseAllDocuments, type Tags } from 'yaml';
import { fastDecode } from '../server/src/core/yaml/fast';
import { PARSE_OPTIONS, splitChunks } from '../server/src/core/yaml/parse';
import { median, report } from './measure';
import { manyDocuments } from './workload';

/**
 * Decoding the values of a 4,000-document file: the fast decoder over every chunk, against
 * js-yaml's loadAll and against the `yaml` package as the parser uses it (one chunk at a time).
 */
export function benchFastYaml(): void {
  const text = manyDocuments(4000);
  const baseline = median(7, () => jsyaml.loadAll(text));
  const size = `${(text.length / 1e6).toFixed(2)} MB`;
  console.log(`baseline: js-yaml loadAll of 4,000 documents (${size}): ${baseline.toFixed(1)} ms`);

  let fastCount = 0;
  const fast = median(7, () => {
    fastCount = 0;
    for (const { start, end } of splitChunks(text)) {
      if (fastDecode(text.slice(start, end)).ok) fastCount++;
    }
  });
  const name = `fastDecode of every chunk (${fastCount} fast)`;
  report(name, fast, 'loadAll', baseline, '<= 1.5x loadAll');

  const slow = median(3, () => {
    for (const { start, end } of splitChunks(text)) {
      const docs = parseAllDocuments(text.slice(start, end), YAML_OPTIONS);
      for (const doc of Array.isArray(docs) ? docs : [docs]) doc.toJS({ maxAliasCount: 1000 });
    }
  });
  report('yaml package, chunk by chunk', slow, 'loadAll', baseline);
}

const YAML_OPTIONS = PARSE_OPTIONS;

