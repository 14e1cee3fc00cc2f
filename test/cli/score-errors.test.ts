import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { aContact, jsonLines, runCli, scratchFolder, TODAY, toJsonl } from './cli-helpers.ts';

const file = scratchFolder();

const BROKEN_MODEL = `
version: 1
name: Broken
fit:
  groups:
    - id: who
      label: Who
      criteria:
        - { id: gender, label: Gender, property: gender, when: { equals: female }, points: 5 }
        - { id: java, label: Java, property: jobtitle, when: { keywords: [java] }, points: lots }
engagement:
  touchpoints: []
score: { min: 0, max: 100 }
tiers:
  - { name: hot }
  - { name: cold }
`;

describe('score with rows that cannot be read', () => {
  it('warns about each bad row on stderr, scores the rest and exits 0', async () => {
    const input = file(
      'bad-rows.jsonl',
      [
        JSON.stringify(aContact('1')),
        '{"id": "2", "properties": {"jobtitle": "Developer"',
        JSON.stringify({ properties: { jobtitle: 'Developer' } }),
        JSON.stringify(aContact('4')),
        JSON.stringify({ id: '5', properties: { jobtitle: { nested: true } } }),
      ].join('\n'),
    );

    const { code, stdout, stderr } = await runCli(['score', '--input', input, '--now', TODAY]);

    expect(code).toBe(0);
    expect(jsonLines(stdout).map((l) => l.id)).toEqual(['1', '4']);
    const warnings = stderr.trimEnd().split('\n');
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/^row 2: not valid JSON/);
    expect(warnings[1]).toMatch(/^row 3: expected an "id"/);
    expect(warnings[2]).toMatch(/^row 5: property jobtitle: /);
  });
});

describe('score when the input or the model cannot be read', () => {
  it('exits 1 with a clear message when the input file is missing', async () => {
    const { code, stdout, stderr } = await runCli(['score', '--input', 'no/such/file.jsonl']);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('cannot read no/such/file.jsonl: file not found\n');
  });

  it('exits 1 listing every model problem on its own line with its path', async () => {
    const model = file('broken.yaml', BROKEN_MODEL);
    const input = file('one.jsonl', toJsonl([aContact('1')]));

    const { code, stdout, stderr } = await runCli(['score', '-i', input, '--model', model]);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/broken\.yaml: the scoring model is not valid \(\d+ problems\):$/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}- fit\.groups\[0\]\.criteria\[1\]\.points: /),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}- tiers\[0\]\.minScore: /));
  });

  it('reports a protected attribute used as a criterion', async () => {
    const model = file(
      'gender.yaml',
      BROKEN_MODEL.replace('points: lots', 'points: 10').replace(
        '- { name: hot }',
        '- { name: hot, minScore: 50 }',
      ),
    );

    const { code, stderr } = await runCli(['validate-model', model]);

    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^ {2}- fit\.groups\[0\]\.criteria\[0\]\.property: "gender" looks like a protected attribute/m,
    );
  });

  it('exits 1 when the model file is missing', async () => {
    const input = file('two.jsonl', toJsonl([aContact('1')]));

    const { code, stderr } = await runCli(['score', '-i', input, '-m', 'no/model.yaml']);

    expect(code).toBe(1);
    expect(stderr).toContain('no/model.yaml');
    expect(stderr).toContain('cannot read the model file: file not found');
  });
});

describe('command line mistakes', () => {
  const usage = async (argv: string[]) => {
    const run = await runCli(argv);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    return run.stderr;
  };

  it('refuses a --now that is not an ISO-8601 time', async () => {
    for (const now of ['yesterday', '2026-13-45', '25-11-2026', '2026-11-25T09:00:00']) {
      expect(await usage(['score', '-i', 'samples/latent-candidates.jsonl', '--now', now])).toMatch(
        /^score: --now must be an ISO-8601 date or time with a zone/,
      );
    }
  });

  it('names an unknown option, a missing value and an unknown format', async () => {
    expect(await usage(['score', '--inptu', 'x.jsonl'])).toMatch(
      /^score: unknown option --inptu\n/,
    );
    expect(await usage(['score', '--input'])).toMatch(
      /^score: option -i, --input <value> needs a value/,
    );
    expect(await usage(['score', '-i', 'x.jsonl', '-f', 'xml'])).toContain(
      '--format must be one of jsonl, table, summary (got "xml")',
    );
    expect(await usage(['score', '-i', 'x', '--input-format', 'xlsx'])).toContain(
      '--input-format must be one of json, jsonl, csv',
    );
  });

  it('asks for --input, and for --input-format when reading stdin', async () => {
    expect(await usage(['score'])).toMatch(/^score: --input FILE is required/);
    expect(await usage(['score', '-i', '-'])).toMatch(/^score: reading stdin needs --input-format/);
  });

  it('lists the commands for an unknown one or none at all', async () => {
    const unknown = await usage(['scroe']);
    expect(unknown).toMatch(/^recruitment-score: unknown command "scroe"/);
    expect(unknown).toContain('validate-model');
    expect(await usage([])).toMatch(/^Usage: recruitment-score <command>/);
  });

  it('hands calibrate its own arguments and output', async () => {
    const { code, stderr } = await runCli(['calibrate', '--no-such-option']);

    expect(code).toBe(2);
    expect(stderr).toMatch(/^calibrate: /);
  });

  it('prints help for the tool and for each command', async () => {
    for (const argv of [
      ['--help'],
      ['help', 'score'],
      ['score', '--help'],
      ['validate-model', '-h'],
    ]) {
      const { code, stdout, stderr } = await runCli(argv);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toMatch(/^Usage: recruitment-score/);
    }
  });
});

describe('score output', () => {
  it('waits for a slow reader instead of queuing everything in memory', async () => {
    const contacts = Array.from({ length: 400 }, (_, i) => aContact(String(i)));
    const input = file('many.jsonl', toJsonl(contacts));
    let received = '';
    let mostQueued = 0;
    const slow: Writable = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        received += chunk.toString();
        mostQueued = Math.max(mostQueued, slow.writableLength);
        setImmediate(done);
      },
    });

    const { code } = await runCli(['score', '-i', input, '--now', TODAY], { stdout: slow });

    expect(code).toBe(0);
    expect(jsonLines(received)).toHaveLength(400);
    // Each write is at most one chunk past the limit: the command waited for 'drain'.
    expect(received.length).toBeGreaterThan(500_000);
    expect(mostQueued).toBeLessThan(200_000);
  });

  it('stops quietly with exit 0 when the reader goes away', async () => {
    const input = file(
      'gone.jsonl',
      toJsonl(Array.from({ length: 300 }, (_, i) => aContact(String(i)))),
    );
    const closed = new PassThrough();
    closed.write = (() => {
      const error = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      process.nextTick(() => closed.emit('error', error));
      return false;
    }) as typeof closed.write;

    const { code, stderr } = await runCli(['score', '-i', input], { stdout: closed });

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
