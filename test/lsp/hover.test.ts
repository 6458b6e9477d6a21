import { strict as assert } from 'node:assert';
import type { Hover } from 'vscode-languageserver';
import { caret } from './caret';
import { PROXY_DS, WEB } from './fixtures';
import { LspHarness } from './harness';

describe('language server hover', () => {
  let lsp: LspHarness;
  beforeEach(async () => {
    lsp = new LspHarness();
    await lsp.initialize();
  });
  afterEach(() => lsp.dispose());

  async function hover(uri: string, marked: string): Promise<Hover | null> {
    const { text, line, character } = caret(marked);
    await lsp.open(uri, text);
    return lsp.client.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line, character },
    });
  }

  it('shows the type and documentation of a field for the chosen minor', async () => {
    const h = await hover('file:///w/web.yaml', WEB.replace('  replicas: 2', '  repl‸icas: 2'));
    assert.deepEqual(h, {
      contents: {
        kind: 'markdown',
        value: [
          '**spec.replicas** `integer`',
          '',
          'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
          '',
          '_Deployment apps/v1, Kubernetes 1.35_',
        ].join('\n'),
      },
      range: { start: { line: 7, character: 2 }, end: { line: 7, character: 10 } },
    });
  });

  it('names list items with [] in the field path', async () => {
    const h = await hover(
      'file:///w/web.yaml',
      WEB.replace('        - image:', '        - ima‸ge:'),
    );
    const value = (h?.contents as { value: string }).value;
    assert.equal(value.split('\n')[0], '**spec.template.spec.containers[].image** `string`');
  });

  it('shows the objects a workload would create on its kind', async () => {
    const h = await hover(
      'file:///w/web.yaml',
      WEB.replace('kind: Deployment', 'ki‸nd: Deployment'),
    );
    const lines = (h?.contents as { value: string }).value.split('\n');
    assert.equal(
      lines[0],
      '**Deployment calc-web** in the simulated cluster (Kubernetes 1.35), after applying the workspace:',
    );
    assert.equal(lines[2], '- ReplicaSet `calc-web-847dd99f94` · 2/2');
    assert.equal(lines.length, 5);
    for (const pod of lines.slice(3)) {
      assert.match(
        pod,
        /^ {2}- Pod `calc-web-847dd99f94-[bcdfghjklmnpqrstvwxz2456789]{5}` · Running 1\/1 · node-1$/,
      );
    }
  });

  it('says why a DaemonSet creates nothing', async () => {
    const h = await hover(
      'file:///w/ds.yaml',
      PROXY_DS.replace('  name: calc-proxy', '  na‸me: calc-proxy'),
    );
    const value = (h?.contents as { value: string }).value;
    assert.equal(
      value.split('\n').slice(2).join('\n'),
      '- nothing: 0 pods: no node matches nodeSelector tier=edge',
    );
  });

  it('answers null in a comment, on an unknown kind, and when turned off', async () => {
    assert.equal(
      await hover('file:///w/c.yaml', '# repl‸icas\nkind: Deployment\napiVersion: apps/v1\n'),
      null,
    );
    assert.equal(
      await hover('file:///w/u.yaml', 'apiVersion: x/v1\nkind: Widget\nsp‸ec: {}\n'),
      null,
    );
    await lsp.client.sendNotification('workspace/didChangeConfiguration', {
      settings: { kubeplan: { hover: { enable: false } } },
    });
    assert.equal(
      await hover('file:///w/off.yaml', WEB.replace('  replicas: 2', '  repl‸icas: 2')),
      null,
    );
  });
});
