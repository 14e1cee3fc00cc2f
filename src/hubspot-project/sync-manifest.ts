import { readFile, writeFile } from 'node:fs/promises';
import { ProjectBuildError } from './project-error.ts';
import type { WebhookSubscriptions } from './webhook-subscriptions.ts';

/**
 * Writes the model's webhook subscriptions into app.json, keeping everything else as the
 * author wrote it, formatted the way the repository's prettier check expects.
 */
export async function syncManifestSubscriptions(
  manifestPath: string,
  subscriptions: WebhookSubscriptions,
): Promise<void> {
  const raw = JSON.parse(await readFile(manifestPath, 'utf8')) as {
    webhooks?: { subscriptions?: unknown };
  };
  if (raw.webhooks === undefined) {
    throw new ProjectBuildError([`${manifestPath}: has no "webhooks" section to update`]);
  }
  raw.webhooks.subscriptions = subscriptions;
  const prettier = await import('prettier');
  const config = (await prettier.resolveConfig(manifestPath)) ?? {};
  const text = await prettier.format(JSON.stringify(raw, null, 2), {
    ...config,
    filepath: manifestPath,
  });
  await writeFile(manifestPath, text);
}
