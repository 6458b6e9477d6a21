import { strict as assert } from 'node:assert';
import { LspHarness } from './harness';

const DUPLICATE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: demo
data:
  a: "1"
  a: "2"
`;

describe('language server diagnostics', () => {
  let lsp: LspHarness;
  beforeEach(async () => {
    lsp = new LspHarness();
    await lsp.initialize();
  });
  afterEach(() => lsp.dispose());

  it('publishes a duplicate key at its second occurrence on open', async () => {
    await lsp.open('file:///w/dup.yaml', DUPLICATE);
    const [d, ...rest] = await lsp.diagnostics('file:///w/dup.yaml');
    assert.equal(rest.length, 0);
    assert.equal(d.code, 'yaml-duplicate-key');
    assert.equal(d.source, 'kubeplan');
    assert.deepEqual(d.range, { start: { line: 6, character: 2 }, end: { line: 6, character: 3 } });
    assert.equal(d.relatedInformation?.[0].location.range.start.line, 5);
  });

  it('re-checks after an edit and clears on close', async () => {
    const uri = 'file:///w/edit.yaml';
    await lsp.open(uri, DUPLICATE);
    await lsp.diagnostics(uri, (d) => d.length === 1);
    await lsp.change(uri, DUPLICATE.replace('  a: "2"\n', '  b: "2"\n'), 2);
    assert.deepEqual(await lsp.diagnostics(uri, (d) => d.length === 0), []);
    await lsp.change(uri, DUPLICATE, 3);
    await lsp.diagnostics(uri, (d) => d.length === 1);
    await lsp.close(uri);
    assert.deepEqual(await lsp.diagnostics(uri, (d) => d.length === 0), []);
  });

  it('leaves YAML that is not Kubernetes alone', async () => {
    const uri = 'file:///w/compose.yaml';
    await lsp.open(uri, 'services:\n  web:\n    image: nginx\n');
    assert.deepEqual(await lsp.diagnostics(uri), []);
  });
});
