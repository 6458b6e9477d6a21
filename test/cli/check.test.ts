import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { main } from '../../server/src/cli/main';
import type { CliIO } from '../../server/src/cli/io';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'check');
const rel = (name: string) => path.join(FIXTURES, name);

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readStdin: async () => stdin,
    cwd: process.cwd(),
  };
  const code = await main(args, io);
  return { code, out, err };
}

describe('kubeplan check', () => {
  it('prints file:line:col: severity code message and exits 1 on an error', async () => {
    const r = await run(['check', rel('dup.yaml')]);
    assert.equal(r.code, 1);
    assert.equal(
      r.out,
      `${rel('dup.yaml')}:7:3: error yaml-duplicate-key mapping key "a" already defined at line 6; ` +
        'kubectl apply -f keeps the last value and silently drops the first (1)\n' +
        '1 error, 0 warnings in 1 file (1 object)\n',
    );
  });

  it('exits 0 when nothing is wrong', async () => {
    const r = await run(['check', rel('clean.yml')]);
    assert.deepEqual([r.code, r.out], [0, '0 errors, 0 warnings in 1 file (1 object)\n']);
  });

  it('reads a directory as kubectl does: manifests only, subdirectories with -R', async () => {
    const flat = await run(['check', FIXTURES]);
    assert.match(flat.out, / in 2 files /);
    const deep = await run(['check', '-R', FIXTURES]);
    assert.match(deep.out, / in 3 files /);
    assert.match(deep.out, /nested\/old\.yaml:1:13: error api-version-not-served no matches for kind "DaemonSet" in version "extensions\/v1beta1"/);
  });

  it('keys the verdict off the chosen minor', async () => {
    const text = 'apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\n';
    const old = await run(['check', '--kubernetes-version', '1.20', '-'], text);
    const now = await run(['check', '--kubernetes-version=1.26', '-'], text);
    assert.deepEqual([old.code, now.code], [0, 1]);
    assert.match(now.out, /^<stdin>:1:13: error api-version-not-served /);
  });

  it('writes JSON with 1-based positions', async () => {
    const r = await run(['check', '--format', 'json', rel('dup.yaml')]);
    const [p] = JSON.parse(r.out);
    assert.deepEqual(
      [p.line, p.column, p.endLine, p.endColumn, p.severity, p.code],
      [7, 3, 7, 4, 'error', 'yaml-duplicate-key'],
    );
  });

  it('writes SARIF 2.1.0 with exact regions', async () => {
    const r = await run(['check', '--format', 'sarif', rel('dup.yaml')]);
    const log = JSON.parse(r.out);
    assert.equal(log.version, '2.1.0');
    const run0 = log.runs[0];
    assert.deepEqual(run0.tool.driver.rules, [{ id: 'yaml-duplicate-key' }]);
    assert.deepEqual(run0.results[0].level, 'error');
    assert.deepEqual(run0.results[0].locations[0].physicalLocation.region, {
      startLine: 7,
      startColumn: 3,
      endLine: 7,
      endColumn: 4,
    });
  });

  it('exits 2 with a usage message on bad usage', async () => {
    for (const args of [['check'], ['check', '--format', 'xml', 'a'], ['check', '--kubernetes-version', '1.19', 'a'], ['check', '--bogus', 'a'], ['frobnicate']]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^error: /, args.join(' '));
    }
  });

  it('reports a missing path and exits 1', async () => {
    const r = await run(['check', rel('absent.yaml')]);
    assert.equal(r.code, 1);
    assert.equal(r.err, `error: the path "${rel('absent.yaml')}" does not exist\n`);
  });

  it('prints help and the version', async () => {
    assert.match((await run(['check', '--help'])).out, /^Validate Kubernetes manifests/);
    assert.match((await run(['--version'])).out, /^kubeplan \d+\.\d+\.\d+\n$/);
  });

  it('never prints a stack trace, even for binary input (built CLI)', () => {
    const cli = path.join(__dirname, '..', '..', 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [cli, 'check', '-'], { input: Buffer.from([0, 255, 254, 10, 123, 123, 58]) });
    assert.ok(r.status === 0 || r.status === 1, String(r.status));
    assert.doesNotMatch(String(r.stderr) + String(r.stdout), /\n\s+at /);
  });
});

describe('kubeplan check: what kubectl would refuse to apply at all', () => {
  it('warns about a file with no document with content', async () => {
    const r = await run(['check', '-'], '# only a comment\n---\n');
    assert.equal(
      r.out,
      '<stdin>:1:1: warning no-objects no objects passed to apply: the file has no document with content\n' +
        '0 errors, 1 warning in 1 file (0 objects)\n',
    );
  });

  it('fails when the paths hold no manifest file', async () => {
    const r = await run(['check', path.join(FIXTURES, '..', 'check-empty')]);
    assert.deepEqual([r.code, r.out], [1, '']);
    assert.equal(r.err, 'error: no objects passed to apply: no .yaml, .yml or .json file in the given paths\n');
  });

  it('does not follow links to directories inside a directory, so a loop ends', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeplan-loop-'));
    fs.mkdirSync(path.join(root, 'a'));
    fs.copyFileSync(rel('clean.yml'), path.join(root, 'a', 'clean.yml'));
    fs.symlinkSync('..', path.join(root, 'a', 'up'));
    fs.symlinkSync('../..', path.join(root, 'a', 'up2'));
    const r = await run(['check', '-R', root]);
    fs.rmSync(root, { recursive: true });
    assert.equal(r.out, '0 errors, 0 warnings in 1 file (1 object)\n');
  });

  it('says which flag lacks its value', async () => {
    const r = await run(['check', '--kubernetes-version']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^error: flag needs an argument: --kubernetes-version\n/);
  });

  it('names the quick fix after the message', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndta:\n  a: b\n';
    const r = await run(['check', '-'], text);
    assert.equal(
      r.out.split('\n')[0],
      '<stdin>:5:1: error unknown-field unknown field "dta" (fix: Change to "data")',
    );
    const [p] = JSON.parse((await run(['check', '--format', 'json', '-'], text)).out);
    assert.deepEqual(p.fixes, [
      { title: 'Change to "data"', edits: [{ line: 5, column: 1, endLine: 5, endColumn: 4, newText: 'data' }] },
    ]);
  });

  it('checks nothing more in a document YAML cannot read', async () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n\t  spec: {}\n';
    const r = await run(['check', '-'], text);
    const codes = r.out.trim().split('\n').slice(0, -1).map((l) => l.split(' ')[2]);
    assert.deepEqual(codes, ['yaml-tab']);
  });
});

describe('version', () => {
  it('matches package.json', async () => {
    const pkg = require('../../package.json');
    assert.equal((await run(['--version'])).out, `kubeplan ${pkg.version}\n`);
  });
});
