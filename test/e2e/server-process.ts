import { spawn, type ChildProcess } from 'node:child_process';

/** The real server as its own process, for tests that kill it (kill -9) and start it again. */

const ROOT = new URL('../../', import.meta.url);

export interface ServerProcess {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  url: Promise<string>;
}

/** `node --import tsx src/server/main.ts` with this environment (PORT 0, no sweep unless set). */
export function startServerProcess(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', SWEEP_INTERVAL_MINUTES: '0', ...env },
  });
  let output = '';
  let found: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => (found = resolve));
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    const match = listeningUrl(output);
    if (match) found(match);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, output: () => output, exited, url };
}

/** The `listening` log line's url, from a JSON log line or a key=value one. */
function listeningUrl(output: string): string | undefined {
  for (const line of output.split('\n')) {
    if (line.startsWith('{')) {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'listening' && entry.url) return entry.url;
      } catch {
        // a line still being written
      }
    }
    const plain = /listening url=(\S+)/.exec(line);
    if (plain) return plain[1];
  }
  return undefined;
}

export async function until(condition: () => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
