import {
  Alert,
  Button,
  Flex,
  Heading,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { protectedGroundOf } from '../../src/model/protected-attributes.ts';
import type { CalibrationResult } from '../../src/settings-api/settings-contract.ts';
import { formatCount, formatDecimal, formatLift, formatPoints, formatRate } from './format.ts';
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
      <Table testId="calibration-backtest">
        <TableHead>
          <TableRow>
            <TableHeader>{messages.measureColumn}</TableHeader>
            <TableHeader>{messages.currentModel}</TableHeader>
            <TableHeader>{messages.suggestedModel}</TableHeader>
            <TableHeader>{messages.referenceModel}</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {measures.map((m) => (
            <TableRow key={m.label}>
              <TableCell>{m.label}</TableCell>
              <TableCell>{m.show(result.backtest.current)}</TableCell>
              <TableCell>{m.show(result.backtest.suggested)}</TableCell>
              <TableCell>{m.show(result.backtest.reference)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <Heading>{messages.pointsTitle}</Heading>
      <Table testId="calibration-points">
        <TableHead>
          <TableRow>
            <TableHeader>{messages.criterionColumn}</TableHeader>
            <TableHeader>{messages.pointsChange}</TableHeader>
            <TableHeader>{messages.statusColumn}</TableHeader>
            <TableHeader>{messages.matchesColumn}</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {result.points.map((p, i) => (
            <TableRow key={`${i}:${p.label}`}>
              <TableCell>{p.label}</TableCell>
              <TableCell>{arrow(points(p.currentPoints), points(p.suggestedPoints))}</TableCell>
              <TableCell>{messages.pointsStatus[p.status] ?? p.status}</TableCell>
              <TableCell>{messages.matches(p.matches, p.outcomesAmongMatches)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <Heading>{messages.proposedTitle}</Heading>
      {proposed.length === 0 ? (
        <Text testId="calibration-none-proposed">{messages.noneProposed}</Text>
      ) : (
        <Table testId="calibration-proposed">
          <TableHead>
            <TableRow>
              <TableHeader>{messages.criterionColumn}</TableHeader>
              <TableHeader>{messages.property}</TableHeader>
              <TableHeader>{messages.supportColumn}</TableHeader>
              <TableHeader>{messages.outcomeRateColumn}</TableHeader>
              <TableHeader>{messages.points}</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {proposed.map((p, i) => (
              <TableRow key={`${i}:${p.label}`}>
                <TableCell>{dutch ? p.labelNl : p.label}</TableCell>
                <TableCell>{p.property}</TableCell>
                <TableCell>{formatCount(p.matches, messages)}</TableCell>
                <TableCell>{formatRate(p.outcomeRate, messages)}</TableCell>
                <TableCell>{formatPoints(p.points, messages)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}

      <Heading>{messages.contentTitle}</Heading>
      {content.length === 0 ? (
        <Text testId="calibration-no-content">{messages.noContent}</Text>
      ) : (
        <Table testId="calibration-content">
          <TableHead>
            <TableRow>
              <TableHeader>{messages.contentColumn}</TableHeader>
              <TableHeader>{messages.contentKindColumn}</TableHeader>
              <TableHeader>{messages.touchedColumn}</TableHeader>
              <TableHeader>{messages.outcomeRateColumn}</TableHeader>
              <TableHeader>{messages.liftColumn}</TableHeader>
              <TableHeader> </TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {content.map((c) => (
              <TableRow key={`${c.kind}:${c.name}`}>
                <TableCell>{c.name}</TableCell>
                <TableCell>{c.kind}</TableCell>
                <TableCell>{formatCount(c.touched, messages)}</TableCell>
                <TableCell>{formatRate(c.rateTouched, messages)}</TableCell>
                <TableCell>
                  {c.liftLow === null || c.liftHigh === null
                    ? formatLift(c.lift, messages)
                    : `${formatLift(c.lift, messages)} (${formatDecimal(c.liftLow, 1, messages)}–${formatLift(c.liftHigh, messages)})`}
                </TableCell>
                <TableCell>
                  {c.smallSample && <Tag variant="warning">{messages.smallSample}</Tag>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}

      <Heading>{messages.suggestedTiersTitle}</Heading>
      <Text testId="calibration-tier-basis">{messages.tierBasis(result.tiers.basis)}</Text>
      <Table testId="calibration-tiers">
        <TableHead>
          <TableRow>
            <TableHeader>{messages.tierColumn}</TableHeader>
            <TableHeader>{messages.minScoreChange}</TableHeader>
            <TableHeader>{messages.shareChange}</TableHeader>
            <TableHeader>{messages.outcomeRateAfter}</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {result.tiers.lines.map((t) => (
            <TableRow key={t.name}>
              <TableCell>{t.name}</TableCell>
              <TableCell>{arrow(points(t.currentMinScore), points(t.suggestedMinScore))}</TableCell>
              <TableCell>
                {arrow(formatRate(t.shareBefore, messages), formatRate(t.shareAfter, messages))}
              </TableCell>
              <TableCell>{formatRate(t.outcomeRateAfter, messages)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

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
