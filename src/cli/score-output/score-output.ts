import type { ContactScore, ContactTotals } from '../../scoring/index.ts';
import type { InputContact } from '../contact-reader.ts';

/** What a scoring run counted, for the footers and the summary. */
export interface RunTotals {
  contacts: number;
  /** Rows that could not be read as a contact (each was reported on stderr). */
  badRows: number;
  /** Contacts with at least one value the engine could not read ("abc" years of experience). */
  contactsWithWarnings: number;
}

/**
 * One way of printing scores. `contact` is called for each scored contact as it comes and may
 * return a promise when stdout is full; `finish` prints what can only be known at the end.
 * An output that does not show the breakdown says so, and gets the engine's cheaper totals.
 */
export type ScoreOutput = ExplainedScoreOutput | TotalsOutput;

interface OutputEnd {
  finish(totals: RunTotals): Promise<void>;
}

export interface ExplainedScoreOutput extends OutputEnd {
  explains: true;
  contact(contact: InputContact, score: ContactScore): Promise<void> | undefined;
}

export interface TotalsOutput extends OutputEnd {
  explains: false;
  contact(contact: InputContact, score: ContactTotals): Promise<void> | undefined;
}

export const OUTPUT_FORMATS = ['jsonl', 'table', 'summary'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
