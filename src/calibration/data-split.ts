import { readDate, type ContactProperties } from '../scoring/hubspot-values.ts';
import { CalibrationError } from './calibration-error.ts';
import { seededRandom } from './random.ts';

/** Indexes of the candidates to learn from and of the held-out ones to test on. */
export interface DataSplit {
  kind: 'time' | 'stratified';
  training: number[];
  holdout: number[];
  /** Time split: the first held-out candidate's time (ISO). */
  holdoutFrom?: string;
  /** Time split: candidates without a readable time, kept for training. */
  withoutTime?: number;
  description: string;
}

export const HOLDOUT_SHARE = 0.3;

/**
 * The most recent 30% by `timeProperty` are held out: the backtest then asks "would the model
 * learnt on older candidates have ranked the newer ones well", as it will be used.
 * Candidates without a readable time can only be learnt from.
 */
export function timeSplit(
  contacts: readonly { properties: ContactProperties }[],
  outcomes: readonly boolean[],
  timeProperty: string,
): DataSplit {
  const warnings: string[] = [];
  const timed: { index: number; time: number }[] = [];
  const untimed: number[] = [];
  contacts.forEach(({ properties }, index) => {
    const time = readDate(timeProperty, properties[timeProperty], Infinity, warnings);
    if (time === undefined) untimed.push(index);
    else timed.push({ index, time });
  });
  if (timed.length < 10) {
    throw new CalibrationError(
      `--time-property ${timeProperty}: only ${timed.length} candidates have a readable date; ` +
        `use another property, or leave --time-property out for a random split`,
      'data',
    );
  }
  timed.sort((a, b) => a.time - b.time || a.index - b.index);
  const cut = Math.floor(timed.length * (1 - HOLDOUT_SHARE));
  const training = [...timed.slice(0, cut).map((t) => t.index), ...untimed].sort((a, b) => a - b);
  const holdout = timed.slice(cut).map((t) => t.index);
  const holdoutFrom = new Date(timed[cut]!.time).toISOString();
  const split: DataSplit = {
    kind: 'time',
    training,
    holdout,
    holdoutFrom,
    withoutTime: untimed.length,
    description: `time-based: learnt from candidates before ${holdoutFrom} (${timeProperty}), tested on the ${holdout.length} after`,
  };
  requireBothOutcomes(split, outcomes);
  return split;
}

/** 30% of the candidates with and 30% of those without the outcome, drawn with a fixed seed. */
export function stratifiedSplit(outcomes: readonly boolean[], seed: number): DataSplit {
  const random = seededRandom(seed);
  const training: number[] = [];
  const holdout: number[] = [];
  for (const wanted of [true, false]) {
    const group = random.shuffle(
      outcomes.flatMap((outcome, index) => (outcome === wanted ? [index] : [])),
    );
    const held = Math.round(group.length * HOLDOUT_SHARE);
    holdout.push(...group.slice(0, held));
    training.push(...group.slice(held));
  }
  const split: DataSplit = {
    kind: 'stratified',
    training: training.sort((a, b) => a - b),
    holdout: holdout.sort((a, b) => a - b),
    description: `stratified random (seed ${seed}): 70% to learn from, 30% held out`,
  };
  requireBothOutcomes(split, outcomes);
  return split;
}

function requireBothOutcomes(split: DataSplit, outcomes: readonly boolean[]): void {
  for (const [name, indexes] of [
    ['learning', split.training],
    ['held-out', split.holdout],
  ] as const) {
    const positives = indexes.filter((i) => outcomes[i]).length;
    if (positives === 0 || positives === indexes.length) {
      throw new CalibrationError(
        `the ${name} part of the ${split.kind} split has ${positives === 0 ? 'no candidate with' : 'only candidates with'} ` +
          `the outcome; more data is needed${split.kind === 'time' ? ', or a random split (leave out --time-property)' : ''}`,
        'data',
      );
    }
  }
}
