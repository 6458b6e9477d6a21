/**
 * Command-line flags as cobra and pflag read them for kubectl: `--name=value`, `--name value`,
 * `-x value`, `-xvalue`, `-x=value`, booleans with an optional `=true|false`, and `--` ending
 * the flags. Errors carry cobra's wording.
 */

export interface FlagSpec {
  long: string;
  short?: string;
  /** 'bool' takes no separate argument; 'optional' takes only `=value` (bare means default). */
  type: 'bool' | 'string' | 'optional';
  repeat?: boolean;
}

export interface ParsedFlags {
  positional: string[];
  values: Map<string, string[]>;
  /** Arguments after `--`. */
  rest: string[];
}

export type FlagResult = { ok: true; flags: ParsedFlags } | { ok: false; error: string };

/** Flags every kubectl command accepts. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { long: 'namespace', short: 'n', type: 'string' },
  { long: 'context', type: 'string' },
  { long: 'kubeconfig', type: 'string' },
  { long: 'cluster', type: 'string' },
  { long: 'user', type: 'string' },
  { long: 'server', short: 's', type: 'string' },
  { long: 'request-timeout', type: 'string' },
  { long: 'v', short: 'v', type: 'string' },
  { long: 'as', type: 'string' },
  { long: 'insecure-skip-tls-verify', type: 'bool' },
  { long: 'warnings-as-errors', type: 'bool' },
];

/** Parses `args` against `specs` plus the global flags. */
export function parseFlags(args: readonly string[], specs: readonly FlagSpec[]): FlagResult {
  const all = [...specs, ...GLOBAL_FLAGS];
  const flags: ParsedFlags = { positional: [], values: new Map(), rest: [] };
  const set = (spec: FlagSpec, value: string) => {
    const list = flags.values.get(spec.long) ?? [];
    list.push(value);
    flags.values.set(spec.long, list);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      flags.rest = args.slice(i + 1);
      break;
    }
    if (arg.startsWith('--')) {
      const err = readLong(arg, args, i, all, set);
      if (typeof err === 'string') return { ok: false, error: err };
      i = err;
    } else if (arg.startsWith('-') && arg.length > 1) {
      const err = readShort(arg, args, i, all, set);
      if (typeof err === 'string') return { ok: false, error: err };
      i = err;
    } else {
      flags.positional.push(arg);
    }
  }
  return { ok: true, flags };
}

type Setter = (spec: FlagSpec, value: string) => void;

/** Returns the index of the last argument consumed, or an error text. */
function readLong(
  arg: string,
  args: readonly string[],
  i: number,
  all: FlagSpec[],
  set: Setter,
): number | string {
  const eq = arg.indexOf('=');
  const name = arg.slice(2, eq < 0 ? undefined : eq);
  const spec = all.find((s) => s.long === name);
  if (!spec) return `unknown flag: --${name}`;
  if (eq >= 0) {
    set(spec, arg.slice(eq + 1));
    return i;
  }
  if (spec.type !== 'string') {
    set(spec, spec.type === 'bool' ? 'true' : '');
    return i;
  }
  if (i + 1 >= args.length) return `flag needs an argument: --${name}`;
  set(spec, args[i + 1]);
  return i + 1;
}

function readShort(
  arg: string,
  args: readonly string[],
  i: number,
  all: FlagSpec[],
  set: Setter,
): number | string {
  let j = 1;
  while (j < arg.length) {
    const c = arg[j];
    const spec = all.find((s) => s.short === c);
    if (!spec) return `unknown shorthand flag: '${c}' in ${arg}`;
    if (spec.type === 'bool') {
      if (arg[j + 1] === '=') {
        set(spec, arg.slice(j + 2));
        return i;
      }
      set(spec, 'true');
      j++;
      continue;
    }
    const attached = arg.slice(j + 1);
    if (attached !== '') {
      set(spec, attached.startsWith('=') ? attached.slice(1) : attached);
      return i;
    }
    if (spec.type === 'optional') {
      set(spec, '');
      return i;
    }
    if (i + 1 >= args.length) return `flag needs an argument: '${c}' in ${arg}`;
    set(spec, args[i + 1]);
    return i + 1;
  }
  return i;
}

/** The last value given for a flag. */
export function flagValue(flags: ParsedFlags, long: string): string | undefined {
  const list = flags.values.get(long);
  return list && list.length > 0 ? list[list.length - 1] : undefined;
}

/** Every value given for a repeatable flag, split at commas when `split` is set. */
export function flagValues(flags: ParsedFlags, long: string, split = false): string[] {
  const list = flags.values.get(long) ?? [];
  return split ? list.flatMap((v) => v.split(',')).filter((v) => v !== '') : list;
}

/** A boolean flag's value; pflag reads `true`, `1`, `t`, `false`, `0`, `f` and friends. */
export function flagBool(flags: ParsedFlags, long: string): boolean {
  const v = flagValue(flags, long);
  if (v === undefined) return false;
  return ['true', '1', 't', 'T', 'TRUE', 'True'].includes(v);
}
