// Runs the mocha suite of test/suite inside the extension host of a real VS Code (code-server),
// through @vscode/test-electron's runTests with the shim as the VS Code executable.
// Usage: node e2e/run-exthost-tests.js <work dir> <results dir>
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const { runTests } = require('@vscode/test-electron');
const { prepareWorkspace } = require('./workspace');

const PROJECT = path.dirname(__dirname);

/** Bundles the suite into one file; mocha and vscode stay outside and load at run time. */
async function buildSuite(outDir) {
  const suiteDir = path.join(PROJECT, 'test/suite');
  const tests = fs
    .readdirSync(suiteDir)
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
  const entries = ['index.ts', ...tests].map((f) => path.join(suiteDir, f));
  fs.rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(outDir, 'index.js');
}

async function main() {
  const [work, results] = process.argv.slice(2).map((p) => path.resolve(p));
  const workspace = path.join(work, 'exthost-workspace');
  const corpus = prepareWorkspace(workspace);
  fs.mkdirSync(results, { recursive: true });
  // The bundle sits inside the project so that `require('mocha')` finds its node_modules.
  const testsPath = await buildSuite(path.join(PROJECT, 'out/e2e-suite'));
  const shim = path.join(__dirname, 'code-shim');
  fs.chmodSync(shim, 0o755);
  try {
    await runTests({
      vscodeExecutablePath: shim,
      extensionDevelopmentPath: PROJECT,
      extensionTestsPath: testsPath,
      launchArgs: [
        workspace,
        `--user-data-dir=${path.join(work, 'exthost-user-data')}`,
        `--extensions-dir=${path.join(work, 'exthost-extensions')}`,
      ],
      extensionTestsEnv: {
        KUBEPLAN_E2E_RESULTS: results,
        KUBEPLAN_E2E_CORPUS: corpus ? '1' : '',
      },
    });
    return 0;
  } catch (err) {
    console.log(`extension host tests failed: ${err.message}`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
