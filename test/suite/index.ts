/**
 * The entry the extension host loads as `extensionTestsPath`: runs every `*.test.js` next to
 * it with mocha and closes with the `N passed, N failed` line CI reads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';

// The extension host forwards console output without printf formatting and ignores a
// replaced console.log, so mocha's reporters get a logger that formats first.
const rawLog = console.log.bind(console);
(Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog = (
  ...args: unknown[]
) => rawLog(util.format(...args));

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000 });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes, pending } = runner.stats ?? { passes: 0, pending: 0 };
      const skipped = pending ? `, ${pending} skipped` : '';
      rawLog(`${passes} passed, ${failures} failed${skipped}`);
      if (failures > 0) reject(new Error(`${failures} tests failed`));
      else resolve();
    });
  });
}
