import type { z } from 'zod';
import type {
  calibrationResultSchema,
  jobKindSchema,
  jobSchema,
  jobStatusSchema,
  previewResultSchema,
  recalculationResultSchema,
} from '../settings-api/settings-contract.ts';

/** A job as the settings page and the command line see it (the settings contract's shape). */
export type JobInfo = z.infer<typeof jobSchema>;
export type JobKind = z.infer<typeof jobKindSchema>;
export type JobStatus = z.infer<typeof jobStatusSchema>;
export type PreviewResult = z.infer<typeof previewResultSchema>;
export type RecalculationResult = z.infer<typeof recalculationResultSchema>;
export type CalibrationResult = z.infer<typeof calibrationResultSchema>;
