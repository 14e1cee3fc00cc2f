import { hubspot } from '@hubspot/ui-extensions';
import { RecruitmentScoreCard } from './score-card/score-card.tsx';

// The card's entry point (registered in recruitment-score-card.json): HubSpot renders it in the
// contact record's sidebar and hands in the context; the backend is reached via hubspot.fetch.
hubspot.extend<'crm.record.sidebar'>(({ context }) => (
  <RecruitmentScoreCard context={context} fetch={hubspot.fetch} />
));
