import { promises as fs } from 'node:fs';
import { checkFiles, type SourceFile } from '../core/check';
import { DEFAULT_MINOR, MINORS, parseMinor, type Minor } from '../core/api/versions';
import { gatherFiles } from './files';
import { formatJson, formatSarif, formatText, locateAll, summary } from './format';
import type { CliIO } from './io';

export const CHECK_HELP = `Validate Kubernetes manifests as the API server of the chosen minor would.

Usage:
  kubeplan check [options] <file | directory | -> ...

Options:
  -R, --recursive                 Read directories recursively, as kubectl -R does.
  --kubernetes-version <minor>    One of ${MINORS.join(', ')} (default ${DEFAULT_MINOR}).
  --format text|json|sarif        Output format (default text).
  -h, --help                      Show this help.

Prints file:line:col: severity code message for each problem.
Exit status: 1 when any error was found, 0 otherwise, 2 on bad usage.
`;

interface CheckArgs {
  paths: string[];
  recursive: boolean;
  minor: Minor;
  format: 'text' | 'json' | 'sarif';
}

/** Reads `kubeplan check` arguments, or returns the usage error to print. */
export function parseCheckArgs(args: readonly string[]): CheckArgs | { error: string } | 'help' {
  const out: CheckArgs = { paths: [], recursive: false, minor: DEFAULT_MINOR, format: 'text' };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = splitFlag(args[i]);
    const value = () => inline ?? args[++i];
    const needsValue = flag === '--kubernetes-version' || flag === '--format';
    if (needsValue && inline === undefined && (i + 1 >= args.length || args[i + 1].startsWith('-'))) {
      return { error: `flag needs an argument: ${flag}` };
    }
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '-R':
      case '--recursive':
        out.recursive = true;
        break;
      case '--kubernetes-version': {
        const v = value();
        const minor = v === undefined ? undefined : parseMinor(v);
        if (!minor) return { error: `unsupported --kubernetes-version "${v ?? ''}": use one of ${MINORS.join(', ')}` };
        out.minor = minor;
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') {
          return { error: `unknown --format "${v ?? ''}": use text, json or sarif` };
        }
        out.format = v;
        break;
      }
      default:
        if (flag.startsWith('-') && flag !== '-') return { error: `unknown flag: ${flag}` };
        out.paths.push(args[i]);
    }
  }
  if (out.paths.length === 0) return { error: 'no files given: kubeplan check <file | directory> ...' };
  return out;
}

function splitFlag(arg: string): [string, string | undefined] {
  if (!arg.startsWith('--')) return [arg, undefined];
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

/** `kubeplan check`: returns the exit status. */
export async function checkCommand(args: readonly string[], io: CliIO, version: string): Promise<number> {
  const parsed = parseCheckArgs(args);
  if (parsed === 'help') {
    io.stdout(CHECK_HELP);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`error: ${parsed.error}\nSee 'kubeplan check --help'.\n`);
    return 2;
  }
  const sources: SourceFile[] = [];
  const fileArgs = parsed.paths.filter((p) => p !== '-');
  if (parsed.paths.includes('-')) sources.push({ uri: '<stdin>', text: await io.readStdin() });
  const gathered = await gatherFiles(fileArgs, parsed.recursive);
  for (const error of gathered.errors) io.stderr(`error: ${error}\n`);
  for (const file of gathered.files) {
    try {
      sources.push({ uri: file, text: await fs.readFile(file, 'utf8') });
    } catch (err) {
      io.stderr(`error: cannot read "${file}": ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
      gathered.errors.push(file);
    }
  }
  if (sources.length === 0 && gathered.errors.length === 0) {
    io.stderr('error: no objects passed to apply: no .yaml, .yml or .json file in the given paths\n');
    return 1;
  }
  const results = checkFiles(sources, { minor: parsed.minor });
  const problems = locateAll(results);
  if (parsed.format === 'json') io.stdout(formatJson(problems));
  else if (parsed.format === 'sarif') io.stdout(formatSarif(problems, version));
  else {
    io.stdout(formatText(problems));
    const objects = results.reduce((n, r) => n + r.objects.length, 0);
    io.stdout(summary(problems, results.length, objects));
  }
  const failed = problems.some((p) => p.severity === 'error') || gathered.errors.length > 0;
  return failed ? 1 : 0;
}
