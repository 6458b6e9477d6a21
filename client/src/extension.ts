import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  ClusterChangedNotification,
  ClusterTreeRequest,
  GraphRequest,
  PreviewRequest,
  TimelineRequest,
  objectId,
  type TreeItemData,
} from '../../server/src/protocol';
import { registerCommands } from './commands';
import { GraphPanel } from './graph/panel';
import { PLAN_SCHEME, PlanProvider } from './preview';
import { StatusItem } from './status';
import { ClusterTreeProvider, TimelineProvider } from './tree';

/** What the extension hands to whoever asks (the editor tests use it to look inside). */
export interface KubeplanApi {
  readonly client: LanguageClient;
  readonly status: StatusItem;
  readonly clusterTree: ClusterTreeProvider;
  readonly timeline: TimelineProvider;
  readonly graph: GraphPanel;
  /** Settles once the language server answered `initialize` (or failed to). */
  readonly ready: Promise<void>;
}

let client: LanguageClient | undefined;
/** Set while the extension shuts down, when a stopped server is expected. */
let stopping = false;

/** Starts the Kubeplan language server for YAML documents, and the views built on it. */
export function activate(context: vscode.ExtensionContext): KubeplanApi {
  const log = vscode.window.createOutputChannel('Kubeplan', { log: true });
  const status = new StatusItem(configuredMinor());
  context.subscriptions.push(log, status);

  client = createClient(context, log);
  const lc = client;
  const ask = async <T>(what: string, send: () => Promise<T>): Promise<T | undefined> => {
    if (!lc.isRunning()) return undefined;
    try {
      return await send();
    } catch (err) {
      log.error(
        `request failed request=${what} error=${err instanceof Error ? err.message : String(err)}`,
      );
      return undefined;
    }
  };

  const tree = new ClusterTreeProvider(() =>
    ask('clusterTree', () => lc.sendRequest(ClusterTreeRequest)),
  );
  const timeline = new TimelineProvider(() =>
    ask('timeline', () => lc.sendRequest(TimelineRequest)),
  );
  const treeView = vscode.window.createTreeView('kubeplan.cluster', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  const timelineView = vscode.window.createTreeView('kubeplan.timeline', {
    treeDataProvider: timeline,
  });
  tree.setVisible(treeView.visible);
  const plans = new PlanProvider(async (uri) => {
    const result = await ask('preview', () => lc.sendRequest(PreviewRequest, { uri }));
    return result?.text ?? 'The Kubeplan language server is not running; see the Kubeplan log.\n';
  });
  const graph = new GraphPanel(
    context.extensionUri,
    (focus) => ask('graph', () => lc.sendRequest(GraphRequest, { focus })),
    (id) => void revealInTree(treeView, tree, id),
  );
  context.subscriptions.push(
    tree,
    timeline,
    treeView,
    timelineView,
    plans,
    graph,
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, plans),
    ...registerCommands({ client: lc, log, tree, treeView, timeline, plans, graph }),
  );

  context.subscriptions.push(
    treeView.onDidChangeVisibility((e) => tree.setVisible(e.visible)),
    lc.onNotification(ClusterChangedNotification, () => {
      void tree.refresh();
      void timeline.refresh();
      void graph.refresh();
      plans.refresh();
    }),
    lc.onDidChangeState((e) => {
      if (e.newState === State.Running) status.setHealth('ready');
      else if (e.newState === State.Starting) status.setHealth('starting');
      else if (!stopping) status.setHealth('error', 'the language server stopped; see the log');
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kubeplan.kubernetesVersion')) status.setMinor(configuredMinor());
    }),
  );

  const ready = lc.start().then(
    async () => {
      log.info(`language server ready minor=${configuredMinor()}`);
      status.setHealth('ready');
      await Promise.all([tree.refresh(), timeline.refresh()]);
    },
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      log.error(`language server failed to start error=${message}`);
      status.setHealth('error', message);
      log.show(true);
    },
  );
  return { client: lc, status, clusterTree: tree, timeline, graph, ready };
}

export function deactivate(): Thenable<void> | undefined {
  stopping = true;
  return client?.stop();
}

function configuredMinor(): string {
  return vscode.workspace.getConfiguration('kubeplan').get<string>('kubernetesVersion', '1.35');
}

function createClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6010'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel: log,
    synchronize: { configurationSection: 'kubeplan' },
    middleware: {
      // The Red Hat YAML extension reports YAML syntax itself; each problem should show once.
      handleDiagnostics: (uri, diagnostics, next) => {
        if (!yamlSyntaxIsOurs()) {
          diagnostics = diagnostics.filter((d) => !String(codeOf(d)).startsWith('yaml-'));
        }
        next(uri, diagnostics);
      },
    },
  };
  return new LanguageClient('kubeplan', 'Kubeplan', serverOptions, clientOptions);
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

/** Whether Kubeplan reports `yaml-…` problems, per `kubeplan.diagnostics.yamlSyntax`. */
function yamlSyntaxIsOurs(): boolean {
  const mode = vscode.workspace
    .getConfiguration('kubeplan')
    .get<string>('diagnostics.yamlSyntax', 'auto');
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  const redHat = vscode.extensions.getExtension('redhat.vscode-yaml');
  return !redHat || !vscode.workspace.getConfiguration('yaml').get<boolean>('validate', true);
}

async function revealInTree(
  view: vscode.TreeView<TreeItemData>,
  tree: ClusterTreeProvider,
  id: string,
): Promise<void> {
  const row = tree
    .rows()
    .find((r) => r.ref && r.contextValue !== 'endpoint' && objectId(r.ref) === id);
  if (row) await view.reveal(row, { select: true, focus: true, expand: true });
}
