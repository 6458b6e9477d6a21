// Debian's chromium through playwright-core: headless, a fresh profile, loopback only.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The workbench is reached by IP literal, so no host name ever needs resolving.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** Opens a browser page; `close` ends the browser and removes its profile. */
exports.launch = async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeplan-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ARGS,
  });
  const page = context.pages()[0] || (await context.newPage());
  // Webview resources use a *.vscode-cdn.net address that the webview's service worker answers
  // inside the browser; anything else off loopback is recorded and reported.
  const offHost = new Set();
  const offLoopback = (url) => {
    const { protocol, hostname } = new URL(url);
    return /^(https?|wss?):$/.test(protocol) && hostname !== '127.0.0.1';
  };
  page.on('response', (r) => {
    if (offLoopback(r.url()) && !r.fromServiceWorker()) offHost.add(new URL(r.url()).hostname);
  });
  page.on('requestfailed', (r) => {
    if (offLoopback(r.url())) offHost.add(`${new URL(r.url()).hostname} (failed)`);
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { page, offHost, close };
};

/**
 * The workbench address that opens `folder`, and with `devPath` loads the extension from a
 * folder (running the tests at `testsPath` when given). The payload is honoured only when
 * code-server runs with `--vscode-option enable-smoke-test-driver`.
 */
exports.workbenchUrl = function workbenchUrl({ port, folder, devPath, testsPath }) {
  const authority = `127.0.0.1:${port}`;
  const payload = [];
  if (devPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${devPath}`]);
  if (testsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${testsPath}`]);
  let url = `http://${authority}/?folder=${encodeURIComponent(folder)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
};
