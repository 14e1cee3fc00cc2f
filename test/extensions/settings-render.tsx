import { createRenderer } from '@hubspot/ui-extensions/testing';
import { RecruitmentSettingsPage } from '../../extensions/settings-page/settings-page.tsx';
import { SETTINGS_ROUTES as R } from '../../src/settings-api/settings-contract.ts';
import type { FakeSettingsFetch } from './settings-fake-fetch.ts';

export const OVERVIEW = `GET ${R.overview}`;
export const PROPERTIES = `GET ${R.properties}`;
export const VALIDATE = `POST ${R.validate}`;
export const CALIBRATE = `POST ${R.calibrate}`;
export const SAVE_DRAFT = `PUT ${R.draft}`;
export const NO_PROPERTIES = { properties: [] };
export const VALID = { valid: true, problems: [], missingProperties: [] };

/** The page as HubSpot renders it: the testing renderer's settings context (portal 123, user 1). */
export function renderPage(backend: FakeSettingsFetch, locale?: string) {
  const renderer = createRenderer('settings');
  const { context } = renderer.mocks;
  renderer.render(
    <RecruitmentSettingsPage
      context={locale ? { ...context, user: { ...context.user, locale } } : context}
      fetch={backend.fetch}
      baseUrl={backend.baseUrl}
      pollIntervalMs={1}
      validateDelayMs={1}
    />,
  );
  return renderer;
}

/**
 * Types a value into an input. The testing module types `trigger`'s argument as the handler
 * itself (0.17.0), not the handler's argument, so the value is passed through `never`.
 */
export function typeInto(
  node: { trigger(name: 'onChange', arg?: never): void },
  value: string | number,
): void {
  node.trigger('onChange', value as never);
}
