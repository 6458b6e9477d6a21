/**
 * Runs a scenario: kubectl command lines, one after the other, against one simulated cluster.
 * Each line's output is what kubectl would print; after a line that wrote to the cluster the
 * controllers run to steady state, as they would while the reader types the next command.
 * Lines that need a real network or container are named and skipped; nothing throws.
 */
import { DEFAULT_MINOR, type Minor } from '../api/versions';
import type { Step } from '../cluster/api';
import { APPLY_FLAGS, runApply } from './apply';
import { runAnnotate } from './annotate';
import { runCreateDeployment } from './createDeployment';
import { runExpose } from './expose';
import { runPatch } from './patch';
import { runDelete } from './delete';
import { runDescribe } from './describeCommand';
import { GLOBAL_FLAGS, type FlagSpec } from './flags';
import { runGet } from './get';
import { runCordon, runLabel, runScale, runSetImage, runTaint } from './mutate';
import { runRollout } from './rollout';
import { expandWord, splitShell, wordText, type ShellToken, type Word } from './shell';
import {
  Invocation,
  type DirEntry,
  type KubectlCluster,
  type KubectlEnv,
  type OutputChunk,
} from './types';

/** Bounds on the work one scenario may cause. */
export const MAX_LINES = 10_000;
export const MAX_LINE_LENGTH = 100_000;
export const MAX_SUBSTITUTION_DEPTH = 3;
export const MAX_COMMANDS_PER_LINE = 50;

export interface ScenarioOptions {
  cluster: KubectlCluster;
  /** Reads a file (absolute path); undefined when it does not exist. */
  readFile(path: string): string | undefined;
  /** Lists a directory (absolute path); undefined when it is not a directory. */
  listDir(path: string): DirEntry[] | undefined;
  /** The directory relative `-f` paths start from. */
  cwd: string;
  /** The kubectl minor whose output is printed; defaults to the cluster's, else 1.35. */
  minor?: Minor;
  /** Controller syncs allowed per settle. */
  maxSteps?: number;
  /** Called after each line has run and the cluster has settled, before the next line. */
  onLine?(result: LineResult): void;
}

export type LineKind = 'command' | 'comment' | 'not-simulated' | 'error';

/** One line of a scenario and what it did. */
export interface LineResult {
  /** One-based number of the line's first physical line. */
  line: number;
  /** The command as written (continued lines joined). */
  command: string;
  kind: LineKind;
  /** What kubectl printed, stdout and stderr in order. */
  output: OutputChunk[];
  /** The controller steps that ran after the line, until the cluster settled. */
  steps: Step[];
  exitCode: number;
  /** Things the simulation wants a reader to know (not simulated, mid-rollout, bounds). */
  notes: string[];
}

interface LogicalLine {
  line: number;
  text: string;
}

/** Runs every line of `text` in order; a failure in one line never stops the run. */
export function runScenario(text: string, opts: ScenarioOptions): LineResult[] {
  const env = makeEnv(opts);
  const results: LineResult[] = [];
  const lines = logicalLines(text);
  for (const line of lines.slice(0, MAX_LINES)) {
    const result = runLine(line, env, opts.maxSteps);
    results.push(result);
    opts.onLine?.(result);
  }
  if (lines.length > MAX_LINES) {
    const last = lines[MAX_LINES];
    results.push(
      errorResult(last, `the scenario has more than ${MAX_LINES} lines; the rest was not run`),
    );
  }
  return results;
}

/** Runs one command line against the cluster (the editor's "run this line"). */
export function runCommandLine(text: string, opts: ScenarioOptions): LineResult {
  return runLine({ line: 1, text }, makeEnv(opts), opts.maxSteps);
}

function makeEnv(opts: ScenarioOptions): KubectlEnv {
  const cluster = opts.cluster;
  const minor = opts.minor ?? (cluster as { minor?: Minor }).minor ?? DEFAULT_MINOR;
  return {
    cluster,
    reader: { readFile: opts.readFile, listDir: opts.listDir },
    cwd: opts.cwd,
    minor,
    now: () => cluster.startedAt + cluster.now,
    epochOf: (ms) => cluster.startedAt + ms,
  };
}

/** Splits text into lines, joining a line that ends in a backslash with the next one. */
function logicalLines(text: string): LogicalLine[] {
  const physical = text.split(/\r?\n/);
  const out: LogicalLine[] = [];
  for (let i = 0; i < physical.length; i++) {
    const start = i;
    let line = physical[i];
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < physical.length)
      line = line.slice(0, -1) + physical[++i];
    if (line.trim() !== '') out.push({ line: start + 1, text: line.trim() });
  }
  return out;
}

function blank(line: LogicalLine, kind: LineKind): LineResult {
  return {
    line: line.line,
    command: line.text,
    kind,
    output: [],
    steps: [],
    exitCode: 0,
    notes: [],
  };
}

function errorResult(line: LogicalLine, message: string): LineResult {
  const r = blank(line, 'error');
  r.output.push({ stream: 'stderr', text: `kubeplan: ${message}\n` });
  r.exitCode = 1;
  return r;
}

function runLine(line: LogicalLine, env: KubectlEnv, maxSteps: number | undefined): LineResult {
  if (line.text.startsWith('#')) return blank(line, 'comment');
  if (line.text.length > MAX_LINE_LENGTH)
    return errorResult(line, `the line is longer than ${MAX_LINE_LENGTH} characters`);
  try {
    return runParsedLine(line, env, maxSteps);
  } catch (err) {
    return errorResult(
      line,
      `the simulation failed on this line: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function runParsedLine(
  line: LogicalLine,
  env: KubectlEnv,
  maxSteps: number | undefined,
): LineResult {
  const split = splitShell(line.text);
  if (!split.ok) return errorResult(line, `cannot read this line: ${split.error}`);
  const result = blank(line, 'command');
  const chain = splitChain(split.tokens);
  if (typeof chain === 'string') {
    result.kind = 'not-simulated';
    result.notes.push(`not simulated: ${chain}`);
    return result;
  }
  let lastExit = 0;
  for (const { words, before } of chain.slice(0, MAX_COMMANDS_PER_LINE)) {
    if ((before === '&&' && lastExit !== 0) || (before === '||' && lastExit === 0)) continue;
    const inv = runWords(words, env, 0);
    result.output.push(...inv.output);
    result.notes.push(...inv.notes);
    if (inv.notSimulated) {
      result.kind = 'not-simulated';
      result.notes.push(`not simulated: ${inv.notSimulated}`);
    }
    // Steps can number in the hundreds of thousands: append without spreading onto the stack.
    if (inv.mutated) for (const step of settle(env, maxSteps, result.notes)) result.steps.push(step);
    lastExit = inv.exitCode;
    // Without the substitution's value the rest of the line cannot be known either.
    if (inv.substitutionFailed) break;
  }
  result.exitCode = lastExit;
  return result;
}

interface ChainedCommand {
  words: Word[];
  /** The operator that joined this command to the previous one. */
  before?: '&&' | '||' | ';';
}

/** Splits a line at `;`, `&&` and `||`; pipes, redirections and background jobs are refused. */
function splitChain(tokens: ShellToken[]): ChainedCommand[] | string {
  const out: ChainedCommand[] = [];
  let current: ChainedCommand = { words: [] };
  for (const t of tokens) {
    if (t.kind === 'word') {
      current.words.push(t.word);
      continue;
    }
    if (t.op !== ';' && t.op !== '&&' && t.op !== '||')
      return `shell ${describeOperator(t.op)} need a shell`;
    if (current.words.length > 0) out.push(current);
    current = { words: [], before: t.op };
  }
  if (current.words.length > 0) out.push(current);
  return out;
}

function describeOperator(op: string): string {
  if (op === '|') return 'pipes';
  if (op === '&') return 'background jobs';
  return 'redirections';
}

const NETWORK_PROGRAMS = new Set([
  'curl',
  'wget',
  'http',
  'nc',
  'telnet',
  'nslookup',
  'dig',
  'ping',
  'host',
  'ssh',
]);

/** Runs one command's words: kubectl is simulated, any other program is named as not simulated. */
function runWords(words: Word[], env: KubectlEnv, depth: number): Invocation {
  const inv = new Invocation();
  const program = wordText(words[0]);
  const base = program.split('/').pop()!;
  if (base !== 'kubectl') {
    inv.notSimulated = NETWORK_PROGRAMS.has(base)
      ? `${base} needs a network`
      : `${base} is not kubectl`;
    return inv;
  }
  const args: string[] = [];
  for (const word of words.slice(1)) {
    args.push(...expandWord(word, (command) => substitute(command, env, depth, inv)));
    // A value that could not be simulated would run the command with a wrong argument.
    if (inv.notSimulated) {
      inv.substitutionFailed = true;
      return inv;
    }
  }
  runKubectl(args, inv, env);
  return inv;
}

/**
 * `$(...)`: runs the inner kubectl command; its stdout is the value, its stderr is shown. When
 * the inner command cannot be simulated, the outer one is not run either (`notSimulated`).
 */
function substitute(command: string, env: KubectlEnv, depth: number, outer: Invocation): string {
  if (outer.notSimulated) return '';
  if (depth >= MAX_SUBSTITUTION_DEPTH) {
    outer.notSimulated = `command substitutions nest deeper than ${MAX_SUBSTITUTION_DEPTH}`;
    return '';
  }
  const split = splitShell(command);
  const chain = split.ok ? splitChain(split.tokens) : split.error;
  if (typeof chain === 'string' || chain.length !== 1) {
    outer.notSimulated = `the substitution $(${command}) needs a shell`;
    return '';
  }
  const inner = runWords(chain[0].words, env, depth + 1);
  for (const chunk of inner.output) if (chunk.stream === 'stderr') outer.stderr(chunk.text);
  outer.notes.push(...inner.notes);
  if (inner.mutated) outer.mutated = true;
  if (inner.notSimulated) {
    outer.notSimulated = `${inner.notSimulated} (in $(${command}))`;
    return '';
  }
  return inner.stdoutText();
}

const CONTAINER_COMMANDS = new Set(['logs', 'exec', 'attach', 'cp', 'debug']);
const NETWORK_COMMANDS = new Set(['port-forward', 'proxy']);
const OTHER_COMMANDS = new Set([
  'run',
  'autoscale',
  'edit',
  'replace',
  'drain',
  'wait',
  'diff',
  'events',
  'explain',
  'api-resources',
  'api-versions',
  'version',
  'cluster-info',
  'config',
  'auth',
  'certificate',
  'kustomize',
  'plugin',
  'completion',
  'alpha',
  'options',
  'top',
  'help',
  'certificate',
]);

/** Dispatches `kubectl <args>` to its command; global flags may come before the command name. */
export function runKubectl(args: string[], inv: Invocation, env: KubectlEnv): void {
  const at = subcommandIndex(args, []);
  if (at < 0) {
    inv.notSimulated = 'kubectl without a command prints its help';
    return;
  }
  const command = args[at];
  const rest = [...args.slice(0, at), ...args.slice(at + 1)];
  if (rest.includes('-h') || rest.includes('--help')) {
    inv.notSimulated = `kubectl ${command} --help prints help`;
    return;
  }
  dispatch(command, rest, inv, env);
}

function dispatch(command: string, rest: string[], inv: Invocation, env: KubectlEnv): void {
  switch (command) {
    case 'apply':
      return runApply(rest, inv, env, 'apply');
    case 'create':
      return runCreate(rest, inv, env);
    case 'delete':
      return runDelete(rest, inv, env);
    case 'get':
      return runGet(rest, inv, env);
    case 'describe':
      return runDescribe(rest, inv, env);
    case 'scale':
      return runScale(rest, inv, env);
    case 'label':
      return runLabel(rest, inv, env);
    case 'rollout':
      return runRollout(rest, inv, env);
    case 'set':
      return runSet(rest, inv, env);
    case 'cordon':
    case 'uncordon':
      return runCordon(rest, inv, env, command === 'cordon');
    case 'taint':
      return runTaint(rest, inv, env);
    case 'annotate':
      return runAnnotate(rest, inv, env);
    case 'patch':
      return runPatch(rest, inv, env);
    case 'expose':
      return runExpose(rest, inv, env);
  }
  if (CONTAINER_COMMANDS.has(command))
    inv.notSimulated = `kubectl ${command} needs a running container`;
  else if (NETWORK_COMMANDS.has(command)) inv.notSimulated = `kubectl ${command} needs a network`;
  else if (OTHER_COMMANDS.has(command)) inv.notSimulated = `kubectl ${command} is not simulated`;
  else inv.fail(`error: unknown command "${command}" for "kubectl"`);
}

/** `kubectl create -f` and `kubectl create deployment` are simulated; other generators are not. */
function runCreate(rest: string[], inv: Invocation, env: KubectlEnv): void {
  const at = subcommandIndex(rest, APPLY_FLAGS);
  if (at < 0) return runApply(rest, inv, env, 'create');
  const sub = rest[at];
  const args = [...rest.slice(0, at), ...rest.slice(at + 1)];
  if (sub === 'deployment' || sub === 'deploy') return runCreateDeployment(args, inv, env);
  inv.notSimulated = `kubectl create ${sub} is not simulated`;
}

/**
 * The position of a subcommand name among `args`, skipping flags and their values as cobra
 * does before it picks the subcommand; -1 when there is none.
 */
function subcommandIndex(args: readonly string[], specs: readonly FlagSpec[]): number {
  const all = [...specs, ...GLOBAL_FLAGS];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return -1;
    if (!arg.startsWith('-') || arg === '-') return i;
    if (arg.includes('=')) continue;
    const spec = all.find((f) => `--${f.long}` === arg || (f.short && `-${f.short}` === arg));
    if (spec && spec.type === 'string') i++;
  }
  return -1;
}

function runSet(rest: string[], inv: Invocation, env: KubectlEnv): void {
  const [sub, ...args] = rest;
  if (sub === 'image') return runSetImage(args, inv, env);
  inv.notSimulated = `kubectl set ${sub ?? ''} is not simulated`.trimEnd();
}

/**
 * Lets the controllers run until the cluster is steady, and notes when that took a rollout a real
 * cluster would still be in the middle of when the next command is typed.
 */
function settle(env: KubectlEnv, maxSteps: number | undefined, notes: string[]): Step[] {
  const start = env.cluster.now;
  const steps = env.cluster.settle(maxSteps === undefined ? {} : { maxSteps });
  for (const step of steps) for (const w of step.warnings ?? []) notes.push(w);
  const note = rolloutNote(steps, start);
  if (note) notes.push(note);
  return steps;
}

function rolloutNote(steps: Step[], start: number): string | undefined {
  const events = steps.flatMap((s) => s.events);
  const scaledDown = events.some(
    (e) => e.reason === 'ScalingReplicaSet' && e.message.startsWith('Scaled down'),
  );
  const scaledUp = events.some(
    (e) => e.reason === 'ScalingReplicaSet' && e.message.startsWith('Scaled up'),
  );
  const daemonReplaced =
    events.some((e) => e.source === 'daemonset-controller' && e.reason === 'SuccessfulDelete') &&
    events.some((e) => e.source === 'daemonset-controller' && e.reason === 'SuccessfulCreate');
  if (!(scaledDown && scaledUp) && !daemonReplaced) return undefined;
  const end = Math.max(start, ...steps.map((s) => s.time));
  const seconds = Math.ceil((end - start) / 1000);
  return `mid-rollout: pods were replaced over ${seconds}s of simulated time; a command typed sooner sees old and new pods side by side`;
}
