import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startupFailureSentence } from '../../src/server/config-error.ts';

/** `npm start` as a child process with a clean environment (sandbox mode: no credentials). */
function startServer(env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: join(import.meta.dirname, '../..'),
      env: { PATH: process.env.PATH ?? '', SWEEP_INTERVAL_MINUTES: '0', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const undo of cleanup.splice(0)) undo();
});

describe('start-up failures the operator can fix', () => {
  it('names PORT in one sentence when the port is taken, and exits 1 without a stack trace', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => taken.close());
    const port = (taken.address() as { port: number }).port;

    const { code, stderr } = await startServer({ PORT: String(port) });
    expect(code).toBe(1);
    expect(stderr).toContain(
      `The server could not start: PORT ${port} is already in use: stop the other process or set PORT`,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('names DATABASE_URL when the file is not a readable SQLite database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corrupt-db-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'scores.db');
    writeFileSync(file, 'this is not a database, just some text '.repeat(200));

    const { code, stderr } = await startServer({ PORT: '0', DATABASE_URL: `sqlite:${file}` });
    expect(code).toBe(1);
    expect(stderr).toContain(
      `The server could not start: DATABASE_URL sqlite:${file} is not a readable SQLite database: file is not a database`,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('names a PostgreSQL DATABASE_URL nobody answers at, without its password', async () => {
    const { code, stderr } = await startServer({
      PORT: '0',
      DATABASE_URL: 'postgres://scoring:s3cret-pw@127.0.0.1:1/scores',
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'The server could not start: DATABASE_URL postgres://scoring:***@127.0.0.1:1/scores: the PostgreSQL store cannot be used (ECONNREFUSED',
    );
    expect(stderr).not.toContain('s3cret-pw');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});

describe('the start-up sentence', () => {
  it('keeps the stack for what is not the operator’s to fix', () => {
    expect(startupFailureSentence(new TypeError('x is undefined'), {})).toBeUndefined();
  });

  it('names the default database when DATABASE_URL is not set', () => {
    const corrupt = Object.assign(new Error('database disk image is malformed'), {
      code: 'SQLITE_CORRUPT',
    });
    expect(startupFailureSentence(corrupt, {})).toMatch(
      /^DATABASE_URL sqlite:\.\/data\/recruitment-scoring\.db is not a readable SQLite database: database disk image is malformed; /,
    );
  });
});
