// vscode_drive.mjs: run real VS Code (code-server) in headless Chromium with
// the project's own .vsix installed, and report what its UI shows: the hover
// widget, the quick-fix (Ctrl+.) menu, and the file after a quick fix is
// picked from that menu and saved. Run by tests/editors.rs:
//
//   node tests/e2e/vscode_drive.mjs --node-modules .e2e/node/node_modules
//     --code-server .e2e/node/node_modules/.bin/code-server --chromium /usr/bin/chromium
//     --vsix .e2e/pyexplain.vsix --file tests/e2e/sample.py --hover 10:14 --fix 15:5
//     --apply 'Replace the loop with `yield from`' --server target/debug/pyexplain --out DIR
//
// --server is the pyexplain binary, given to the extension through its
// pyexplain.path setting (code-server's extension host takes PATH from the
// login shell, not from this process); `--server bundled` leaves the setting
// unset, for a platform .vsix that carries its own. LINE:COL are 1-based, as in the
// status bar. The file is copied into a temporary workspace; the original is
// never edited. The report on stdout has "== name" sections, as the Neovim
// and Emacs probes do; screenshots and the extension's output channel go to
// --out. Optional: --settings, a JSON object of more user settings;
// --explain-action TEXT, run the code action at --hover whose title contains
// TEXT and read the Markdown preview it opens; --explain ID, pick ID in
// "pyexplain: Explain a topic" and read that preview.
//
// With --folder DIR --steps JSON instead of --file ... --apply, DIR itself is
// the workspace (a scratch copy the steps may change) and JSON is a list of
// steps run in order, in one session:
//   {"open": "orders.py"}                     Quick Open (Ctrl+P) the file
//   {"hover": "11:2", "name": "pack"}         "== hover pack", hover-pack.png
//   {"write": ".pyexplain/x/topic.md", "text": "..."}   a file written on disk
//   {"notification": "TEXT", "name": "warning"}   wait for a notification that
//       contains TEXT: "== notification warning" lists every toast shown,
//       notification-warning.png
//   {"explain": "retry-policy", "name": "pack"}   "pyexplain: Explain a topic",
//       pick the id: "== explain-pack preview: retry-policy", explain-pack.png
//   {"output": "pyexplain: using"}            wait for a line of the extension's
//       output channel that contains the text: "== output channel" has the log
// Exit code 0, or 1 when a step failed (an "== error:" line says which).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { createRequire } from 'node:module';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}
const folderMode = Boolean(args.folder);
const modeArgs = folderMode ? ['folder', 'steps'] : ['file', 'hover', 'fix', 'apply'];
for (const required of ['node-modules', 'code-server', 'chromium', 'vsix', 'server', 'out', ...modeArgs]) {
  if (!args[required]) {
    console.error(`vscode_drive.mjs: --${required} is required`);
    process.exit(64);
  }
}
// playwright-core lives in .e2e/node, not beside this file
const { chromium } = createRequire(path.join(path.resolve(args['node-modules']), 'noop.js'))('playwright-core');

const outDir = path.resolve(args.out);
fs.mkdirSync(outDir, { recursive: true });
const stepTimeout = Number(args.timeout || 60000);
const t0 = Date.now();
const log = (...message) => console.error(`[vscode ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...message);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const lines = [];
const say = (text) => lines.push(text);

async function waitFor(predicate, ms, what) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await predicate();
    if (value) return value;
    await sleep(100);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function position(text) {
  const [line, col] = text.split(':').map(Number);
  return { line, col };
}

// An isolated profile in a temporary folder, and the workspace: a copy of
// --file there, or the --folder itself.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pyexplain-vscode-'));
const workspace = folderMode ? path.resolve(args.folder) : path.join(work, 'ws');
const userData = path.join(work, 'user-data');
const extensions = path.join(work, 'extensions');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
let file;
let original;
if (!folderMode) {
  fs.mkdirSync(workspace);
  file = path.join(workspace, path.basename(args.file));
  fs.copyFileSync(args.file, file);
  original = fs.readFileSync(file, 'utf8');
}
fs.writeFileSync(
  path.join(userData, 'User', 'settings.json'),
  JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'editor.hover.delay': 100,
    'editor.minimap.enabled': false,
    'files.autoSave': 'off',
    'window.restoreWindows': 'none',
    ...(args.server === 'bundled' ? {} : { 'pyexplain.path': path.resolve(args.server) }),
    // --settings '{"pyexplain.hover.detail": "full"}': more user settings
    ...(args.settings ? JSON.parse(args.settings) : {}),
  }, null, 2),
);
const configYaml = path.join(work, 'config.yaml');
fs.writeFileSync(configYaml, 'auth: none\ncert: false\n');
const common = ['--config', configYaml, '--user-data-dir', userData, '--extensions-dir', extensions];

let codeServer;
let browser;
let page;
let quickInput;

async function shot(page, name) {
  await page.screenshot({ path: path.join(outDir, `${name}.png`) }).catch(() => {});
}

// The extension's output channel as code-server writes it to its log folder.
function outputChannel() {
  try {
    const logs = path.join(userData, 'logs');
    for (const entry of fs.readdirSync(logs, { recursive: true })) {
      if (String(entry).endsWith('pyexplain.log')) return path.join(logs, entry);
    }
  } catch {}
  return null;
}

async function cleanup() {
  // the extension's output channel: server start errors, client errors
  const channel = outputChannel();
  if (channel) fs.copyFileSync(channel, path.join(outDir, 'pyexplain-output.log'));
  if (browser) await browser.close().catch(() => {});
  if (codeServer && codeServer.exitCode === null) {
    // code-server, its extension host and the language server share the
    // process group that `detached: true` created
    try { process.kill(-codeServer.pid, 'SIGTERM'); } catch {}
    await Promise.race([new Promise((resolve) => codeServer.once('exit', resolve)), sleep(5000)]);
    if (codeServer.exitCode === null) { try { process.kill(-codeServer.pid, 'SIGKILL'); } catch {} }
  }
  fs.rmSync(work, { recursive: true, force: true });
}

async function main() {
  // 1. Install the .vsix the way a user does.
  const installed = spawnSync(args['code-server'], [...common, '--install-extension', path.resolve(args.vsix)], { encoding: 'utf8' });
  if (installed.status !== 0) throw new Error(`--install-extension failed: ${installed.stderr}${installed.stdout}`);
  log('extension installed');

  // 2. code-server on a free loopback port.
  const port = await freePort();
  codeServer = spawn(args['code-server'], [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened', workspace],
  { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  codeServer.stdout.on('data', (data) => (serverLog += data));
  codeServer.stderr.on('data', (data) => (serverLog += data));
  await waitFor(() => serverLog.includes('HTTP server listening'), 30000, 'code-server to listen');
  log(`code-server listening on ${port}`);

  // 3. Headless Debian Chromium; the flags keep it off the (closed) network.
  browser = await chromium.launch({
    executablePath: args.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-quic', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(stepTimeout);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor();
  log('workbench loaded');

  quickInput = page.locator('.quick-input-widget input');
  await sleep(1500);
  if (folderMode) {
    await runSteps(JSON.parse(args.steps));
  } else {
    await fileChecks();
  }
}

// Opens a workspace file with Quick Open (Ctrl+P).
async function openFile(name) {
  await page.keyboard.press('Control+P');
  await quickInput.waitFor({ state: 'visible' });
  await quickInput.fill(name);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await sleep(300);
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

async function goTo({ line, col }) {
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+G');
  await quickInput.waitFor({ state: 'visible' });
  await quickInput.fill(`:${line}:${col}`);
  await sleep(200);
  await page.keyboard.press('Enter');
  await sleep(200);
}

// Hover: cursor on the token, then Show Hover (Ctrl+K Ctrl+I), until the
// widget has text (the extension activates and the server starts meanwhile);
// reported as "== NAME", with NAME.png.
async function hoverAt(at, name) {
  await goTo(position(at));
  const hoverSelector = '.monaco-hover:not(.hidden) .monaco-hover-content';
  const readHover = async () => {
    const widget = page.locator(hoverSelector).first();
    if (!(await widget.isVisible().catch(() => false))) return null;
    const text = (await widget.innerText()).trim();
    return text && !/^Loading\.\.\.$/.test(text) ? text : null;
  };
  const hover = await waitFor(async () => {
    const shown = await readHover();
    if (shown) return shown;
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await sleep(700);
    return readHover();
  }, stepTimeout, 'the hover widget').catch((error) => { say(`== error: ${error.message}`); return null; });
  await sleep(400); // the widget fades in
  await shot(page, name);
  say(`== ${name.replace(/-/g, ' ')}`);
  say(hover ?? '(no hover)');
  await page.keyboard.press('Escape');
  log(`${name} read`);
}

// The notification toasts on screen, as "severity: message (source)" lines.
async function toasts() {
  const shown = [];
  for (const toast of await page.locator('.notifications-toasts .notification-toast').all()) {
    if (!(await toast.isVisible().catch(() => false))) continue;
    const message = (await toast.locator('.notification-list-item-message').first().innerText().catch(() => '')).trim();
    const source = (await toast.locator('.notification-list-item-source').first().innerText().catch(() => '')).trim();
    const icon = (await toast.locator('.notification-list-item-icon').first().getAttribute('class').catch(() => '')) || '';
    const severity = (icon.match(/codicon-(error|warning|info)\b/) || [])[1] || 'unknown';
    if (message) shown.push(`${severity}: ${message}${source ? ` (${source})` : ''}`);
  }
  return shown;
}

async function runSteps(steps) {
  for (const step of steps) {
    if (step.open) {
      await openFile(step.open);
      log(`${step.open} open`);
    } else if (step.hover) {
      await hoverAt(step.hover, `hover-${step.name}`);
    } else if (step.write) {
      const target = path.join(workspace, step.write);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, step.text);
      say(`== wrote ${step.write}`);
      log(`wrote ${step.write}`);
    } else if (step.notification) {
      // Every toast seen while waiting: one may replace another.
      const seen = new Set();
      const found = await waitFor(async () => {
        for (const toast of await toasts()) seen.add(toast);
        return [...seen].some((toast) => toast.includes(step.notification));
      }, stepTimeout, `a notification with "${step.notification}"`).catch((error) => { say(`== error: ${error.message}`); return false; });
      if (found) await sleep(400); // the toast slides in
      await shot(page, `notification-${step.name}`);
      say(`== notification ${step.name} (${seen.size})`);
      [...seen].forEach((toast) => say(toast));
      log(`notification ${step.name}: ${found ? 'shown' : 'not shown'}`);
    } else if (step.explain) {
      await explainTopic(step.explain, `explain-${step.name}`);
    } else if (step.output) {
      // The channel's file is written a moment after the line is appended.
      const text = await waitFor(() => {
        const channel = outputChannel();
        const content = channel ? fs.readFileSync(channel, 'utf8') : '';
        return content.includes(step.output) ? content : null;
      }, stepTimeout, `"${step.output}" in the output channel`).catch((error) => {
        say(`== error: ${error.message}`);
        const channel = outputChannel();
        return channel ? fs.readFileSync(channel, 'utf8') : '(no output channel)';
      });
      say('== output channel');
      say(text.replace(/\n$/, ''));
      log('output channel read');
    } else {
      say(`== error: unknown step ${JSON.stringify(step)}`);
    }
  }
}

async function fileChecks() {
  // 4. Open the file with Quick Open (Ctrl+P).
  await openFile(path.basename(file));
  log('file open');

  // 5. Hover (see hoverAt).
  await hoverAt(args.hover, 'hover');

  // 6. Quick fix from the Ctrl+. menu, chosen with the keyboard as a user
  // does (a click is swallowed by the menu's pointer-block overlay).
  await goTo(position(args.fix));
  const items = page.locator('.action-widget .monaco-list-row.action');
  const titles = await waitFor(async () => {
    await page.keyboard.press('Control+.');
    await items.first().waitFor({ timeout: 3000 }).catch(() => {});
    const found = [];
    for (const item of await items.all()) found.push((await item.getAttribute('aria-label').catch(() => null)) || (await item.innerText()).trim());
    if (found.length === 0) await page.keyboard.press('Escape'); // diagnostics may not be there yet
    return found.length > 0 ? found : null;
  }, stepTimeout, 'the quick-fix menu').catch((error) => { say(`== error: ${error.message}`); return []; });
  await shot(page, 'quickfix');
  say(`== quick fix menu (${titles.length})`);
  titles.forEach((title) => say(`- ${title}`));
  let chosen = false;
  for (let i = 0; i < titles.length + 2 && !chosen; i++) {
    const focused = page.locator('.action-widget .monaco-list-row.action.focused').first();
    const label = (await focused.getAttribute('aria-label').catch(() => null)) || '';
    if (label.includes(args.apply)) {
      await page.keyboard.press('Enter');
      chosen = true;
    } else {
      await page.keyboard.press('ArrowDown');
      await sleep(100);
    }
  }
  if (!chosen) {
    say(`== error: no entry "${args.apply}" in the quick-fix menu`);
    return;
  }
  await sleep(500);
  await page.keyboard.press('Control+S');
  const saved = await waitFor(() => {
    const text = fs.readFileSync(file, 'utf8');
    return text !== original ? text : null;
  }, 10000, 'the fixed file to be saved').catch((error) => { say(`== error: ${error.message}`); return null; });
  await shot(page, 'applied');
  say(`== file after apply: ${args.apply}`);
  say(saved === null ? '(unchanged)' : saved.replace(/\n$/, ''));
  log('quick fix applied');

  // 7. The server's "Explain: ..." code action at the hover position: the
  // client runs pyexplain.server.explain and the extension previews its result.
  if (args['explain-action']) {
    await page.keyboard.press('Escape');
    await closeAllEditors();
    await page.keyboard.press('Control+P');
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill(path.basename(file));
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await sleep(300);
    await page.keyboard.press('Enter');
    await sleep(500);
    await goTo(position(args.hover));
    const before = new Set(page.frames());
    const pagesBefore = page.context().pages().length;
    await page.keyboard.press('Control+.');
    await items.first().waitFor({ timeout: 8000 }).catch(() => {});
    let label = null;
    const offered = await items.count();
    for (let i = 0; i < offered + 2 && label === null; i++) {
      const focused = page.locator('.action-widget .monaco-list-row.action.focused').first();
      const focusedLabel = (await focused.getAttribute('aria-label').catch(() => null)) || '';
      if (focusedLabel.includes(args['explain-action'])) {
        label = focusedLabel;
        await page.keyboard.press('Enter');
      } else {
        await page.keyboard.press('ArrowDown');
        await sleep(100);
      }
    }
    if (label === null) {
      say(`== error: no code action "${args['explain-action']}" at ${args.hover}`);
    } else {
      const preview = await readPreview(before);
      await sleep(400);
      await shot(page, 'explain-action');
      say(`== explain action preview: ${label}`);
      say(preview ?? '(no preview)');
      const opened = page.context().pages().length - pagesBefore;
      if (opened > 0) say(`== error: ${opened} more browser page(s) opened: the server asked to show a document`);
      log('explain action preview read');
    }
  }

  // 8. "pyexplain: Explain a topic" from the command palette: pick --explain
  // in its quick pick and read the Markdown preview.
  if (args.explain) {
    await explainTopic(args.explain, 'explain');
  }
}

// The Markdown preview is a webview: its innermost frame renders the
// Markdown into body.vscode-body. Only frames that were not there before count.
function readPreview(before) {
  return waitFor(async () => {
    for (const frame of page.frames()) {
      if (before.has(frame)) continue;
      const text = await frame.evaluate(() => {
        const body = document.body;
        return body && body.classList.contains('vscode-body') ? body.innerText : '';
      }).catch(() => '');
      if (text.trim() !== '') return text.trim();
    }
    return null;
  }, 20000, 'the Markdown preview').catch((error) => { say(`== error: ${error.message}`); return null; });
}

async function closeAllEditors() {
  await page.keyboard.press('F1');
  await quickInput.waitFor({ state: 'visible' });
  await quickInput.fill('>View: Close All Editors');
  await sleep(400);
  await page.keyboard.press('Enter');
  await sleep(500);
}

/** Runs "pyexplain: Explain a topic", picks `id` in its quick pick, and reports the preview. */
async function explainTopic(id, name) {
  await page.keyboard.press('Escape');
  await closeAllEditors();
  const before = new Set(page.frames());
  await page.keyboard.press('F1');
  await quickInput.waitFor({ state: 'visible' });
  await quickInput.fill('>pyexplain: Explain a topic');
  await sleep(400);
  await page.keyboard.press('Enter');
  // the extension's quick pick ("Topic to explain") replaces the palette;
  // filter it by the topic id (its rows are virtualized) and pick the match
  const picked = await waitFor(async () => {
    const placeholder = (await quickInput.getAttribute('placeholder').catch(() => '')) || '';
    if (!placeholder.startsWith('Topic')) return null;
    await quickInput.fill(id);
    await sleep(300);
    const rows = page.locator('.quick-input-list .monaco-list-row');
    for (const row of await rows.all()) {
      if ((await row.innerText().catch(() => '')).includes(id)) return true;
    }
    return null;
  }, 15000, `the topic ${id} in the quick pick`).catch((error) => { say(`== error: ${error.message}`); return null; });
  if (picked) {
    await page.keyboard.press('Enter');
    const preview = await readPreview(before);
    await sleep(400);
    await shot(page, name);
    say(`== ${name} preview: ${id}`);
    say(preview ?? '(no preview)');
    log(`${name} preview read`);
  }
}

let failed = false;
try {
  await main();
} catch (error) {
  say(`== error: ${error && error.stack ? error.stack : error}`);
}
await cleanup();
say('== end');
failed = lines.some((line) => line.startsWith('== error'));
process.stdout.write(lines.join('\n') + '\n');
process.exit(failed ? 1 : 0);
