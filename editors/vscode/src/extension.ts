// The pyexplain extension: starts the pyexplain language server for Python
// files, keeps its settings in sync, and adds the "Restart server" and
// "Explain a topic" commands. Everything else (hovers, diagnostics, quick
// fixes) comes from the server through vscode-languageclient.
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  StaticFeature,
} from 'vscode-languageclient/node';
import { findServer, Found, NotFound, onPythonEnvironmentChange, serverVersion } from './server';
import { explicitSettings, settingAt } from './settings';
import { explainText, listTopics } from './topics';
import { MarkdownDocuments } from './preview';

/** Executed by the server (listed in its executeCommandProvider); the client registers it, never this extension. */
const SERVER_EXPLAIN_COMMAND = 'pyexplain.server.explain';

/**
 * Tells the server that this client shows the Markdown that pyexplain.server.explain
 * returns (see the executeCommand middleware), so that the server neither opens the
 * topic's web page with window/showDocument nor repeats the text with window/showMessage.
 */
const rendersExplainFeature: StaticFeature = {
  fillClientCapabilities(capabilities) {
    capabilities.experimental = { ...(capabilities.experimental as object | undefined), pyexplainRendersExplain: true };
  },
  initialize() {},
  getState: () => ({ kind: 'static' }),
  clear() {},
};

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
let documents: MarkdownDocuments | undefined;
/** The extension's folder: a platform .vsix bundles the server in its `bundled/bin/`. */
let extensionPath = '';
// Starts and stops run one after another, never interleaved.
let lifecycle: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('pyexplain');
  extensionPath = context.extensionPath;
  documents = new MarkdownDocuments();
  context.subscriptions.push(
    output,
    documents.register(),
    vscode.commands.registerCommand('pyexplain.restartServer', () => restart()),
    vscode.commands.registerCommand('pyexplain.explainTopic', () => explainTopic()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The server cannot change its own executable: start the new one.
      if (event.affectsConfiguration('pyexplain.path')) {
        void restart();
      }
    }),
  );
  // Another interpreter may have another pyexplain installed; without the Python extension
  // there is nothing to listen to.
  void onPythonEnvironmentChange(() => {
    if (vscode.workspace.getConfiguration('pyexplain').get<string>('path', '').trim() === '') {
      void restart();
    }
  }).then((listener) => {
    if (listener) {
      context.subscriptions.push(listener);
    }
  });
  return enqueue(start);
}

export function deactivate(): Promise<void> {
  return enqueue(stop);
}

function enqueue(task: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(task, task);
  return lifecycle;
}

function restart(): Promise<void> {
  return enqueue(async () => {
    await stop();
    await start();
  });
}

/** The server to run, with where it was found and its version in the output channel. */
async function locateServer(): Promise<Found | NotFound> {
  const found = await findServer(extensionPath, (line) => output?.appendLine(line));
  if (!('missing' in found)) {
    output?.appendLine(`pyexplain: using ${found.path} (${found.source}): ${await serverVersion(found.path)}`);
  }
  return found;
}

async function start(): Promise<void> {
  const found = await locateServer();
  if ('missing' in found) {
    void reportMissing(found);
    return;
  }
  const serverOptions: ServerOptions = {
    // No `transport` here: vscode-languageclient would then append `--stdio`.
    // The server speaks LSP over stdio without arguments.
    command: found.path,
    args: [],
    options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    outputChannel: output,
    traceOutputChannel: output,
    // Only what the user set: the server's own defaults and the workspace's
    // .pyexplain/config.toml must win over this schema's defaults.
    initializationOptions: explicitSettings(),
    synchronize: { configurationSection: 'pyexplain' },
    middleware: {
      workspace: {
        // The client's own sync would send every key with its schema default;
        // send the explicitly set ones instead, in the same notification.
        didChangeConfiguration: async () => {
          await client?.sendNotification(DidChangeConfigurationNotification.type, {
            settings: { pyexplain: explicitSettings() },
          });
        },
        configuration: async (params, token, next) => {
          const fallback = await next(params, token);
          if (fallback instanceof Error) {
            return fallback;
          }
          return params.items.map((item, index) => {
            const section = item.section ?? '';
            if (section === 'pyexplain' || section.startsWith('pyexplain.')) {
              const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
              return settingAt(explicitSettings(scope), section.slice('pyexplain'.length + 1)) ?? null;
            }
            return (fallback as unknown[])[index];
          });
        },
      },
      // The server answers pyexplain.server.explain with the entry's Markdown:
      // show it the way "Explain a topic" does.
      executeCommand: async (command, args, next) => {
        const result = await next(command, args);
        if (command === SERVER_EXPLAIN_COMMAND && typeof result === 'string' && result.trim() !== '') {
          const topic = typeof args[0] === 'string' ? args[0] : 'explanation';
          await documents?.showPreview(topic, result);
        }
        return result;
      },
    },
  };
  const created = new LanguageClient('pyexplain', 'pyexplain', serverOptions, clientOptions);
  created.registerFeature(rendersExplainFeature);
  client = created;
  try {
    await created.start();
  } catch (error) {
    output?.appendLine(`pyexplain: the server ${found.path} did not start: ${String(error)}`);
    void vscode.window
      .showErrorMessage(`pyexplain: the server ${found.path} did not start (${String(error)}).`, 'Open settings', 'Show log')
      .then((choice) => {
        if (choice === 'Open settings') {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'pyexplain.path');
        } else if (choice === 'Show log') {
          output?.show();
        }
      });
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (!running) {
    return;
  }
  try {
    await running.dispose(5000);
  } catch (error) {
    output?.appendLine(`pyexplain: stopping the server failed: ${String(error)}`);
  }
}

async function reportMissing(found: NotFound): Promise<void> {
  output?.appendLine(`pyexplain: ${found.missing}`);
  const choice = await vscode.window.showErrorMessage(`pyexplain: ${found.missing}`, 'Open settings');
  if (choice === 'Open settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'pyexplain.path');
  }
}

/** The workspace folder of the active editor, else the first one: where the project's pack is. */
function currentFolder(): string | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

async function explainTopic(): Promise<void> {
  const found = await locateServer();
  if ('missing' in found) {
    await reportMissing(found);
    return;
  }
  const folder = currentFolder();
  let topics;
  try {
    topics = await listTopics(found.path, folder);
  } catch (error) {
    void vscode.window.showErrorMessage(`pyexplain: \`${found.path} topics\` failed: ${String(error)}`);
    return;
  }
  const picked = await vscode.window.showQuickPick(
    topics.map((topic) => ({ label: topic.title, description: topic.id, topic })),
    { placeHolder: 'Topic to explain', matchOnDescription: true },
  );
  if (!picked) {
    return;
  }
  try {
    const markdown = await explainText(found.path, picked.topic.id, folder);
    await documents?.showPreview(picked.topic.id, markdown);
  } catch (error) {
    void vscode.window.showErrorMessage(`pyexplain: explaining ${picked.topic.id} failed: ${String(error)}`);
  }
}
