/**
 * `kubectl create deployment NAME --image=IMAGE [--replicas=N] [--port=P] [-- COMMAND...]`:
 * the Deployment kubectl's generator builds, sent with one POST.
 */
import type { KubeObject } from '../cluster/api';
import { namePrefix, safely } from './apply';
import { plainError, renderErrors } from './errors';
import { flagValue, flagValues, parseFlags, type FlagSpec, type ParsedFlags } from './flags';
import { namespaceOf, usageError } from './get';
import type { Invocation, KubectlEnv } from './types';

export const CREATE_DEPLOYMENT_FLAGS: FlagSpec[] = [
  { long: 'image', type: 'string', repeat: true },
  { long: 'replicas', short: 'r', type: 'string' },
  { long: 'port', type: 'string' },
  { long: 'dry-run', type: 'optional' },
  { long: 'output', short: 'o', type: 'string' },
  { long: 'save-config', type: 'bool' },
  { long: 'field-manager', type: 'string' },
  { long: 'validate', type: 'optional' },
  { long: 'template', type: 'string' },
  { long: 'show-managed-fields', type: 'bool' },
  { long: 'allow-missing-template-keys', type: 'bool' },
];

/** The characters of apimachinery's random strings (no vowels, no look-alikes). */
const RANDOM_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

interface DeploymentSpec {
  name: string;
  images: string[];
  replicas: number;
  port: number;
  command: string[];
}

/** Runs `kubectl create deployment` (also `create deploy`); `args` follow the subcommand. */
export function runCreateDeployment(
  args: readonly string[],
  inv: Invocation,
  env: KubectlEnv,
): void {
  const parsed = parseFlags(args, CREATE_DEPLOYMENT_FLAGS);
  if (!parsed.ok) return usageError(inv, parsed.error, 'create deployment');
  const flags = parsed.flags;
  const refused = refusedFlag(flags);
  if (refused) {
    inv.notSimulated = `kubectl create deployment ${refused} is not simulated`;
    return;
  }
  const spec = readSpec(flags);
  if (typeof spec === 'string') return inv.fail(spec);
  const { namespace, explicit } = namespaceOf(flags);
  const deployment = generate(spec, explicit ? namespace : undefined, env);
  const outcome = safely(() => env.cluster.create(deployment, { namespace }));
  if (!outcome.ok) {
    // The generator wraps the API error in its own, so kubectl prints it as a plain error.
    const message = outcome.reason === '' ? outcome.error : (outcome.message ?? outcome.error);
    const error = plainError(`failed to create deployment: ${stripError(message)}`);
    return inv.fail(renderErrors([error]));
  }
  inv.mutated = true;
  const nameOnly = flagValue(flags, 'output') === 'name';
  inv.stdout(`${namePrefix(outcome.object)}${nameOnly ? '' : ' created'}\n`);
}

/** FIXME: --dry-run, --save-config, --template and -o other than `name` are not simulated. */
function refusedFlag(flags: ParsedFlags): string | undefined {
  for (const flag of ['dry-run', 'save-config', 'template'])
    if (flags.values.has(flag)) return `--${flag}`;
  const output = flagValue(flags, 'output');
  return output !== undefined && output !== 'name' ? `-o ${output}` : undefined;
}

/** The flags and arguments, checked in kubectl's order (flag values, required flags, NAME). */
function readSpec(flags: ParsedFlags): DeploymentSpec | string {
  const replicas = int32Flag(flags, 'replicas', 1, 'create deployment');
  if (typeof replicas === 'string') return replicas;
  const port = int32Flag(flags, 'port', -1, 'create deployment');
  if (typeof port === 'string') return port;
  if (!flags.values.has('image')) return 'error: required flag(s) "image" not set';
  if (flags.positional.length !== 1) {
    const got = `exactly one NAME is required, got ${flags.positional.length}`;
    return `error: ${got}\nSee 'kubectl create deployment -h' for help and examples`;
  }
  const images = flagValues(flags, 'image', true);
  if (images.length > 1 && flags.rest.length > 0)
    return 'error: cannot specify multiple --image options and command';
  return { name: flags.positional[0], images, replicas, port, command: flags.rest };
}

/**
 * An int32 flag as pflag reads it (strconv.ParseInt, base 0, 32 bits), or the usage error
 * kubectl prints for it.
 */
export function int32Flag(
  flags: ParsedFlags,
  long: string,
  fallback: number,
  command: string,
): number | string {
  const text = flagValue(flags, long);
  if (text === undefined) return fallback;
  const value = parseGoInt(text);
  if (value !== undefined && value >= -(2 ** 31) && value <= 2 ** 31 - 1) return value;
  const reason = value === undefined ? 'invalid syntax' : 'value out of range';
  const parse = `strconv.ParseInt: parsing "${text}": ${reason}`;
  const error = `invalid argument "${text}" for "--${long}" flag: ${parse}`;
  return `error: ${error}\nSee 'kubectl ${command} -h' for help and examples`;
}

/** strconv.ParseInt with base 0, for decimal, 0x hex, 0o or 0 octal and 0b binary. */
function parseGoInt(text: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)$/.exec(text);
  if (!m) return undefined;
  const body = m[2];
  const lower = body.toLowerCase();
  const value = lower.startsWith('0x')
    ? parseInt(body.slice(2), 16)
    : lower.startsWith('0b')
      ? parseInt(body.slice(2), 2)
      : lower.startsWith('0o')
        ? parseInt(body.slice(2), 8)
        : body.length > 1 && body.startsWith('0')
          ? parseInt(body.slice(1), 8)
          : parseInt(body, 10);
  return m[1] === '-' ? -value : value;
}

/** The Deployment kubectl's generator builds, exactly as it sends it. */
function generate(
  spec: DeploymentSpec,
  namespace: string | undefined,
  env: KubectlEnv,
): KubeObject {
  const labels = { app: spec.name };
  const containers: Record<string, unknown>[] = spec.images.map((image, i) => ({
    name: containerName(image, `${spec.name}/${i}`, env),
    image,
    resources: {},
    ...(spec.command.length > 0 ? { command: spec.command } : {}),
  }));
  if (spec.port >= 0 && containers.length > 0) containers[0].ports = [{ containerPort: spec.port }];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: spec.name,
      ...(namespace ? { namespace } : {}),
      creationTimestamp: null,
      labels,
    },
    spec: {
      replicas: spec.replicas,
      selector: { matchLabels: labels },
      strategy: {},
      template: { metadata: { creationTimestamp: null, labels }, spec: { containers } },
    },
    status: {},
  };
}

/**
 * The container name kubectl derives from an image: the last path segment without tag or
 * digest; `_` and `.` become `-`, and then five random characters are appended to keep names
 * apart. The simulation draws them from the clock and the deployment, so runs repeat.
 */
export function containerName(image: string, salt: string, env: KubectlEnv): string {
  let name = image.split('/').pop()!;
  if (name.includes(':')) name = name.split(':')[0];
  if (name.includes('@')) name = name.split('@')[0];
  if (!/[_.]/.test(name)) return name;
  return `${name.replace(/[_.]/g, '-')}-${randomSuffix(`${env.cluster.now}/${salt}/${image}`)}`;
}

/** Five characters of the random alphabet, chosen by an FNV-1a hash of `seed`. */
function randomSuffix(seed: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 5; round++) {
    for (const ch of `${seed}#${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += RANDOM_ALPHABET[h % RANDOM_ALPHABET.length];
  }
  return out;
}

function stripError(text: string): string {
  return text.startsWith('error: ') ? text.slice('error: '.length) : text;
}
