/** Start-up refused: one line per missing or invalid variable, never a secret's value. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The server's configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}
