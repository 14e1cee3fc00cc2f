import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getProjectMetadata, parseProjectConfig } from '@hubspot/project-parsing-lib/projects';
import {
  translate,
  type IntermediateRepresentationNode,
} from '@hubspot/project-parsing-lib/translate';
import { validateUid } from '@hubspot/project-parsing-lib/uid';
import { build as esbuild } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_BASE_URL } from '../../extensions/backend-config.ts';
import { SCORE_PROPERTY_NAMES } from '../../src/hubspot/score-properties.ts';
import {
  subscribedContactProperties,
  type BuildResult,
  type WebhookSubscriptions,
} from '../../src/hubspot-project/index.ts';
import { defaultModel } from '../helpers/scoring-fixtures.ts';
import { build, readJson, removeDir, repoFile, tempDir } from './project-fixtures.ts';

let dir: string;
let project: string;
let result: BuildResult;
let nodes: IntermediateRepresentationNode[];
let skipped: string[];

const srcDir = () => join(project, 'src');
const cardsDir = () => join(srcDir(), 'app', 'cards');
const nodeOfType = (type: string) => nodes.filter((n) => n.componentType === type);

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(async () => {
  dir = tempDir();
  project = join(dir, 'project');
  result = await build(project);
  // Offline: HubSpot's schemas come from the network, so the structure is checked without them.
  const translated = await translate(
    { projectSourceDir: srcDir(), platformVersion: '2026.03' },
    { skipValidation: true },
  );
  nodes = Object.values(translated.intermediateRepresentation.intermediateNodesIndexedByUid);
  skipped = translated.skippedHsMetaFiles;
});

afterAll(() => removeDir(dir));

describe('the generated HubSpot project, read by HubSpot’s own parser', () => {
  it('has an hsproject.json for platform 2026.03 with its sources in src/', () => {
    expect(parseProjectConfig(project)).toEqual({
      name: 'recruitment-lead-scoring',
      srcDir: 'src',
      platformVersion: '2026.03',
    });
  });

  it('holds one app, the contact card, the settings page and one webhooks component, and no skipped hsmeta file', async () => {
    const metadata = await getProjectMetadata(srcDir());
    expect(metadata.components.app!.count).toBe(1);
    expect(metadata.components.card!.count).toBe(1);
    expect(metadata.components.settings!.count).toBe(1);
    expect(metadata.components.webhooks!.count).toBe(1);
    const written = filesUnder(srcDir()).filter((f) => f.endsWith('-hsmeta.json'));
    expect([...metadata.hsMetaFiles].sort()).toEqual(written.sort());
    expect(skipped).toEqual([]);
    expect(nodes.map((n) => [n.componentType, n.uid]).sort()).toEqual([
      ['APPLICATION', 'recruitment_lead_scoring'],
      ['CARD', 'recruitment_score_card'],
      ['SETTINGS', 'recruitment_lead_scoring_settings'],
      ['WEBHOOKS', 'recruitment_lead_scoring_webhooks'],
    ]);
  });

  it('writes hsmeta files with only uid, type, config (and dependencies), and valid uids', () => {
    for (const file of filesUnder(srcDir()).filter((f) => f.endsWith('-hsmeta.json'))) {
      const meta = readJson<Record<string, unknown>>(file);
      expect(
        Object.keys(meta).filter((k) => !['uid', 'type', 'config', 'dependencies'].includes(k)),
      ).toEqual([]);
      expect(validateUid(meta.uid as string)).toBeUndefined();
    }
  });

  it('hangs the card, the settings page and the webhooks under the app', () => {
    for (const node of [
      ...nodeOfType('CARD'),
      ...nodeOfType('SETTINGS'),
      ...nodeOfType('WEBHOOKS'),
    ]) {
      expect(node.componentDeps.app).toBe('recruitment_lead_scoring');
    }
  });

  it('describes a marketplace app with OAuth, the least scopes and the backend as fetch URL', () => {
    const config = nodeOfType('APPLICATION')[0]!.config as {
      distribution: string;
      auth: { type: string; redirectUrls: string[]; requiredScopes: string[] };
      permittedUrls: { fetch: string[] };
    };
    expect(config.distribution).toBe('marketplace');
    expect(config.auth.type).toBe('oauth');
    expect(config.auth.redirectUrls).toEqual([`${BACKEND_BASE_URL}/oauth/callback`]);
    expect(config.auth.requiredScopes).toEqual(result.manifest.auth.requiredScopes);
    expect(config.permittedUrls.fetch).toEqual([BACKEND_BASE_URL]);
  });

  it('sends webhooks to the backend, at most 10 requests at a time', () => {
    const config = nodeOfType('WEBHOOKS')[0]!.config as { settings: unknown };
    expect(config.settings).toEqual({
      targetUrl: `${BACKEND_BASE_URL}/webhooks/hubspot`,
      maxConcurrentRequests: 10,
    });
  });

  it('subscribes to every property the model reads and to none of the app’s outputs', () => {
    const config = nodeOfType('WEBHOOKS')[0]!.config as {
      subscriptions: Partial<WebhookSubscriptions>;
    };
    const subscriptions = {
      crmObjects: [],
      legacyCrmObjects: [],
      hubEvents: [],
      ...config.subscriptions,
    };
    const properties = subscribedContactProperties(subscriptions);
    expect(properties).toEqual([...defaultModel.properties].sort());
    for (const output of SCORE_PROPERTY_NAMES) expect(properties).not.toContain(output);
    expect(subscriptions.hubEvents).toEqual([
      { subscriptionType: 'contact.privacyDeletion', active: true },
    ]);
  });

  it('registers the card the card engineer wrote: contact sidebar, entry calling hubspot.extend', () => {
    const config = nodeOfType('CARD')[0]!.config as Record<string, unknown>;
    expect(config).toEqual({
      name: 'Recruitment score',
      location: 'crm.record.sidebar',
      entrypoint: '/app/cards/recruitment-score-card.tsx',
      objectTypes: ['contacts'],
    });
    expect(readFileSync(join(srcDir(), config.entrypoint as string), 'utf8')).toBe(
      readFileSync(repoFile('extensions/recruitment-score-card.tsx'), 'utf8'),
    );
  });

  it('pins the card’s packages to the exact versions the repository uses', () => {
    const root = readJson<{ dependencies: Record<string, string> }>(repoFile('package.json'));
    const cards = readJson<{ dependencies: Record<string, string> }>(
      join(cardsDir(), 'package.json'),
    );
    expect(cards.dependencies).toEqual({
      '@hubspot/ui-extensions': root.dependencies['@hubspot/ui-extensions'],
      react: root.dependencies.react,
      zod: root.dependencies.zod,
    });
    for (const version of Object.values(cards.dependencies))
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('bundles the card from the project alone: no broken import, nothing from outside, only declared packages', async () => {
    const cards = readJson<{ dependencies: Record<string, string> }>(
      join(cardsDir(), 'package.json'),
    );
    const bundle = await esbuild({
      entryPoints: [join(cardsDir(), 'recruitment-score-card.tsx')],
      absWorkingDir: cardsDir(),
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      jsx: 'automatic',
      packages: 'external',
      metafile: true,
      logLevel: 'silent',
    });
    expect(bundle.errors).toEqual([]);
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.filter((i) => i.startsWith('..'))).toEqual([]);
    expect(inputs).toContain('shared/card-api/score-response.ts');
    const packages = new Set(
      Object.values(bundle.metafile.inputs)
        .flatMap((input) => input.imports)
        .filter((imp) => imp.external)
        .map((imp) =>
          (imp.path.startsWith('@')
            ? imp.path.split('/').slice(0, 2)
            : imp.path.split('/').slice(0, 1)
          ).join('/'),
        ),
    );
    expect([...packages].filter((p) => !(p in cards.dependencies))).toEqual([]);
  });

  it('copies the card’s sources unchanged apart from import paths into the cards folder', () => {
    const copied = readFileSync(join(cardsDir(), 'score-card', 'score-client.ts'), 'utf8');
    const original = readFileSync(repoFile('extensions/score-card/score-client.ts'), 'utf8');
    expect(copied).toBe(
      original.replace(
        "'../../src/card-api/score-response.ts'",
        "'../shared/card-api/score-response.ts'",
      ),
    );
    expect(readFileSync(join(cardsDir(), 'shared', 'card-api', 'score-response.ts'), 'utf8')).toBe(
      readFileSync(repoFile('src/card-api/score-response.ts'), 'utf8'),
    );
    const everyFile = filesUnder(cardsDir()).map((f) => relative(cardsDir(), f));
    expect(everyFile.filter((f) => f.includes('node_modules'))).toEqual([]);
  });
});
