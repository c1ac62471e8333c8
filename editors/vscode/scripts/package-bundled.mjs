// `npm run package:bundled`: a platform .vsix with the pyexplain server inside, so the extension
// works with nothing else installed. Builds the release binary of the repository (cargo build
// --release), copies it to bundled/bin/, and runs `vsce package --target TARGET`.
//
//   npm run package:bundled                          # this machine's target, e.g. linux-x64
//   npm run package:bundled -- --out FILE.vsix       # where to write it
//   npm run package:bundled -- --target darwin-arm64 --binary PATH   # a binary built elsewhere
//
// vsce's targets: win32-x64, win32-arm64, linux-x64, linux-arm64, linux-armhf, alpine-x64,
// alpine-arm64, darwin-x64, darwin-arm64 (and web). The binary must be built for the target:
// --target without --binary is refused unless it is this machine's.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const extension = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repository = path.resolve(extension, '..', '..');

const options = {};
for (let i = 2; i < process.argv.length; i += 2) {
  const name = process.argv[i].replace(/^--/, '');
  if (!['target', 'binary', 'out'].includes(name) || process.argv[i + 1] === undefined) {
    fail(`usage: package-bundled.mjs [--target TARGET] [--binary PATH] [--out FILE.vsix]; got ${process.argv[i]}`);
  }
  options[name] = process.argv[i + 1];
}

function fail(message) {
  console.error(`package:bundled: ${message}`);
  process.exit(2);
}

function run(command, args, cwd) {
  console.error(`package:bundled: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) fail(`cannot run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status}`);
}

/** vsce's name for this machine: Alpine's musl builds are their own target. */
function hostTarget() {
  const arch = { x64: 'x64', arm64: 'arm64', arm: 'armhf' }[process.arch];
  if (!arch) fail(`no vsce target for the architecture ${process.arch}`);
  if (process.platform === 'linux') {
    const musl = !process.report?.getReport().header.glibcVersionRuntime;
    return `${musl ? 'alpine' : 'linux'}-${arch}`;
  }
  if (process.platform === 'darwin' || process.platform === 'win32') return `${process.platform}-${arch}`;
  return fail(`no vsce target for the platform ${process.platform}`);
}

const target = options.target ?? hostTarget();
if (options.target && !options.binary && options.target !== hostTarget()) {
  fail(`--target ${options.target} is not this machine's (${hostTarget()}): build the server for it and pass --binary`);
}
const executable = target.startsWith('win32-') ? 'pyexplain.exe' : 'pyexplain';
let binary = options.binary;
if (!binary) {
  run('cargo', ['build', '--release', '--locked'], repository);
  const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(repository, process.env.CARGO_TARGET_DIR) : path.join(repository, 'target');
  binary = path.join(targetDir, 'release', executable);
}
if (!fs.existsSync(binary)) fail(`${binary} does not exist`);

const version = JSON.parse(fs.readFileSync(path.join(extension, 'package.json'), 'utf8')).version;
const out = path.resolve(options.out ?? path.join(extension, `pyexplain-${target}-${version}.vsix`));
const bundled = path.join(extension, 'bundled');
fs.rmSync(bundled, { recursive: true, force: true });
fs.mkdirSync(path.join(bundled, 'bin'), { recursive: true });
try {
  const copy = path.join(bundled, 'bin', executable);
  fs.copyFileSync(binary, copy);
  fs.chmodSync(copy, 0o755);
  run('npx', ['--no-install', 'vsce', 'package', '--target', target, '--out', out], extension);
} finally {
  // The universal .vsix (`vsce package`) must not pick up this platform's binary.
  fs.rmSync(bundled, { recursive: true, force: true });
}
console.error(`package:bundled: wrote ${out} (${target}, ${(fs.statSync(out).size / 1e6).toFixed(1)} MB)`);
