import { useCallback, useEffect, useState } from 'react';
import {
  calibrationResultSchema,
  type CalibrationResult,
  type JobInfo,
} from '../../src/settings-api/settings-contract.ts';
import {
  checkCalibrationForm,
  emptyCalibrationForm,
  type CalibrationForm,
} from './calibration-form.ts';
import type { SettingsMessages } from './messages/index.ts';
import { SettingsLoadError, type SettingsClient } from './settings-client.ts';
import type { DraftActions, DraftState } from './use-draft.ts';
import { useJobPoll } from './use-job-poll.ts';

export interface CalibrationState {
  form: CalibrationForm;
  /** The calibration that just started, or the account's latest one (from the overview). */
  job: JobInfo | undefined;
  starting: boolean;
  error?: SettingsLoadError;
  /** Loading the suggestion as the draft: under way, done, or why it failed. */
  loading: boolean;
  loaded: boolean;
  loadError?: SettingsLoadError;
}

export interface CalibrationActions {
  change(next: Partial<CalibrationForm>): void;
  /** Starts a calibration with the form's request (nothing happens while the form is not ready). */
  start(): void;
  /** Saves the finished calibration's suggested model as the draft. */
  loadAsDraft(): void;
}

export interface CalibrationInputs {
  client: SettingsClient;
  messages: SettingsMessages;
  /** The overview's latest calibration, shown (and followed while it runs) on load. */
  latest: JobInfo | undefined;
  draft: DraftState;
  draftActions: DraftActions;
  pollIntervalMs: number;
}

/** The calibration's result, when the job is finished and carries one. */
export function calibrationResult(job: JobInfo | undefined): CalibrationResult | undefined {
  if (job?.status !== 'finished') return undefined;
  const parsed = calibrationResultSchema.safeParse(job.result);
  return parsed.success ? parsed.data : undefined;
}

const asError = (error: unknown, messages: SettingsMessages) =>
  error instanceof SettingsLoadError ? error : new SettingsLoadError(messages.unexpectedAnswer);

/** The calibrate panel's state: its form, the job it follows, and loading the suggestion. */
export function useCalibration(inputs: CalibrationInputs): [CalibrationState, CalibrationActions] {
  const { client, messages, latest, draft, draftActions, pollIntervalMs } = inputs;
  const [form, setForm] = useState(emptyCalibrationForm);
  const [started, setStarted] = useState(latest);
  useEffect(() => setStarted(latest), [latest]);
  const job = useJobPoll(client, started, pollIntervalMs);
  const [status, setStatus] = useState<{ starting: boolean; error?: SettingsLoadError }>({
    starting: false,
  });
  const [load, setLoad] = useState<{
    loading: boolean;
    loaded: boolean;
    loadError?: SettingsLoadError;
  }>({ loading: false, loaded: false });

  const change = useCallback(
    (next: Partial<CalibrationForm>) => setForm((current) => ({ ...current, ...next })),
    [],
  );

  const start = useCallback(() => {
    const { request } = checkCalibrationForm(form, messages);
    if (!request) return;
    setStatus({ starting: true });
    setLoad({ loading: false, loaded: false });
    const run = async () => {
      // The backend calibrates the stored draft: an edit not yet saved is saved first.
      if (request.base === 'draft' && draft.dirty) {
        const unsaved = await draftActions.save();
        if (unsaved) throw unsaved;
      }
      return client.calibrate(request);
    };
    run().then(
      (answer) => {
        setStatus({ starting: false });
        setStarted(answer.job);
      },
      (error: unknown) => setStatus({ starting: false, error: asError(error, messages) }),
    );
  }, [client, draft.dirty, draftActions, form, messages]);

  const loadAsDraft = useCallback(() => {
    const result = calibrationResult(job);
    if (!result) return;
    setLoad({ loading: true, loaded: false });
    draftActions.load(result.suggestedYaml).then(
      (failure) =>
        setLoad(
          failure
            ? { loading: false, loaded: false, loadError: failure }
            : { loading: false, loaded: true },
        ),
      (error: unknown) =>
        setLoad({ loading: false, loaded: false, loadError: asError(error, messages) }),
    );
  }, [draftActions, job, messages]);

  return [
    { form, job, ...status, ...load },
    { change, start, loadAsDraft },
  ];
}
