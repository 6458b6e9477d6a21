import * as vscode from 'vscode';

export type Health = 'starting' | 'ready' | 'error' | 'stopped';

const ICON: Record<Health, string> = {
  starting: '$(sync~spin)',
  ready: '$(check)',
  error: '$(error)',
  stopped: '$(circle-slash)',
};

/** The status-bar item: the Kubernetes minor Kubeplan reproduces and the server's health. */
export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private minorValue: string;
  private healthValue: Health = 'starting';
  private detail = '';

  constructor(minor: string) {
    this.minorValue = minor;
    this.item = vscode.window.createStatusBarItem(
      'kubeplan.status',
      vscode.StatusBarAlignment.Right,
      100,
    );
    this.item.name = 'Kubeplan';
    this.item.command = 'kubeplan.showLog';
    this.render();
    this.item.show();
  }

  get health(): Health {
    return this.healthValue;
  }

  get text(): string {
    return this.item.text;
  }

  setMinor(minor: string): void {
    this.minorValue = minor;
    this.render();
  }

  setHealth(health: Health, detail = ''): void {
    this.healthValue = health;
    this.detail = detail;
    this.render();
  }

  private render(): void {
    this.item.text = `${ICON[this.healthValue]} Kubeplan ${this.minorValue}`;
    const tooltip = new vscode.MarkdownString(
      `**Kubeplan** reproduces Kubernetes ${this.minorValue}.\n\nLanguage server: ${this.healthValue}` +
        (this.detail ? ` (${this.detail})` : '') +
        '\n\nClick to show the log.',
    );
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = {
      label: `Kubeplan, Kubernetes ${this.minorValue}, language server ${this.healthValue}`,
    };
    this.item.backgroundColor =
      this.healthValue === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
