/**
 * The real corpus (../shared/corpus): the rules must find no error in any document the real API
 * server accepts. The documents it rejects are listed here with the reason.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { objectsOf, type ManifestObject } from '../../server/src/core/api/objects';
import { crossDocumentChecks } from '../../server/src/core/validation/crossdoc';
import { checkObjectRules } from '../../server/src/core/validation/rules';
import { parseManifest } from '../../server/src/core/yaml/parse';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');

/** Documents the real API server rejects, as `file kind/name: code`, with why. */
const REAL_REJECTS: Record<string, string> = {
  // kustomize bases: the selector and template labels come from commonLabels in kustomization.yaml,
  // so the raw Deployment has neither; `kubectl apply -f` on it fails with both errors.
  'ingress-nginx/deploy/grafana/deployment.yaml Deployment/grafana: selector-required':
    'kustomize base without selector',
  'ingress-nginx/deploy/grafana/deployment.yaml Deployment/grafana: selector-mismatch':
    'kustomize base without template labels',
  'ingress-nginx/deploy/prometheus/deployment.yaml Deployment/prometheus-server: selector-required':
    'kustomize base without selector',
  'ingress-nginx/deploy/prometheus/deployment.yaml Deployment/prometheus-server: selector-mismatch':
    'kustomize base without template labels',
  // An RC with neither a selector nor template labels: the selector defaults to the (empty) labels.
  'kubernetes-examples/_archived/sysdig-cloud/sysdig-rc.yaml ReplicationController/sysdig-agent: selector-required':
    'no selector and no template labels',
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

describe('rules over the real corpus', function () {
  this.timeout(20000);
  const byFile = new Map<string, ManifestObject[]>();

  before(function () {
    if (!existsSync(CORPUS)) {
      console.log(`  note: ${CORPUS} is absent; the corpus test was skipped`);
      this.skip();
    }
    for (const path of yamlFiles(CORPUS))
      byFile.set(path, objectsOf(path, parseManifest(readFileSync(path, 'utf8'))));
  });

  it('reads the whole corpus', () => {
    const count = [...byFile.values()].reduce((n, objs) => n + objs.length, 0);
    assert.ok(count > 800, `only ${count} objects`);
  });

  for (const minor of ['1.20', '1.33', '1.35'] as const) {
    it(`finds errors (${minor}) only in the documents the API server rejects`, () => {
      const errors: string[] = [];
      for (const [path, objs] of byFile) {
        for (const obj of objs) {
          for (const p of checkObjectRules(obj, minor)) {
            if (p.severity === 'error')
              errors.push(`${relative(CORPUS, path)} ${obj.kind}/${obj.name}: ${p.code}`);
          }
        }
      }
      assert.deepEqual(errors.sort(), Object.keys(REAL_REJECTS).sort());
    });
  }

  it('finds no error across the documents of each folder', () => {
    const byFolder = new Map<string, ManifestObject[]>();
    for (const [path, objs] of byFile) {
      const folder = path.slice(0, path.lastIndexOf('/'));
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), ...objs]);
    }
    const errors = [...byFolder.values()]
      .flatMap((objs) => crossDocumentChecks(objs, '1.35'))
      .filter((f) => f.problem.severity === 'error');
    assert.deepEqual(
      errors.map((f) => `${f.object.uri} ${f.problem.message}`),
      [],
    );
  });

  it('reports the overlaps the corpus notes, evaluating matchExpressions', () => {
    const folder = join(CORPUS, 'kubernetes-examples', '_archived', 'storage', 'minio');
    const objs = [...byFile].filter(([p]) => p.startsWith(folder)).flatMap(([, o]) => o);
    const overlaps = crossDocumentChecks(objs, '1.35').filter(
      (f) => f.problem.code === 'selector-overlap',
    );
    assert.deepEqual(overlaps.map((f) => `${f.object.kind}/${f.object.name}`).sort(), [
      'Deployment/minio-deployment',
      'StatefulSet/minio',
    ]);
  });
});
