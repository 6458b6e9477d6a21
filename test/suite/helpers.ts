import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KubeplanApi } from '../../client/src/extension';
import type { TreeItemData } from '../../server/src/protocol';

/** The opened workspace folder, where the run copied the fixtures (and chapter 6). */
export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder');
  return folder.uri.fsPath;
}

export function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceDir(), relative));
}

/** Whether the run copied kiamol chapter 6 into the workspace. */
export function hasCorpus(): boolean {
  return process.env.KUBEPLAN_E2E_CORPUS === '1';
}

/** Activates Kubeplan and waits for its language server. */
export async function kubeplan(): Promise<KubeplanApi> {
  const ext = vscode.extensions.getExtension<KubeplanApi>('kubeplan.kubeplan');
  if (!ext) throw new Error('the Kubeplan extension is not installed');
  const api = await ext.activate();
  await api.ready;
  return api;
}

export async function openManifest(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fileUri(relative));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** The tree as indented `label | description` lines, with pod-name suffixes masked. */
export function outline(rows: readonly TreeItemData[]): string[] {
  const out: string[] = [];
  const walk = (items: readonly TreeItemData[], depth: number) => {
    for (const i of items) {
      out.push(
        `${'  '.repeat(depth)}${i.label} | ${i.description ?? ''}`.replace(
          /-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g,
          '-XXXXX',
        ),
      );
      walk(i.children ?? [], depth + 1);
    }
  };
  walk(rows, 0);
  return out;
}

/**
 * Re-reads `read` until `until` holds, woken by the editor's change events or a short poll;
 * fails with the last value seen after `ms`.
 */
export async function waitFor<T>(
  read: () => T | Thenable<T>,
  until: (value: T) => boolean,
  what: string,
  ms = 30000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (until(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${show(last)}`);
    await changeOrTick();
  }
}

function changeOrTick(): Promise<void> {
  return new Promise((resolve) => {
    const subs: vscode.Disposable[] = [];
    const done = () => {
      clearTimeout(timer);
      subs.forEach((s) => s.dispose());
      resolve();
    };
    const timer = setTimeout(done, 200);
    subs.push(
      vscode.languages.onDidChangeDiagnostics(done),
      vscode.window.onDidChangeVisibleTextEditors(done),
    );
  });
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 2000) ?? String(value);
  } catch {
    return String(value);
  }
}
