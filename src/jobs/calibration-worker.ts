import { parentPort, workerData } from 'node:worker_threads';
import { calibrate, CalibrationError } from '../calibration/index.ts';
import { parseModel } from '../model/load-model.ts';
import type { CalibrationTask, CalibrationTaskAnswer } from './calibration-thread.ts';

/**
 * The worker thread's side of a background calibration (calibration-thread.ts): learning from
 * thousands of contacts takes seconds to minutes of CPU, which must not hold up webhooks and
 * card requests on the server's event loop.
 */
const task = workerData as CalibrationTask;
let answer: CalibrationTaskAnswer;
try {
  const model = parseModel(task.modelYaml, task.modelSource);
  const { report, suggested } = calibrate({ ...task.input, model, modelText: task.modelYaml });
  answer = { ok: true, report, suggestedYaml: suggested.text };
} catch (error) {
  answer = {
    ok: false,
    calibrationError: error instanceof CalibrationError,
    message: error instanceof Error ? error.message : String(error),
  };
}
parentPort!.postMessage(answer);
