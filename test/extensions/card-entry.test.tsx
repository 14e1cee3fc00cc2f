import type { ReactElement } from 'react';
import { expect, it, vi } from 'vitest';

// HubSpot's worker provides `self.extend_V2` and `self.hsFetch`; `@hubspot/ui-extensions` reads
// them when it loads, so they are in place before any import (vi.hoisted runs first).
const worker = vi.hoisted(() => {
  const globals = {
    __HUBSPOT_EXTENSION_WORKER__: true,
    extend_V2: vi.fn(),
    hsFetch: vi.fn(() => new Promise<Response>(() => {})),
    logger: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
  };
  vi.stubGlobal('self', globals);
  return globals;
});

import { createRenderer } from '@hubspot/ui-extensions/testing';
import { BACKEND_BASE_URL } from '../../extensions/backend-config.ts';
import '../../extensions/recruitment-score-card.tsx';

it('registers the card with hubspot.extend and calls the backend through hubspot.fetch', async () => {
  expect(worker.extend_V2).toHaveBeenCalledTimes(1);
  const renderExtension = worker.extend_V2.mock.calls[0]![0] as (api: unknown) => ReactElement;
  const renderer = createRenderer('crm.record.sidebar');
  renderer.render(
    renderExtension({
      context: renderer.mocks.context,
      actions: renderer.mocks.actions,
      runServerlessFunction: renderer.mocks.runServerlessFunction,
    }),
  );

  await vi.waitFor(() => expect(worker.hsFetch).toHaveBeenCalledTimes(1));
  expect(worker.hsFetch).toHaveBeenCalledWith(`${BACKEND_BASE_URL}/api/contacts/123/score`, {
    method: 'GET',
  });
});
