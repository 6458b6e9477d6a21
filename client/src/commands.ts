import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  OperationRequest,
  TimelineMoveRequest,
  type ObjectKey,
  type Operation,
  type OperationResult,
  type Propagation,
  type TimelineMove,
  type TreeItemData,
} from '../../server/src/protocol';
import type { GraphPanel } from './graph/panel';
import type { PlanProvider } from './preview';
import type { ClusterTreeProvider, TimelineProvider } from './tree';

export interface CommandContext {
  client: LanguageClient;
  log: vscode.LogOutputChannel;
  tree: ClusterTreeProvider;
  treeView: vscode.TreeView<TreeItemData>;
  timeline: TimelineProvider;
  plans: PlanProvider;
  graph: GraphPanel;
}

const CASCADES: Array<vscode.QuickPickItem & { propagation: Propagation }> = [
  {
    label: 'Background',
    propagation: 'Background',
    description: 'default',
    detail: 'Delete the object now; the garbage collector then deletes what it owns.',
  },
  {
    label: 'Foreground',
    propagation: 'Foreground',
    detail: 'Delete what the object owns first; the object goes last.',
  },
  {
    label: 'Orphan',
    propagation: 'Orphan',
    detail:
      'Delete only the object; what it owned stays, with no owner (kubectl --cascade=orphan).',
  },
];

/** Registers every `kubeplan.*` command; each failure is logged and shown, never thrown. */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const register = (id: string, run: (...args: any[]) => Thenable<unknown>) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        ctx.log.error(`command failed command=${id} error=${message}`);
        void vscode.window.showErrorMessage(`Kubeplan: ${message}`, 'Show Log').then((pick) => {
          if (pick) ctx.log.show(true);
        });
        return undefined;
      }
    });

  return [
    register('kubeplan.previewApply', async (target?: unknown) => {
      const uri = manifestUri(target);
      if (uri) await ctx.plans.open(uri);
    }),
    register('kubeplan.apply', async (target?: unknown, selected?: unknown) => {
      const uris = await manifestUris(target, selected);
      let result: OperationResult | undefined;
      const lines: string[] = [];
      for (const uri of uris) {
        const title = `Applying ${shortName(uri)} to the simulated cluster`;
        result = await operate(ctx, { op: 'apply', uri: uri.toString() }, title);
        lines.push(...result.lines);
      }
      return result && { ...result, lines };
    }),
    register('kubeplan.step', async (target?: unknown) => {
      const uri = manifestUri(target);
      if (!uri) return undefined;
      const result = await operate(ctx, { op: 'apply', uri: uri.toString(), stage: true });
      await vscode.commands.executeCommand('kubeplan.timeline.focus');
      return result;
    }),
    register('kubeplan.stepNext', () => move(ctx, 'next')),
    register('kubeplan.runToSteadyState', () =>
      vscode.window.withProgress(
        { location: { viewId: 'kubeplan.timeline' }, title: 'Running controllers to steady state' },
        () => move(ctx, 'run'),
      ),
    ),
    register('kubeplan.rewind', () => move(ctx, 'reset')),
    register('kubeplan.delete', async (target?: unknown, cascade?: Propagation) => {
      const ref = await pickObject(
        ctx,
        target,
        /^(workload\.|replicaset$|pod$|service$|node$)/,
        'delete',
      );
      if (!ref) return undefined;
      const propagation = cascade ?? (await pickCascade(ref));
      if (!propagation) return undefined;
      return operate(ctx, { op: 'delete', ref, propagation });
    }),
    register('kubeplan.scale', async (target?: unknown, count?: number) => {
      const ref = await pickObject(
        ctx,
        target,
        /^(workload\.(deployment|replicaset|statefulset)|replicaset)$/,
        'scale',
      );
      if (!ref) return undefined;
      const replicas = count ?? (await askReplicas(ref));
      if (replicas === undefined) return undefined;
      return operate(ctx, { op: 'scale', ref, replicas });
    }),
    register('kubeplan.labelNode', async (target?: unknown, change?: string) => {
      const ref = await pickObject(ctx, target, /^node$/, 'label');
      if (!ref) return undefined;
      const text =
        change ??
        (await ask('Label to set (key=value), or key- to remove it', /^[^=\s]+(=\S*|-)$/));
      if (!text) return undefined;
      return labelNode(ctx, ref, text);
    }),
    register('kubeplan.taintNode', async (target?: unknown, change?: string) => {
      const ref = await pickObject(ctx, target, /^node$/, 'taint');
      if (!ref) return undefined;
      const text =
        change ??
        (await ask(
          'Taint to add (key=value:NoSchedule), or key:Effect- to remove it',
          /^[^=:\s]+(=[^:\s]*)?:(NoSchedule|PreferNoSchedule|NoExecute)-?$/,
        ));
      if (!text) return undefined;
      return taintNode(ctx, ref.name, text);
    }),
    register('kubeplan.addNode', async (name?: string, labels?: Record<string, string>) => {
      const nodeName =
        name ?? (await ask('Name of the new node', /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/));
      if (!nodeName) return undefined;
      return operate(ctx, { op: 'addNode', name: nodeName, labels });
    }),
    register('kubeplan.undoRollout', async (target?: unknown) => {
      const ref = await pickObject(ctx, target, /^workload\.deployment$/, 'roll back');
      if (!ref) return undefined;
      return operate(ctx, { op: 'rolloutUndo', ref });
    }),
    register('kubeplan.reset', () => operate(ctx, { op: 'reset' })),
    register('kubeplan.showGraph', async (target?: unknown) => ctx.graph.show(objectKey(target))),
    register('kubeplan.revealSource', async (target?: TreeItemData) => {
      const source = target?.source;
      if (!source) return;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(source.uri));
      const r = source.range;
      const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
      await vscode.window.showTextDocument(doc, { selection: range, preview: false });
    }),
    register('kubeplan.refresh', async () => {
      await Promise.all([ctx.tree.refresh(), ctx.timeline.refresh()]);
    }),
    register('kubeplan.showLog', async () => ctx.log.show()),
    register('kubeplan.restartServer', async () => {
      await ctx.client.restart();
      await Promise.all([ctx.tree.refresh(), ctx.timeline.refresh()]);
    }),
  ];
}

/** Sends one operation; prints kubectl's lines to the log, and a summary or the error. */
async function operate(
  ctx: CommandContext,
  op: Operation,
  progress?: string,
): Promise<OperationResult> {
  const send = () => ctx.client.sendRequest(OperationRequest, op);
  const result = progress
    ? await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: progress },
        send,
      )
    : await send();
  for (const line of result.lines) ctx.log.info(`simulated ${op.op}: ${line}`);
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Kubeplan: ${result.lines.join(' ') || `${op.op} failed`}`);
  } else if (result.lines.length) {
    const count = result.steps === 1 ? '1 step' : `${result.steps} steps`;
    const steps = op.op === 'apply' && op.stage ? `${count} to take` : count;
    void vscode.window.setStatusBarMessage(`Kubeplan: ${result.lines[0]} · ${steps}`, 5000);
  }
  await Promise.all([ctx.tree.refresh(), ctx.timeline.refresh()]);
  return result;
}

async function move(ctx: CommandContext, how: TimelineMove) {
  const result = await ctx.client.sendRequest(TimelineMoveRequest, { move: how });
  await Promise.all([ctx.timeline.refresh(result), ctx.tree.refresh()]);
  return result;
}

async function labelNode(
  ctx: CommandContext,
  ref: ObjectKey,
  text: string,
): Promise<OperationResult> {
  const removing = text.endsWith('-') && !text.includes('=');
  const key = removing ? text.slice(0, -1) : text.slice(0, text.indexOf('='));
  const value = removing ? undefined : text.slice(text.indexOf('=') + 1);
  const first = await operate(ctx, { op: 'label', ref, key, value, overwrite: false });
  if (first.ok || !/already has a value/.test(first.lines.join(' '))) return first;
  const pick = await vscode.window.showWarningMessage(
    `Node ${ref.name} already has label ${key}. Overwrite it?`,
    'Overwrite',
  );
  if (pick !== 'Overwrite') return first;
  return operate(ctx, { op: 'label', ref, key, value, overwrite: true });
}

async function taintNode(
  ctx: CommandContext,
  node: string,
  text: string,
): Promise<OperationResult> {
  const remove = text.endsWith('-');
  const body = remove ? text.slice(0, -1) : text;
  const [keyValue, effect] = body.split(':');
  const eq = keyValue.indexOf('=');
  const key = eq < 0 ? keyValue : keyValue.slice(0, eq);
  const value = eq < 0 ? undefined : keyValue.slice(eq + 1);
  const taint = { key, value, effect: effect as 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' };
  return operate(ctx, { op: 'taint', node, taint, remove });
}

/** The manifest a command acts on: its argument (a URI or its text), else the active editor. */
/**
 * The manifests an Explorer selection names, as `kubectl apply -f` reads them: every selected
 * file, and for a folder its .yaml, .yml and .json files in name order (not its subfolders).
 */
async function manifestUris(target: unknown, selected: unknown): Promise<vscode.Uri[]> {
  const picked = Array.isArray(selected) && selected.every((u) => u instanceof vscode.Uri) ? selected : undefined;
  const roots = picked && picked.length > 0 ? (picked as vscode.Uri[]) : [manifestUri(target)];
  const out: vscode.Uri[] = [];
  for (const root of roots) {
    if (!root) continue;
    const stat = root.scheme === 'file' ? await vscode.workspace.fs.stat(root).then((s) => s, () => undefined) : undefined;
    if (stat?.type !== vscode.FileType.Directory) {
      out.push(root);
      continue;
    }
    const entries = await vscode.workspace.fs.readDirectory(root);
    const files = entries
      .filter(([name, type]) => type === vscode.FileType.File && /\.(ya?ml|json)$/i.test(name))
      .map(([name]) => name)
      .sort();
    out.push(...files.map((name) => vscode.Uri.joinPath(root, name)));
  }
  return out;
}

function manifestUri(target: unknown): vscode.Uri | undefined {
  if (target instanceof vscode.Uri) return target;
  if (typeof target === 'string') return vscode.Uri.parse(target);
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.languageId === 'yaml') return doc.uri;
  void vscode.window.showInformationMessage('Kubeplan: open a YAML manifest first.');
  return undefined;
}

function objectKey(target: unknown): ObjectKey | undefined {
  if (!target || typeof target !== 'object') return undefined;
  const t = target as Partial<TreeItemData> & Partial<ObjectKey>;
  if (t.ref) return t.ref;
  if (typeof t.kind === 'string' && typeof t.name === 'string') {
    return { kind: t.kind, name: t.name, namespace: t.namespace };
  }
  return undefined;
}

/** The object a command acts on: from its argument, or picked among the tree's rows. */
async function pickObject(
  ctx: CommandContext,
  target: unknown,
  rows: RegExp,
  verb: string,
): Promise<ObjectKey | undefined> {
  const given = objectKey(target);
  if (given) return given;
  await ctx.tree.refresh();
  const candidates = ctx.tree.rows().filter((r) => r.ref && rows.test(r.contextValue));
  const seen = new Set<string>();
  const items = candidates
    .filter((r) => {
      const k = `${r.ref!.kind}/${r.ref!.namespace ?? ''}/${r.ref!.name}`;
      return seen.has(k) ? false : (seen.add(k), true);
    })
    .map((r) => ({
      label: `${r.ref!.kind} ${r.ref!.name}`,
      description: r.description,
      ref: r.ref!,
    }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      `Kubeplan: the simulated cluster has nothing to ${verb}.`,
    );
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, { placeHolder: `Object to ${verb}` });
  return pick?.ref;
}

async function pickCascade(ref: ObjectKey): Promise<Propagation | undefined> {
  const pick = await vscode.window.showQuickPick(CASCADES, {
    placeHolder: `Delete ${ref.kind} ${ref.name}: what happens to what it owns?`,
  });
  return pick?.propagation;
}

async function askReplicas(ref: ObjectKey): Promise<number | undefined> {
  const text = await ask(`Replicas for ${ref.kind} ${ref.name}`, /^\d+$/);
  return text === undefined ? undefined : Number(text);
}

async function ask(prompt: string, shape: RegExp): Promise<string | undefined> {
  return vscode.window
    .showInputBox({
      prompt,
      validateInput: (v) => (shape.test(v.trim()) ? undefined : `Expected ${shape.source}`),
    })
    .then((v) => v?.trim());
}

function shortName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.toString();
}
