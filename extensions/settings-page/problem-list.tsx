import { List, Text } from '@hubspot/ui-extensions';
import type { ModelProblem } from '../../src/settings-api/settings-contract.ts';

/** Every problem with its path, as the model file's validation names them. */
export function ProblemList({
  problems,
  testId = 'problems',
}: {
  problems: readonly ModelProblem[];
  testId?: string;
}) {
  if (problems.length === 0) return null;
  return (
    <List testId={testId}>
      {problems.map((p, i) => (
        <Text key={`${p.path}-${i}`}>{`${p.path}: ${p.message}`}</Text>
      ))}
    </List>
  );
}
