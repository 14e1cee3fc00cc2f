import { describe, expect, it } from 'vitest';
import {
  problemsAt,
  pathText,
  readDraft,
  valueAt,
  withValueAt,
  writeDraft,
} from '../../extensions/settings-page/model-draft.ts';
import { freshId, splitList } from '../../extensions/settings-page/editing.ts';
import { SMALL_MODEL_YAML } from './settings-builders.ts';

describe('the draft as the form editors see it', () => {
  it('reads the YAML as written and writes it back unchanged in meaning', () => {
    const model = readDraft(SMALL_MODEL_YAML)!;
    expect(valueAt(model, ['tiers', 1, 'minScore'])).toBe(40);
    expect(readDraft(writeDraft(model))).toEqual(model);
  });

  it('is undefined for text that is not YAML holding a mapping', () => {
    expect(readDraft('tiers: [unclosed')).toBeUndefined();
    expect(readDraft('- a list')).toBeUndefined();
    expect(readDraft('a: 1\na: 2\n')).toBeUndefined();
  });

  it('changes one value at a path and leaves the original as it was', () => {
    const model = readDraft(SMALL_MODEL_YAML)!;
    const edited = withValueAt(model, ['fit', 'groups', 0, 'criteria', 0, 'points'], 25);
    expect(valueAt(edited, ['fit', 'groups', 0, 'criteria', 0, 'points'])).toBe(25);
    expect(valueAt(model, ['fit', 'groups', 0, 'criteria', 0, 'points'])).toBe(20);
    expect(valueAt(edited, ['engagement'])).toBe(valueAt(model, ['engagement']));
  });

  it('removes a key or a list item for undefined, and makes missing parents', () => {
    const model = readDraft(SMALL_MODEL_YAML)!;
    const noDecay = withValueAt(model, ['engagement', 'touchpoints', 0, 'decay'], undefined);
    expect(Object.keys(valueAt(noDecay, ['engagement', 'touchpoints', 0]) as object)).not.toContain(
      'decay',
    );
    const oneTier = withValueAt(model, ['tiers', 0], undefined);
    expect(valueAt(oneTier, ['tiers'])).toEqual([{ name: 'warm', minScore: 40 }, { name: 'cold' }]);
    const capped = withValueAt(model, ['engagement', 'channels', 'web', 'max'], 15);
    expect(valueAt(capped, ['engagement', 'channels'])).toEqual({
      email: { max: 30 },
      web: { max: 15 },
    });
  });

  it('names paths as the backend names problems, and finds the problems at and below one', () => {
    expect(pathText(['engagement', 'touchpoints', 2, 'points'])).toBe(
      'engagement.touchpoints[2].points',
    );
    const problems = [
      { path: 'tiers[1].minScore', message: 'a' },
      { path: 'tiers[10].name', message: 'b' },
      { path: 'tiers', message: 'c' },
    ];
    expect(problemsAt(problems, ['tiers', 1]).map((p) => p.message)).toEqual(['a']);
    expect(problemsAt(problems, ['tiers']).map((p) => p.message)).toEqual(['a', 'b', 'c']);
  });

  it('splits typed lists and gives ids nothing else uses', () => {
    expect(splitList(' nl, be ,, de ')).toEqual(['nl', 'be', 'de']);
    expect(splitList(' , ')).toBeUndefined();
    const model = readDraft(SMALL_MODEL_YAML.replace('id: email-clicks', 'id: criterion-1'))!;
    expect(freshId(model, 'criterion')).toBe('criterion-2');
  });
});
