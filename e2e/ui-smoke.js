// Drives the real workbench as a user would, with the packaged extension (the VSIX) installed,
// and checks what Kubeplan shows: diagnostics, CodeLens, the cluster tree after an apply and
// after a delete with orphaning, the plan preview, the timeline and the graph webview.
// A screenshot of each stage goes to the results directory.
// Usage: node e2e/ui-smoke.js <work dir> <results dir> <kubeplan.vsix>
const fs = require('node:fs');
const path = require('node:path');
const codeServer = require('./codeserver');
const { prepareWorkspace } = require('./workspace');

const [work, results, vsix] = process.argv.slice(2).map((p) => path.resolve(p));
process.env.PLAYWRIGHT_CORE = process.env.PLAYWRIGHT_CORE || codeServer.tools().playwright;
const { launch, workbenchUrl } = require('./browser');

const WAIT = Number(process.env.E2E_UI_WAIT_MS || 60000);
let passed = 0;

function ok(name, detail) {
  passed++;
  console.log(`ok ${passed} - ${name}: ${detail}`);
}

/** What the checks expect: kiamol chapter 6 when it is there, Kubeplan's own fixtures otherwise. */
function expectations(corpus) {
  if (corpus) {
    return {
      web: 'web.yaml',
      webPath: 'kiamol-ch06/pi/web/web.yaml',
      deployment: 'pi-web',
      replicaSet: 'pi-web-67bd6c889b',
      daemonSet: 'nginx-ds-nodeSelector.yaml',
      daemonSetLens: '0 pods: no node matches nodeSelector kiamol=ch06',
    };
  }
  return {
    web: 'calc-web.yaml',
    webPath: 'apps/calc-web.yaml',
    deployment: 'calc-web',
    replicaSet: 'calc-web-847dd99f94',
    daemonSet: 'calc-proxy-ds.yaml',
    daemonSetLens: '0 pods: no node matches nodeSelector tier=edge',
  };
}

async function main() {
  fs.mkdirSync(results, { recursive: true });
  const folder = path.join(work, 'ui-workspace');
  const corpus = prepareWorkspace(folder);
  const expect = expectations(corpus);
  const layout = codeServer.prepareRunDirs(path.join(work, 'ui'));
  const installed = codeServer.installVsix(path.join(work, 'ui'), layout, vsix);
  ok('VSIX installed', installed.split('\n').pop());

  const server = await codeServer.start(path.join(work, 'ui'), layout);
  const browser = await launch();
  const { page } = browser;
  const shot = (name) => page.screenshot({ path: path.join(results, `${name}.png`) });
  try {
    await run(page, folder, server.port, expect, shot);
  } catch (err) {
    await shot('failure').catch(() => undefined);
    throw err;
  } finally {
    if (browser.offHost.size)
      console.log(`# the page reached for other hosts: ${[...browser.offHost].join(', ')}`);
    await browser.close();
    await server.stop();
  }
}

async function run(page, folder, port, expect, shot) {
  const t0 = Date.now();
  await page.goto(workbenchUrl({ port, folder }), { waitUntil: 'domcontentloaded' });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: WAIT });
  ok('workbench ready', `${((Date.now() - t0) / 1000).toFixed(1)}s`);

  const status = page.locator(
    '.statusbar-item[aria-label="Kubeplan, Kubernetes 1.35, language server ready"]',
  );
  await openFile(page, 'calc-web-broken.yaml');
  await status.waitFor({ timeout: WAIT });
  ok('status bar', (await status.innerText()).trim());

  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: WAIT });
  await command(page, 'View: Focus Problems');
  const problem = page
    .locator('.markers-panel .monaco-list-row', { hasText: 'yaml-duplicate-key' })
    .first();
  await problem.waitFor({ timeout: WAIT });
  ok('diagnostic', oneLine(await problem.innerText()));
  await shot('01-diagnostics');

  await openFile(page, expect.daemonSet);
  const dsLens = page.locator('.monaco-editor .codelens-decoration', {
    hasText: expect.daemonSetLens,
  });
  await dsLens.first().waitFor({ timeout: WAIT });
  ok('DaemonSet CodeLens', oneLine(await dsLens.first().innerText()));

  await openFile(page, expect.web);
  const lensText = `ReplicaSet ${expect.replicaSet} · 2 pods · node-1`;
  const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: lensText }).first();
  await lens.waitFor({ timeout: WAIT });
  const lensLine = oneLine(await lens.innerText());
  if (!lensLine.startsWith(`${lensText} | Preview apply | Apply to simulated cluster | Step`)) {
    throw new Error(`CodeLens reads "${lensLine}"`);
  }
  ok('Deployment CodeLens', lensLine);
  await shot('02-codelens');

  await lens.locator('a', { hasText: 'Preview apply' }).click();
  const planLine = page.locator('.monaco-editor .view-line', {
    hasText: `Plan: kubectl apply -f ${expect.web}`,
  });
  await planLine.first().waitFor({ timeout: WAIT });
  const tab = page.locator('.tab', { hasText: `${expect.web} (plan)` }).first();
  await tab.waitFor({ timeout: WAIT });
  await planLine.first().click();
  await page.keyboard.type('x');
  const readonly = page.locator('.monaco-editor-overlaymessage', { hasText: 'read-only' }).first();
  await readonly.waitFor({ timeout: WAIT });
  ok(
    'plan preview',
    `${(await tab.innerText()).replace(/\s*\n\s*/g, '').trim()} tab; typing is refused as read-only`,
  );
  await shot('03-plan-preview');

  await openFile(page, expect.web);
  await lens.locator('a', { hasText: 'Apply to simulated cluster' }).click();
  await page.locator('.activitybar .action-item a[aria-label^="Kubeplan"]').first().click();
  const deployment = treeRow(page, `Deployment ${expect.deployment}`, '2/2 ready');
  await showRow(page, 'Workloads', deployment);
  const rsRow = treeRow(page, `ReplicaSet ${expect.replicaSet}`, 'revision 1 · 2/2 · current');
  await rsRow.waitFor({ timeout: WAIT });
  ok('tree after apply', `${await rowText(deployment)} / ${await rowText(rsRow)}`);
  await shot('04-tree-after-apply');

  await deployment.click({ button: 'right' });
  await menuItem(page, 'Delete…');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Orphan' }).first().click();
  const orphan = treeRow(page, `ReplicaSet ${expect.replicaSet}`, '2/2 ready · no owner');
  await showRow(page, 'Workloads', orphan);
  await treeRow(page, `Deployment ${expect.deployment}`).waitFor({
    state: 'detached',
    timeout: WAIT,
  });
  ok('tree after delete --cascade=orphan', await rowText(orphan));
  await shot('05-tree-after-orphan-delete');

  await command(page, 'Kubeplan: Show Ownership Graph');
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  const box = frame.locator(`g.node[aria-label^="ReplicaSet ${expect.replicaSet}, "]`).first();
  await box.waitFor({ timeout: WAIT });
  await frame.locator('svg.chart[role="img"]').first().waitFor({ timeout: WAIT });
  ok('graph webview', (await box.getAttribute('aria-label')) || '');
  await shot('06-graph-webview');

  // The webview keeps the keyboard; a click on an editor tab gives it back to the workbench.
  await page.locator('.tab', { hasText: expect.web }).first().click();
  await command(page, 'Kubeplan: Reset Simulated Cluster');
  await openFile(page, expect.web);
  await lens.locator('a', { hasText: 'Step' }).click();
  await page.locator('.pane-header', { hasText: 'Timeline' }).first().waitFor({ timeout: WAIT });
  await viewAction(page, 'Timeline', 'Next Step');
  const stepped = page
    .locator('.monaco-list-row[aria-label^="Step "][aria-label$=", done"]')
    .first();
  await stepped.waitFor({ timeout: WAIT });
  const afterOne = treeRow(page, `ReplicaSet ${expect.replicaSet}`, 'revision 1 · 0/2 · current');
  await showRow(page, 'Workloads', afterOne);
  ok(
    'timeline step',
    `${await stepped.getAttribute('aria-label')}; tree: ${await rowText(afterOne)}`,
  );
  await shot('07-timeline-step');
}

/** Opens a workspace file through Quick Open. */
async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: WAIT });
  await input.fill(name);
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: name })
    .first()
    .waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).first().waitFor({ timeout: WAIT });
}

/** Clicks an action in a view's title bar, such as Next Step in the Timeline view. */
async function viewAction(page, view, action) {
  const header = page.locator('.pane-header', { hasText: view }).first();
  await header.hover();
  await header.locator(`.action-label[aria-label^="${action}"]`).first().click();
}

/** Runs a command from the command palette. */
async function command(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: WAIT });
  await input.fill(`>${title}`);
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: title })
    .first()
    .waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
}

function treeRow(page, label, description) {
  const rows = page.locator('.monaco-list-row', {
    has: page.locator('.label-name', { hasText: label }),
  });
  return (description ? rows.filter({ hasText: description }) : rows).first();
}

/** Picks an item of the open context menu with the keyboard, as a user of a screen reader would. */
async function menuItem(page, label) {
  await page
    .locator('.monaco-menu .action-item', { hasText: label })
    .first()
    .waitFor({ timeout: WAIT });
  const focused = page.locator('.monaco-menu .action-item.focused', { hasText: label });
  for (let i = 0; i < 20 && (await focused.count()) === 0; i++)
    await page.keyboard.press('ArrowDown');
  await focused.first().waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
}

/**
 * Waits for a tree row, expanding its group with a click while the group is collapsed, as a
 * user would.
 */
async function showRow(page, group, row) {
  const header = treeRow(page, group);
  const deadline = Date.now() + WAIT;
  while (!(await row.isVisible())) {
    if (Date.now() > deadline) throw new Error(`tree row under ${group} did not appear`);
    if ((await header.getAttribute('aria-expanded').catch(() => null)) === 'false') await header.click();
    await row.waitFor({ timeout: 500 }).catch(() => undefined);
  }
}

/** A tree row as `label — description`. */
async function rowText(row) {
  const label = oneLine(await row.locator('.label-name').first().innerText());
  const description = oneLine(await row.locator('.label-description').first().innerText());
  return `${label} — ${description}`;
}

function oneLine(text) {
  return text.replace(/\s+/g, ' ').trim();
}

main().then(
  () => {
    console.log(`${passed} passed, 0 failed`);
  },
  (err) => {
    console.log(`not ok - ${String(err && err.message ? err.message : err).split('\n')[0]}`);
    console.log(`${passed} passed, 1 failed`);
    process.exitCode = 1;
  },
);
