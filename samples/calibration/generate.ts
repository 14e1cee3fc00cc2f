/**
 * Writes synthetic latent candidates as JSONL (one HubSpot contact a line), drawn from the true
 * model next to this file; see src/calibration/synthetic-candidates.ts.
 *
 *   node --import tsx samples/calibration/generate.ts [count] [seed] [now] > candidates.jsonl
 */
import { readFile } from 'node:fs/promises';
import { generateCandidates } from '../../src/calibration/index.ts';
import { parseModel } from '../../src/model/index.ts';

const [count = '3000', seed = '7', now = '2026-11-25T09:00:00Z'] = process.argv.slice(2);
const path = new URL('./true-model.yaml', import.meta.url);
const trueModel = parseModel(await readFile(path, 'utf8'), 'true-model.yaml');
const candidates = generateCandidates({
  trueModel,
  count: Number(count),
  seed: Number(seed),
  now: Date.parse(now),
});
process.stdout.write(candidates.map((c) => JSON.stringify(c)).join('\n') + '\n');
