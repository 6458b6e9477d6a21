// Starts and stops code-server for one test run: loopback only, no authentication, throw-away
// user data, its own process group so that one signal stops it and everything it spawned.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

const HERE = __dirname;

/** The tool paths below $E2E_TOOLS, as e2e/setup.sh installs them. */
function tools() {
  const dir = process.env.E2E_TOOLS;
  if (!dir) throw new Error('E2E_TOOLS is not set; run e2e/setup.sh first');
  return {
    node: path.join(dir, 'node/node_modules/node/bin/node'),
    entry: path.join(dir, 'server/node_modules/code-server/out/node/entry.js'),
    playwright: path.join(dir, 'server/node_modules/playwright-core'),
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Directories of one run: user data seeded with e2e/settings.json, extensions, temp. */
function prepareRunDirs(work, dirs = {}) {
  const layout = {
    userData: dirs.userData || path.join(work, 'user-data'),
    extensions: dirs.extensions || path.join(work, 'extensions'),
    tmp: path.join(work, 'tmp'),
    xdg: path.join(work, 'xdg'),
  };
  for (const d of Object.values(layout)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(layout.userData, 'User'), { recursive: true });
  fs.copyFileSync(
    path.join(HERE, 'settings.json'),
    path.join(layout.userData, 'User/settings.json'),
  );
  return layout;
}

/** The environment code-server runs in: nothing written to $HOME, no gallery, no update checks. */
function serverEnv(layout) {
  return {
    ...process.env,
    TMPDIR: layout.tmp,
    XDG_RUNTIME_DIR: layout.tmp,
    XDG_CONFIG_HOME: path.join(layout.xdg, 'config'),
    XDG_DATA_HOME: path.join(layout.xdg, 'data'),
    EXTENSIONS_GALLERY: '{}',
  };
}

function commonArgs(work, layout) {
  return [
    '--config',
    path.join(work, 'code-server.yaml'),
    '--user-data-dir',
    layout.userData,
    '--extensions-dir',
    layout.extensions,
  ];
}

/** Installs a packaged extension into the run's extensions directory. */
function installVsix(work, layout, vsix) {
  const t = tools();
  const args = [t.entry, ...commonArgs(work, layout), '--install-extension', vsix];
  const r = spawnSync(t.node, args, { env: serverEnv(layout), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed: ${r.stdout}${r.stderr}`);
  return r.stdout.trim();
}

function waitForHealth(port, deadline) {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const req = http.get(`http://127.0.0.1:${port}/healthz`, (res) => {
        res.resume();
        resolve();
      });
      req.on('error', () => {
        if (Date.now() > deadline) reject(new Error('code-server did not answer /healthz'));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/**
 * Starts code-server and resolves once it answers. The smoke-test driver option lets the
 * workbench URL carry an extension development path and a test path.
 */
async function start(work, layout) {
  const t = tools();
  const port = await freePort();
  const log = fs.openSync(path.join(work, 'code-server.log'), 'a');
  const args = [
    t.entry,
    ...commonArgs(work, layout),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--reconnection-grace-time',
    '5',
    '--vscode-option',
    'enable-smoke-test-driver',
  ];
  const child = spawn(t.node, args, {
    env: serverEnv(layout),
    stdio: ['ignore', log, log],
    detached: true,
  });
  fs.closeSync(log);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const started = Date.now();
  try {
    await Promise.race([
      waitForHealth(port, started + 30000),
      exited.then(() => Promise.reject(new Error('code-server exited during start'))),
    ]);
  } catch (err) {
    stopGroup(child.pid);
    throw new Error(`${err.message}\n${tail(path.join(work, 'code-server.log'), 40)}`);
  }
  const ms = Date.now() - started;
  return { port, pid: child.pid, ms, stop: () => stopGroup(child.pid, exited) };
}

function alive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the whole process group: a polite signal first, a hard one if it lingers. */
async function stopGroup(pid, exited) {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  if (exited) await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  const deadline = Date.now() + 5000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone between the check and the signal.
    }
  }
}

function tail(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

module.exports = { tools, prepareRunDirs, installVsix, start, tail };
