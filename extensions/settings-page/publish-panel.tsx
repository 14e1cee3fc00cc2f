import { Alert, Button, Flex, Heading, Input, Tag, Text } from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { OverviewAnswer } from '../../src/settings-api/settings-contract.ts';
import { formatWhen } from './format.ts';
import { FigureTable } from './figure-table.tsx';
import type { SettingsMessages } from './messages/index.ts';
import { ProblemList } from './problem-list.tsx';
import type { ChangeStatus } from './use-settings-page.ts';

export interface PublishPanelProps {
  overview: OverviewAnswer;
  change: ChangeStatus;
  draftProblems: number;
  messages: SettingsMessages;
  timeZone?: string;
  onPublish(note: string): void;
  /** The note field's text goes with a rollback too: why the earlier version is back. */
  onRollback(version: number, note: string): void;
}

/** Publish the draft with a note, or publish an earlier version again from the history. */
export function PublishPanel(props: PublishPanelProps) {
  const { overview, change, draftProblems, messages, timeZone, onPublish, onRollback } = props;
  const [note, setNote] = useState('');
  const current = overview.published?.version;
  const blocked = !overview.canPublish || change.running;
  return (
    <Flex direction="column" gap="md">
      <Heading>{messages.publishTitle}</Heading>
      {!overview.canPublish && (
        <Alert title={messages.onlySuperAdmins} variant="warning" testId="cannot-publish">
          {messages.cannotPublishWhy}
        </Alert>
      )}
      <Input
        name="publish-note"
        label={messages.publishNote}
        value={note}
        onChange={setNote}
        testId="publish-note"
      />
      <Button
        variant="primary"
        testId="publish"
        disabled={blocked || draftProblems > 0}
        onClick={() => onPublish(note)}
      >
        {messages.publish}
      </Button>
      {change.published && (
        <Alert title={messages.publishTitle} variant="success" testId="published">
          {change.published.rolledBack
            ? messages.rolledBack(change.published.version)
            : messages.published(change.published.version)}
        </Alert>
      )}
      {change.error && (
        <Alert title={change.error.message} variant="error" testId="publish-error">
          <ProblemList problems={change.error.problems} />
        </Alert>
      )}
      <Heading>{messages.historyTitle}</Heading>
      {overview.history.length === 0 ? (
        <Text>{messages.nothingPublished}</Text>
      ) : (
        <FigureTable
          testId="history"
          headers={[
            messages.historyVersion,
            messages.historyWhen,
            messages.historyBy,
            messages.historyNote,
            ' ',
          ]}
          rows={overview.history.map((v) => ({
            key: v.version,
            cells: [
              v.version,
              formatWhen(v.publishedAt, messages, timeZone),
              v.publishedBy,
              v.note ?? '',
              v.version === current ? (
                <Tag variant="success">{messages.currentVersion}</Tag>
              ) : (
                <Button
                  testId={`rollback-${v.version}`}
                  size="small"
                  disabled={blocked}
                  onClick={() => onRollback(v.version, note)}
                >
                  {messages.rollback}
                </Button>
              ),
            ],
          }))}
        />
      )}
    </Flex>
  );
}
