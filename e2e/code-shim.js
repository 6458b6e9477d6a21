// Stands in for the VS Code executable that @vscode/test-electron's runTests launches: it takes
// the same arguments, serves the workbench with code-server, opens it in chromium, lets the
// extension host run the suite, and exits with the suite's result.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const codeServer = require('./codeserver');

function parseArgs(argv) {
  const named = {};
  const folders = [];
  for (const arg of argv) {
    const m = /^--([^=]+)=(.*)$/.exec(arg);
    if (m) named[m[1]] = m[2];
    else if (!arg.startsWith('--')) folders.push(arg);
  }
  return { named, folder: folders[0] };
}

/** Relays the extension host's console, which reaches the page as `%c  INFO color: … text`. */
function relayConsole(page) {
  const noise =
    /^(Resolv|Creating a socket|Updating additional|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|\[reconnection-grace)/;
  page.on('console', (m) => {
    const x = /^%c\s*(INFO|WARN|ERR)\s+color: #\w+ ?([\s\S]*)$/.exec(m.text());
    if (!x || noise.test(x[2])) return;
    const text = x[2].split('\n    at ')[0];
    console.log(x[1] === 'INFO' ? text : `[${x[1]}] ${text}`);
  });
}

async function main() {
  const { named, folder } = parseArgs(process.argv.slice(2));
  const devPath = named.extensionDevelopmentPath;
  const testsPath = named.extensionTestsPath;
  if (!devPath || !testsPath || !folder) throw new Error('need a folder and the extension paths');
  process.env.PLAYWRIGHT_CORE = process.env.PLAYWRIGHT_CORE || codeServer.tools().playwright;
  const { launch, workbenchUrl } = require('./browser');

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeplan-exthost-'));
  const layout = codeServer.prepareRunDirs(work, {
    userData: named['user-data-dir'],
    extensions: named['extensions-dir'],
  });
  const server = await codeServer.start(work, layout);
  console.log(`code-server up on 127.0.0.1:${server.port} in ${(server.ms / 1000).toFixed(1)}s`);
  const browser = await launch();
  let code = 'timeout';
  try {
    relayConsole(browser.page);
    let finish;
    const exited = new Promise((resolve) => (finish = resolve));
    // The workbench calls this when the extension host's test runner ends.
    await browser.page.exposeFunction('codeAutomationExit', (c) => finish(c));
    await browser.page.goto(workbenchUrl({ port: server.port, folder, devPath, testsPath }), {
      waitUntil: 'domcontentloaded',
    });
    const limit = Number(process.env.E2E_TEST_TIMEOUT_MS || 300000);
    code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), limit))]);
    const shot = process.env.KUBEPLAN_E2E_RESULTS;
    if (shot) await browser.page.screenshot({ path: path.join(shot, 'exthost-end.png') });
    if (browser.offHost.size) console.log(`# page asked for other hosts: ${[...browser.offHost]}`);
  } finally {
    await browser.close();
    await server.stop();
    if (code !== 0) console.log(codeServer.tail(path.join(work, 'code-server.log'), 30));
    if (!process.env.E2E_KEEP) fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`extension host test run finished: ${code}`);
  return code === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err && err.stack ? err.stack : err);
    process.exit(2);
  },
);
