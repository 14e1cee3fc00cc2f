import type { Writable } from 'node:stream';

/** The reader went away (`recruitment-score score ... | head`): stop quietly, nothing is wrong. */
export class OutputClosedError extends Error {
  override name = 'OutputClosedError';
}

const CHUNK_CHARS = 64 * 1024;

/**
 * Writes text to a stream in chunks and honours backpressure: when the stream's buffer is
 * full, `write` returns a promise to await, so scoring a 1 GB file never queues the whole
 * output in memory. Chunking keeps the cost of one `stream.write` per contact away.
 */
export class StreamWriter {
  private pending = '';
  private failure: Error | undefined;

  constructor(
    private readonly stream: Writable,
    private readonly chunkChars = CHUNK_CHARS,
  ) {
    // Without a listener, EPIPE on stdout would crash the process with an unhandled 'error'.
    stream.on('error', (error: NodeJS.ErrnoException) => {
      this.failure =
        error.code === 'EPIPE' ? new OutputClosedError('output closed by the reader') : error;
    });
  }

  /** Queues text; returns a promise only when the caller has to wait for the stream. */
  write(text: string): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    this.pending += text;
    return this.pending.length >= this.chunkChars ? this.flush() : undefined;
  }

  /** Hands everything queued to the stream and waits if the stream asks for it. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending === '') return;
    const chunk = this.pending;
    this.pending = '';
    if (!this.stream.write(chunk)) await this.drained();
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        if (this.failure) reject(this.failure);
        else resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
  }
}
