import { Flex, Tag, Text } from '@hubspot/ui-extensions';
import type { ScoreResponse } from '../../src/card-api/score-response.ts';
import { formatPoints } from './format.ts';
import type { Messages } from './messages/index.ts';

/**
 * A model with several fit profiles (job families, vacancies): the candidate's fit as each of
 * them, and which one counts (the linked one, else the best). Shown from the live answer only:
 * HubSpot stores the counting profile's id, not every profile's fit. Nothing for a model with
 * one profile, whose card stays as it was.
 */
export function ProfileFits({ score, messages }: { score: ScoreResponse; messages: Messages }) {
  const { profiles } = score;
  if (profiles === undefined || profiles.length === 0) return null;
  return (
    <Flex direction="column" gap="xs" testId="profile-fits">
      <Text format={{ fontWeight: 'bold' }}>{messages.profileFitsTitle}</Text>
      {profiles.map((profile) => (
        <Flex
          key={profile.id}
          justify="between"
          align="baseline"
          gap="sm"
          testId={`profile-${profile.id}`}
        >
          <Flex direction="row" gap="xs" align="center" wrap="wrap">
            <Text testId={`profile-${profile.id}-label`}>{profile.label}</Text>
            {profile.id === score.profile && (
              <Tag variant="success" testId="counting-profile">
                {profile.pinned ? messages.profilePinned : messages.profileCounts}
              </Tag>
            )}
            {profile.knockedOut && (
              <Tag variant="error" testId={`profile-${profile.id}-knocked-out`}>
                {messages.profileKnockedOut}
              </Tag>
            )}
          </Flex>
          <Text format={{ fontWeight: 'demibold' }} testId={`profile-${profile.id}-fit`}>
            {formatPoints(profile.fit, messages.locale)}
          </Text>
        </Flex>
      ))}
    </Flex>
  );
}
