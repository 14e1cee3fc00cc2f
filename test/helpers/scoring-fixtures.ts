import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { DEFAULT_MODEL_PATH, ModelError, parseModel } from '../../src/model/index.ts';
import {
  compileModel,
  DAY_MS,
  type CompiledModel,
  type ContactProperties,
} from '../../src/scoring/index.ts';

/** A fixed clock: every test about time scores at this moment. */
export const NOW = Date.parse('2026-11-25T12:00:00.000Z');

export const defaultModelText = readFileSync(DEFAULT_MODEL_PATH, 'utf8');
export const defaultModel: CompiledModel = compileModel(parseModel(defaultModelText, 'default'));

/** HubSpot's datetime shape, `days` before NOW. */
export function daysAgo(days: number): string {
  return new Date(NOW - days * DAY_MS).toISOString();
}

/** A Dutch Java developer with a few years of experience and no engagement yet, as HubSpot returns it. */
export function aContact(overrides: Record<string, string | null> = {}): ContactProperties {
  return {
    hs_object_id: '101',
    firstname: 'Sanne',
    country: 'Netherlands',
    city: 'Utrecht',
    jobtitle: 'Java Developer',
    years_of_experience: '5',
    industry: 'COMPUTER_SOFTWARE',
    ...overrides,
  };
}

/** A small model in YAML, for tests that need one rule at a time. */
/** The problems a model file is refused with (the test fails if it is accepted). */
export function modelProblems(yaml: string): string[] {
  try {
    parseModel(yaml, 'test');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return [...(error as ModelError).problems];
  }
  throw new Error('expected the model to be refused');
}

export function modelFrom(yaml: string): CompiledModel {
  return compileModel(parseModel(yaml, 'test model'));
}

export const MINIMAL_MODEL_HEAD = `
version: 1
name: Test
score: { min: -100, max: 100 }
tiers:
  - { name: hot, minScore: 50 }
  - { name: cold }
`;

/** A model with a single touchpoint (and nothing else) written inline. */
export function touchpointModel(touchpoint: string, extra = ''): CompiledModel {
  return modelFrom(`${MINIMAL_MODEL_HEAD}
fit: { groups: [] }
engagement:
  touchpoints:
    - ${touchpoint}
${extra}`);
}

export function sumOfPoints(entries: readonly { points: number }[]): number {
  return Math.round(entries.reduce((sum, e) => sum + e.points * 100, 0)) / 100 + 0;
}
