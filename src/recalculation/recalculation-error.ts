/**
 * The one error the recalculation raises itself (HubSpot's failures stay HubSpotError). A
 * status lets the server map it if it ever crosses HTTP; the CLI prints the message.
 */
export class RecalculationError extends Error {
  override name = 'RecalculationError';
  readonly status: number;

  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status ?? 500;
  }
}
