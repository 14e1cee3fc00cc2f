import {
  Alert,
  Button,
  Flex,
  Heading,
  Input,
  MultiSelect,
  NumberInput,
  Select,
  StepIndicator,
  Text,
  ToggleGroup,
} from '@hubspot/ui-extensions';
import type { JobInfo, PropertyInfo } from '../../src/settings-api/settings-contract.ts';
import { CalibrationReport } from './calibration-report.tsx';
import {
  checkCalibrationForm,
  outcomeProperties,
  type CalibrationForm,
} from './calibration-form.ts';
import { splitList } from './editing.ts';
import { JobProgress } from './job-progress.tsx';
import type { SettingsMessages } from './messages/index.ts';
import {
  calibrationResult,
  type CalibrationActions,
  type CalibrationState,
} from './use-calibration.ts';
import { jobIsActive } from './use-job-poll.ts';

export interface CalibrationPanelProps {
  calibration: CalibrationState;
  actions: CalibrationActions;
  properties: readonly PropertyInfo[];
  canCalibrate: boolean;
  messages: SettingsMessages;
}

/** Up to this many options show as checkboxes; more (countries, sources) as a multi-select. */
const CHECKBOX_OPTIONS = 12;

const STAGES = ['reading', 'history', 'learning'] as const;

/**
 * Calibrate on the account's own contacts: the outcome and the options, the running job by
 * stage, then the report and the suggestion to load as the draft.
 */
export function CalibrationPanel(props: CalibrationPanelProps) {
  const { calibration, actions, properties, canCalibrate, messages } = props;
  const { form, job } = calibration;
  const check = checkCalibrationForm(form, messages);
  const running = calibration.starting || jobIsActive(job);
  const result = calibrationResult(job);
  return (
    <Flex direction="column" gap="md">
      <Heading>{messages.calibrationTitle}</Heading>
      <Text>{messages.calibrationBody}</Text>
      {!canCalibrate && (
        <Alert title={messages.calibrationNotAllowed} variant="warning" testId="cannot-calibrate" />
      )}
      <OutcomeFields
        form={form}
        properties={properties}
        messages={messages}
        onChange={actions.change}
      />
      <Select
        name="calibration-base"
        testId="calibration-base"
        label={messages.calibrationBase}
        options={(['published', 'draft'] as const).map((base) => ({
          label: messages.baseKinds[base],
          value: base,
        }))}
        value={form.base}
        onChange={(base) => actions.change({ base: base === 'draft' ? 'draft' : 'published' })}
      />
      <NumberInput
        name="calibration-max-criteria"
        testId="calibration-max-criteria"
        label={messages.maxCriteria}
        min={0}
        max={100}
        {...(form.maxCriteria !== undefined && { value: form.maxCriteria })}
        onChange={(n) => actions.change({ maxCriteria: Number.isFinite(n) ? n : undefined })}
        {...(check.maxCriteria && { error: true, validationMessage: check.maxCriteria })}
      />
      <NumberInput
        name="calibration-hot-rate"
        testId="calibration-hot-rate"
        label={messages.hotRate}
        description={messages.hotRateHelp}
        {...(form.hotRatePercent !== undefined && { value: form.hotRatePercent })}
        onChange={(n) => actions.change({ hotRatePercent: Number.isFinite(n) ? n : undefined })}
        {...(check.hotRate && { error: true, validationMessage: check.hotRate })}
      />
      {check.outcome && (
        <Text variant="microcopy" testId="calibration-outcome-missing">
          {check.outcome}
        </Text>
      )}
      <Button
        variant="primary"
        testId="start-calibration"
        disabled={!canCalibrate || running || check.request === undefined}
        onClick={actions.start}
      >
        {messages.startCalibration}
      </Button>
      {calibration.error && (
        <Alert title={calibration.error.message} variant="error" testId="calibration-error" />
      )}
      {job && job.status !== 'finished' && <CalibrationProgress job={job} messages={messages} />}
      {result && (
        <CalibrationReport
          result={result}
          calibration={calibration}
          messages={messages}
          onLoad={actions.loadAsDraft}
        />
      )}
    </Flex>
  );
}

function OutcomeFields({
  form,
  properties,
  messages,
  onChange,
}: {
  form: CalibrationForm;
  properties: readonly PropertyInfo[];
  messages: SettingsMessages;
  onChange(next: Partial<CalibrationForm>): void;
}) {
  const candidates = outcomeProperties(properties);
  const chosen = candidates.find((p) => p.name === form.property);
  const choose = (property: string) => onChange({ property, values: [] });
  const pickValues = (values: readonly (string | number | boolean)[]) =>
    onChange({ values: values.map(String) });
  return (
    <Flex direction="column" gap="sm">
      {candidates.length === 0 ? (
        // The account's properties could not be read: the name is typed instead.
        <Input
          name="calibration-property"
          testId="calibration-property"
          label={messages.outcomeProperty}
          description={messages.outcomePropertyHelp}
          value={form.property}
          onChange={(text) => choose(text.trim())}
        />
      ) : (
        <Select
          name="calibration-property"
          testId="calibration-property"
          label={messages.outcomeProperty}
          description={messages.outcomePropertyHelp}
          placeholder={messages.noProperty}
          options={candidates.map((p) => ({ label: `${p.label} (${p.name})`, value: p.name }))}
          value={form.property}
          onChange={(name) => choose(String(name))}
        />
      )}
      {chosen && chosen.options.length > 0 ? (
        chosen.options.length <= CHECKBOX_OPTIONS ? (
          <ToggleGroup
            toggleType="checkboxList"
            name="calibration-values"
            testId="calibration-values"
            label={messages.outcomeValues}
            options={chosen.options.map((o) => ({ label: o.label, value: o.value }))}
            value={form.values}
            onChange={pickValues}
          />
        ) : (
          <MultiSelect
            name="calibration-values"
            testId="calibration-values"
            label={messages.outcomeValues}
            options={chosen.options.map((o) => ({ label: o.label, value: o.value }))}
            value={form.values}
            onChange={pickValues}
          />
        )
      ) : (
        form.property !== '' && (
          <Input
            name="calibration-values"
            testId="calibration-values"
            label={messages.outcomeValuesTyped}
            value={form.values.join(', ')}
            onChange={(text) => onChange({ values: splitList(text) ?? [] })}
          />
        )
      )}
    </Flex>
  );
}

/** The running calibration: which stage it is in, and how far that stage is. */
function CalibrationProgress({ job, messages }: { job: JobInfo; messages: SettingsMessages }) {
  const { stage, done, total } = job.progress;
  return (
    <Flex direction="column" gap="xs">
      {stage && jobIsActive(job) && (
        <StepIndicator
          testId="calibration-stage"
          stepNames={STAGES.map((s) => messages.calibrationStages[s])}
          currentStep={STAGES.indexOf(stage)}
        />
      )}
      <JobProgress
        job={job}
        title={stage ? messages.calibrationStages[stage] : messages.calibrationTitle}
        messages={messages}
        testId="calibration"
        {...(stage && { description: messages.calibrationProgress[stage](done, total) })}
      />
    </Flex>
  );
}
