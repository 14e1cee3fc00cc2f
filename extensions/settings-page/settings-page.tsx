import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  Flex,
  LoadingSpinner,
  Tab,
  Tabs,
  Text,
} from '@hubspot/ui-extensions';
import { useMemo } from 'react';
import { CalibrationPanel } from './calibration-panel.tsx';
import { formatWhen } from './format.ts';
import { JobProgress, RecalculationSummary } from './job-progress.tsx';
import { settingsMessagesFor, type SettingsMessages } from './messages/index.ts';
import { ModelEditor } from './model-editor.tsx';
import { PreviewPanel } from './preview-panel.tsx';
import { PublishPanel } from './publish-panel.tsx';
import { settingsClient, type HubSpotFetch } from './settings-client.ts';
import { TemplatePicker } from './template-picker.tsx';
import { JOB_POLL_MS } from './use-job-poll.ts';
import { VALIDATE_DELAY_MS } from './use-draft.ts';
import { useSettingsPage, type SettingsPageState } from './use-settings-page.ts';
import { YamlPanel } from './yaml-panel.tsx';

/** What the settings page needs from HubSpot's `context`. */
export interface SettingsContextLike {
  portal: { id: number; timezone?: string };
  user: { id: number; locale?: string };
}

export interface RecruitmentSettingsPageProps {
  context: SettingsContextLike;
  fetch: HubSpotFetch;
  baseUrl: string;
  /** Tests shorten these; HubSpot's page keeps the defaults. */
  pollIntervalMs?: number;
  validateDelayMs?: number;
}

export function RecruitmentSettingsPage(props: RecruitmentSettingsPageProps) {
  const { context, fetch, baseUrl } = props;
  const locale = context.user.locale;
  const messages = useMemo(() => settingsMessagesFor(locale), [locale]);
  const client = useMemo(
    () =>
      settingsClient(
        fetch,
        baseUrl,
        { portalId: context.portal.id, userId: context.user.id, locale },
        messages,
      ),
    [fetch, baseUrl, context.portal.id, context.user.id, locale, messages],
  );
  const state = useSettingsPage({
    client,
    messages,
    pollIntervalMs: props.pollIntervalMs ?? JOB_POLL_MS,
    validateDelayMs: props.validateDelayMs ?? VALIDATE_DELAY_MS,
  });
  return <SettingsView state={state} messages={messages} timeZone={context.portal.timezone} />;
}

/** The page as a pure function of its state. */
export function SettingsView({
  state,
  messages,
  timeZone,
}: {
  state: SettingsPageState;
  messages: SettingsMessages;
  timeZone?: string | undefined;
}) {
  const { load } = state;
  if (load.phase === 'loading') {
    return <LoadingSpinner label={messages.loading} showLabel testId="settings-loading" />;
  }
  if (load.phase === 'failed') {
    return (
      <ErrorState title={messages.loadErrorTitle} testId="settings-error">
        <Text>{load.error.message}</Text>
        <Button onClick={state.retry} testId="settings-retry">
          {messages.retry}
        </Button>
      </ErrorState>
    );
  }
  const { overview } = load;
  const recalculation = state.recalculation && (
    <Flex direction="column" gap="xs">
      <JobProgress
        job={state.recalculation}
        title={messages.recalculationTitle}
        messages={messages}
        testId="recalculation"
      />
      <RecalculationSummary job={state.recalculation} messages={messages} />
    </Flex>
  );
  if (!overview.published) {
    return (
      <Flex direction="column" gap="md">
        <TemplatePicker
          overview={overview}
          change={state.change}
          messages={messages}
          onChoose={state.chooseTemplate}
        />
        {recalculation}
      </Flex>
    );
  }
  const { published } = overview;
  return (
    <Flex direction="column" gap="md">
      <Text testId="published-version">
        {messages.publishedVersion(
          published.version,
          formatWhen(published.publishedAt, messages, timeZone),
          published.publishedBy,
        )}
      </Text>
      {recalculation}
      <Tabs defaultSelected="model">
        <Tab tabId="model" title={messages.tabModel}>
          {state.draft.model ? (
            <ModelEditor state={state} messages={messages} />
          ) : (
            <EmptyState title={messages.unreadableDraft} testId="unreadable-draft">
              <Text>{messages.unreadableDraft}</Text>
            </EmptyState>
          )}
        </Tab>
        <Tab tabId="yaml" title={messages.tabYaml}>
          <YamlPanel draft={state.draft} actions={state.draftActions} messages={messages} />
        </Tab>
        <Tab tabId="preview" title={messages.tabPreview}>
          <PreviewPanel preview={state.preview} messages={messages} onStart={state.startPreview} />
        </Tab>
        <Tab tabId="calibrate" title={messages.tabCalibrate}>
          <CalibrationPanel
            calibration={state.calibration}
            actions={state.calibrationActions}
            properties={state.properties}
            canCalibrate={overview.canPublish}
            messages={messages}
          />
        </Tab>
        <Tab tabId="publish" title={messages.tabPublish}>
          <PublishPanel
            overview={overview}
            change={state.change}
            draftProblems={state.draft.problems.length}
            messages={messages}
            {...(timeZone !== undefined && { timeZone })}
            onPublish={state.publish}
            onRollback={state.rollback}
          />
        </Tab>
      </Tabs>
      {state.draft.error && (
        <Alert title={state.draft.error.message} variant="error" testId="draft-error" />
      )}
    </Flex>
  );
}
