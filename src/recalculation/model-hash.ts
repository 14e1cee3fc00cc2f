import { createHash } from 'node:crypto';
import type { CompiledModel } from '../scoring/index.ts';

/**
 * A model's fingerprint, from its parsed content: comments and layout do not change it, any
 * point or tier does. A recalculation only resumes a run of the same model.
 */
export function modelHash(compiled: CompiledModel): string {
  return createHash('sha256').update(JSON.stringify(compiled.model)).digest('hex').slice(0, 16);
}
