import type { RunTotals } from './score-output.ts';

/** "40 contacts scored · 2 rows skipped (see the warnings) · 3 contacts with unknown or unreadable values" */
export function describeTotals(totals: RunTotals): string {
  const parts = [`${plural(totals.contacts, 'contact')} scored`];
  if (totals.badRows > 0) {
    parts.push(`${plural(totals.badRows, 'row')} skipped (see the warnings on stderr)`);
  }
  if (totals.contactsWithWarnings > 0) {
    parts.push(
      `${plural(totals.contactsWithWarnings, 'contact')} with unknown or unreadable values ` +
        '(--format jsonl lists them)',
    );
  }
  return parts.join(' · ');
}

export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
}
