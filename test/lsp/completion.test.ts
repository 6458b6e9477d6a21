import { strict as assert } from 'node:assert';
import type { CompletionItem } from 'vscode-languageserver';
import { caret } from './caret';
import { WEB } from './fixtures';
import { LspHarness } from './harness';

describe('language server completion', () => {
  let lsp: LspHarness;
  beforeEach(async () => {
    lsp = new LspHarness();
    await lsp.initialize();
  });
  afterEach(() => lsp.dispose());

  async function complete(marked: string): Promise<CompletionItem[]> {
    const { text, line, character } = caret(marked);
    const uri = 'file:///w/complete.yaml';
    await lsp.open(uri, text);
    return lsp.client.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line, character },
    });
  }

  it('offers the Deployment spec fields not set yet, required first', async () => {
    const items = await complete(WEB.replace('  replicas: 2\n', '  replicas: 2\n  ‸\n'));
    assert.deepEqual(
      items.map((i) => [i.label, i.detail]),
      [
        ['strategy', 'DeploymentStrategy'],
        ['minReadySeconds', 'integer'],
        ['revisionHistoryLimit', 'integer'],
        ['paused', 'boolean'],
        ['progressDeadlineSeconds', 'integer'],
      ],
    );
  });

  it('replaces the typed prefix and opens objects on the next line', async () => {
    const items = await complete(WEB.replace('  replicas: 2\n', '  replicas: 2\n  stra‸\n'));
    const strategy = items.find((i) => i.label === 'strategy');
    assert.deepEqual(strategy?.textEdit, {
      range: { start: { line: 8, character: 2 }, end: { line: 8, character: 6 } },
      newText: 'strategy:\n    $0',
    });
    const paused = items.find((i) => i.label === 'paused');
    assert.equal((paused?.textEdit as { newText: string }).newText, 'paused: $0');
  });

  it('offers container fields inside a list item', async () => {
    const items = await complete(
      WEB.replace('          name: web\n', '          name: web\n          ‸\n'),
    );
    const labels = items.map((i) => i.label);
    assert.deepEqual(labels.slice(0, 5), ['command', 'workingDir', 'envFrom', 'env', 'resources']);
    for (const present of ['name', 'image', 'args', 'ports'])
      assert.ok(!labels.includes(present), present);
    assert.equal(items.find((i) => i.label === 'env')?.detail, '[]EnvVar');
  });

  it('offers nothing on a value', async () => {
    assert.deepEqual(await complete(WEB.replace('  replicas: 2', '  replicas: ‸2')), []);
  });
});
