import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { main } from '../../src/cli/main.ts';

/** The tests' "today": every score is computed as of this moment unless a test says otherwise. */
export const TODAY = '2026-11-25T09:00:00.000Z';
export const TODAY_MS = Date.parse(TODAY);
const DAY_MS = 86_400_000;

/** Collects what a command writes, as text. */
export class CapturedOutput extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command line in-process with a fixed clock. */
export async function runCli(argv: string[], io: Partial<CliIo> = {}): Promise<CliRun> {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const code = await main(argv, {
    stdout,
    stderr,
    stderrIsTTY: false,
    clock: () => TODAY_MS,
    ...io,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Lines of JSONL output, parsed. */
export function jsonLines(stdout: string): ScoreLine[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ScoreLine);
}

export interface ScoreLine {
  id: string;
  score: number;
  fit: number;
  engagement: number;
  tier: string;
  nextReviewAt: string | null;
  breakdown: { id: string; kind: string; points: number; explanation: string }[];
  warnings: string[];
}

/** A date `days` before TODAY, as HubSpot sends it (ISO text). */
export function daysAgo(days: number): string {
  return new Date(TODAY_MS - days * DAY_MS).toISOString();
}

/** A HubSpot contact in CRM v3 shape: a Dutch Java developer who read the salary guide. */
/**
 * A contact as a HubSpot export with property history gives it: the latest download also in
 * the history of `recent_conversion_event_name`, which the shipped model counts.
 */
export function aContact(
  id: string,
  overrides: Record<string, string | null> = {},
): {
  id: string;
  properties: Record<string, string | null>;
  propertiesWithHistory: Record<string, { value: string; timestamp: string }[]>;
} {
  const properties = {
    jobtitle: 'Senior Java Developer',
    country: 'Netherlands',
    city: 'Utrecht',
    years_of_experience: '6',
    industry: 'COMPUTER_SOFTWARE',
    hs_analytics_num_page_views: '12',
    hs_analytics_last_visit_timestamp: daysAgo(2),
    hs_analytics_last_timestamp: daysAgo(2),
    num_conversion_events: '1',
    recent_conversion_event_name: 'Salarisgids ICT 2026',
    recent_conversion_date: daysAgo(3),
    ...overrides,
  };
  const latest = properties.recent_conversion_event_name;
  const at = properties.recent_conversion_date;
  return {
    id,
    properties,
    propertiesWithHistory: {
      recent_conversion_event_name: latest && at ? [{ value: latest, timestamp: at }] : [],
    },
  };
}

export function toJsonl(contacts: readonly unknown[]): string {
  return contacts.map((c) => JSON.stringify(c)).join('\n') + '\n';
}

/** A scratch folder for the current test file, removed after its tests. */
export function scratchFolder(): (name: string, content: string) => string {
  const dir = mkdtempSync(join(tmpdir(), 'recruitment-score-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name, content) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
}

/** A small valid model whose points are easy to add up by hand. */
export const SMALL_MODEL = `
version: 1
name: Small test model
aliases:
  netherlands: [nl, nederland]
fit:
  groups:
    - id: location
      label: Location
      criteria:
        - { id: in-nl, label: Lives in the Netherlands, property: country, when: { oneOf: [netherlands] }, points: 40 }
        - { id: abroad, label: Lives abroad, property: country, when: { notOneOf: [netherlands] }, points: -10, knockout: true }
engagement:
  channels:
    content: { max: 30 }
  touchpoints:
    - id: forms
      label: Forms filled in
      channel: content
      count: num_conversion_events
      points: 10
score: { min: 0, max: 100 }
tiers:
  - { name: hot, minScore: 60 }
  - { name: cold }
`;
