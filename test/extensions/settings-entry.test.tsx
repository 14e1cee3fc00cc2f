import type { ReactElement } from 'react';
import { expect, it, vi } from 'vitest';

// HubSpot's worker provides `self.extend_V2` and `self.hsFetch`; `@hubspot/ui-extensions`
// reads them when it loads, so they are in place before any import (vi.hoisted runs first).
const worker = vi.hoisted(() => {
  const globals = {
    __HUBSPOT_EXTENSION_WORKER__: true,
    extend_V2: vi.fn(),
    hsFetch: vi.fn(() => new Promise<Response>(() => {})),
    serverless: vi.fn(() => new Promise<unknown>(() => {})),
    logger: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
  };
  vi.stubGlobal('self', globals);
  return globals;
});

import { createRenderer } from '@hubspot/ui-extensions/testing';
import { BACKEND_BASE_URL } from '../../extensions/backend-config.ts';
import '../../extensions/recruitment-settings-page.tsx';

it('registers the settings page and asks the backend through hubspot.fetch with portalId, userId and locale', async () => {
  expect(worker.extend_V2).toHaveBeenCalledTimes(1);
  const renderExtension = worker.extend_V2.mock.calls[0]![0] as (api: unknown) => ReactElement;
  const renderer = createRenderer('settings');
  const { context } = renderer.mocks;
  renderer.render(
    renderExtension({
      context: { ...context, user: { ...context.user, locale: 'nl-nl' } },
      actions: renderer.mocks.actions,
      runServerlessFunction: renderer.mocks.runServerlessFunction,
    }),
  );
  await vi.waitFor(() => expect(worker.hsFetch).toHaveBeenCalledTimes(2));
  const query = 'portalId=123&userId=1&locale=nl-nl';
  expect(worker.hsFetch.mock.calls).toEqual([
    [`${BACKEND_BASE_URL}/api/settings/overview?${query}`, { method: 'GET', timeout: 14_000 }],
    [`${BACKEND_BASE_URL}/api/settings/properties?${query}`, { method: 'GET', timeout: 14_000 }],
  ]);
  expect(worker.serverless).not.toHaveBeenCalled();
});
