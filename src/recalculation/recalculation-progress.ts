import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';

/**
 * Progress of a long run on stderr: a bar with the rate and the time left when a person
 * watches a terminal, a plain line now and then when stderr is a log file or a CI console.
 */

export interface ProgressTarget {
  stream: Writable;
  isTTY: boolean;
  clock: () => number;
}

/** In a log, a line every so often is enough; a line per page would flood it. */
const PLAIN_LINE_EVERY_MS = 10_000;

export class RecalculationProgressView {
  private bar: cliProgress.SingleBar | undefined;
  /** A one-line counter (no total known) is on screen and must be cleared before text. */
  private counterShown = false;
  private startedAt: number;
  private doneAtStart = 0;
  private lastLineAt: number;
  private sizeSaid = false;

  constructor(
    private readonly target: ProgressTarget,
    /** "rescoring" or "previewing". */
    private readonly verb: string,
  ) {
    this.startedAt = target.clock();
    this.lastLineAt = this.startedAt;
  }

  /** The session starts now; `doneBefore` contacts were done by earlier sessions of the run. */
  begin(doneBefore: number): void {
    this.startedAt = this.target.clock();
    this.lastLineAt = this.startedAt;
    this.doneAtStart = doneBefore;
  }

  /** `total` undefined: the size of the run is not known (the due sweep). */
  update(done: number, total?: number): void {
    const now = this.target.clock();
    const rate = this.rate(done, now);
    if (this.target.isTTY) {
      if (total === undefined) return this.drawCounter(done, rate);
      this.drawBar(done, total, rate);
      return;
    }
    if (!this.sizeSaid && total !== undefined) {
      // The first page tells how big the run is: worth a line at once in a log.
      this.sizeSaid = true;
      this.line(`${this.verb} ${total.toLocaleString('en')} contacts`);
    }
    if (now - this.lastLineAt < PLAIN_LINE_EVERY_MS) return;
    this.lastLineAt = now;
    if (total === undefined) {
      this.line(
        `${this.verb}: ${done.toLocaleString('en')} contacts, ${rate.toLocaleString('en')}/s`,
      );
      return;
    }
    const left = rate > 0 ? `, about ${formatSeconds((total - done) / rate)} left` : '';
    const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
    this.line(
      `${this.verb}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} contacts ` +
        `(${percent}%), ${rate.toLocaleString('en')}/s${left}`,
    );
  }

  /** A message that must not be drawn over by the bar. */
  note(text: string): void {
    this.clearLine();
    this.line(text);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
    this.clearLine();
  }

  private drawBar(done: number, total: number, rate: number): void {
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.target.stream,
          format: `${this.verb} [{bar}] {value}/{total} contacts | {rate}/s | {eta_formatted} left`,
          hideCursor: true,
          etaBuffer: 20,
          fps: 4,
          // The caller says it is a terminal; the stream may be a test's stand-in.
          noTTYOutput: true,
          notTTYSchedule: 250,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, done, { rate: rate.toLocaleString('en') });
      return;
    }
    if (total !== this.bar.getTotal()) this.bar.setTotal(total);
    this.bar.update(done, { rate: rate.toLocaleString('en') });
  }

  private drawCounter(done: number, rate: number): void {
    this.counterShown = true;
    this.target.stream.write(
      `\r\x1b[K${this.verb}: ${done.toLocaleString('en')} contacts (${rate.toLocaleString('en')}/s)`,
    );
  }

  private clearLine(): void {
    if (!this.bar && !this.counterShown) return;
    this.counterShown = false;
    // Carriage return and "erase line"; the bar draws itself again on its next update.
    this.target.stream.write('\r\x1b[K');
  }

  /** Contacts a second in this session (an earlier session's contacts took no time here). */
  private rate(done: number, now: number): number {
    const seconds = (now - this.startedAt) / 1000;
    return seconds > 0 ? Math.round((done - this.doneAtStart) / seconds) : 0;
  }

  private line(text: string): void {
    this.target.stream.write(`${text}\n`);
  }
}

export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${s % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
