import { useCallback, useEffect, useState } from 'react';
import type {
  JobInfo,
  OverviewAnswer,
  PropertyInfo,
} from '../../src/settings-api/settings-contract.ts';
import type { SettingsMessages } from './messages/index.ts';
import { SettingsLoadError, type SettingsClient } from './settings-client.ts';
import {
  useCalibration,
  type CalibrationActions,
  type CalibrationState,
} from './use-calibration.ts';
import { useDraft, type DraftActions, type DraftState } from './use-draft.ts';
import { useJobPoll } from './use-job-poll.ts';

export type LoadState =
  | { phase: 'loading' }
  | { phase: 'failed'; error: SettingsLoadError }
  | { phase: 'ready'; overview: OverviewAnswer };

/** What the last publish, rollback or template choice did, for the page to say. */
export interface ChangeStatus {
  running: boolean;
  /** The version it published. */
  published?: { version: number; rolledBack: boolean };
  error?: SettingsLoadError;
}

export interface SettingsPageState {
  load: LoadState;
  properties: PropertyInfo[];
  draft: DraftState;
  draftActions: DraftActions;
  change: ChangeStatus;
  /** The account's recalculation: the one that just started, or the latest one. */
  recalculation: JobInfo | undefined;
  preview: { job: JobInfo | undefined; starting: boolean; error?: SettingsLoadError };
  calibration: CalibrationState;
  calibrationActions: CalibrationActions;
  retry(): void;
  chooseTemplate(templateId: string): void;
  publish(note: string): void;
  rollback(version: number, note?: string): void;
  startPreview(): void;
}

export interface SettingsPageInputs {
  client: SettingsClient;
  messages: SettingsMessages;
  pollIntervalMs: number;
  validateDelayMs: number;
}

const asError = (error: unknown, messages: SettingsMessages) =>
  error instanceof SettingsLoadError ? error : new SettingsLoadError(messages.unexpectedAnswer);

/** The settings page's whole state in one hook; the views are pure functions of it. */
export function useSettingsPage(inputs: SettingsPageInputs): SettingsPageState {
  const { client, messages, pollIntervalMs, validateDelayMs } = inputs;
  const [load, setLoad] = useState<LoadState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [properties, setProperties] = useState<PropertyInfo[]>([]);
  const [change, setChange] = useState<ChangeStatus>({ running: false });
  const [startedRecalculation, setStartedRecalculation] = useState<JobInfo>();
  const [startedPreview, setStartedPreview] = useState<JobInfo>();
  const [latestCalibration, setLatestCalibration] = useState<JobInfo>();
  const [previewStatus, setPreviewStatus] = useState<{
    starting: boolean;
    error?: SettingsLoadError;
  }>({ starting: false });

  useEffect(() => {
    let current = true;
    setLoad({ phase: 'loading' });
    client.overview().then(
      (overview) => {
        if (!current) return;
        setLoad({ phase: 'ready', overview });
        setStartedRecalculation(overview.recalculation);
        setStartedPreview(overview.preview);
        setLatestCalibration(overview.calibration);
      },
      (error: unknown) => current && setLoad({ phase: 'failed', error: asError(error, messages) }),
    );
    // The pickers work without the property list (names are typed instead): a failure is quiet.
    client.properties().then(
      (answer) => current && setProperties(answer.properties),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client, messages, attempt]);

  const overview = load.phase === 'ready' ? load.overview : undefined;
  const [draft, draftActions] = useDraft(client, overview, validateDelayMs);
  const recalculation = useJobPoll(client, startedRecalculation, pollIntervalMs);
  const previewJob = useJobPoll(client, startedPreview, pollIntervalMs);
  const [calibration, calibrationActions] = useCalibration({
    client,
    messages,
    latest: latestCalibration,
    draft,
    draftActions,
    pollIntervalMs,
  });

  /** After a change the overview (published version, history) is read again, quietly. */
  const refreshOverview = useCallback(() => {
    client.overview().then(
      (next) => setLoad({ phase: 'ready', overview: next }),
      () => undefined,
    );
  }, [client]);

  const changeModel = useCallback(
    (run: () => Promise<{ version: number; recalculation?: JobInfo }>, rolledBack: boolean) => {
      setChange({ running: true });
      run().then(
        ({ version, recalculation: job }) => {
          setChange({ running: false, published: { version, rolledBack } });
          if (job) setStartedRecalculation(job);
          refreshOverview();
        },
        (error: unknown) => setChange({ running: false, error: asError(error, messages) }),
      );
    },
    [messages, refreshOverview],
  );

  const chooseTemplate = useCallback(
    (templateId: string) => {
      setChange({ running: true });
      client.chooseTemplate(templateId).then(
        (answer) => {
          draftActions.replace(answer.draftYaml);
          setChange({
            running: false,
            ...(answer.published && {
              published: { version: answer.published.version, rolledBack: false },
            }),
          });
          if (answer.recalculation) setStartedRecalculation(answer.recalculation);
          refreshOverview();
        },
        (error: unknown) => setChange({ running: false, error: asError(error, messages) }),
      );
    },
    [client, draftActions, messages, refreshOverview],
  );

  const publish = useCallback(
    (note: string) =>
      changeModel(async () => {
        // The backend publishes the stored draft: an edit not yet saved is saved first.
        const unsaved = draft.dirty ? await draftActions.save() : undefined;
        if (unsaved) throw unsaved;
        const answer = await client.publish(note.trim() || undefined);
        return { version: answer.published.version, recalculation: answer.recalculation };
      }, false),
    [changeModel, client, draft.dirty, draftActions],
  );

  const rollback = useCallback(
    (version: number, note = '') =>
      changeModel(async () => {
        const answer = await client.rollback(version, note.trim() || undefined);
        return { version: answer.published.version, recalculation: answer.recalculation };
      }, true),
    [changeModel, client],
  );

  const startPreview = useCallback(() => {
    setPreviewStatus({ starting: true });
    client.preview(draft.yaml || undefined).then(
      (answer) => {
        setPreviewStatus({ starting: false });
        setStartedPreview(answer.job);
      },
      (error: unknown) => setPreviewStatus({ starting: false, error: asError(error, messages) }),
    );
  }, [client, draft.yaml, messages]);

  return {
    load,
    properties,
    draft,
    draftActions,
    change,
    recalculation,
    preview: { job: previewJob, ...previewStatus },
    calibration,
    calibrationActions,
    retry: () => setAttempt((n) => n + 1),
    chooseTemplate,
    publish,
    rollback,
    startPreview,
  };
}
