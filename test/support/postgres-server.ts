import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A real PostgreSQL server for the test run (vitest globalSetup): Debian's binaries
 * (`/usr/lib/postgresql/N/bin`, or PG_BIN), a new cluster in a temporary directory, on a free
 * loopback port, stopped and deleted after the run. TEST_POSTGRES_URL points the tests at a
 * server of your own instead. Tests create a database each (see test/store/store-engines.ts).
 */

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

function serverBinaries(): string {
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .sort((a, b) => Number(b) - Number(a))
          .map((version) => `/usr/lib/postgresql/${version}/bin`)
      : [];
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')));
  if (!found) {
    throw new Error(
      'the tests need PostgreSQL server binaries (initdb, postgres): install Debian’s postgresql package (`apt-get install postgresql`, as .ci/run does), set PG_BIN to their folder, or set TEST_POSTGRES_URL to a server of your own',
    );
  }
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: then its processes run as the `postgres` user. */
function serverUser(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  return { uid: uidOf('postgres'), gid: gidOf('postgres') };
}

async function waitUntilAccepting(url: string, server: ChildProcess, log: () => string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) {
      throw new Error(`PostgreSQL stopped at start-up (exit ${server.exitCode}):\n${log()}`);
    }
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections: ${error}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export interface TemporaryPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust authentication, loopback only). */
  url: string;
  stop(): Promise<void>;
}

/** A new cluster in a temporary directory, started on a free loopback port (tests, benches). */
export async function startTemporaryPostgres(): Promise<TemporaryPostgres> {
  const bin = serverBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'recruitment-scoring-pg-'));
  const data = join(dir, 'data');
  const user = serverUser();
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'],
    { encoding: 'utf8', ...user },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.stdout || init.error}`);
  }
  const port = await freePort();
  // A throwaway cluster: durability costs time and buys nothing here.
  const config = {
    listen_addresses: '127.0.0.1',
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '300',
  };
  const args = ['-D', data, '-p', String(port), '-k', dir];
  for (const [name, value] of Object.entries(config)) args.push('-c', `${name}=${value}`);
  let output = '';
  const server = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'pipe', 'pipe'], ...user });
  server.stdout!.on('data', (chunk) => (output += chunk));
  server.stderr!.on('data', (chunk) => (output += chunk));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await waitUntilAccepting(url, server, () => output);
  } catch (error) {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    async stop() {
      const stopped = new Promise((resolve) => server.once('exit', resolve));
      // SIGINT: PostgreSQL's fast shutdown (ends sessions, no waiting for clients).
      server.kill('SIGINT');
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new, empty database on that server; its URL. */
export async function createDatabase(adminUrl: string, prefix = 'test'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function startPostgres({
  provide,
}: {
  provide: (key: 'postgresUrl', value: string) => void;
}) {
  if (process.env.TEST_POSTGRES_URL) {
    provide('postgresUrl', process.env.TEST_POSTGRES_URL);
    return;
  }
  const postgres = await startTemporaryPostgres();
  provide('postgresUrl', postgres.url);
  return () => postgres.stop();
}

function idOf(flag: '-u' | '-g', user: string): number {
  const result = spawnSync('id', [flag, user], { encoding: 'utf8' });
  const id = Number(result.stdout.trim());
  if (result.status !== 0 || !Number.isInteger(id)) {
    throw new Error(
      `running as root, the tests start PostgreSQL as the "${user}" user, which does not exist here (Debian’s postgresql package creates it)`,
    );
  }
  return id;
}
const uidOf = (user: string) => idOf('-u', user);
const gidOf = (user: string) => idOf('-g', user);
