import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BACKEND_BASE_URL } from '../../extensions/backend-config.ts';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const readJson = (path: string): unknown => JSON.parse(readFileSync(root(path), 'utf8'));

describe('the card as HubSpot gets it', () => {
  it('bundles for the browser: no broken import, nothing from node', async () => {
    const result = await build({
      entryPoints: [root('extensions/recruitment-score-card.tsx')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      jsx: 'automatic',
      minify: true,
      logLevel: 'silent',
      metafile: true,
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('src/card-api/score-response.ts');
    // The card shares the schema, never the backend: no scoring engine, express or SDK inside.
    expect(inputs.filter((i) => /^src\/(?!card-api\/score-response\.ts$)/.test(i))).toEqual([]);
    expect(inputs.filter((i) => /node_modules\/(express|@hubspot\/api-client)\//.test(i))).toEqual(
      [],
    );
    const bytes = result.outputFiles[0]!.contents.byteLength;
    expect(bytes).toBeLessThan(1_000_000);
  });

  it('registers a contact sidebar card in app.json, with the backend among the fetch URLs', () => {
    const app = readJson('app.json') as {
      extensions: { crm: { cards: { file: string }[] } };
      permittedUrls: { fetch: string[] };
    };
    expect(app.permittedUrls.fetch).toContain(BACKEND_BASE_URL);
    const cardFiles = app.extensions.crm.cards.map((c) => c.file);
    expect(cardFiles).toEqual(['extensions/recruitment-score-card.json']);

    const card = readJson(cardFiles[0]!) as {
      type: string;
      data: { location: string; module: { file: string }; objectTypes: { name: string }[] };
    };
    expect(card.type).toBe('crm-card');
    expect(card.data.location).toBe('crm.record.sidebar');
    expect(card.data.objectTypes).toEqual([{ name: 'contacts' }]);
    expect(readFileSync(root(`extensions/${card.data.module.file}`), 'utf8')).toContain(
      "hubspot.extend<'crm.record.sidebar'>",
    );
  });
});
