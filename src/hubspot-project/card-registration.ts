import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { UID_PATTERN } from './app-manifest.ts';
import { ProjectBuildError } from './project-error.ts';

/**
 * A card as the card engineer registers it in `extensions/*.json` (the 2023.2 `crm-card`
 * shape, which the repository keeps as the card's own description). Platform 2026.03 wants
 * the same facts as a `card` component; this is the one place that knows both shapes.
 */
const cardRegistrationSchema = z.object({
  type: z.literal('crm-card'),
  data: z.object({
    title: z.string().min(1),
    uid: z.string().regex(UID_PATTERN, 'must be 1-64 letters, digits, ".", "-" or "_"'),
    description: z.string().min(1).optional(),
    location: z.enum(['crm.record.sidebar', 'crm.record.tab', 'crm.preview', 'helpdesk.sidebar']),
    module: z.object({ file: z.string().regex(/^[^/]+\.(tsx|jsx|ts|js)$/) }),
    objectTypes: z.array(z.object({ name: z.string().min(1) })).min(1),
  }),
});

export interface CardRegistration {
  uid: string;
  title: string;
  description: string | undefined;
  location: string;
  /** Repository-relative path of the card's entry module, e.g. `extensions/x.tsx`. */
  entry: string;
  objectTypes: string[];
}

export async function loadCardRegistration(
  rootDir: string,
  file: string,
): Promise<CardRegistration> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(rootDir, file), 'utf8'));
  } catch (error) {
    throw new ProjectBuildError([`${file}: cannot be read as JSON: ${(error as Error).message}`], {
      cause: error,
    });
  }
  const parsed = cardRegistrationSchema.safeParse(json);
  if (!parsed.success) {
    throw new ProjectBuildError(
      parsed.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`),
    );
  }
  const { data } = parsed.data;
  return {
    uid: data.uid,
    title: data.title,
    description: data.description,
    location: data.location,
    entry: `extensions/${data.module.file}`,
    objectTypes: data.objectTypes.map((t) => t.name),
  };
}
