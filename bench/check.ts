import * as jsyaml from 'js-yaml';
import { CheckCache, checkFile, checkFiles } from '../server/src/core/check';
import { median, report } from './measure';
import { manyDocuments } from './workload';

/** A full check of a 4,000-document file, and a one-line edit of it, against js-yaml's loadAll. */
export function benchCheck(): void {
  const text = manyDocuments(4000);
  const baseline = median(5, () => jsyaml.loadAll(text));
  console.log(`baseline: js-yaml loadAll of 4,000 documents (${(text.length / 1e6).toFixed(2)} MB): ${baseline.toFixed(1)} ms`);

  const full = median(5, () => checkFiles([{ uri: 'bench.yaml', text }], { minor: '1.35' }));
  report('full check (all checks), 4,000 documents', full, 'loadAll', baseline, '<= 2.5x loadAll');

  const cache = new CheckCache();
  checkFile({ uri: 'bench.yaml', text }, { minor: '1.35' }, cache);
  let n = 0;
  const edit = median(9, () => {
    n++;
    const edited = text.replace('replicas: 3', `replicas: ${3 + (n % 5)}`);
    checkFile({ uri: 'bench.yaml', text: edited }, { minor: '1.35' }, cache);
  });
  report('one-line edit, re-check with cache', edit, 'loadAll', baseline, '<= 30 ms');
}
