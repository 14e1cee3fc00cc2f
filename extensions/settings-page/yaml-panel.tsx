import { Alert, Button, Flex, Heading, Text, TextArea } from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { SettingsMessages } from './messages/index.ts';
import { ProblemList } from './problem-list.tsx';
import type { DraftActions, DraftState } from './use-draft.ts';

/**
 * Import and export for power users: the draft's YAML to copy, and a text to paste that
 * replaces the draft only once the backend calls it valid.
 */
export function YamlPanel({
  draft,
  actions,
  messages,
}: {
  draft: DraftState;
  actions: DraftActions;
  messages: SettingsMessages;
}) {
  const [text, setText] = useState<string>();
  const shown = text ?? draft.yaml;
  return (
    <Flex direction="column" gap="sm">
      <Heading>{messages.yamlTitle}</Heading>
      <Text>{messages.yamlBody}</Text>
      <TextArea
        name="model-yaml"
        label={messages.yamlTitle}
        description={messages.exportTitle}
        value={shown}
        rows={24}
        onChange={setText}
        testId="model-yaml"
      />
      <Button testId="import-yaml" onClick={() => actions.importYaml(shown)}>
        {messages.importYaml}
      </Button>
      {draft.importStatus.imported && (
        <Alert title={messages.imported} variant="success" testId="imported" />
      )}
      {draft.importStatus.error && (
        <Alert title={draft.importStatus.error.message} variant="error" testId="import-error" />
      )}
      {draft.importStatus.problems.length > 0 && (
        <Alert title={messages.invalidModel} variant="error" testId="import-problems">
          <ProblemList problems={draft.importStatus.problems} />
        </Alert>
      )}
    </Flex>
  );
}
