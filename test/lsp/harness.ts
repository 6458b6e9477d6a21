import { PassThrough } from 'node:stream';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { startServer, type ServerOptions } from '../../server/src/lsp/server';

/** A language server and a client talking over in-memory streams, as an editor would. */
export class LspHarness {
  readonly client: MessageConnection;
  private readonly published = new Map<string, Diagnostic[]>();
  private readonly waiters: Array<() => void> = [];
  /** Error lines the server logged (window/logMessage with type Error). */
  readonly errors: string[] = [];
  /** The `kubeplan/clusterChanged` revisions the server announced, in order. */
  readonly changes: number[] = [];
  /** What `workspace/configuration` answers for the `kubeplan` section. */
  settings: object = {};

  constructor(options: ServerOptions = { debounceMs: 5 }) {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startServer(server, options);
    server.listen();
    this.client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    this.client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.set(p.uri, p.diagnostics);
      this.waiters.splice(0).forEach((w) => w());
    });
    this.client.onRequest('workspace/configuration', () => [this.settings]);
    this.client.onNotification('window/logMessage', (m: { type: number; message: string }) => {
      if (m.type === 1) this.errors.push(m.message);
    });
    this.client.onNotification('kubeplan/clusterChanged', (p: { revision: number }) => {
      this.changes.push(p.revision);
    });
    this.client.onRequest('client/registerCapability', () => null);
    this.client.listen();
  }

  async initialize(workspaceFolders: Array<{ uri: string; name: string }> = [], settings?: object) {
    const result = await this.client.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      capabilities: {},
      workspaceFolders,
      initializationOptions: settings,
    });
    await this.client.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version, text },
    });
  }

  change(uri: string, text: string, version: number): Promise<void> {
    return this.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  close(uri: string): Promise<void> {
    return this.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Waits until diagnostics for `uri` satisfy `until` (no sleeping: woken by each publish). */
  async diagnostics(uri: string, until: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    for (let i = 0; i < 200; i++) {
      const d = this.published.get(uri);
      if (d && until(d)) return d;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    throw new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(this.published.get(uri))}`);
  }

  dispose(): void {
    this.client.dispose();
  }
}
