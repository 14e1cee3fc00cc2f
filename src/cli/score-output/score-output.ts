import type { ContactScore } from '../../scoring/index.ts';
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
 */
export interface ScoreOutput {
  contact(contact: InputContact, score: ContactScore): Promise<void> | undefined;
  finish(totals: RunTotals): Promise<void>;
}

export const OUTPUT_FORMATS = ['jsonl', 'table', 'summary'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
