import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_MINOR, parseMinor, type Minor } from '../core/api/versions';
import { quickFixes, toDiagnostic } from './diagnostics';
import { Workspace } from './workspace';

export interface ServerOptions {
  /** How long to wait after the last edit before checking, in milliseconds. */
  debounceMs?: number;
  /** How many manifest files of the workspace folders are read at start. */
  maxWorkspaceFiles?: number;
}

/** The settings the server reads, under `kubeplan.`. */
interface Settings {
  kubernetesVersion?: string;
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Starts the Kubeplan language server on a connection; returns the workspace it keeps. */
export function startServer(connection: Connection, options: ServerOptions = {}): Workspace {
  const debounceMs = options.debounceMs ?? 100;
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace(DEFAULT_MINOR);
  const pending = new Map<string, NodeJS.Timeout>();
  let folders: string[] = [];
  let pullsConfiguration = false;
  const log = connection.console;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (folders.length === 0 && params.rootUri) folders = [params.rootUri];
    pullsConfiguration = params.capabilities.workspace?.configuration === true;
    const settings = params.initializationOptions as Settings | undefined;
    applySettings(settings);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'kubeplan' },
    };
  });

  connection.onInitialized(async () => {
    if (pullsConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubeplan' });
      await refreshSettings();
    }
    await scanFolders();
    publishAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (pullsConfiguration) await refreshSettings();
    else applySettings((change.settings as { kubeplan?: Settings } | undefined)?.kubeplan);
    publishAll();
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
    workspace.close(e.document.uri, await readDisk(e.document.uri));
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

  documents.listen(connection);
  return workspace;

  function schedule(uri: string): void {
    const prior = pending.get(uri);
    if (prior) clearTimeout(prior);
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        const doc = documents.get(uri);
        if (!doc) return;
        workspace.update(uri, doc.getText(), true);
        publishAll();
      }, debounceMs),
    );
  }

  /** Publishes the diagnostics of every open document (cross-document problems change with any). */
  function publishAll(): void {
    for (const uri of workspace.openUris()) {
      try {
        const result = workspace.result(uri);
        if (!result) continue;
        const diagnostics = result.problems.map((p) => toDiagnostic(uri, result.parsed.lines, p));
        void connection.sendDiagnostics({ uri, diagnostics });
      } catch (err) {
        log.error(`diagnostics failed uri=${uri} error=${String(err)}`);
      }
    }
  }

  async function refreshSettings(): Promise<void> {
    try {
      applySettings((await connection.workspace.getConfiguration('kubeplan')) as Settings);
    } catch (err) {
      log.warn(`settings could not be read error=${String(err)}`);
    }
  }

  function applySettings(settings: Settings | undefined): void {
    const wanted = settings?.kubernetesVersion;
    const minor: Minor | undefined = wanted ? parseMinor(wanted) : DEFAULT_MINOR;
    if (!minor) {
      log.warn(`unsupported kubeplan.kubernetesVersion value=${wanted}; using ${DEFAULT_MINOR}`);
      workspace.setMinor(DEFAULT_MINOR);
      return;
    }
    workspace.setMinor(minor);
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
    if (files.length >= limit) log.warn(`workspace scan stopped files=${limit}; cross-document checks see only these`);
    log.info(`workspace scanned files=${files.length} minor=${workspace.minor}`);
  }
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
