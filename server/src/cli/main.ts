import { checkCommand } from './check';
import { planCommand } from './plan';
import { processIO, type CliIO } from './io';
import { VERSION } from '../version';

const HELP = `kubeplan ${VERSION}: Kubernetes workload manifests, checked and simulated offline.

Usage:
  kubeplan check [options] <file | directory> ...   Validate manifests as the API server would.
  kubeplan plan [options] <scenario | -> ...          Replay kubectl commands on a simulated cluster.
  kubeplan --version                                 Print the version.
  kubeplan <command> --help                          Help for one command.
`;

/** Runs the CLI and returns its exit status; nothing a user types makes it throw. */
export async function main(args: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'check':
        return await checkCommand(rest, io, VERSION);
      case 'plan':
        return await planCommand(rest, io);
      case '--version':
      case 'version':
        io.stdout(`kubeplan ${VERSION}\n`);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      default:
        io.stderr(`error: unknown command "${command}" for "kubeplan"\nRun 'kubeplan --help' for usage.\n`);
        return 2;
    }
  } catch (err) {
    io.stderr(`error: kubeplan failed unexpectedly: ${err instanceof Error ? err.message : String(err)}\n`);
    return 70;
  }
}

/** Runs the CLI on this process's arguments and streams. */
export function run(): void {
  void main(process.argv.slice(2), processIO()).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) run();
