import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ModelProblem, OverviewAnswer } from '../../src/settings-api/settings-contract.ts';
import { readDraft, withValueAt, writeDraft, type ModelObject, type Path } from './model-draft.ts';
import type { SettingsClient, SettingsLoadError } from './settings-client.ts';

export const VALIDATE_DELAY_MS = 600;

export interface DraftState {
  yaml: string;
  /** The draft's values for the form editors; undefined while the YAML does not parse. */
  model: ModelObject | undefined;
  problems: ModelProblem[];
  missingProperties: string[];
  validating: boolean;
  /** Edited since it was last stored. */
  dirty: boolean;
  saving: boolean;
  saved: boolean;
  importStatus: { problems: ModelProblem[]; imported: boolean; error?: SettingsLoadError };
  error?: SettingsLoadError;
}

export interface DraftActions {
  edit(path: Path, value: unknown): void;
  importYaml(text: string): void;
  /** Stores the draft; answers the failure, or undefined once it is stored. */
  save(): Promise<SettingsLoadError | undefined>;
  /** A new draft from the backend (a chosen template). */
  replace(yaml: string): void;
  /** Stores `yaml` as the draft (a calibration's suggestion) and edits it from then on. */
  load(yaml: string): Promise<SettingsLoadError | undefined>;
}

const startingYaml = (overview: OverviewAnswer | undefined) =>
  overview?.draft?.modelYaml ?? overview?.published?.modelYaml ?? '';

/**
 * The draft being edited: every edit asks the backend to validate it (debounced, so typing a
 * number asks once), and the problems come back by path for the fields to show.
 */
export function useDraft(
  client: SettingsClient,
  overview: OverviewAnswer | undefined,
  validateDelayMs: number,
): [DraftState, DraftActions] {
  const [yaml, setYaml] = useState(() => startingYaml(overview));
  const [problems, setProblems] = useState<ModelProblem[]>(overview?.draft?.problems ?? []);
  const [missingProperties, setMissing] = useState<string[]>([]);
  const [validating, setValidating] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<SettingsLoadError>();
  const [importStatus, setImport] = useState<DraftState['importStatus']>({
    problems: [],
    imported: false,
  });
  const [edits, setEdits] = useState(0);
  const loaded = useRef(false);

  useEffect(() => {
    if (!overview || loaded.current) return;
    loaded.current = true;
    setYaml(startingYaml(overview));
    setProblems(overview.draft?.problems ?? []);
    setEdits((n) => n + 1);
  }, [overview]);

  useEffect(() => {
    if (edits === 0 || yaml === '') return;
    let current = true;
    setValidating(true);
    const timer = setTimeout(() => {
      client.validate(yaml).then(
        (answer) => {
          if (!current) return;
          setProblems(answer.problems);
          setMissing(answer.missingProperties);
          setValidating(false);
        },
        (failure: unknown) => {
          if (!current) return;
          setError(failure as SettingsLoadError);
          setValidating(false);
        },
      );
    }, validateDelayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, yaml, edits, validateDelayMs]);

  const model = useMemo(() => readDraft(yaml), [yaml]);

  const edit = useCallback(
    (path: Path, value: unknown) => {
      if (!model) return;
      setYaml(writeDraft(withValueAt(model, path, value)));
      setDirty(true);
      setSaved(false);
      setEdits((n) => n + 1);
    },
    [model],
  );

  const store = useCallback(
    async (text: string) => {
      setSaving(true);
      try {
        const answer = await client.saveDraft(text);
        setYaml(text);
        setProblems(answer.problems);
        setMissing(answer.missingProperties);
        setDirty(false);
        setSaved(true);
        setError(undefined);
        return undefined;
      } catch (failure) {
        setError(failure as SettingsLoadError);
        return failure as SettingsLoadError;
      } finally {
        setSaving(false);
      }
    },
    [client],
  );
  const save = useCallback(() => store(yaml), [store, yaml]);

  const importYaml = useCallback(
    (text: string) => {
      client.validate(text).then(
        (answer) => {
          // An invalid import leaves the draft as it was: the admin fixes the text and tries again.
          if (!answer.valid) return setImport({ problems: answer.problems, imported: false });
          setImport({ problems: [], imported: true });
          setYaml(text);
          setProblems(answer.problems);
          setMissing(answer.missingProperties);
          setDirty(true);
          setSaved(false);
        },
        (failure: unknown) =>
          setImport({ problems: [], imported: false, error: failure as SettingsLoadError }),
      );
    },
    [client],
  );

  const replace = useCallback((next: string) => {
    setYaml(next);
    setDirty(false);
    setEdits((n) => n + 1);
  }, []);

  return [
    {
      yaml,
      model,
      problems,
      missingProperties,
      validating,
      dirty,
      saving,
      saved,
      importStatus,
      ...(error && { error }),
    },
    { edit, importYaml, save, replace, load: store },
  ];
}
