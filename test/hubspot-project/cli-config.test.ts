import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { build, removeDir, repoFile, repoRoot, tempDir } from './project-fixtures.ts';

/**
 * `hs project upload` run as README says must not pick up an account from the repository. The
 * checks use the HubSpot CLI's own config code (@hubspot/local-dev-lib, which @hubspot/cli 8
 * runs): how it finds a file, and what it makes of it.
 */
type Config = { accounts: { accountId: number; authType?: string }[]; defaultAccount?: unknown };
let lib: {
  getConfig(): Config;
  getLocalConfigFilePathIfExists(cwd?: string): string | null;
};
// A build inside the repository, like build/hubspot-project: the CLI's upward search reaches
// the repository's own file from there.
const projectDir = join(repoRoot, 'build', `hubspot-project-cli-config-test-${process.pid}`);
const SECRET_KEYS = /personalAccessKey|accessToken|refreshToken|clientSecret|apiKey|password/i;

beforeAll(async () => {
  lib = (await import('@hubspot/local-dev-lib/config')) as unknown as typeof lib;
  await build(projectDir);
});
afterEach(() => vi.unstubAllEnvs());
afterAll(() => removeDir(projectDir));

/** The configuration the CLI reads from one file (HUBSPOT_CONFIG_PATH names it). */
function configFrom(path: string): Config {
  vi.stubEnv('USE_ENVIRONMENT_HUBSPOT_CONFIG', '');
  vi.stubEnv('HUBSPOT_CONFIG_PATH', path);
  return lib.getConfig();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

describe("the HubSpot CLI's account file", () => {
  it('in the repository holds no account and no secret, as the CLI reads it', () => {
    const text = readFileSync(repoFile('hubspot.config.yml'), 'utf8');
    expect(text.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'))).toEqual([
      'accounts: []',
    ]);
    expect(text.replace(/^#.*$/gm, '')).not.toMatch(SECRET_KEYS);
    const config = configFrom(repoFile('hubspot.config.yml'));
    expect(config.accounts).toEqual([]);
    expect(config.defaultAccount).toBeUndefined();
  });

  it('is not part of the generated project, and the one the CLI finds from there has no account', () => {
    const cliFiles = filesUnder(projectDir).filter((f) =>
      /(^|\/)(hubspot\.config\.ya?ml|\.hscli\/|\.env)/.test(f),
    );
    expect(cliFiles).toEqual([]);
    const found = lib.getLocalConfigFilePathIfExists(projectDir);
    expect(found).toBe(repoFile('hubspot.config.yml'));
    expect(configFrom(found!).accounts).toEqual([]);
  });

  it('is never read in environment mode: the account comes from the variables', () => {
    vi.stubEnv('HUBSPOT_CONFIG_PATH', '');
    vi.stubEnv('USE_ENVIRONMENT_HUBSPOT_CONFIG', 'true');
    vi.stubEnv('HUBSPOT_ACCOUNT_ID', '123456');
    vi.stubEnv('HUBSPOT_PERSONAL_ACCESS_KEY', 'offline-test-key');
    const config = lib.getConfig();
    expect(config.accounts.map((a) => [a.accountId, a.authType])).toEqual([
      [123456, 'personalaccesskey'],
    ]);
  });

  it('with a placeholder account, as it was, would have had the CLI upload as account 0', () => {
    const dir = tempDir('old-cli-config-');
    try {
      const old = join(dir, 'hubspot.config.yml');
      writeFileSync(
        old,
        'defaultAccount: dev\naccounts:\n  - name: dev\n    accountId: 0\n    authType: personalaccesskey\n',
      );
      expect(configFrom(old).accounts.map((a) => a.accountId)).toEqual([0]);
    } finally {
      removeDir(dir);
    }
    expect(existsSync(dir)).toBe(false);
  });
});
