import { Box, Divider, Flex, Text } from '@hubspot/ui-extensions';
import type { GroupView } from './breakdown-view.ts';
import { formatPoints } from './format.ts';

/** Every entry that counted, grouped, with its + or − points and its decay in words. */
export function BreakdownList({ groups, locale }: { groups: GroupView[]; locale: string }) {
  return (
    <Flex direction="column" gap="sm" testId="breakdown">
      {groups.map((group) => (
        <Box key={group.id} testId={`group-${group.id}`}>
          <Divider distance="extra-small" />
          <Flex justify="between" align="baseline">
            <Text format={{ fontWeight: 'bold' }}>{group.title}</Text>
            <Text format={{ fontWeight: 'bold' }} testId={`group-${group.id}-points`}>
              {formatPoints(group.points, locale)}
            </Text>
          </Flex>
          {group.rows.map((row) => (
            <Flex key={row.id} direction="column" testId={`row-${row.id}`}>
              <Flex justify="between" align="baseline" gap="sm">
                <Text testId={`row-${row.id}-label`}>{row.label}</Text>
                <Text format={{ fontWeight: 'demibold' }} testId={`row-${row.id}-points`}>
                  {formatPoints(row.points, locale)}
                </Text>
              </Flex>
              {row.detail !== undefined && (
                <Text variant="microcopy" testId={`row-${row.id}-decay`}>
                  {row.detail}
                </Text>
              )}
              {row.occurrences?.map((line, i) => (
                <Text key={i} variant="microcopy" testId={`row-${row.id}-occurrence-${i}`}>
                  {line}
                </Text>
              ))}
            </Flex>
          ))}
        </Box>
      ))}
    </Flex>
  );
}
