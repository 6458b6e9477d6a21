import * as path from 'node:path';
import * as vscode from 'vscode';

export const PLAN_SCHEME = 'kubeplan-plan';
export const PLAN_LANGUAGE = 'kubeplan-plan';

/** The address of the read-only plan of one manifest; the manifest's URI rides in the query. */
export function planUri(source: vscode.Uri): vscode.Uri {
  const name = path.posix.basename(source.path) || 'manifest';
  return vscode.Uri.from({
    scheme: PLAN_SCHEME,
    path: `/${name} (plan)`,
    query: source.toString(),
  });
}

export function sourceOf(plan: vscode.Uri): vscode.Uri {
  return vscode.Uri.parse(plan.query);
}

/**
 * Shows "what would apply do" as a read-only document. `load` asks the server for the plan
 * text; an open plan is redrawn when the cluster or its manifest changes.
 */
export class PlanProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** `load` asks the server for a plan; edits to a manifest redraw its plan after `delayMs`. */
  constructor(
    private readonly load: (source: string) => Promise<string>,
    private readonly delayMs = 300,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme !== PLAN_SCHEME) this.refreshLater(e.document.uri.toString());
      }),
    );
  }

  private refreshLater(source: string): void {
    if (!this.isOpen(source)) return;
    clearTimeout(this.timers.get(source));
    this.timers.set(
      source,
      setTimeout(() => {
        this.timers.delete(source);
        this.refresh(source);
      }, this.delayMs),
    );
  }

  private isOpen(source: string): boolean {
    return vscode.workspace.textDocuments.some(
      (d) => d.uri.scheme === PLAN_SCHEME && sourceOf(d.uri).toString() === source,
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    return this.load(sourceOf(uri).toString());
  }

  /** Redraws the open plans, or only the plan of one manifest. */
  refresh(source?: string): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== PLAN_SCHEME) continue;
      if (source && sourceOf(doc.uri).toString() !== source) continue;
      this.changed.fire(doc.uri);
    }
  }

  async open(source: vscode.Uri): Promise<vscode.TextDocument> {
    const doc = await vscode.workspace.openTextDocument(planUri(source));
    const typed = await vscode.languages.setTextDocumentLanguage(doc, PLAN_LANGUAGE);
    await vscode.window.showTextDocument(typed, {
      viewColumn: vscode.ViewColumn.Beside,
      preview: false,
    });
    return typed;
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
