import { addCrossProblems, CheckCache, checkFile, type FileResult } from '../core/check';
import { sortProblems } from '../core/problem';
import type { Minor } from '../core/api/versions';
import type { ManifestObject } from '../core/api/objects';

interface Entry {
  text: string;
  /** The file checked on its own; cross-document problems are added to a copy. */
  own: FileResult;
  open: boolean;
  cache: CheckCache;
}

/**
 * What the server knows of the manifests: every open document and every manifest file of the
 * workspace, each checked on its own once per change, plus the problems across documents.
 */
export class Workspace {
  private readonly entries = new Map<string, Entry>();
  private combined: Map<string, FileResult> | undefined;
  private versionValue = 0;

  constructor(private minorValue: Minor) {}

  get minor(): Minor {
    return this.minorValue;
  }

  /** Grows with every change to what the workspace holds; a key for caches built on it. */
  get version(): number {
    return this.versionValue;
  }

  /** Changes the minor; every file is checked again. */
  setMinor(minor: Minor): void {
    if (minor === this.minorValue) return;
    this.minorValue = minor;
    for (const [uri, e] of this.entries) e.own = checkFile({ uri, text: e.text }, { minor }, e.cache);
    this.changed();
  }

  /** Records a file's text (open in the editor, or read from disk) and checks it. */
  update(uri: string, text: string, open: boolean): void {
    const prior = this.entries.get(uri);
    if (prior && prior.text === text) {
      prior.open = prior.open || open;
      return;
    }
    const cache = prior?.cache ?? new CheckCache();
    const own = checkFile({ uri, text }, { minor: this.minorValue }, cache);
    this.entries.set(uri, { text, own, cache, open: open || (prior?.open ?? false) });
    this.changed();
  }

  /** Marks a document closed; its disk copy stays known when it was read from disk. */
  close(uri: string, onDisk: string | undefined): void {
    if (onDisk === undefined) this.entries.delete(uri);
    else this.update(uri, onDisk, false);
    const e = this.entries.get(uri);
    if (e) e.open = false;
    this.changed();
  }

  remove(uri: string): void {
    if (this.entries.delete(uri)) this.changed();
  }

  isOpen(uri: string): boolean {
    return this.entries.get(uri)?.open ?? false;
  }

  openUris(): string[] {
    return [...this.entries].filter(([, e]) => e.open).map(([uri]) => uri);
  }

  /** The file's result with the problems across documents included. */
  result(uri: string): FileResult | undefined {
    return this.all().get(uri);
  }

  objects(): ManifestObject[] {
    return [...this.all().values()].flatMap((r) => r.objects);
  }

  private changed(): void {
    this.combined = undefined;
    this.versionValue++;
  }

  private all(): Map<string, FileResult> {
    if (this.combined) return this.combined;
    const copies = new Map<string, FileResult>();
    for (const [uri, e] of this.entries) copies.set(uri, { ...e.own, problems: [...e.own.problems] });
    addCrossProblems([...copies.values()], { minor: this.minorValue });
    for (const r of copies.values()) sortProblems(r.problems);
    this.combined = copies;
    return copies;
  }
}
