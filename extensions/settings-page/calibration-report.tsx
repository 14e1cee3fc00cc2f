import { Alert, Button, Flex, Heading, Tag, Text } from '@hubspot/ui-extensions';
import { protectedGroundOf } from '../../src/model/protected-attributes.ts';
import type { CalibrationResult } from '../../src/settings-api/settings-contract.ts';
import { formatCount, formatDecimal, formatLift, formatPoints, formatRate } from './format.ts';
import { FigureTable } from './figure-table.tsx';
import type { SettingsMessages } from './messages/index.ts';
import type { CalibrationState } from './use-calibration.ts';

export interface CalibrationReportProps {
  result: CalibrationResult;
  calibration: CalibrationState;
  messages: SettingsMessages;
  onLoad(): void;
}

/** Content rows shown: the ten with the highest lift. */
const CONTENT_ROWS = 10;

type Figures = CalibrationResult['backtest']['current'];

/** What a calibration found, as the command line's HTML report says it, in the admin's words. */
export function CalibrationReport({
  result,
  calibration,
  messages,
  onLoad,
}: CalibrationReportProps) {
  const dutch = messages.locale.startsWith('nl');
  // The backend never proposes a protected attribute; should one arrive, it is named and the
  // suggestion cannot be loaded (the draft would only be refused when published).
  const protectedProposals = result.proposed.flatMap((p) => {
    const ground = protectedGroundOf(p.property);
    return ground === undefined
      ? []
      : [messages.protectedProperty(p.property, messages.protectedGrounds[ground])];
  });
  const proposed = result.proposed.filter((p) => protectedGroundOf(p.property) === undefined);
  const content = [...result.content]
    .sort((a, b) => (b.lift ?? -Infinity) - (a.lift ?? -Infinity))
    .slice(0, CONTENT_ROWS);
  const measures: { label: string; show(f: Figures): string }[] = [
    { label: messages.rocAuc, show: (f) => formatDecimal(f.rocAuc, 3, messages) },
    { label: messages.prAuc, show: (f) => formatDecimal(f.prAuc, 3, messages) },
    { label: messages.liftTop10, show: (f) => formatLift(f.liftTop10, messages) },
    { label: messages.recallTop10, show: (f) => formatRate(f.recallTop10, messages) },
  ];
  const arrow = (before: string, after: string) => `${before} → ${after}`;
  const points = (n: number | null) => (n === null ? '–' : formatPoints(n, messages));
  return (
    <Flex direction="column" gap="md" testId="calibration-report">
      <Heading>{messages.reportTitle}</Heading>
      <Text testId="calibration-outcome">
        {messages.reportOutcome(
          result.outcome.property,
          result.outcome.values.join(', '),
          result.candidates,
          result.withOutcome,
        )}
      </Text>
      <Text testId="calibration-split">
        {messages.reportSplit(result.split.learning, result.split.holdout)}
      </Text>
      {result.warnings.length > 0 && (
        <Flex direction="column" gap="xs" testId="calibration-warnings">
          {result.warnings.map((w) => (
            <Alert key={w} title={w} variant="warning" />
          ))}
        </Flex>
      )}
      {protectedProposals.length > 0 && (
        <Flex direction="column" gap="xs" testId="calibration-protected">
          {protectedProposals.map((text) => (
            <Alert key={text} title={text} variant="error" />
          ))}
        </Flex>
      )}

      <Heading>{messages.backtestTitle}</Heading>
      <FigureTable
        testId="calibration-backtest"
        headers={[
          messages.measureColumn,
          messages.currentModel,
          messages.suggestedModel,
          messages.referenceModel,
        ]}
        rows={measures.map((m) => ({
          key: m.label,
          cells: [
            m.label,
            m.show(result.backtest.current),
            m.show(result.backtest.suggested),
            m.show(result.backtest.reference),
          ],
        }))}
      />

      <Heading>{messages.pointsTitle}</Heading>
      <FigureTable
        testId="calibration-points"
        headers={[
          messages.criterionColumn,
          messages.pointsChange,
          messages.statusColumn,
          messages.matchesColumn,
        ]}
        rows={result.points.map((p, i) => ({
          key: `${i}:${p.label}`,
          cells: [
            p.label,
            arrow(points(p.currentPoints), points(p.suggestedPoints)),
            messages.pointsStatus[p.status] ?? p.status,
            messages.matches(p.matches, p.outcomesAmongMatches),
          ],
        }))}
      />

      <Heading>{messages.proposedTitle}</Heading>
      {proposed.length === 0 ? (
        <Text testId="calibration-none-proposed">{messages.noneProposed}</Text>
      ) : (
        <FigureTable
          testId="calibration-proposed"
          headers={[
            messages.criterionColumn,
            messages.property,
            messages.supportColumn,
            messages.outcomeRateColumn,
            messages.points,
          ]}
          rows={proposed.map((p, i) => ({
            key: `${i}:${p.label}`,
            cells: [
              dutch ? p.labelNl : p.label,
              p.property,
              formatCount(p.matches, messages),
              formatRate(p.outcomeRate, messages),
              formatPoints(p.points, messages),
            ],
          }))}
        />
      )}

      <Heading>{messages.contentTitle}</Heading>
      {content.length === 0 ? (
        <Text testId="calibration-no-content">{messages.noContent}</Text>
      ) : (
        <FigureTable
          testId="calibration-content"
          headers={[
            messages.contentColumn,
            messages.contentKindColumn,
            messages.touchedColumn,
            messages.outcomeRateColumn,
            messages.liftColumn,
            ' ',
          ]}
          rows={content.map((c) => ({
            key: `${c.kind}:${c.name}`,
            cells: [
              c.name,
              c.kind,
              formatCount(c.touched, messages),
              formatRate(c.rateTouched, messages),
              c.liftLow === null || c.liftHigh === null
                ? formatLift(c.lift, messages)
                : `${formatLift(c.lift, messages)} (${formatDecimal(c.liftLow, 1, messages)}–${formatLift(c.liftHigh, messages)})`,
              c.smallSample && <Tag variant="warning">{messages.smallSample}</Tag>,
            ],
          }))}
        />
      )}

      <Heading>{messages.suggestedTiersTitle}</Heading>
      <Text testId="calibration-tier-basis">{messages.tierBasis(result.tiers.basis)}</Text>
      <FigureTable
        testId="calibration-tiers"
        headers={[
          messages.tierColumn,
          messages.minScoreChange,
          messages.shareChange,
          messages.outcomeRateAfter,
        ]}
        rows={result.tiers.lines.map((t) => ({
          key: t.name,
          cells: [
            t.name,
            arrow(points(t.currentMinScore), points(t.suggestedMinScore)),
            arrow(formatRate(t.shareBefore, messages), formatRate(t.shareAfter, messages)),
            formatRate(t.outcomeRateAfter, messages),
          ],
        }))}
      />

      <Button
        variant="primary"
        testId="load-calibration"
        disabled={calibration.loading || protectedProposals.length > 0}
        onClick={onLoad}
      >
        {messages.loadAsDraft}
      </Button>
      {calibration.loaded && (
        <Alert title={messages.loadAsDraft} variant="success" testId="calibration-loaded">
          {messages.loadedAsDraft}
        </Alert>
      )}
      {calibration.loadError && (
        <Alert
          title={calibration.loadError.message}
          variant="error"
          testId="calibration-load-error"
        />
      )}
    </Flex>
  );
}
