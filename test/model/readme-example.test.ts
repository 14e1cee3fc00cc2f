import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/model/index.ts';
import { compileModel, scoreContact } from '../../src/scoring/index.ts';
import { NOW, sumOfPoints } from '../helpers/scoring-fixtures.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const yamlBlocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe("README's model example", () => {
  it('is a valid model that scores', () => {
    const example = yamlBlocks.find((block) => block.startsWith('version: 1'));
    expect(example).toBeDefined();
    const compiled = compileModel(parseModel(example!, 'README example'));
    const result = scoreContact(compiled, { country: 'NL', years_of_experience: '4' }, NOW);
    expect(result.fit).toBe(25);
    expect(sumOfPoints(result.breakdown)).toBe(result.score);
  });
});
