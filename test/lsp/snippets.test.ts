import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkFile } from '../../server/src/core/check';
import { Cluster } from '../../server/src/core/cluster';
import type { KubeObject } from '../../server/src/core/cluster/api';

interface Snippet {
  prefix: string[];
  description: string;
  body: string[];
}

const snippets = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../snippets/kubernetes.json'), 'utf8'),
) as Record<string, Snippet>;

/** The text a snippet inserts when the user accepts every default. */
function expand(body: string[]): string {
  const values = new Map<string, string>();
  const text = body.join('\n');
  const withDefaults = text.replace(
    /\$\{(\d+)(?::([^}]*)|\|([^|}]*)\|)\}/g,
    (_, n: string, def?: string, choices?: string) => {
      const value = def ?? choices?.split(',')[0] ?? '';
      if (!values.has(n) || value) values.set(n, values.get(n) || value);
      return `\u0000${n}\u0000`;
    },
  );
  return withDefaults
    .replace(/\u0000(\d+)\u0000/g, (_, n: string) => values.get(n) ?? '')
    .replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a?: string, b?: string) => values.get(a ?? b ?? '') ?? '');
}

/** The tab stop on the line after `marker` (the selector's and the template's label). */
function labelStop(body: string[], after: string): string | undefined {
  const i = body.findIndex((l) => l.trim() === after);
  return /\$\{?(\d+)/.exec(body[i + 1] ?? '')?.[1];
}

describe('workload snippets', () => {
  it('cover the four workloads and the Service', () => {
    assert.deepEqual(Object.keys(snippets), [
      'Deployment',
      'ReplicaSet',
      'DaemonSet',
      'StatefulSet',
      'Service',
    ]);
  });

  for (const name of ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']) {
    it(`${name}: the selector and the template labels are one placeholder`, () => {
      const body = snippets[name].body;
      const selector = labelStop(body, 'matchLabels:');
      assert.ok(selector);
      assert.equal(labelStop(body, 'labels:'), selector);
    });
  }

  for (const name of Object.keys(snippets)) {
    it(`${name}: its defaults make an object the API server accepts`, () => {
      const text = expand(snippets[name].body);
      const file = checkFile({ uri: `${name}.yaml`, text }, { minor: '1.35' });
      assert.deepEqual(file.problems, []);
      assert.equal(file.objects.length, 1);
      const cluster = new Cluster({ minor: '1.35' });
      const outcome = cluster.apply(file.objects[0].value as unknown as KubeObject);
      assert.equal(outcome.ok ? outcome.result : outcome.error, 'created');
    });
  }

  it('the DaemonSet selects nodes, and the default node has the label it names', () => {
    const text = expand(snippets.DaemonSet.body);
    assert.match(text, /\n {6}nodeSelector:\n {8}kubernetes\.io\/os: linux\n/);
    const cluster = new Cluster({ minor: '1.35' });
    cluster.apply(
      checkFile({ uri: 'ds.yaml', text }, { minor: '1.35' }).objects[0]
        .value as unknown as KubeObject,
    );
    cluster.settle();
    assert.equal(cluster.list('Pod').length, 1);
  });
});
