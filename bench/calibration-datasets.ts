/**
 * The real public data sets of `npm run bench:calibration` (sources and licences in
 * bench/data/README.md): read a CSV into calibration contacts, with HubSpot-style property names
 * (lower case, `_` for anything else), and split them 70/30 with a fixed seed.
 *
 * Columns are dropped before anything sees them, so neither the suggested model, the plain
 * regression nor the gradient-boosting reference can use them: identifiers, protected
 * attributes (gender), and fields the sales team fills in after talking to a lead (they leak
 * the outcome: a "Closed by Horizzon" tag is a conversion written down).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { CalibrationContact } from '../src/calibration/index.ts';
import { seededRandom } from '../src/calibration/random.ts';

export interface RealDataSet {
  id: string;
  title: string;
  /** Where the CSV is read from; absent: `howToGet` is printed instead. */
  file: URL;
  howToGet: string;
  handModel: URL;
  outcome: { property: string; values: string[] };
  dropped: string[];
  /** Values that mean "not given" (X Education's forms default to "Select"). */
  notGiven: string[];
}

export const REAL_DATA_SETS: RealDataSet[] = [
  {
    id: 'job-change',
    title: 'Recruitment: HR Analytics, job change of data scientists (19,158 enrollees)',
    file: new URL('./data/job-change-aug-train.csv', import.meta.url),
    howToGet: 'committed in bench/data',
    handModel: new URL('./data/job-change-hand-model.yaml', import.meta.url),
    outcome: { property: 'target', values: ['1'] },
    dropped: ['enrollee_id', 'gender'],
    notGiven: [],
  },
  {
    id: 'x-education',
    title: 'Lead conversion: X Education leads (9,240 leads)',
    file: new URL(
      process.env.X_EDUCATION_LEADS_CSV ?? './data/x-education-leads.csv',
      process.env.X_EDUCATION_LEADS_CSV ? `file://${process.cwd()}/` : import.meta.url,
    ),
    howToGet:
      'licence unconfirmed, not committed: git clone https://github.com/KeerthanaDS1994/LEAD-SCORING-CASE-STUDY---Keerthana-DS && git -C LEAD-SCORING-CASE-STUDY---Keerthana-DS show 21ddd2fcab13a907eac4425a4e5b806c5e4869e3:Leads.csv > bench/data/x-education-leads.csv (or set X_EDUCATION_LEADS_CSV)',
    handModel: new URL('./data/x-education-hand-model.yaml', import.meta.url),
    outcome: { property: 'converted', values: ['1'] },
    dropped: [
      'prospect_id',
      'lead_number',
      'tags',
      'lead_quality',
      'lead_profile',
      'asymmetrique_activity_index',
      'asymmetrique_profile_index',
      'asymmetrique_activity_score',
      'asymmetrique_profile_score',
      'last_notable_activity',
    ],
    notGiven: ['Select'],
  },
];

/** HubSpot internal names are lower case letters, digits and `_`. */
export function propertyNameOf(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export function isAvailable(set: RealDataSet): boolean {
  return existsSync(set.file);
}

export function readDataSet(set: RealDataSet): CalibrationContact[] {
  // The job-change CSV starts with a UTF-8 byte-order mark: `bom` keeps it out of the first name.
  const rows = parse(readFileSync(set.file), { bom: true, relax_column_count: true }) as string[][];
  const [header, ...body] = rows;
  if (!header) throw new Error(`${set.file.pathname} is empty`);
  const names = header.map(propertyNameOf);
  const dropped = new Set(set.dropped);
  const notGiven = new Set(set.notGiven);
  return body.map((row, i) => {
    const properties: Record<string, string | null> = {};
    names.forEach((name, column) => {
      if (!name || dropped.has(name)) return;
      const value = row[column]?.trim() ?? '';
      properties[name] = value === '' || notGiven.has(value) ? null : value;
    });
    return { id: String(i + 1), properties };
  });
}

/** 70% to learn from, 30% never seen, stratified by outcome so both keep the base rate. */
export function benchSplit<T>(
  contacts: readonly T[],
  outcomes: readonly boolean[],
  seed: number,
): { learning: T[]; learningOutcomes: boolean[]; unseen: T[]; unseenOutcomes: boolean[] } {
  const random = seededRandom(seed);
  const out = { learning: [] as T[], learningOutcomes: [] as boolean[] };
  const held = { unseen: [] as T[], unseenOutcomes: [] as boolean[] };
  for (const wanted of [true, false]) {
    const indexes = random.shuffle(outcomes.flatMap((o, i) => (o === wanted ? [i] : [])));
    const cut = Math.round(indexes.length * 0.7);
    indexes.forEach((index, k) => {
      if (k < cut) {
        out.learning.push(contacts[index]!);
        out.learningOutcomes.push(wanted);
      } else {
        held.unseen.push(contacts[index]!);
        held.unseenOutcomes.push(wanted);
      }
    });
  }
  return { ...out, ...held };
}
