import { describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.ts';

describe('the recruitment-score commands', () => {
  it.each(['score', 'validate-model', 'calibrate', 'setup', 'rescore'])(
    'lists and explains %s',
    async (command) => {
      const listing = await runCli(['help']);
      expect(listing.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: recruitment-score ${command}`);
    },
  );
});
