import { describe, expect, it } from 'vitest';
import {
  describeNote,
  describeTierBasis,
  type CalibrationNote,
  type TierBasis,
} from '../../src/calibration/calibration-notes.ts';
import type { LimitCheck } from '../../src/calibration/suggested-limits.ts';
import { JOB_MESSAGES } from '../../src/jobs/job-messages.ts';

const limit: LimitCheck = {
  kind: 'channel cap',
  id: 'web',
  label: 'Website',
  path: ['engagement', 'channels', 'web', 'cap'],
  currentLimit: 30,
  suggestedLimit: 55,
  cutByCurrent: 520,
  cutBySuggested: 12,
  candidates: 1000,
  moved: true,
};

const notes: CalibrationNote[] = [
  {
    code: 'model-reads-leaky',
    property: 'lifecyclestage',
    reason: 'set by the hiring process (after the outcome)',
  },
  { code: 'left-out', property: 'gender', reason: 'protected attribute', ground: 'gender' },
  { code: 'without-time', count: 1200, timeProperty: 'createdate' },
  { code: 'few-outcomes', count: 42 },
  { code: 'limit-moved', limit: { ...limit } },
];

const top = { hot: 'hot', next: 'warm', hotPercent: 10, nextPercent: 20 };
const bases: TierBasis[] = [
  { kind: 'top-shares', ...top },
  { kind: 'rate-unreached', rate: 0.35, ...top },
  { kind: 'outcome-rate', rate: 0.25, hotShare: 0.083, ...top },
];

describe('a calibration’s warnings and tier basis in the admin’s language', () => {
  it('are the command line’s English words on the English page', () => {
    for (const note of notes)
      expect(JOB_MESSAGES.en.calibrationNote(note)).toBe(describeNote(note));
    for (const basis of bases)
      expect(JOB_MESSAGES.en.tierBasis(basis)).toBe(describeTierBasis(basis));
  });

  it('are Dutch on the Dutch page, figures in Dutch notation', () => {
    const nl = notes.map(JOB_MESSAGES.nl.calibrationNote);
    expect(nl).toEqual([
      'Het model leest lifecyclestage (gezet door het wervingsproces (na de uitkomst)): de punten daarvan blijven staan en worden niet geleerd, en de terugtest kan beter lijken dan het in de praktijk wordt.',
      'gender is weggelaten: een beschermd kenmerk (geslacht).',
      '1.200 kandidaten hebben geen createdate: er is van ze geleerd, maar ze zijn nooit apart gehouden om te toetsen.',
      'Maar 42 kandidaten met de uitkomst om van te leren: lees het voorstel met zorg.',
      'Een grens waar de geleerde punten tegenaan zouden lopen is verschoven (de fit gaat uit van geen grenzen): Website: kanaalplafond 30 -> 55 (die sneed 520 van 1.000 leerkandidaten af, 52,0%, met de geleerde punten; nu 12).',
    ]);
    expect(bases.map(JOB_MESSAGES.nl.tierBasis)).toEqual([
      'hot uit de bovenste 10% van de voorgestelde scores van de leerkandidaten, warm uit de volgende 20% (uitgesloten kandidaten niet meegeteld)',
      'geen groep leerkandidaten haalt een uitkomstpercentage van 35%: hot uit de bovenste 10% van de voorgestelde scores van de leerkandidaten, warm uit de volgende 20% (uitgesloten kandidaten niet meegeteld)',
      'hot vanaf de laagste score waarbij de leerkandidaten op of boven die score een uitkomstpercentage van 25% halen (de bovenste 8,3%), warm uit de volgende 20% (uitgesloten kandidaten niet meegeteld)',
    ]);
  });
});
