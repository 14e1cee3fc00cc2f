import { describe, expect, it } from 'vitest';
import type { LearnedFeature } from '../../src/calibration/fit-points.ts';
import { modelFeatures } from '../../src/calibration/model-features.ts';
import { writeSuggestedModel } from '../../src/calibration/suggested-model.ts';
import { parseModel } from '../../src/model/index.ts';
import { trueModel, trueModelText } from './calibration-fixtures.ts';

function learned(changes: Record<string, number>): LearnedFeature[] {
  return modelFeatures(trueModel).map((f) => ({
    ...f,
    status: 'learned',
    matches: 100,
    outcomesAmongMatches: 10,
    suggestedPoints: changes[f.key] ?? f.currentPoints,
  }));
}

describe('the suggested model file', () => {
  const suggestion = writeSuggestedModel({
    sourceText: trueModelText,
    sourceName: 'true-model.yaml',
    features: learned({ 'software-role': 31, 'latest-content/Job alert': 9, 'page-views': 2 }),
    header: [
      'Calibrated by "recruitment-score calibrate" at 2026-11-25T09:00:00.000Z.',
      'Second line.',
    ],
  });

  it('is a valid model with the new points', () => {
    const model = parseModel(suggestion.text);
    const points = new Map(modelFeatures(model).map((f) => [f.key, f.currentPoints]));
    expect(points.get('software-role')).toBe(31);
    expect(points.get('latest-content/Job alert')).toBe(9);
    expect(points.get('page-views')).toBe(2);
    expect(points.get('few-years-experience')).toBe(12);
  });

  it('starts with a header comment saying it was calibrated', () => {
    expect(
      suggestion.text.startsWith('# Calibrated by "recruitment-score calibrate" at 2026-11-25'),
    ).toBe(true);
    expect(suggestion.text.split('\n')[1]).toBe('# Second line.');
  });

  it('changes nothing but the points: every other line is as it was', () => {
    const before = trueModelText.split('\n');
    const after = suggestion.text.split('\n').slice(3);
    expect(after.length).toBe(before.length);
    const changed = after.filter((line, i) => line !== before[i]);
    expect(changed).toHaveLength(3);
    for (const line of changed) expect(line).toMatch(/points: (31|9|2)\b/);
  });

  it('rescales a touchpoint cap with its points', () => {
    const capped = trueModelText.replace(
      'count: hs_email_click\n',
      'count: hs_email_click\n      maxPoints: 10\n',
    );
    const model = parseModel(capped);
    const features = modelFeatures(model).map((f) => ({
      ...f,
      status: 'learned' as const,
      matches: 100,
      outcomesAmongMatches: 10,
      suggestedPoints: f.key === 'email-clicks' ? 10 : f.currentPoints,
    }));
    const result = writeSuggestedModel({
      sourceText: capped,
      sourceName: 'capped',
      features,
      header: ['x'],
    });
    const clicks = result.model.engagement.touchpoints.find((t) => t.id === 'email-clicks')!;
    expect(clicks).toMatchObject({ points: 10, maxPoints: 20 });
  });
});
