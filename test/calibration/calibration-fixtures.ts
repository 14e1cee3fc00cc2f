import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { generateCandidates, type SyntheticCandidate } from '../../src/calibration/index.ts';
import { modelFeatures } from '../../src/calibration/model-features.ts';
import { parseModel, type ScoringModel } from '../../src/model/index.ts';

/** The export's moment for every synthetic candidate and every calibration in these tests. */
export const NOW = Date.parse('2026-11-25T09:00:00Z');
export const OUTCOME = { property: 'hs_lead_status', values: ['APPLIED', 'HIRED'] } as const;

export const TRUE_MODEL_PATH = new URL(
  '../../samples/calibration/true-model.yaml',
  import.meta.url,
);
export const trueModelText = readFileSync(TRUE_MODEL_PATH, 'utf8');
export const trueModel: ScoringModel = parseModel(trueModelText, 'true-model.yaml');

/**
 * A first guess with the true model's structure and none of its knowledge: every positive
 * point 10, every negative one -10, plus a criterion nobody matches (astronauts), so tests do
 * not depend on the default model's current points.
 */
export function flatStartText(): string {
  const document = parseDocument(trueModelText);
  for (const feature of modelFeatures(trueModel)) {
    document.setIn(feature.path, Math.sign(feature.currentPoints) * 10);
  }
  document.addIn(['fit', 'groups'], {
    id: 'space',
    label: 'Space',
    criteria: [
      {
        id: 'astronaut',
        label: 'Works as an astronaut',
        property: 'jobtitle',
        when: { keywords: ['astronaut'] },
        points: 7,
      },
    ],
  });
  return document.toString();
}

export function candidates(count: number, seed: number, firstId = 1001): SyntheticCandidate[] {
  return generateCandidates({ trueModel, count, seed, now: NOW, firstId });
}

export function isOutcome(candidate: SyntheticCandidate): boolean {
  return OUTCOME.values.includes(candidate.properties.hs_lead_status as 'APPLIED');
}

/** The true model's points, by feature key (`software-role`, `latest-content/Job alert`). */
export function truePoints(): Map<string, number> {
  return new Map(modelFeatures(trueModel).map((f) => [f.key, f.currentPoints]));
}

/** Spearman's rank correlation (average ranks for ties). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const ranks = (values: readonly number[]) => {
    const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
    const result = new Array<number>(values.length);
    for (let i = 0; i < order.length;) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
      for (let k = i; k <= j; k++) result[order[k]![1]] = (i + j) / 2;
      i = j + 1;
    }
    return result;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (ra.length - 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i]! - mean) * (rb[i]! - mean);
    da += (ra[i]! - mean) ** 2;
    db += (rb[i]! - mean) ** 2;
  }
  return num / Math.sqrt(da * db);
}

/**
 * Set-up that calibrates thousands of candidates: seconds alone, more on two cores shared with
 * other suites. Generous, so a busy machine does not fail a correct calibration.
 */
export const SLOW_SETUP_MS = 120_000;

/** A command's io in memory, with the clock fixed (`at`, NOW by default). */
export function memoryIo(at: number = NOW) {
  const capture = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    return { stream, text: () => text };
  };
  const stdout = capture();
  const stderr = capture();
  const io: CliIo = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stderrIsTTY: false,
    clock: () => at,
  };
  return { io, stdout: stdout.text, stderr: stderr.text };
}
