import type { ModelProblem } from './settings-contract.ts';

/** A settings request that cannot be served: the status and the words the admin reads. */
export class SettingsApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: {
      reason?: string;
      problems?: ModelProblem[];
      retryAfterSeconds?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SettingsApiError';
  }
}
