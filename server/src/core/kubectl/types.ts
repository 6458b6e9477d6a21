/** The kubectl layer's view of the world: the cluster it talks to, the files it reads, what it prints. */
import type { Minor } from '../api/versions';
import type {
  ClusterEvent,
  KubeObject,
  ListOptions,
  ObjectRef,
  Outcome,
  Propagation,
  Step,
} from '../cluster/api';

/**
 * The simulated cluster's methods kubectl uses; the cluster class satisfies it structurally, and
 * tests may pass a small fake.
 */
export interface KubectlCluster {
  /** Simulated milliseconds since the cluster started. */
  readonly now: number;
  /** The wall-clock instant (epoch milliseconds) of simulated time zero. */
  readonly startedAt: number;
  apply(obj: KubeObject, opts?: { namespace?: string }): Outcome;
  create(obj: KubeObject, opts?: { namespace?: string }): Outcome;
  delete(ref: ObjectRef, propagation?: Propagation): Outcome;
  get(ref: ObjectRef): KubeObject | undefined;
  list(kind: string, opts?: ListOptions): KubeObject[];
  scale(ref: ObjectRef, replicas: number): Outcome;
  label(ref: ObjectRef, changes: Record<string, string | null>, overwrite: boolean): Outcome;
  setImage(ref: ObjectRef, images: Record<string, string>): Outcome;
  cordon(node: string, unschedulable: boolean): Outcome;
  taint(
    node: string,
    taint: { key: string; value?: string; effect: string },
    remove: boolean,
  ): Outcome;
  rolloutUndo(ref: ObjectRef, toRevision?: number): Outcome;
  setPaused(ref: ObjectRef, paused: boolean): Outcome;
  restart?(ref: ObjectRef): Outcome;
  /**
   * Replaces an object's metadata and spec as a PUT does (defaulting, validation, the status
   * kept, the generation raised on a spec change); the result is `configured`, with the stored
   * object unchanged when nothing differed. kubectl's patch and annotate are sent as patches,
   * which the API server applies to the live object and stores exactly this way.
   */
  update?(obj: KubeObject): Outcome;
  events(ref?: ObjectRef): ClusterEvent[];
  settle(limit?: { maxSteps?: number }): Step[];
}

export interface DirEntry {
  name: string;
  directory: boolean;
}

/** Reads the files a scenario names; `undefined` means the path does not exist. */
export interface ScenarioReader {
  readFile(path: string): string | undefined;
  listDir(path: string): DirEntry[] | undefined;
}

export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface KubectlEnv {
  cluster: KubectlCluster;
  reader: ScenarioReader;
  /** Directory that relative `-f` paths start from. */
  cwd: string;
  minor: Minor;
  /** The simulated wall clock in epoch milliseconds. */
  now(): number;
  /** Converts a simulated time (ms since the cluster started) to epoch milliseconds. */
  epochOf(simulatedMs: number): number;
}

/** What one kubectl invocation printed and how it ended. */
export class Invocation {
  readonly output: OutputChunk[] = [];
  exitCode = 0;
  /** True when the command wrote to the cluster, so the controllers must run after it. */
  mutated = false;
  /** Set when the command cannot be simulated; the text says why. */
  notSimulated?: string;
  /** True when the command was not run because a `$(...)` in it could not be simulated. */
  substitutionFailed = false;
  /** Things a reader should know about this command's result. */
  readonly notes: string[] = [];
  private warned = new Set<string>();

  stdout(text: string): void {
    this.emit('stdout', text);
  }

  stderr(text: string): void {
    this.emit('stderr', text);
  }

  /**
   * Prints a warning the API server sent (`Warning: <text>`); kubectl's warning handler prints
   * each distinct text once per invocation.
   */
  serverWarning(text: string): void {
    if (this.warned.has(text)) return;
    this.warned.add(text);
    this.stderr(`Warning: ${text}\n`);
  }

  /** Prints an error line (or block) to stderr and marks the command failed. */
  fail(text: string): void {
    this.stderr(text.endsWith('\n') ? text : text + '\n');
    this.exitCode = 1;
  }

  private emit(stream: 'stdout' | 'stderr', text: string): void {
    if (text === '') return;
    const last = this.output[this.output.length - 1];
    if (last && last.stream === stream) last.text += text;
    else this.output.push({ stream, text });
  }

  /** The text written to stdout only (what a `$(...)` substitution captures). */
  stdoutText(): string {
    return this.output
      .filter((c) => c.stream === 'stdout')
      .map((c) => c.text)
      .join('');
  }
}

export type { ClusterEvent, KubeObject, ObjectRef, Outcome, Propagation, Step };
