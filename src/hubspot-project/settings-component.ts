import type { AppManifest } from './app-manifest.ts';
import { cardTarget, collectCardSources } from './card-sources.ts';
import { cardsPackageJson, npmName, settingsHsmeta, SETTINGS_DIR, SRC_DIR } from './hsmeta.ts';
import { pinnedDependencies, readRootPackage } from './package-pins.ts';

export interface ProjectFile {
  path: string;
  content: string | Uint8Array;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The settings page as the project holds it, built the way the card is: its entry and every
 * module it imports under `app/settings/` (shared backend modules such as the settings
 * contract under `app/settings/shared/`), its hsmeta file and its own package.json. It always
 * calls our server through hubspot.fetch, also in the --app-function build: the HubSpot-hosted
 * function serves only the card.
 */
export async function settingsFiles(
  rootDir: string,
  manifest: AppManifest,
  baseUrl: string | undefined,
): Promise<ProjectFile[]> {
  const settings = manifest.extensions.settings;
  if (!settings) return [];
  const sources = await collectCardSources(rootDir, settings.entry, {
    ...(baseUrl !== undefined && { backendBaseUrl: baseUrl }),
  });
  const root = await readRootPackage(rootDir);
  const dependencies = pinnedDependencies(root, sources.packages, 'the settings page');
  const dir = `${SRC_DIR}/${SETTINGS_DIR}`;
  return [
    {
      path: `${dir}/settings-hsmeta.json`,
      content: json(settingsHsmeta(settings.uid, cardTarget(settings.entry))),
    },
    {
      path: `${dir}/package.json`,
      content: json(
        cardsPackageJson(`${npmName(manifest.uid)}-settings`, root.version, dependencies),
      ),
    },
    ...sources.files.map((file) => ({ path: `${dir}/${file.target}`, content: file.content })),
  ];
}
