import type { CliIo } from './cli-io.ts';
import { StreamWriter } from './stream-writer.ts';

/** Long runs only: a quick run would just flash a line. */
const SHOW_PROGRESS_AFTER_MS = 1_000;
const REDRAW_EVERY_MS = 250;
/** Looking at the clock for every contact would cost more than it tells. */
const CHECK_CLOCK_EVERY = 1_024;

/**
 * What a scoring run tells the person at the terminal on stderr: one line per skipped row,
 * and, when stderr is a terminal and the run takes a while, a progress line that the
 * warnings do not garble.
 */
export class RunReporter {
  private readonly stderr: StreamWriter;
  private readonly startedAt: number;
  private nextDrawAt: number;
  private progressShown = false;

  constructor(private readonly io: CliIo) {
    // Unbuffered: a warning should show up while the run goes on, not at its end.
    this.stderr = new StreamWriter(io.stderr, 1);
    this.startedAt = io.clock();
    this.nextDrawAt = io.stderrIsTTY ? this.startedAt + SHOW_PROGRESS_AFTER_MS : Infinity;
  }

  warn(line: string): Promise<void> | undefined {
    this.clearProgress();
    return this.stderr.write(`${line}\n`);
  }

  /** Called after each contact with the running count. */
  scored(count: number): Promise<void> | undefined {
    if (count % CHECK_CLOCK_EVERY !== 0 || this.nextDrawAt === Infinity) return undefined;
    const now = this.io.clock();
    if (now < this.nextDrawAt) return undefined;
    this.nextDrawAt = now + REDRAW_EVERY_MS;
    const perSecond = Math.round((count * 1000) / Math.max(1, now - this.startedAt));
    this.progressShown = true;
    this.stderr.write(
      `\rscored ${count.toLocaleString('en')} contacts (${perSecond.toLocaleString('en')}/s)`,
    );
    return this.stderr.flush();
  }

  async finish(): Promise<void> {
    this.clearProgress();
    await this.stderr.flush();
  }

  private clearProgress(): void {
    if (!this.progressShown) return;
    this.progressShown = false;
    // Carriage return and "erase line": the next text starts on a clean line.
    this.stderr.write('\r\x1b[K');
  }
}
