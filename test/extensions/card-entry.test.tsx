import type { ReactElement } from 'react';
import { expect, it, vi } from 'vitest';

// HubSpot's worker provides `self.extend_V2`, `self.hsFetch` and `self.serverless`;
// `@hubspot/ui-extensions` reads them when it loads, so they are in place before any import
// (vi.hoisted runs first).
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
import { BACKEND_BASE_URL, BACKEND_TRANSPORT } from '../../extensions/backend-config.ts';
import '../../extensions/recruitment-score-card.tsx';

it('registers the card and asks the backend through hubspot.fetch with portalId and userId', async () => {
  expect(BACKEND_TRANSPORT).toBe('fetch');
  expect(worker.extend_V2).toHaveBeenCalledTimes(1);
  const renderExtension = worker.extend_V2.mock.calls[0]![0] as (api: unknown) => ReactElement;
  const renderer = createRenderer('crm.record.sidebar');
  renderer.mocks.useCrmProperties.willCall(() => ({
    properties: { recruitment_score: '70', recruitment_tier: 'hot' },
    error: null,
    isLoading: false,
    isRefetching: false,
    refetch: async () => {},
  }));
  renderer.render(
    renderExtension({
      context: renderer.mocks.context,
      actions: renderer.mocks.actions,
      runServerlessFunction: renderer.mocks.runServerlessFunction,
    }),
  );

  await vi.waitFor(() => expect(worker.hsFetch).toHaveBeenCalledTimes(1));
  // The renderer's context: portal 123, user 1, contact 123. HubSpot adds appId itself.
  expect(worker.hsFetch).toHaveBeenCalledWith(
    `${BACKEND_BASE_URL}/api/contacts/123/score?portalId=123&userId=1`,
    { method: 'GET', timeout: 14_000 },
  );
  expect(worker.serverless).not.toHaveBeenCalled();
});
