import { describe, expect, it } from 'vitest';
import { aContact, runCli, scratchFolder, TODAY, TODAY_MS, toJsonl } from './cli-helpers.ts';

const file = scratchFolder();
const contacts = Array.from({ length: 3000 }, (_, i) => aContact(String(i)));

/** A clock that moves a second each time it is read: every run looks long. */
function slowClock(): () => number {
  let reads = 0;
  return () => TODAY_MS + 1000 * reads++;
}

describe('progress on stderr', () => {
  it('draws a progress line on a terminal during a long run and clears it at the end', async () => {
    const input = file('long.jsonl', toJsonl(contacts));

    const { code, stderr } = await runCli(['score', '-i', input, '-f', 'summary', '--now', TODAY], {
      stderrIsTTY: true,
      clock: slowClock(),
    });

    expect(code).toBe(0);
    expect(stderr).toMatch(/^\rscored 1,024 contacts \([\d,]+\/s\)/);
    expect(stderr).toContain('\rscored 2,048 contacts');
    expect(stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it('keeps stderr clean when it is not a terminal', async () => {
    const input = file('piped.jsonl', toJsonl(contacts));

    const { stderr } = await runCli(['score', '-i', input, '-f', 'summary', '--now', TODAY], {
      stderrIsTTY: false,
      clock: slowClock(),
    });

    expect(stderr).toBe('');
  });
});
