// The server settings the user set explicitly, as the nested object the
// server expects (docs/settings.md). Schema defaults are never sent.
import * as vscode from 'vscode';

/** The server's settings under `pyexplain.`; `path` and `trace` are the extension's own. */
const SERVER_KEYS = ['hover.detail', 'topics.disabled', 'pitfalls', 'pythonVersion'] as const;

export type Settings = { [key: string]: unknown };

export function explicitSettings(scope?: vscode.Uri): Settings {
  const resource = scope ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const configuration = vscode.workspace.getConfiguration('pyexplain', resource);
  const settings: Settings = {};
  for (const key of SERVER_KEYS) {
    const inspected = configuration.inspect<unknown>(key);
    if (!inspected) {
      continue;
    }
    let value: unknown;
    if (key === 'pitfalls') {
      // VS Code merges object settings across scopes; so do we, without the default.
      const merged = {
        ...asObject(inspected.globalValue),
        ...asObject(inspected.workspaceValue),
        ...asObject(inspected.workspaceFolderValue),
      };
      value = Object.keys(merged).length > 0 ? merged : undefined;
    } else {
      value = inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue;
    }
    if (value !== undefined) {
      setAt(settings, key, value);
    }
  }
  return settings;
}

/** The value at a dotted path inside `settings` ("" is the whole object). */
export function settingAt(settings: Settings, dotted: string): unknown {
  let current: unknown = settings;
  for (const part of dotted.split('.').filter((part) => part !== '')) {
    if (typeof current !== 'object' || current === null) {
      return undefined;
    }
    current = (current as Settings)[part];
  }
  return current;
}

function setAt(settings: Settings, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let current = settings;
  for (const part of parts.slice(0, -1)) {
    if (typeof current[part] !== 'object' || current[part] === null) {
      current[part] = {};
    }
    current = current[part] as Settings;
  }
  current[parts[parts.length - 1]] = value;
}

function asObject(value: unknown): Settings {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Settings) : {};
}
