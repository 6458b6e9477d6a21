import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MINOR, MINORS, parseMinor, type Minor } from '../core/api/versions';
import { Cluster } from '../core/cluster/index';
import type { KubeObject, Step } from '../core/cluster/api';
import { kindPrefix, runScenario, type DirEntry, type LineResult } from '../core/kubectl/index';
import { parseManifest } from '../core/yaml/parse';
import type { CliIO } from './io';

export const PLAN_HELP = `Run kubectl command lines against a simulated cluster and print what kubectl would.

Usage:
  kubeplan plan [options] <scenario file | -> ...

A scenario is a shell-like list of kubectl lines (comments, quotes and $(kubectl ...) work).
Several files run one after the other against the same cluster. After each line that changes
the cluster, the controllers run until it is steady, as if the next line were typed later.
Lines that need a network or a running container (curl, kubectl exec, kubectl logs) are named
and skipped.

Options:
  -C, --dir <dir>                 Directory relative -f paths start from. Default: the current
                                  directory, as when the scenario is run with a shell.
  --nodes <file>                  Node documents for the cluster (default: one ready node, node-1).
  --kubernetes-version <minor>    One of ${MINORS.join(', ')} (default ${DEFAULT_MINOR}).
  --seed <n>                      Seed for generated names and addresses (default 1).
  --steps                         Also print the controller steps and their events under each line.
  --objects                       Also print, as # lines, the objects the controllers created and
                                  deleted after each line, named as kubectl names them
                                  (# replicaset.apps/web-6f797d6754 created).
  --format text|json              Output format (default text).
  -h, --help                      Show this help.

Exit status: 0 when every line succeeded, 1 when a kubectl line failed, 2 on bad usage or an
unreadable input.
`;

/** What `kubeplan plan` may do to the outside world; tests pass their own. */
export interface PlanIO extends CliIO {
  /** Reads a file; undefined when it does not exist. Defaults to the file system. */
  readFile?(file: string): string | undefined;
  /** Lists a directory; undefined when it is not one. Defaults to the file system. */
  listDir?(dir: string): DirEntry[] | undefined;
}

interface PlanArgs {
  scenarios: string[];
  dir?: string;
  nodes?: string;
  minor: Minor;
  seed: number;
  steps: boolean;
  objects: boolean;
  format: 'text' | 'json';
}

type ParseResult = PlanArgs | { error: string } | 'help';

/** Reads `kubeplan plan` arguments, or returns the usage error to print. */
export function parsePlanArgs(args: readonly string[]): ParseResult {
  const out: PlanArgs = {
    scenarios: [],
    minor: DEFAULT_MINOR,
    seed: 1,
    steps: false,
    objects: false,
    format: 'text',
  };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = splitFlag(args[i]);
    if (inline === undefined && VALUE_FLAGS.has(flag) && i + 1 >= args.length)
      return { error: missingValue(flag) };
    // A value flag given last was refused above, so the next argument is there.
    const value = () => inline ?? args[++i]!;
    const error = applyFlag(out, flag, value, args[i]);
    if (error) return error;
  }
  if (out.scenarios.length === 0)
    return { error: 'no scenario given: kubeplan plan <scenario file | ->' };
  return out;
}

function applyFlag(
  out: PlanArgs,
  flag: string,
  value: () => string,
  raw: string,
): ParseResult | undefined {
  switch (flag) {
    case '-h':
    case '--help':
      return 'help';
    case '-C':
    case '--dir':
      out.dir = value();
      return undefined;
    case '--nodes':
      out.nodes = value();
      return undefined;
    case '--kubernetes-version': {
      const v = value();
      const minor = parseMinor(v);
      if (!minor)
        return { error: `unsupported --kubernetes-version "${v}": use one of ${MINORS.join(', ')}` };
      out.minor = minor;
      return undefined;
    }
    case '--seed': {
      const v = value();
      if (!/^\d+$/.test(v)) return { error: `--seed needs a non-negative integer, got "${v}"` };
      out.seed = Number(v);
      return undefined;
    }
    case '--steps':
      out.steps = true;
      return undefined;
    case '--objects':
      out.objects = true;
      return undefined;
    case '--format': {
      const v = value();
      if (v !== 'text' && v !== 'json') return { error: `unknown --format "${v}": use text or json` };
      out.format = v;
      return undefined;
    }
  }
  if (flag.startsWith('-') && flag !== '-') return { error: `unknown flag: ${flag}` };
  out.scenarios.push(raw);
  return undefined;
}

/** Flags that take a value (as the next argument, or after `=` for the long ones). */
const VALUE_FLAGS = new Set(['-C', '--dir', '--nodes', '--kubernetes-version', '--seed', '--format']);

/** pflag's error for a flag given last without its value. */
function missingValue(flag: string): string {
  return flag.startsWith('--')
    ? `flag needs an argument: ${flag}`
    : `flag needs an argument: '${flag.slice(1)}' in ${flag}`;
}

function splitFlag(arg: string): [string, string | undefined] {
  if (!arg.startsWith('--')) return [arg, undefined];
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

function fsReadFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function fsListDir(dir: string): DirEntry[] | undefined {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .map((d) => ({ name: d.name, directory: d.isDirectory() }));
  } catch {
    return undefined;
  }
}

/** `kubeplan plan`: returns the exit status. */
export async function planCommand(args: string[], io: PlanIO): Promise<number> {
  const parsed = parsePlanArgs(args);
  if (parsed === 'help') {
    io.stdout(PLAN_HELP);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`error: ${parsed.error}\nSee 'kubeplan plan --help'.\n`);
    return 2;
  }
  const readFile = io.readFile?.bind(io) ?? fsReadFile;
  const listDir = io.listDir?.bind(io) ?? fsListDir;
  const inputs = await readScenarios(parsed.scenarios, io, readFile);
  if ('error' in inputs) return usageFailure(io, inputs.error);
  const nodes = parsed.nodes ? readNodes(path.resolve(io.cwd, parsed.nodes), readFile) : [];
  if (!Array.isArray(nodes)) return usageFailure(io, nodes.error);

  const cluster = new Cluster({
    minor: parsed.minor,
    seed: parsed.seed,
    ...(nodes.length ? { nodes } : {}),
  });
  const cwd = path.resolve(io.cwd, parsed.dir ?? '.');
  const runs = inputs.map(({ name, text }) => ({
    scenario: name,
    lines: runScenario(text, { cluster, readFile, listDir, cwd, minor: parsed.minor }),
  }));
  if (parsed.format === 'json')
    io.stdout(JSON.stringify({ kubernetesVersion: parsed.minor, scenarios: runs }, null, 2) + '\n');
  else io.stdout(runs.map((r) => formatRun(r.lines, parsed.steps, cluster.startedAt, parsed.objects)).join(''));
  return runs.some((r) => r.lines.some((l) => l.exitCode !== 0)) ? 1 : 0;
}

function usageFailure(io: PlanIO, message: string): number {
  io.stderr(`error: ${message}\n`);
  return 2;
}

async function readScenarios(
  names: string[],
  io: PlanIO,
  readFile: (file: string) => string | undefined,
): Promise<Array<{ name: string; text: string }> | { error: string }> {
  const out: Array<{ name: string; text: string }> = [];
  let stdin: string | undefined;
  for (const name of names) {
    // Standard input can be read once; a second `-` replays what the first read.
    if (name === '-') stdin ??= await io.readStdin();
    const text = name === '-' ? stdin : readFile(path.resolve(io.cwd, name));
    if (text === undefined) return { error: `cannot read the scenario "${name}"` };
    out.push({ name: name === '-' ? '<stdin>' : name, text });
  }
  return out;
}

/** The Node documents of `--nodes`; any other kind is refused. */
function readNodes(
  file: string,
  readFile: (file: string) => string | undefined,
): KubeObject[] | { error: string } {
  const text = readFile(file);
  if (text === undefined) return { error: `cannot read the nodes file "${file}"` };
  const nodes: KubeObject[] = [];
  for (const doc of parseManifest(text).documents) {
    if (doc.empty) continue;
    const problem = doc.problems.find((p) => p.severity === 'error');
    if (problem) return { error: `${file}: ${problem.message}` };
    const value = doc.value as KubeObject;
    if (!value || value.kind !== 'Node')
      return { error: `${file}: document ${doc.index + 1} is not a Node` };
    nodes.push(value);
  }
  return nodes;
}

/** The transcript: each line as typed after `$ `, then kubectl's output and the notes. */
export function formatRun(
  lines: LineResult[],
  withSteps: boolean,
  startedAt: number,
  withObjects = false,
): string {
  let out = '';
  for (const r of lines) {
    if (r.kind === 'comment') {
      out += `${r.command}\n`;
      continue;
    }
    out += `$ ${r.command}\n`;
    const text = r.output.map((c) => c.text).join('');
    out += text === '' || text.endsWith('\n') ? text : text + '\n';
    for (const note of r.notes) out += `# ${note}\n`;
    if (withObjects) out += formatObjects(r.steps);
    if (withSteps) out += formatSteps(r.steps, startedAt);
  }
  return out;
}

/**
 * The objects controllers created and deleted, in the order they did, named as kubectl's name
 * printer names them. Bindings and status writes are left out: they create nothing a user lists.
 */
export function formatObjects(steps: Step[]): string {
  let out = '';
  const deleted = new Set<string>();
  for (const s of steps) {
    for (const a of s.actions) {
      if ((a.verb !== 'create' && a.verb !== 'delete') || a.kind === 'Binding' || a.kind === 'Event') continue;
      const name = `${kindPrefix(a.kind)}/${a.name}`;
      // A graceful delete is reported when it is asked for, not again when the kubelet ends it.
      if (a.verb === 'delete' && deleted.has(`${a.namespace}/${name}`)) continue;
      if (a.verb === 'delete') deleted.add(`${a.namespace}/${name}`);
      out += `# ${name} ${a.verb === 'create' ? 'created' : 'deleted'} by ${s.controller}\n`;
    }
  }
  return out;
}

/** One line per controller sync, then its writes and events, indented under the command. */
export function formatSteps(steps: Step[], startedAt: number): string {
  let out = '';
  for (const s of steps) {
    const at = new Date(startedAt + s.time).toISOString().slice(11, 19);
    const obj = s.object.namespace ? `${s.object.namespace}/${s.object.name}` : s.object.name;
    out += `    [${at}] ${s.controller}: ${s.object.kind} ${obj}\n`;
    for (const a of s.actions) {
      const where = a.namespace ? `${a.namespace}/${a.name}` : a.name;
      out += `        ${a.verb} ${a.kind} ${where}${a.detail ? ` (${a.detail})` : ''}\n`;
    }
    for (const e of s.events) out += `        event ${e.type} ${e.reason}: ${e.message}\n`;
    for (const w of s.warnings ?? []) out += `        warning: ${w}\n`;
  }
  return out;
}
