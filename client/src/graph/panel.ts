import * as vscode from 'vscode';
import type { GraphResult, ObjectKey } from '../../../server/src/protocol';
import { renderGraph, renderRolloutChart } from './render';

/** What the webview reports back after it placed a drawing. */
export interface RenderedReport {
  revision: number;
  boxes: number;
}

/**
 * The ownership graph and rollout chart in a webview. The markup is drawn here; the page
 * runs one nonce'd script of our own and may load nothing else.
 */
export class GraphPanel implements vscode.Disposable {
  static readonly viewType = 'kubeplan.graph';
  private panel: vscode.WebviewPanel | undefined;
  private focus: ObjectKey | undefined;
  private ready = false;
  private latest: GraphResult | undefined;
  private readonly rendered = new vscode.EventEmitter<RenderedReport>();
  /** Fires each time the page has drawn a graph; tests and the log listen. */
  readonly onDidRender = this.rendered.event;
  lastRendered: RenderedReport | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly load: (focus?: ObjectKey) => Promise<GraphResult | undefined>,
    private readonly select: (id: string) => void,
  ) {}

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  async show(focus?: ObjectKey): Promise<void> {
    this.focus = focus;
    if (this.panel) {
      this.panel.reveal(undefined, true);
    } else {
      this.panel = this.create();
    }
    this.panel.title = focus
      ? `Kubeplan: ${focus.kind} ${focus.name}`
      : 'Kubeplan: Ownership Graph';
    await this.refresh();
  }

  async refresh(): Promise<void> {
    if (!this.panel) return;
    const data = await this.load(this.focus);
    if (!data) return;
    this.latest = data;
    if (this.ready) await this.post(data);
  }

  private create(): vscode.WebviewPanel {
    const media = vscode.Uri.joinPath(this.extensionUri, 'client', 'media');
    const panel = vscode.window.createWebviewPanel(
      GraphPanel.viewType,
      'Kubeplan: Ownership Graph',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [media] },
    );
    this.ready = false;
    panel.webview.html = this.html(panel.webview, media);
    panel.webview.onDidReceiveMessage((m) => this.receive(m));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
    });
    return panel;
  }

  private receive(message: unknown): void {
    const m = message as { type?: string; id?: string; revision?: number; boxes?: number };
    if (m.type === 'ready') {
      this.ready = true;
      if (this.latest) void this.post(this.latest);
    } else if (m.type === 'select' && typeof m.id === 'string') {
      this.select(m.id);
    } else if (m.type === 'rendered') {
      this.lastRendered = { revision: Number(m.revision), boxes: Number(m.boxes) };
      this.rendered.fire(this.lastRendered);
    }
  }

  private async post(data: GraphResult): Promise<void> {
    await this.panel?.webview.postMessage({
      type: 'update',
      revision: data.revision,
      graph: renderGraph(data),
      chart: renderRolloutChart(data.rollout),
      summary: `${data.nodes.length} objects, ${data.rollout.steps.length} steps`,
    });
  }

  private html(webview: vscode.Webview, media: vscode.Uri): string {
    const nonce = makeNonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'graph.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'graph.css'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Kubeplan: Ownership Graph</title>
</head>
<body>
<main>
<h1 id="graph-heading">Ownership</h1>
<p class="hint">Workload → ReplicaSet → pods → nodes. Tab or the arrow keys move between objects; Enter shows one in the Simulated Cluster view.</p>
<section id="graph" aria-labelledby="graph-heading"></section>
<h2 id="chart-heading">Rollout</h2>
<section id="chart" aria-labelledby="chart-heading"></section>
<p id="announce" class="visually-hidden" role="status" aria-live="polite"></p>
</main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    this.rendered.dispose();
  }
}

function makeNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}
