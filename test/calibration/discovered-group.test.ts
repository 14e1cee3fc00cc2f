import { describe, expect, it } from 'vitest';
import type { CandidateCriterion } from '../../src/calibration/candidate-criteria.ts';
import { appendDiscoveredGroup } from '../../src/calibration/discovered-group.ts';
import { dropUnweighted, type Discovery } from '../../src/calibration/discovery.ts';
import type { LearnedFeature } from '../../src/calibration/fit-points.ts';
import { modelFeatures } from '../../src/calibration/model-features.ts';
import { writeSuggestedModel } from '../../src/calibration/suggested-model.ts';
import { parseModel } from '../../src/model/index.ts';
import { flatStartText } from './calibration-fixtures.ts';

const text = flatStartText();
const model = parseModel(text, 'flat start');
const proposal = (id: string, label: string, labelNl: string): CandidateCriterion => ({
  kind: 'unknown',
  labelNl,
  criterion: {
    id,
    label,
    property: id.replace(/-/g, '_'),
    when: { known: false },
    points: 0,
    knockout: false,
  },
});
const proposed = [
  proposal('specialization', 'Specialization not given', 'Specialisatie niet ingevuld'),
  proposal('company-size', 'Company size not given', 'Bedrijfsgrootte niet ingevuld'),
];

describe('the Discovered group in the model file', () => {
  it('is added after the last group, leaving every other line of the file as it was', () => {
    const group = {
      id: 'discovered',
      label: 'Discovered',
      criteria: proposed.map((p) => p.criterion),
    };
    const written = appendDiscoveredGroup(
      text,
      group,
      new Map(proposed.map((p) => [p.criterion.id, p.labelNl])),
    );
    const suggested = parseModel(written.text, 'with discovered');
    expect(suggested.fit.groups.at(-1)).toMatchObject({
      id: 'discovered',
      criteria: [{ id: 'specialization' }, { id: 'company-size' }],
    });
    expect(suggested.translations?.nl).toEqual({
      specialization: 'Specialisatie niet ingevuld',
      'company-size': 'Bedrijfsgrootte niet ingevuld',
    });
    const added = written.text.split('\n').filter((line) => !text.split('\n').includes(line));
    expect(
      added.every(
        (line) =>
          /discovered|specialization|company|not given|niet ingevuld|known: false|points: 0|criteria:|label: Discovered|when:|translations:|nl:|Dutch labels/i.test(
            line,
          ) || line.trim() === '',
      ),
    ).toBe(true);
  });

  it('leaves Dutch labels to the report when the file has translations of its own', () => {
    const withTranslations = `${text}\ntranslations:\n  nl:\n    model: Model\n`;
    const group = { id: 'discovered', label: 'Discovered', criteria: [proposed[0]!.criterion] };
    const written = appendDiscoveredGroup(
      withTranslations,
      group,
      new Map([['specialization', 'x']]),
    );
    expect(written.dutchWritten).toBe(false);
    expect(parseModel(written.text, 'x').translations).toEqual({ nl: { model: 'Model' } });
  });

  it('drops a proposal the fit gave 0 points and keeps the others writable', () => {
    const group = {
      id: 'discovered',
      label: 'Discovered',
      criteria: proposed.map((p) => p.criterion),
    };
    const both = appendDiscoveredGroup(text, group, new Map());
    const bothModel = parseModel(both.text, 'both');
    const learnt = (points: Record<string, number>): LearnedFeature[] =>
      modelFeatures(bothModel).map((f) => ({
        ...f,
        status: 'learned',
        matches: 100,
        outcomesAmongMatches: 10,
        suggestedPoints: points[f.key] ?? f.currentPoints,
      }));
    const discovery: Discovery = {
      model: bothModel,
      modelText: both.text,
      proposed,
      candidatesTried: 2,
      heldOutLoss: [],
      combinationsTried: 0,
      combinedHeldOutLoss: [],
      dutchWritten: false,
      unweighted: 0,
    };
    const kept = dropUnweighted(
      discovery,
      learnt({ specialization: 0, 'company-size': -9 }),
      model,
      text,
    );
    expect(kept.discovery.proposed.map((p) => p.criterion.id)).toEqual(['company-size']);
    expect(kept.discovery.unweighted).toBe(1);
    const suggested = writeSuggestedModel({
      sourceText: kept.discovery.modelText,
      sourceName: 'x',
      features: kept.features,
      header: [],
    });
    const criteria = suggested.model.fit.groups.at(-1)!.criteria;
    expect(criteria.map((c) => [c.id, c.points])).toEqual([['company-size', -9]]);
    expect(suggested.model.translations?.nl).toEqual({
      'company-size': 'Bedrijfsgrootte niet ingevuld',
    });
  });
});
