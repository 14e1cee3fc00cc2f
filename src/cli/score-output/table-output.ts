import type { BreakdownEntry, CompiledModel, ContactScore } from '../../scoring/index.ts';
import { formatDays } from '../../scoring/decay.ts';
import type { StreamWriter } from '../stream-writer.ts';
import { describeTotals } from './totals-line.ts';
import type { ExplainedScoreOutput } from './score-output.ts';

const REASONS_PER_SECTION = 2;
/** HubSpot record ids have up to 12 digits or so; a longer id just shifts its own row. */
const ID_WIDTH = 12;
const NUMBER_WIDTH = 6;

/**
 * An aligned table for a recruiter at a terminal. Columns have fixed widths (known from the
 * model, not from the data) so rows print as they are scored instead of after the last one.
 */
export function createTableOutput(
  stdout: StreamWriter,
  compiled: CompiledModel,
): ExplainedScoreOutput {
  const tierWidth = Math.max(4, ...compiled.tierNames.map((name) => name.length));
  const row = (cells: readonly [string, string, string, string, string, string]) =>
    [
      cells[0].padEnd(ID_WIDTH),
      cells[1].padStart(NUMBER_WIDTH),
      cells[2].padStart(NUMBER_WIDTH),
      cells[3].padStart('Engagement'.length),
      cells[4].padEnd(tierWidth),
      cells[5],
    ]
      .join('  ')
      .trimEnd() + '\n';

  let headerPrinted = false;
  const header = () => {
    headerPrinted = true;
    return (
      row(['ID', 'Score', 'Fit', 'Engagement', 'Tier', 'Top reasons']) +
      row([
        '-'.repeat(ID_WIDTH),
        '-'.repeat(NUMBER_WIDTH),
        '-'.repeat(NUMBER_WIDTH),
        '-'.repeat('Engagement'.length),
        '-'.repeat(tierWidth),
        '-'.repeat('Top reasons'.length),
      ])
    );
  };

  return {
    explains: true,
    contact(contact, score) {
      return stdout.write(
        (headerPrinted ? '' : header()) +
          row([
            contact.id,
            formatScore(score.score),
            formatScore(score.fit),
            formatScore(score.engagement),
            score.tier,
            topReasons(score),
          ]),
      );
    },
    async finish(totals) {
      await stdout.write(`${headerPrinted ? '\n' : ''}${describeTotals(totals)}\n`);
      await stdout.flush();
    },
  };
}

function formatScore(points: number): string {
  return points.toFixed(1);
}

/**
 * The entries that moved the score most, in the recruiter's words: the strongest fit reasons
 * first, then the strongest engagement, so a good fit does not hide what the candidate did.
 */
export function topReasons(score: ContactScore, perSection = REASONS_PER_SECTION): string {
  const strongest = (section: 'fit' | 'engagement') =>
    score.breakdown
      .filter((e) => e.section === section && e.points !== 0 && REASON_KINDS.has(e.kind))
      .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
      .slice(0, perSection);
  return [...strongest('fit'), ...strongest('engagement')].map(describeReason).join(' · ');
}

const REASON_KINDS = new Set<BreakdownEntry['kind']>([
  'criterion',
  'knockout',
  'touchpoint',
  'inactivity',
]);

function describeReason(entry: BreakdownEntry): string {
  const points = `${entry.points > 0 ? '+' : ''}${Math.round(entry.points * 10) / 10}`;
  if (entry.kind === 'touchpoint' && entry.decay) {
    return `${entry.matched ?? entry.label} ${points} (${formatDays(Math.floor(entry.decay.daysSinceLast))} ago)`;
  }
  return `${entry.matched ?? entry.label} ${points}`;
}
