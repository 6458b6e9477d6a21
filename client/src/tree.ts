import * as vscode from 'vscode';
import type { StepView, TimelineResult, TreeItemData } from '../../server/src/protocol';

/** Renders the server's tree of the simulated cluster; the server decides every row. */
export class ClusterTreeProvider
  implements vscode.TreeDataProvider<TreeItemData>, vscode.Disposable
{
  private readonly changed = new vscode.EventEmitter<TreeItemData | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeItemData[] = [];
  private parents = new Map<string, TreeItemData>();
  private revisionValue = -1;
  private shown = '';
  private visible = false;
  private stale = false;
  private drawn = false;
  private pending: Promise<void> = Promise.resolve();

  /** `load` asks the server for the tree; it returns undefined when the server cannot answer. */
  constructor(
    private readonly load: () => Promise<{ revision: number; roots: TreeItemData[] } | undefined>,
  ) {}

  get revision(): number {
    return this.revisionValue;
  }

  /**
   * Asks the server for the tree and redraws it when it changed. Calls run one after another,
   * so a burst of refreshes (a command's own and the server's notice) redraws once.
   */
  refresh(): Promise<void> {
    this.pending = this.pending.then(() => this.reload());
    return this.pending;
  }

  private async reload(): Promise<void> {
    const result = await this.load();
    if (!result) return;
    const text = JSON.stringify(result.roots);
    this.revisionValue = result.revision;
    if (text === this.shown) return;
    this.shown = text;
    this.roots = result.roots;
    this.parents = new Map();
    const index = (items: TreeItemData[], parent?: TreeItemData) => {
      for (const item of items) {
        if (parent) this.parents.set(item.id, parent);
        index(item.children ?? [], item);
      }
    };
    index(this.roots);
    // A hidden view reads the new rows when it is next drawn; redrawing it now would race
    // with the editor expanding its rows, which can leave them collapsed.
    if (this.visible) this.changed.fire(undefined);
    else this.stale = true;
  }

  /** Follows the view's visibility; a view that comes back shows what changed meanwhile. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!visible || !this.stale) return;
    this.stale = false;
    // A view drawn for the first time reads the rows itself.
    if (this.drawn) this.changed.fire(undefined);
  }

  /** Every row, depth first, as the tree shows them when fully expanded. */
  rows(): TreeItemData[] {
    const out: TreeItemData[] = [];
    const walk = (items: TreeItemData[]) =>
      items.forEach((i) => (out.push(i), walk(i.children ?? [])));
    walk(this.roots);
    return out;
  }

  getChildren(element?: TreeItemData): TreeItemData[] {
    if (!element) this.drawn = true;
    return element ? (element.children ?? []) : this.roots;
  }

  getParent(element: TreeItemData): TreeItemData | undefined {
    return this.parents.get(element.id);
  }

  getTreeItem(element: TreeItemData): vscode.TreeItem {
    const state = element.children?.length
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(element.label, state);
    item.id = element.id;
    item.description = element.description;
    item.tooltip = element.tooltip ? new vscode.MarkdownString(element.tooltip) : undefined;
    item.contextValue = element.contextValue;
    if (element.icon) item.iconPath = new vscode.ThemeIcon(element.icon);
    if (element.source) {
      item.command = {
        command: 'kubeplan.revealSource',
        title: 'Go to Manifest',
        arguments: [element],
      };
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

interface TimelineRow {
  id: string;
  step?: StepView;
  state?: 'done' | 'next' | 'waiting';
  text?: string;
}

/** Lists the steps of the last operation; the ones taken are ticked, the next one marked. */
export class TimelineProvider implements vscode.TreeDataProvider<TimelineRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TimelineRow | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private current: TimelineResult | undefined;

  constructor(private readonly load: () => Promise<TimelineResult | undefined>) {}

  get timeline(): TimelineResult | undefined {
    return this.current;
  }

  /** Shows a timeline the caller already has (a step answer), or asks the server for it. */
  async refresh(known?: TimelineResult): Promise<void> {
    const result = known ?? (await this.load());
    if (!result) return;
    this.current = result;
    this.changed.fire(undefined);
  }

  getChildren(element?: TimelineRow): TimelineRow[] {
    const t = this.current;
    if (!t) return [];
    if (!element) {
      if (t.steps.length === 0) return [];
      return t.steps.map((step, i) => ({
        id: `step:${step.seq}`,
        step,
        state: i < t.cursor ? 'done' : i === t.cursor ? 'next' : 'waiting',
      }));
    }
    const step = element.step;
    if (!step) return [];
    return [
      ...step.actions.map((text, i) => ({ id: `${element.id}:a${i}`, text })),
      ...step.events.map((text, i) => ({ id: `${element.id}:e${i}`, text })),
    ];
  }

  getTreeItem(row: TimelineRow): vscode.TreeItem {
    if (!row.step) {
      const item = new vscode.TreeItem(row.text ?? '', vscode.TreeItemCollapsibleState.None);
      item.id = row.id;
      item.tooltip = row.text;
      return item;
    }
    const step = row.step;
    const hasDetail = step.actions.length + step.events.length > 0;
    const item = new vscode.TreeItem(
      `${step.seq}. ${step.controller}`,
      hasDetail ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = row.id;
    item.description = `${step.object} · ${formatTime(step.time)}`;
    item.contextValue = `step.${row.state}`;
    item.iconPath = new vscode.ThemeIcon(
      row.state === 'done' ? 'pass' : row.state === 'next' ? 'debug-stackframe' : 'circle-outline',
    );
    item.tooltip = [step.object, ...step.actions, ...step.events].join('\n');
    item.accessibilityInformation = {
      label: `Step ${step.seq}, ${step.controller} syncs ${step.object}, ${row.state}`,
    };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Simulated time as `t+2.5s`. */
export function formatTime(ms: number): string {
  return `t+${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s`;
}
