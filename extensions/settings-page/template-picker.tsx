import { Alert, Button, Flex, Heading, Text, Tile } from '@hubspot/ui-extensions';
import type { OverviewAnswer } from '../../src/settings-api/settings-contract.ts';
import type { SettingsMessages } from './messages/index.ts';
import type { ChangeStatus } from './use-settings-page.ts';

export interface TemplatePickerProps {
  overview: OverviewAnswer;
  change: ChangeStatus;
  messages: SettingsMessages;
  onChoose(templateId: string): void;
}

/**
 * First install: nothing is published, so the admin starts from a template (the backend
 * publishes it at once). A user who may not publish sees the templates and why the buttons
 * are off, instead of a button that fails.
 */
export function TemplatePicker({ overview, change, messages, onChoose }: TemplatePickerProps) {
  return (
    <Flex direction="column" gap="md">
      <Heading>{messages.firstInstallTitle}</Heading>
      <Text>{messages.firstInstallBody}</Text>
      {!overview.canPublish && (
        <Alert title={messages.onlySuperAdmins} variant="warning" testId="cannot-publish">
          {messages.cannotPublishWhy}
        </Alert>
      )}
      {change.error && (
        <Alert title={messages.loadErrorTitle} variant="error" testId="template-error">
          {change.error.message}
        </Alert>
      )}
      {overview.templates.map((template) => (
        <Tile key={template.id} testId={`template-${template.id}`}>
          <Heading>{template.label}</Heading>
          <Text>{template.description}</Text>
          <Button
            testId={`choose-${template.id}`}
            variant="primary"
            disabled={!overview.canPublish || change.running}
            onClick={() => onChoose(template.id)}
          >
            {messages.chooseTemplate}
          </Button>
        </Tile>
      ))}
    </Flex>
  );
}
