// Finds the pyexplain executable, in this order: the pyexplain.path setting; the
// environment of the Python interpreter selected in the Python extension (so a
// project that pins pyexplain in its dev dependencies gets that version); the
// binary bundled in a platform .vsix; PATH.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';

/** Where a server was found, as the output channel says it. */
export type Source = 'pyexplain.path' | 'Python environment' | 'bundled' | 'PATH';

export interface Found {
  path: string;
  source: Source;
}

export interface NotFound {
  /** A sentence for the user: what was looked for, and where. */
  missing: string;
}

const EXECUTABLE = process.platform === 'win32' ? 'pyexplain.exe' : 'pyexplain';

/** The part of the Python extension's API (ms-python.python, `environments`) used here. */
interface PythonEnvironmentsApi {
  environments: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
    resolveEnvironment(environment: { id: string; path: string } | string): Promise<
      | {
          executable: { uri?: vscode.Uri; sysPrefix: string };
        }
      | undefined
    >;
    onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
  };
}

/** How long the Python extension may take to activate before it is passed over. */
const PYTHON_API_TIMEOUT_MS = 10000;

/**
 * @param extensionPath the extension's folder, which holds `bundled/bin/` in a platform .vsix
 * @param log where each place looked at is reported, one line each
 */
export async function findServer(extensionPath: string, log: (line: string) => void): Promise<Found | NotFound> {
  const configured = vscode.workspace.getConfiguration('pyexplain').get<string>('path', '').trim();
  if (configured !== '') {
    const resolved = resolveConfigured(configured);
    if (isExecutableFile(resolved)) {
      return { path: resolved, source: 'pyexplain.path' };
    }
    return { missing: `pyexplain.path is set to "${configured}", but ${resolved} is not an executable file.` };
  }
  const inEnvironment = await fromPythonEnvironment(log);
  if (inEnvironment) {
    return { path: inEnvironment, source: 'Python environment' };
  }
  const bundled = path.join(extensionPath, 'bundled', 'bin', EXECUTABLE);
  if (isExecutableFile(bundled)) {
    return { path: bundled, source: 'bundled' };
  }
  const onPath = searchPath(EXECUTABLE);
  if (onPath) {
    return { path: onPath, source: 'PATH' };
  }
  return {
    missing:
      'the pyexplain language server was not found: not in the selected Python environment, not bundled with this extension, not on PATH. ' +
      'Install pyexplain into the selected Python environment, or set pyexplain.path to the executable.',
  };
}

/**
 * Calls `listener` when the interpreter selected in the Python extension changes; nothing when
 * that extension is not installed.
 */
export async function onPythonEnvironmentChange(listener: () => void): Promise<vscode.Disposable | undefined> {
  const api = await pythonApi(() => {});
  return api?.environments.onDidChangeActiveEnvironmentPath(() => listener());
}

/** `pyexplain --version` of the executable (`pyexplain 0.1.0`), or why it could not be run. */
export function serverVersion(executable: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(executable, ['--version'], { timeout: 10000 }, (error, stdout, stderr) => {
      if (error) {
        resolve(`--version failed: ${(stderr || error.message).trim()}`);
      } else {
        resolve(stdout.trim());
      }
    });
  });
}

/** The scripts folder of the selected interpreter's environment, when it has pyexplain. */
async function fromPythonEnvironment(log: (line: string) => void): Promise<string | undefined> {
  const api = await pythonApi(log);
  if (!api) {
    return undefined;
  }
  try {
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    const active = api.environments.getActiveEnvironmentPath(resource);
    const environment = await api.environments.resolveEnvironment(active);
    if (!environment) {
      log(`pyexplain: the Python extension could not resolve the environment of ${active.path}`);
      return undefined;
    }
    const candidates: string[] = [];
    const interpreter = environment.executable.uri?.fsPath;
    if (interpreter) {
      // A virtual environment's interpreter sits in its scripts folder.
      candidates.push(path.join(path.dirname(interpreter), EXECUTABLE));
    }
    const prefix = environment.executable.sysPrefix;
    if (prefix) {
      candidates.push(path.join(prefix, process.platform === 'win32' ? 'Scripts' : 'bin', EXECUTABLE));
    }
    const found = candidates.find(isExecutableFile);
    if (!found) {
      log(`pyexplain: not installed in the selected Python environment (${active.path}); looked at ${candidates.join(', ')}`);
    }
    return found;
  } catch (error) {
    log(`pyexplain: asking the Python extension for the selected environment failed: ${String(error)}`);
    return undefined;
  }
}

/** The Python extension's API, activated; `undefined` when it is not installed or fails. */
async function pythonApi(log: (line: string) => void): Promise<PythonEnvironmentsApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonEnvironmentsApi>('ms-python.python');
  if (!extension) {
    return undefined;
  }
  try {
    const api = extension.isActive
      ? extension.exports
      : await Promise.race([
          extension.activate(),
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), PYTHON_API_TIMEOUT_MS)),
        ]);
    if (!api?.environments?.getActiveEnvironmentPath || !api.environments.resolveEnvironment) {
      log('pyexplain: the Python extension has no environments API (an older version?); its environment is not searched');
      return undefined;
    }
    return api;
  } catch (error) {
    log(`pyexplain: the Python extension did not activate: ${String(error)}`);
    return undefined;
  }
}

function resolveConfigured(configured: string): string {
  let value = configured;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder) {
    value = value.replace(/\$\{workspaceFolder\}/g, folder);
  }
  if (value === '~' || value.startsWith('~/') || value.startsWith('~\\')) {
    value = path.join(os.homedir(), value.slice(1));
  }
  if (!path.isAbsolute(value) && folder) {
    value = path.join(folder, value);
  }
  return value;
}

function searchPath(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}
