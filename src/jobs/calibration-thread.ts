import { Worker } from 'node:worker_threads';
import type { CalibrationInput, CalibrationReport } from '../calibration/index.ts';

/** What the worker needs: the model as text (parsed there), everything else as data. */
export interface CalibrationTask {
  modelYaml: string;
  modelSource: string;
  input: Omit<CalibrationInput, 'model' | 'modelText' | 'modelSource'> & { modelSource: string };
}

export type CalibrationTaskAnswer =
  | { ok: true; report: CalibrationReport; suggestedYaml: string }
  | { ok: false; calibrationError: boolean; message: string };

const WORKER = new URL('./calibration-worker.ts', import.meta.url).href;

/**
 * Runs calibrate() in a worker thread (calibration-worker.ts) and resolves with its answer. The
 * worker loads TypeScript through tsx (a runtime dependency: `npm start` runs on it too), so
 * the server and tests start it the same way. An abort terminates the worker at once.
 */
export function calibrateInWorker(
  task: CalibrationTask,
  signal: AbortSignal,
): Promise<CalibrationTaskAnswer> {
  signal.throwIfAborted();
  const worker = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER)}); });`,
    { eval: true, workerData: task },
  );
  return new Promise<CalibrationTaskAnswer>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      settle(() => reject(signal.reason));
      void worker.terminate();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (answer: CalibrationTaskAnswer) => settle(() => resolve(answer)));
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`the calibration worker stopped (exit code ${code})`))),
    );
  });
}
