import { hubspot } from '@hubspot/ui-extensions';
import { APP_FUNCTION_NAME, BACKEND_BASE_URL, BACKEND_TRANSPORT } from './backend-config.ts';
import {
  fetchBackend,
  serverlessBackend,
  type CardViewer,
  type ScoreBackend,
} from './score-card/score-client.ts';
import { RecruitmentScoreCard } from './score-card/score-card.tsx';

// The card's entry point (registered in recruitment-score-card.json): HubSpot renders it in the
// contact record's sidebar and hands in the context and the actions. The backend is our server
// through hubspot.fetch, or in the --app-function build the HubSpot-hosted function.
hubspot.extend<'crm.record.sidebar'>(({ context, actions }) => {
  const viewer: CardViewer = { portalId: context.portal.id, userId: context.user.id };
  const backend: ScoreBackend =
    BACKEND_TRANSPORT === 'app-function'
      ? serverlessBackend(hubspot.serverless, APP_FUNCTION_NAME, viewer)
      : fetchBackend(hubspot.fetch, BACKEND_BASE_URL, viewer);
  return (
    <RecruitmentScoreCard
      context={context}
      backend={backend}
      refreshProperties={actions.refreshObjectProperties}
    />
  );
});
