/**
 * Calibration cannot go on: the command line is wrong (`usage`, exit code 2) or the data cannot
 * support a calibration (`data`, exit code 1). The message says what to do instead.
 */
export class CalibrationError extends Error {
  override name = 'CalibrationError';
  constructor(
    message: string,
    readonly kind: 'usage' | 'data',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** As an HTTP status, for callers that serve calibration over HTTP. */
  get status(): number {
    return this.kind === 'usage' ? 400 : 422;
  }
}
