// Runs the server's command line: `pyexplain topics` and `pyexplain explain ID`.
import { execFile } from 'child_process';

export interface Topic {
  id: string;
  title: string;
}

export async function listTopics(server: string): Promise<Topic[]> {
  const { stdout } = await run(server, ['topics']);
  return stdout
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [id, ...title] = line.split('\t');
      return { id: id.trim(), title: title.join('\t').trim() || id.trim() };
    });
}

/** The entry as Markdown: `explain ID --format md`, or plain `explain ID` from a server without `--format`. */
export async function explainText(server: string, id: string): Promise<string> {
  try {
    return (await run(server, ['explain', id, '--format', 'md'])).stdout;
  } catch {
    return (await run(server, ['explain', id])).stdout;
  }
}

function run(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 15000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${stderr.trim() || error.message}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}
