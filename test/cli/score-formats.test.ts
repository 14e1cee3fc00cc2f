import { describe, expect, it } from 'vitest';
import { aContact, jsonLines, runCli, scratchFolder, TODAY, toJsonl } from './cli-helpers.ts';

const file = scratchFolder();
const SAMPLES = 'samples/latent-candidates.jsonl';

describe('score --format table', () => {
  it('prints an aligned row per contact with its tier and top reasons', async () => {
    const input = file(
      'people.jsonl',
      toJsonl([aContact('101'), aContact('20260001', { country: 'India' })]),
    );

    const { code, stdout } = await runCli(['score', '-i', input, '-f', 'table', '--now', TODAY]);

    expect(code).toBe(0);
    const [header, rule, hot, abroad, blank, totals] = stdout.split('\n');
    expect(header).toMatch(/^ID\s+Score\s+Fit\s+Engagement\s+Tier\s+Top reasons$/);
    expect(rule).toMatch(/^-+( +-+){5}$/);
    expect(hot).toMatch(/^101 +\d+\.\d +\d+\.\d +\d+\.\d +hot +Lives in the Netherlands \+\d+ · /);
    expect(hot).toContain('Salary guide +');
    expect(hot).toContain('(3 days ago)');
    expect(abroad).toMatch(/^20260001 .* disqualified +Lives outside the recruiting region -\d+/);
    // Columns line up: every row puts the tier where the header says "Tier".
    const tierColumn = header!.indexOf('Tier');
    expect(hot!.slice(tierColumn, tierColumn + 3)).toBe('hot');
    expect(abroad!.slice(tierColumn, tierColumn + 12)).toBe('disqualified');
    expect(blank).toBe('');
    expect(totals).toBe('2 contacts scored');
  });

  it('makes a table of the sample file with every tier present', async () => {
    const { code, stdout } = await runCli(['score', '-i', SAMPLES, '-f', 'table', '--now', TODAY]);

    expect(code).toBe(0);
    for (const tier of ['hot', 'warm', 'cold', 'disqualified']) {
      expect(stdout).toMatch(new RegExp(`  ${tier} `));
    }
    expect(stdout).toMatch(/42 contacts scored · \d+ contacts with unknown or unreadable values/);
  });
});

describe('score --format summary', () => {
  it('counts contacts per tier and draws a histogram of scores in bands of 10', async () => {
    const input = file(
      'mix.jsonl',
      toJsonl([
        aContact('1'),
        aContact('2'),
        aContact('3', { country: 'India' }),
        aContact('4', {
          jobtitle: 'Chauffeur',
          num_conversion_events: '0',
          recent_conversion_event_name: null,
        }),
      ]) + 'not json\n',
    );

    const { code, stdout, stderr } = await runCli([
      'score',
      '--input',
      input,
      '--format',
      'summary',
      '--now',
      TODAY,
    ]);

    expect(code).toBe(0);
    expect(stderr).toMatch(/^row 5: not valid JSON/);
    expect(stdout).toContain('Scoring model: Software & IT, Netherlands');
    expect(stdout).toContain('4 contacts scored · 1 row skipped (see the warnings on stderr)');
    expect(stdout).toMatch(/^hot +2 +50\.0%$/m);
    expect(stdout).toMatch(/^warm +0 +0\.0%$/m);
    expect(stdout).toMatch(/^cold +1 +25\.0%$/m);
    expect(stdout).toMatch(/^disqualified +1 +25\.0%$/m);
    const bands = stdout.match(/^\[-?\d+, -?\d+[)\]] +\d+.*$/gm) ?? [];
    const counted = bands.map((line) => Number(line.split(/\s+/)[2]));
    expect(counted.reduce((a, b) => a + b, 0)).toBe(4);
    expect(bands.some((line) => / {2}2 {2}#{40}$/.test(line))).toBe(true);
    expect(stdout).toMatch(/^Average score -?\d+(\.\d)? \(lowest -?[\d.]+, highest [\d.]+\)$/m);
  });

  it('counts the same tiers as the scored lines say', async () => {
    const lines = jsonLines((await runCli(['score', '-i', SAMPLES, '--now', TODAY])).stdout);
    const { stdout } = await runCli(['score', '-i', SAMPLES, '-f', 'summary', '--now', TODAY]);

    for (const tier of ['hot', 'warm', 'cold', 'disqualified']) {
      const count = lines.filter((line) => line.tier === tier).length;
      expect(stdout).toMatch(new RegExp(`^${tier} +${count} `, 'm'));
    }
  });

  it('says so when there is nothing to summarise', async () => {
    const input = file('empty.jsonl', '\n');

    const { code, stdout } = await runCli(['score', '-i', input, '-f', 'summary']);

    expect(code).toBe(0);
    expect(stdout).toContain('0 contacts scored');
    expect(stdout).toContain('No contacts to summarise.');
  });
});

describe('score input formats', () => {
  const contacts = [aContact('11'), aContact('12', { jobtitle: 'Account manager' })];
  const scoresOf = async (path: string, extra: string[] = []) => {
    const { code, stdout, stderr } = await runCli(['score', '-i', path, '--now', TODAY, ...extra]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    return jsonLines(stdout).map(({ id, score, tier }) => ({ id, score, tier }));
  };

  it('reads a JSON array the way it reads JSONL', async () => {
    const jsonl = await scoresOf(file('c.jsonl', toJsonl(contacts)));
    const array = await scoresOf(file('c.json', JSON.stringify(contacts, null, 2)));

    expect(array).toEqual(jsonl);
    expect(array.map((c) => c.id)).toEqual(['11', '12']);
  });

  it('reads a CSV with internal property names as headers and an id column', async () => {
    const names = Object.keys(contacts[0]!.properties);
    const csv = [
      ['id', ...names].join(','),
      ...contacts.map((c) =>
        [c.id, ...names.map((n) => c.properties[n] ?? '')].map((v) => `"${v}"`).join(','),
      ),
    ].join('\n');

    const jsonl = await scoresOf(file('d.jsonl', toJsonl(contacts)));
    const fromCsv = await scoresOf(file('d.csv', csv));

    expect(fromCsv).toEqual(jsonl);
  });

  it('takes --input-format over the file name', async () => {
    const path = file('export.txt', toJsonl(contacts));

    expect(await scoresOf(path, ['--input-format', 'jsonl'])).toHaveLength(2);
  });

  it('scores the sample CSV', async () => {
    const scores = await scoresOf('samples/latent-candidates.csv');

    expect(scores.length).toBeGreaterThan(3);
    expect(scores.find((s) => s.id === '119')?.tier).toBe('disqualified');
  });
});
