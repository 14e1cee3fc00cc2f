import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/model/index.ts';
import { compileModel, scoreContact } from '../../src/scoring/index.ts';
import { MINIMAL_MODEL_HEAD, NOW } from '../helpers/scoring-fixtures.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const example = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((m) => m[1]!)
  .find((block) => block.startsWith('fit:\n  pinnedBy:'));

describe("README's fit profiles example", () => {
  it('is valid, picks the best profile, and lets the job family pin one', () => {
    expect(example).toBeDefined();
    const compiled = compileModel(
      parseModel(`${MINIMAL_MODEL_HEAD}${example!}engagement: {}\n`, 'README profiles example'),
    );
    expect(scoreContact(compiled, { jobtitle: 'Verpleegkundige' }, NOW).profile).toBe('nurse');
    const pinned = scoreContact(compiled, { jobtitle: 'Verpleegkundige', job_family: 'it' }, NOW);
    expect([pinned.profile, pinned.fit]).toEqual(['developer', 0]);
  });
});
