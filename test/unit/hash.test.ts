import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { goTypes, jsonFields, jsonShape } from '../../server/src/core/api/types';
import { MINORS, type Minor } from '../../server/src/core/api/versions';
import { defaultPodTemplate } from '../../server/src/core/defaults';
import {
  controllerRevisionName,
  daemonSetRevision,
  deepHashText,
  fnv32,
  fnv32a,
  hashControllerRevision,
  podTemplateHash,
  podTemplateSum32,
  replicaSetNameFor,
  safeEncodeString,
  statefulSetRevision,
  templatePatch,
} from '../../server/src/core/hash';
import { parseManifest } from '../../server/src/core/yaml/parse';

type Json = Record<string, any>;

const ROOT = resolve(__dirname, '../..');
const SHARED = join(ROOT, '../shared/fidelity');
const EVIDENCE = join(SHARED, 'hash-evidence.json');
const FIXTURES = join(ROOT, 'test/fixtures/hash');

const NGINX = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx-deployment' },
  spec: {
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] },
    },
  },
};

function loadEvidence(): Json[] {
  return existsSync(EVIDENCE) ? JSON.parse(readFileSync(EVIDENCE, 'utf8')) : [];
}

function skipWithoutShared(ctx: Mocha.Context, found: boolean): void {
  if (found) return;
  console.log(`    skipped: ${SHARED} not found (the shared reference data is not present)`);
  ctx.skip();
}

/** Equal texts, or a failure that shows where they part. */
function assertSameText(actual: string, expected: string, label: string): void {
  if (actual === expected) return;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 60), i + 60));
  assert.fail(`${label}: texts differ first at offset ${i}\n  actual:   ${around(actual)}\n  expected: ${around(expected)}`);
}

function readFixture(file: string): Json {
  return parseManifest(readFileSync(join(FIXTURES, file), 'utf8')).documents[0].value as Json;
}

describe('hash: FNV and the safe encoding', () => {
  const vectors: [string, number, number][] = [
    ['', 0x811c9dc5, 0x811c9dc5],
    ['a', 0xe40c292c, 0x050c5d7e],
    ['ab', 0x4d2505ca, 0x70772d38],
    ['abc', 0x1a47e90b, 0x439c2f4b],
    ['foobar', 0xbf9cf968, 0x31f0b262],
  ];
  for (const [text, a, one] of vectors) {
    it(`hashes ${JSON.stringify(text)} with FNV-1a and FNV-1`, () => {
      assert.equal(fnv32a(text), a);
      assert.equal(fnv32(text), one);
    });
  }

  it('hashes the UTF-8 bytes, a lone surrogate as U+FFFD', () => {
    assert.equal(fnv32a('é'), fnv32a('\u00e9'));
    assert.notEqual(fnv32a('é'), fnv32a('e'));
    assert.equal(fnv32a('\ud800'), fnv32a('\ufffd'));
  });

  it('maps decimal digits through the vowel-free alphabet', () => {
    assert.equal(safeEncodeString('0123456789'), '456789bcdf');
    assert.equal(safeEncodeString('41035808'), '85479d4d');
  });
});

describe('hash: the real ReplicaSet names (hash-evidence.json)', () => {
  const evidence = loadEvidence();
  before(function () {
    skipWithoutShared(this, evidence.length > 0);
  });

  if (evidence.length === 0) it('reproduces every entry', () => undefined);
  for (const e of evidence) {
    it(`${e.name}: prints the same text, sum, hash and collision hash`, () => {
      assertSameText(deepHashText(e.template, e.k8sVersion), e.printed, e.name);
      assert.equal(podTemplateSum32(e.template, e.k8sVersion), e.sum32);
      assert.equal(podTemplateHash(e.template, e.k8sVersion), e.hash);
      assert.equal(podTemplateHash(e.template, e.k8sVersion, 1), e.hashWithCollision1);
      assert.equal(e.replicaSetName.endsWith(`-${e.hash}`), true);
    });
  }
});

describe('hash: raw manifests give the observed ReplicaSet names', () => {
  const evidence = loadEvidence();
  before(function () {
    skipWithoutShared(this, evidence.length > 0);
  });

  const cases: { manifest: string; evidence: string[] }[] = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8'));
  for (const c of cases) {
    it(`${c.manifest} is named ${c.evidence.map((n) => n.replace(/^evidence\//, '')).join(', ')}`, () => {
      const deployment = readFixture(c.manifest);
      for (const name of c.evidence) {
        const e = evidence.find((x) => x.name === name);
        assert.ok(e, `${name} is in the evidence`);
        assert.equal(replicaSetNameFor(deployment, e.k8sVersion), e.replicaSetName, `${c.manifest} at ${e.k8sVersion}`);
        assert.equal(replicaSetNameFor(deployment, e.k8sVersion, 1), `${deployment.metadata.name}-${e.hashWithCollision1}`);
      }
    });
  }

  it('covers every evidence entry with a fixture', () => {
    const covered = new Set(cases.flatMap((c) => c.evidence));
    assert.deepEqual(evidence.map((e) => e.name).filter((n) => !covered.has(n)), []);
  });
});

describe('hash: the printed text', () => {
  const template = (minor: Minor) => defaultPodTemplate(NGINX.spec.template, minor);

  it('starts with the type tag and prints every field of the minor', () => {
    const text = deepHashText(template('1.35'), '1.35');
    assert.ok(text.startsWith('(v1.PodTemplateSpec){ObjectMeta:(v1.ObjectMeta){Name:(string) GenerateName:(string) '));
    assert.ok(text.includes(' WorkloadRef:(*v1.WorkloadReference)<nil>}}'));
    assert.ok(deepHashText(template('1.20'), '1.20').includes(' ClusterName:(string) '));
    assert.ok(!deepHashText(template('1.26'), '1.26').includes('ClusterName'));
  });

  it('prints a quantity as its parsed internal fields', () => {
    const t = defaultPodTemplate({ spec: { containers: [{ name: 'c', image: 'x:1', resources: { limits: { memory: '128Mi', cpu: 0.1 } } }] } }, '1.30');
    const text = deepHashText(t, '1.30');
    assert.ok(
      text.includes(
        'Limits:(v1.ResourceList)map[cpu:{i:(resource.int64Amount){value:(int64)100 scale:(resource.Scale)-3} ' +
          'd:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string)100m Format:(resource.Format)DecimalSI} ' +
          'memory:{i:(resource.int64Amount){value:(int64)134217728 scale:(resource.Scale)0} ' +
          'd:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string) Format:(resource.Format)BinarySI}]',
      ),
    );
  });

  it('prints a quantity held as inf.Dec with its big.Int words', () => {
    const t = defaultPodTemplate({ spec: { containers: [{ name: 'c', image: 'x:1', resources: { limits: { memory: '1Ei' } } }] } }, '1.30');
    const unscaled = 2n ** 60n * 10n ** 9n;
    const words = `${unscaled & (2n ** 64n - 1n)} ${unscaled >> 64n}`;
    assert.ok(
      deepHashText(t, '1.30').includes(
        'memory:{i:(resource.int64Amount){value:(int64)0 scale:(resource.Scale)0} d:(resource.infDecAmount){Dec:(*inf.Dec)' +
          `{unscaled:(big.Int){neg:(bool)false abs:(big.nat)[${words}]} scale:(inf.Scale)9}} s:(string) Format:(resource.Format)BinarySI}`,
      ),
    );
  });

  it('prints int-or-string values with their type', () => {
    const c = (port: unknown) => ({ spec: { containers: [{ name: 'c', image: 'x:1', livenessProbe: { tcpSocket: { port } } }] } });
    assert.ok(deepHashText(c(8080), '1.35').includes('Port:(intstr.IntOrString){Type:(intstr.Type)0 IntVal:(int32)8080 StrVal:(string)}'));
    assert.ok(deepHashText(c('http'), '1.35').includes('Port:(intstr.IntOrString){Type:(intstr.Type)1 IntVal:(int32)0 StrVal:(string)http}'));
  });

  it('sorts map keys by bytes and treats empty lists and maps as nil', () => {
    const a = { metadata: { labels: { b: '2', a: '1', B: '3' }, annotations: {} }, spec: { containers: [{ name: 'c', args: [] }] } };
    const text = deepHashText(a, '1.35');
    assert.ok(text.includes('Labels:(map[string]string)map[B:3 a:1 b:2] Annotations:(map[string]string)<nil>'));
    assert.ok(text.includes('Args:([]string)<nil>'));
    assert.equal(text, deepHashText({ metadata: { labels: { a: '1', b: '2', B: '3' } }, spec: { containers: [{ name: 'c' }] } }, '1.35'));
  });

  it('does not depend on the order of members in the manifest', () => {
    const reordered = { spec: { containers: [{ ports: [{ containerPort: 80 }], image: 'nginx:1.14.2', name: 'nginx' }] }, metadata: { labels: { app: 'nginx' } } };
    assert.equal(podTemplateHash(defaultPodTemplate(reordered, '1.35'), '1.35'), podTemplateHash(template('1.35'), '1.35'));
  });

  it('distinguishes a nil pointer from a pointer to an empty value', () => {
    const withEmpty = { spec: { containers: [{ name: 'c' }], runtimeClassName: '' } };
    assert.ok(deepHashText(withEmpty, '1.35').includes('RuntimeClassName:(*string) EnableServiceLinks'));
    assert.ok(deepHashText({ spec: {} }, '1.35').includes('RuntimeClassName:(*string)<nil>'));
  });

  it('never throws on malformed templates', () => {
    for (const t of [null, 'x', [1], { spec: 'x' }, { spec: { containers: [null, 'c', { ports: {} }] } }, { metadata: { labels: [] } }]) {
      for (const minor of MINORS) assert.equal(typeof podTemplateHash(t, minor), 'string');
    }
  });
});

describe('hash: per minor', () => {
  const hashAt = (minor: Minor) => podTemplateHash(defaultPodTemplate(NGINX.spec.template, minor), minor);

  it('hashes identically where the pod types are identical (1.28 = 1.29, 1.32 = 1.33)', () => {
    assert.equal(hashAt('1.28'), hashAt('1.29'));
    assert.equal(hashAt('1.32'), hashAt('1.33'));
  });

  it('hashes differently across a release that added a field', () => {
    const hashes = new Set(MINORS.map(hashAt));
    assert.equal(hashes.size, MINORS.length - 2);
  });

  it('tells a nil collision count from zero', () => {
    const t = defaultPodTemplate(NGINX.spec.template, '1.35');
    assert.notEqual(podTemplateHash(t, '1.35'), podTemplateHash(t, '1.35', 0));
    assert.notEqual(podTemplateHash(t, '1.35', 0), podTemplateHash(t, '1.35', 1));
  });

  it('names ReplicaSets from the Deployment as written or as stored, using its collision count', () => {
    const name = replicaSetNameFor(NGINX, '1.35');
    assert.match(name, /^nginx-deployment-[4-9bcdf]{1,10}$/);
    const withStatus = { ...NGINX, status: { collisionCount: 2 } };
    assert.equal(replicaSetNameFor(withStatus, '1.35'), replicaSetNameFor(NGINX, '1.35', 2));
    assert.equal(replicaSetNameFor(withStatus, '1.35', 1), replicaSetNameFor(NGINX, '1.35', 1));
  });
});

describe('hash: ControllerRevisions', () => {
  const daemonSet = { ...NGINX, kind: 'DaemonSet', metadata: { name: 'fluentd' } };
  const statefulSet = { ...NGINX, kind: 'StatefulSet', metadata: { name: 'web' } };

  it('names a DaemonSet revision with the pod-template hash of its template', () => {
    const hash = podTemplateHash(defaultPodTemplate(NGINX.spec.template, '1.35'), '1.35');
    const rev = daemonSetRevision(daemonSet, '1.35');
    assert.deepEqual([rev.name, rev.hash], [`fluentd-${hash}`, hash]);
    assert.equal(daemonSetRevision({ ...daemonSet, status: { collisionCount: 1 } }, '1.35').hash, podTemplateHash(defaultPodTemplate(NGINX.spec.template, '1.35'), '1.35', 1));
  });

  it('writes the revision data as a sorted patch that replaces the template', () => {
    const data = daemonSetRevision(daemonSet, '1.33').data;
    assert.equal(
      data,
      '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"nginx"}},' +
        '"spec":{"containers":[{"image":"nginx:1.14.2","imagePullPolicy":"IfNotPresent","name":"nginx",' +
        '"ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{},"terminationMessagePath":"/dev/termination-log",' +
        '"terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always",' +
        '"schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":30}}}}',
    );
    assert.ok(!daemonSetRevision(daemonSet, '1.34').data.includes('creationTimestamp'));
  });

  it('escapes the revision data as Go does', () => {
    const t = defaultPodTemplate({ metadata: { annotations: { note: '<a & b>\u2028\b' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } }, '1.35');
    assert.ok(templatePatch(t, '1.35').includes('"note":"\\u003ca \\u0026 b\\u003e\\u2028\\b"'));
    assert.ok(templatePatch(t, '1.26').includes('"note":"\\u003ca \\u0026 b\\u003e\\u2028\\u0008"'));
  });

  it('hashes a StatefulSet revision with FNV-1 over the data and the collision count', () => {
    const rev = statefulSetRevision(statefulSet, '1.35');
    assert.equal(rev.hash, safeEncodeString(String(fnv32(rev.data + '0'))));
    assert.equal(rev.hash, hashControllerRevision(rev.data, 0));
    assert.equal(rev.name, `web-${rev.hash}`);
    assert.notEqual(statefulSetRevision({ ...statefulSet, status: { collisionCount: 1 } }, '1.35').hash, rev.hash);
  });

  it('cuts a long owner name to 223 characters', () => {
    assert.equal(controllerRevisionName('a'.repeat(300), 'h'), `${'a'.repeat(223)}-h`);
  });
});

describe('go types: generated tables', () => {
  it('gives each minor its Go field order and JSON tags', () => {
    const spec = goTypes('1.35').types.get('k8s.io/api/core/v1.PodSpec')!;
    assert.equal(spec.print, 'v1.PodSpec');
    assert.deepEqual(spec.fields!.slice(0, 3).map((f) => f.goName), ['Volumes', 'InitContainers', 'Containers']);
    assert.deepEqual(spec.fields!.find((f) => f.goName === 'Containers'), {
      goName: 'Containers',
      type: '[]k8s.io/api/core/v1.Container',
      json: 'containers',
      omitempty: false,
      tag: 'containers',
    });
    assert.equal(goTypes('1.20').types.get('k8s.io/api/core/v1.PodSpec')!.fields!.some((f) => f.goName === 'OS'), false);
    assert.equal(goTypes('1.35').roots.Deployment, 'k8s.io/api/apps/v1.Deployment');
  });

  it('lists the JSON members of a struct with embedded structs flattened', () => {
    const probe = jsonFields('1.35', 'k8s.io/api/core/v1.Probe').map((m) => m.name);
    assert.deepEqual(probe.slice(0, 4), ['exec', 'httpGet', 'tcpSocket', 'grpc']);
    const port = jsonFields('1.35', 'k8s.io/api/core/v1.HTTPGetAction').find((m) => m.name === 'port')!;
    assert.deepEqual(port.shape, { kind: 'int-or-string' });
    assert.deepEqual(jsonShape('1.35', 'k8s.io/api/core/v1.ResourceList'), {
      kind: 'map',
      keyTypeId: 'k8s.io/api/core/v1.ResourceName',
      values: { kind: 'quantity' },
    });
  });

  it('are what the generator writes from the shared declarations', function () {
    skipWithoutShared(this, existsSync(join(SHARED, 'go-types')));
    execFileSync(process.execPath, [join(ROOT, 'scripts/gen-go-types.mjs'), '--check'], { stdio: 'pipe' });
  });
});
