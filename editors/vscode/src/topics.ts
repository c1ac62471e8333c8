// Runs the server's command line: `pyexplain topics` and `pyexplain explain ID`, in a folder of
// the workspace, so that the project's own pack (.pyexplain/knowledge/) is included.
import { execFile } from 'child_process';

export interface Topic {
  id: string;
  title: string;
}

export async function listTopics(server: string, cwd?: string): Promise<Topic[]> {
  const { stdout } = await run(server, ['topics'], cwd);
  return stdout
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [id, ...title] = line.split('\t');
      return { id: id.trim(), title: title.join('\t').trim() || id.trim() };
    });
}

/** The entry as Markdown: `explain ID --format md`, or plain `explain ID` from a server without `--format`. */
export async function explainText(server: string, id: string, cwd?: string): Promise<string> {
  try {
    return (await run(server, ['explain', id, '--format', 'md'], cwd)).stdout;
  } catch {
    return (await run(server, ['explain', id], cwd)).stdout;
  }
}

function run(command: string, args: string[], cwd?: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: 15000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${stderr.trim() || error.message}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}
