import { strict as assert } from 'node:assert';
import type { CodeLens } from 'vscode-languageserver';
import { PROXY_DS, WEB, HELLO_RS } from './fixtures';
import { LspHarness } from './harness';

describe('language server CodeLens', () => {
  let lsp: LspHarness;
  beforeEach(async () => {
    lsp = new LspHarness();
    await lsp.initialize();
  });
  afterEach(() => lsp.dispose());

  async function lenses(uri: string): Promise<CodeLens[]> {
    return lsp.client.sendRequest('textDocument/codeLens', { textDocument: { uri } });
  }

  it('puts what apply would do above a Deployment, then its actions', async () => {
    await lsp.open('file:///w/web.yaml', WEB);
    const found = await lenses('file:///w/web.yaml');
    const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    assert.deepEqual(found, [
      {
        range: at,
        command: {
          title: 'ReplicaSet calc-web-847dd99f94 · 2 pods · node-1',
          command: 'kubeplan.showGraph',
          arguments: [{ kind: 'Deployment', namespace: 'default', name: 'calc-web' }],
        },
      },
      {
        range: at,
        command: {
          title: 'Preview apply',
          command: 'kubeplan.previewApply',
          arguments: ['file:///w/web.yaml'],
        },
      },
      {
        range: at,
        command: {
          title: 'Apply to simulated cluster',
          command: 'kubeplan.apply',
          arguments: ['file:///w/web.yaml'],
        },
      },
      {
        range: at,
        command: { title: 'Step', command: 'kubeplan.step', arguments: ['file:///w/web.yaml'] },
      },
    ]);
  });

  it('explains a DaemonSet whose nodeSelector no node matches, and a ReplicaSet', async () => {
    await lsp.open('file:///w/ds.yaml', PROXY_DS);
    await lsp.open('file:///w/rs.yaml', `# the hello ReplicaSet\n${HELLO_RS}`);
    assert.equal(
      (await lenses('file:///w/ds.yaml'))[0].command?.title,
      '0 pods: no node matches nodeSelector tier=edge',
    );
    const rs = await lenses('file:///w/rs.yaml');
    assert.equal(rs[0].command?.title, '1 pod · node-1');
    assert.deepEqual(rs[0].range.start, { line: 1, character: 0 });
  });

  it('follows the simulated cluster: a node with the label lets the DaemonSet run', async () => {
    await lsp.open('file:///w/ds.yaml', PROXY_DS);
    const label = {
      op: 'label',
      ref: { kind: 'Node', name: 'node-1' },
      key: 'tier',
      value: 'edge',
      overwrite: false,
    };
    assert.deepEqual(await lsp.client.sendRequest('kubeplan/operate', label), {
      ok: true,
      lines: ['node/node-1 labeled'],
      steps: 0,
      revision: 1,
    });
    assert.equal((await lenses('file:///w/ds.yaml'))[0].command?.title, '1 pod · node-1');
  });

  it('lets a document win over another file that names the same object', async () => {
    await lsp.open('file:///w/a.yaml', WEB);
    await lsp.open('file:///w/b.yaml', WEB.replace('replicas: 2', 'replicas: 3'));
    assert.equal(
      (await lenses('file:///w/a.yaml'))[0].command?.title,
      'ReplicaSet calc-web-847dd99f94 · 2 pods · node-1',
    );
    assert.equal(
      (await lenses('file:///w/b.yaml'))[0].command?.title,
      'ReplicaSet calc-web-847dd99f94 · 3 pods · node-1',
    );
  });

  it('says why an invalid workload is not applied', async () => {
    await lsp.open(
      'file:///w/bad.yaml',
      WEB.replace('        app: calc-web\n    spec:', '        app: other\n    spec:'),
    );
    const title = (await lenses('file:///w/bad.yaml'))[0].command?.title ?? '';
    assert.match(
      title,
      /^not applied: The Deployment "calc-web" is invalid: spec\.template\.metadata\.labels: Invalid value: /,
    );
  });

  it('says when a file holds more objects than a lens simulates', async () => {
    const docs = Array.from({ length: 251 }, (_, i) => WEB.replace(/calc-web/g, `calc-web-${i}`));
    await lsp.open('file:///w/many.yaml', docs.join('---\n'));
    const found = await lenses('file:///w/many.yaml');
    assert.equal(found.length, 251 * 4);
    assert.equal(found[0].command?.title, 'not simulated: 251 objects in this file, over the bound of 250');
    assert.equal(found[1].command?.title, 'Preview apply');
  });

  it('shows no lenses when turned off', async () => {
    await lsp.open('file:///w/web.yaml', WEB);
    await lsp.client.sendNotification('workspace/didChangeConfiguration', {
      settings: { kubeplan: { codeLens: { enable: false } } },
    });
    assert.deepEqual(await lenses('file:///w/web.yaml'), []);
  });
});
