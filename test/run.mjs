// The test command: type-check everything, then run the unit, language-server and CLI suites.
// The last line printed is mocha's `N passed, N failed` summary.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false }).status ?? 1;

const typecheck = run('npx', ['tsc', '-p', '.', '--noEmit']);
if (typecheck !== 0) {
  console.log('type check failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
if (run('node', ['esbuild.mjs']) !== 0) {
  console.log('build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
process.exit(run('npx', ['mocha']));
