import { explainEntry, type ContactScore } from '../../scoring/index.ts';
import type { InputContact } from '../contact-reader.ts';
import type { StreamWriter } from '../stream-writer.ts';
import type { ExplainedScoreOutput } from './score-output.ts';

/** One JSON object per line, for programs: every breakdown entry with its sentence. */
export function createJsonlOutput(stdout: StreamWriter): ExplainedScoreOutput {
  return {
    explains: true,
    contact: (contact, score) => stdout.write(`${JSON.stringify(scoreRecord(contact, score))}\n`),
    finish: () => stdout.flush(),
  };
}

export function scoreRecord(contact: InputContact, score: ContactScore) {
  return {
    id: contact.id,
    score: score.score,
    fit: score.fit,
    engagement: score.engagement,
    tier: score.tier,
    // Models with fit profiles only (JSON leaves out undefined): the counting one and every fit.
    profile: score.profile,
    profiles: score.profiles,
    nextReviewAt: score.nextReviewAt === null ? null : new Date(score.nextReviewAt).toISOString(),
    breakdown: score.breakdown.map((entry) => ({ ...entry, explanation: explainEntry(entry) })),
    warnings: score.warnings,
  };
}
