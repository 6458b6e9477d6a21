import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The extensions kubectl reads when it is given a directory. */
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface Gathered {
  files: string[];
  /** Paths that could not be read, with kubectl's wording of why. */
  errors: string[];
}

/**
 * Expands paths as `kubectl apply -f` does: a file is taken as it is, a directory gives its
 * .yaml/.yml/.json files in name order, and its subdirectories only when `recursive` is set.
 */
export async function gatherFiles(paths: readonly string[], recursive: boolean): Promise<Gathered> {
  const out: Gathered = { files: [], errors: [] };
  for (const p of paths) await visit(p, true, recursive, out);
  return out;
}

async function visit(p: string, top: boolean, recursive: boolean, out: Gathered): Promise<void> {
  let stat;
  try {
    // Inside a directory, links to directories are not followed (as kubectl's walk does not),
    // so a link back up cannot make the walk endless.
    stat = top ? await fs.stat(p) : await fs.lstat(p);
    if (!top && stat.isSymbolicLink()) {
      const target = await fs.stat(p);
      if (target.isDirectory()) return;
      stat = target;
    }
  } catch {
    if (top) out.errors.push(`the path "${p}" does not exist`);
    return;
  }
  if (stat.isFile()) {
    if (top || MANIFEST_EXTENSIONS.has(path.extname(p).toLowerCase())) out.files.push(p);
    return;
  }
  // A path given by name that is neither file nor directory (a pipe such as <(...)) is read.
  if (top && !stat.isDirectory()) {
    out.files.push(p);
    return;
  }
  if (!stat.isDirectory() || (!top && !recursive)) return;
  let names: string[];
  try {
    names = (await fs.readdir(p)).sort();
  } catch (err) {
    out.errors.push(`error reading "${p}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return;
  }
  for (const name of names) await visit(path.join(p, name), false, recursive, out);
}
