/**
 * Why a HubSpot project could not be built: every problem found, worded for the developer
 * who runs `npm run hubspot:project` (a file, a field, what to change).
 */
export class ProjectBuildError extends Error {
  constructor(
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      `The HubSpot project cannot be built:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      options,
    );
    this.name = 'ProjectBuildError';
  }
}
