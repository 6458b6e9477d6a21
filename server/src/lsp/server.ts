import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeLens,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ManifestObject } from '../core/api/objects';
import { DEFAULT_MINOR, parseMinor, type Minor } from '../core/api/versions';
import type { KubeObject } from '../core/cluster/api';
import { checkFile } from '../core/check';
import {
  ClusterChangedNotification,
  ClusterTreeRequest,
  GraphRequest,
  OperationRequest,
  PreviewRequest,
  TimelineMoveRequest,
  TimelineRequest,
  type Operation,
  type OperationResult,
  type PreviewResult,
} from '../protocol';
import { workloadLenses } from './codelens';
import { completeAt } from './completion';
import { contained } from './contained';
import { quickFixes, toDiagnostic, toRange } from './diagnostics';
import { hoverAt } from './hover';
import {
  applyToCopy,
  keyOfManifest,
  planText,
  workloadHover,
  type Skipped,
  type World,
} from './plan';
import { Simulation, type Located, type SimulationOptions } from './simulation';
import { Workspace } from './workspace';

export interface ServerOptions {
  /** How long to wait after the last edit before checking, in milliseconds. */
  debounceMs?: number;
  /** How many manifest files of the workspace folders are read at start. */
  maxWorkspaceFiles?: number;
}

/** The settings the server reads, under `kubeplan.` (nested as the editor sends them). */
interface Settings {
  kubernetesVersion?: string;
  cluster?: { nodesFile?: string; seed?: number; maxPods?: number };
  codeLens?: { enable?: boolean };
  hover?: { enable?: boolean };
  completion?: { enable?: boolean };
  diagnostics?: { enable?: boolean; debounceMs?: number };
}

/**
 * How many objects one CodeLens world applies at most: about 4 ms each, so a lens never holds
 * the server for much more than a second. This file's objects come first.
 */
const WORLD_MAX_OBJECTS = 250;

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Starts the Kubeplan language server on a connection; returns the workspace it keeps. */
export function startServer(connection: Connection, options: ServerOptions = {}): Workspace {
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace(DEFAULT_MINOR);
  const pending = new Map<string, NodeJS.Timeout>();
  let folders: string[] = [];
  let pullsConfiguration = false;
  let refreshesLenses = false;
  let settings: Settings = {};
  const log = connection.console;
  const simulation = new Simulation(simulationOptions(DEFAULT_MINOR, {}, []));
  const worlds = new Map<string, World>();
  let worldsKey = '';

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (folders.length === 0 && params.rootUri) folders = [params.rootUri];
    pullsConfiguration = params.capabilities.workspace?.configuration === true;
    refreshesLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    void applySettings(params.initializationOptions as Settings | undefined);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        completionProvider: { resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'kubeplan' },
    };
  });

  connection.onInitialized(async () => {
    if (pullsConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, {
        section: 'kubeplan',
      });
      await refreshSettings();
    }
    await scanFolders();
    publishAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (pullsConfiguration) await refreshSettings();
    else await applySettings((change.settings as { kubeplan?: Settings } | undefined)?.kubeplan);
    publishAll();
    refreshLenses();
  });

  documents.onDidOpen((e) => {
    workspace.update(e.document.uri, e.document.getText(), true);
    publishAll();
  });

  documents.onDidChangeContent((e) => schedule(e.document.uri));

  documents.onDidClose(async (e) => {
    const timer = pending.get(e.document.uri);
    if (timer) clearTimeout(timer);
    pending.delete(e.document.uri);
    const onDisk = await readDisk(e.document.uri);
    // Reopened while the disk was read: the open document is what counts.
    if (documents.get(e.document.uri)) return;
    workspace.close(e.document.uri, onDisk);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    publishAll();
  });

  connection.onCodeAction((params) => {
    try {
      return quickFixes(params.textDocument.uri, params.context.diagnostics);
    } catch (err) {
      log.error(`code actions failed uri=${params.textDocument.uri} error=${String(err)}`);
      return [];
    }
  });

  connection.onHover((params) =>
    contained(log, 'hover', params.textDocument.uri, null, () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || settings.hover?.enable === false) return null;
      const uri = doc.uri;
      const predicted = (line: number) => {
        const object = objectAtLine(uri, line);
        const world = object && worldFor(uri);
        if (!object || !world) return undefined;
        return 'skipped' in world ? world.skipped : workloadHover(world, object, workspace.minor);
      };
      return hoverAt(doc.getText(), params.position, workspace.minor, predicted);
    }),
  );

  connection.onCompletion((params) =>
    contained(log, 'completion', params.textDocument.uri, [], () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || settings.completion?.enable === false) return [];
      return completeAt(doc.getText(), params.position, workspace.minor);
    }),
  );

  connection.onCodeLens((params) =>
    contained<CodeLens[]>(log, 'codeLens', params.textDocument.uri, [], () => {
      if (settings.codeLens?.enable === false) return [];
      const uri = params.textDocument.uri;
      const result = workspace.result(uri);
      if (!result || result.objects.length === 0) return [];
      return workloadLenses(uri, result.parsed.lines, result.objects, worldFor(uri));
    }),
  );

  connection.onRequest(ClusterTreeRequest, () =>
    contained(
      log,
      'clusterTree',
      undefined,
      { revision: simulation.revision, minor: workspace.minor, roots: [] },
      () => simulation.tree(),
    ),
  );

  connection.onRequest(TimelineRequest, () =>
    contained(log, 'timeline', undefined, simulation.timelineView(), () =>
      simulation.timelineView(),
    ),
  );

  connection.onRequest(TimelineMoveRequest, (params) =>
    contained(log, 'timelineMove', undefined, simulation.timelineView(), () => {
      const before = simulation.revision;
      const result = simulation.move(params.move);
      if (simulation.revision !== before) clusterChanged();
      return result;
    }),
  );

  connection.onRequest(OperationRequest, (op) => {
    const failed: OperationResult = {
      ok: false,
      lines: ['the operation failed; see the Kubeplan log'],
      steps: 0,
      revision: simulation.revision,
    };
    return contained(
      log,
      `operate.${op.op}`,
      op.op === 'apply' ? op.uri : undefined,
      failed,
      async () => {
        const result = await operate(op);
        log.info(
          `simulated op=${op.op} ok=${result.ok} steps=${result.steps} revision=${result.revision}`,
        );
        clusterChanged();
        return result;
      },
    );
  });

  connection.onRequest(PreviewRequest, (params) => {
    const failed: PreviewResult = {
      title: 'Plan',
      text: 'The plan could not be made; see the Kubeplan log.\n',
    };
    return contained(log, 'preview', params.uri, failed, async () => {
      const objects = (await manifestObjects(params.uri)).map((l) => l.object);
      const world = applyToCopy(simulation.current, objects);
      const title = `kubectl apply -f ${path.posix.basename(params.uri)}`;
      return { title, text: planText(world, title, workspace.minor, simulation.notes()) };
    });
  });

  connection.onRequest(GraphRequest, (params) =>
    contained(
      log,
      'graph',
      undefined,
      { revision: simulation.revision, nodes: [], edges: [], rollout: { steps: [], series: [] } },
      () => simulation.graph(params.focus),
    ),
  );

  documents.listen(connection);
  return workspace;

  function schedule(uri: string): void {
    const prior = pending.get(uri);
    if (prior) clearTimeout(prior);
    const delay = settings.diagnostics?.debounceMs ?? options.debounceMs ?? 150;
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        const doc = documents.get(uri);
        if (!doc) return;
        workspace.update(uri, doc.getText(), true);
        publishAll();
      }, delay),
    );
  }

  /** Publishes the diagnostics of every open document (cross-document problems change with any). */
  function publishAll(): void {
    const enabled = settings.diagnostics?.enable !== false;
    for (const uri of workspace.openUris()) {
      try {
        const result = workspace.result(uri);
        if (!result) continue;
        const diagnostics = enabled
          ? result.problems.map((p) => toDiagnostic(uri, result.parsed.lines, p))
          : [];
        void connection.sendDiagnostics({ uri, diagnostics });
      } catch (err) {
        log.error(`diagnostics failed uri=${uri} error=${String(err)}`);
      }
    }
  }

  /** Tells the client the cluster changed, and that lenses built on it are stale. */
  function clusterChanged(): void {
    void connection.sendNotification(ClusterChangedNotification, { revision: simulation.revision });
    refreshLenses();
  }

  function refreshLenses(): void {
    if (refreshesLenses) void connection.sendRequest(CodeLensRefreshRequest.type);
  }

  /**
   * The world a document's lenses describe: every workspace object applied to a copy of the
   * editor's cluster, this document's objects winning over others of the same name.
   */
  function worldFor(uri: string): World | Skipped {
    const key = `${simulation.revision}|${workspace.version}|${workspace.minor}`;
    if (key !== worldsKey) {
      worlds.clear();
      worldsKey = key;
    }
    const own = workspace.result(uri)?.objects ?? [];
    if (own.length > WORLD_MAX_OBJECTS) {
      return {
        skipped: `not simulated: ${own.length} objects in this file, over the bound of ${WORLD_MAX_OBJECTS}`,
      };
    }
    const taken = new Set(own.map((o) => identity(o)));
    const chosen: ManifestObject[] = [];
    let left = 0;
    for (const o of workspace.objects()) {
      if (o.uri === uri) continue;
      const id = identity(o);
      if (taken.has(id)) continue;
      taken.add(id);
      if (chosen.length + own.length < WORLD_MAX_OBJECTS) chosen.push(o);
      else left++;
    }
    chosen.push(...own);
    const worldKey = chosen.map((o) => `${o.uri}#${o.doc.index}/${o.base.join('.')}`).join('|');
    let world = worlds.get(worldKey);
    if (!world) {
      if (left)
        log.info(`codeLens world bound hit uri=${uri} objects=${chosen.length} left=${left}`);
      world = applyToCopy(simulation.current, chosen);
      worlds.set(worldKey, world);
    }
    return world;
  }

  function objectAtLine(uri: string, line: number): ManifestObject | undefined {
    const result = workspace.result(uri);
    if (!result) return undefined;
    const from = result.parsed.lines.offset(line, 0);
    const to = result.parsed.lines.offset(line + 1, 0);
    return result.objects.find((o) => o.doc.start < to && o.doc.end >= from);
  }

  async function operate(op: Operation): Promise<OperationResult> {
    if (op.op !== 'apply') return simulation.operate(op);
    const objects = await manifestObjects(op.uri);
    return simulation.operate(op, objects, path.posix.basename(op.uri));
  }

  /** The objects of a manifest, open or on disk, each with where its document starts. */
  async function manifestObjects(uri: string): Promise<Located[]> {
    let result = workspace.result(uri);
    if (!result) {
      const text = await readDisk(uri);
      if (text === undefined) return [];
      result = checkFile({ uri, text }, { minor: workspace.minor });
    }
    const lines = result.parsed.lines;
    return result.objects.map((object) => ({
      object,
      source: { uri, range: toRange(lines, object.doc.start, object.doc.start) },
    }));
  }

  async function refreshSettings(): Promise<void> {
    try {
      await applySettings((await connection.workspace.getConfiguration('kubeplan')) as Settings);
    } catch (err) {
      log.warn(`settings could not be read error=${String(err)}`);
    }
  }

  async function applySettings(next: Settings | undefined): Promise<void> {
    settings = next ?? {};
    const wanted = settings.kubernetesVersion;
    const parsed: Minor | undefined = wanted ? parseMinor(wanted) : DEFAULT_MINOR;
    if (!parsed)
      log.warn(`unsupported kubeplan.kubernetesVersion value=${wanted}; using ${DEFAULT_MINOR}`);
    const minor = parsed ?? DEFAULT_MINOR;
    workspace.setMinor(minor);
    const nodes = await readNodes(settings.cluster?.nodesFile);
    if (simulation.configure(simulationOptions(minor, settings, nodes))) {
      log.info(`simulated cluster started minor=${minor} nodes=${nodes.length || 1}`);
      clusterChanged();
    }
  }

  /** The `kind: Node` documents of the file `kubeplan.cluster.nodesFile` names. */
  async function readNodes(file: string | undefined): Promise<KubeObject[]> {
    if (!file) return [];
    const folder = folders.find((f) => f.startsWith('file:'));
    const full = path.isAbsolute(file) || !folder ? file : path.join(fileURLToPath(folder), file);
    const text = await readDisk(pathToFileURL(full).toString());
    if (text === undefined) {
      log.warn(`kubeplan.cluster.nodesFile not readable path=${full}; using one default node`);
      return [];
    }
    const nodes = checkFile({ uri: full, text }, { minor: workspace.minor })
      .objects.filter((o) => o.kind === 'Node')
      .map((o) => o.value as unknown as KubeObject);
    if (nodes.length === 0)
      log.warn(`kubeplan.cluster.nodesFile has no kind: Node documents path=${full}`);
    return nodes;
  }

  async function scanFolders(): Promise<void> {
    const limit = options.maxWorkspaceFiles ?? 5000;
    const files: string[] = [];
    for (const folder of folders) {
      if (!folder.startsWith('file:')) continue;
      await walk(fileURLToPath(folder), files, limit);
    }
    for (const file of files) {
      const uri = pathToFileURL(file).toString();
      if (workspace.isOpen(uri)) continue;
      const text = await readDisk(uri);
      if (text !== undefined) workspace.update(uri, text, false);
    }
    if (files.length >= limit)
      log.warn(`workspace scan stopped files=${limit}; cross-document checks see only these`);
    log.info(`workspace scanned files=${files.length} minor=${workspace.minor}`);
  }
}

function identity(o: ManifestObject): string {
  const k = keyOfManifest(o);
  return `${k.kind}/${k.namespace ?? ''}/${k.name}`;
}

function simulationOptions(
  minor: Minor,
  settings: Settings,
  nodes: KubeObject[],
): SimulationOptions {
  const seed = settings.cluster?.seed;
  const maxPods = settings.cluster?.maxPods;
  return {
    minor,
    seed: Number.isInteger(seed) && seed! >= 0 ? seed! : 1,
    maxPods: Number.isInteger(maxPods) && maxPods! > 0 ? maxPods! : 5000,
    nodes,
  };
}

async function walk(dir: string, out: string[], limit: number): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (out.length >= limit) return;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(full, out, limit);
    else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) out.push(full);
  }
}

async function readDisk(uri: string): Promise<string | undefined> {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const file = fileURLToPath(uri);
    const stat = await fs.stat(file);
    if (stat.size > MAX_FILE_BYTES) return undefined;
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
