// Finds the pyexplain executable: the pyexplain.path setting, else PATH.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';

export interface Found {
  path: string;
}

export interface NotFound {
  /** A sentence for the user: what was looked for, and where. */
  missing: string;
}

export function findServer(): Found | NotFound {
  const configured = vscode.workspace.getConfiguration('pyexplain').get<string>('path', '').trim();
  if (configured !== '') {
    const resolved = resolveConfigured(configured);
    if (isExecutableFile(resolved)) {
      return { path: resolved };
    }
    return { missing: `pyexplain.path is set to "${configured}", but ${resolved} is not an executable file.` };
  }
  const onPath = searchPath(process.platform === 'win32' ? 'pyexplain.exe' : 'pyexplain');
  if (onPath) {
    return { path: onPath };
  }
  return {
    missing: 'the pyexplain language server was not found on PATH. Install it, or set pyexplain.path to the executable.',
  };
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
