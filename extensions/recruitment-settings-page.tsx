import { hubspot } from '@hubspot/ui-extensions';
import { BACKEND_BASE_URL } from './backend-config.ts';
import { RecruitmentSettingsPage } from './settings-page/settings-page.tsx';

// The settings page's entry point (the 2026.03 `settings` component): HubSpot renders it under
// Connected apps > Recruitment lead scoring > Settings. It always talks to our own server
// through signed hubspot.fetch: the HubSpot-hosted function serves only the card.
hubspot.extend<'settings'>(({ context }) => (
  <RecruitmentSettingsPage context={context} fetch={hubspot.fetch} baseUrl={BACKEND_BASE_URL} />
));
