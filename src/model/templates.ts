import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseModel } from './load-model.ts';
import type { ScoringModel } from './model-schema.ts';
import type { Locale } from './translations.ts';

/**
 * The models a new install can start from, one per job family. Each reads only HubSpot's
 * default contact properties, so it scores in a fresh account before anyone creates a custom
 * property; the admin picks one and edits it from there. Names and descriptions are here (not
 * only in the files) so a picker can list them without reading six YAML files.
 */
export interface ModelTemplate {
  id: string;
  /** File name under models/templates/. */
  file: string;
  name: Readonly<Record<Locale, string>>;
  description: Readonly<Record<Locale, string>>;
}

/** A serverless bundle has no models/ folder: its build writes the templates in (file -> YAML). */
declare const __RECRUITMENT_TEMPLATES__: Readonly<Record<string, string>> | undefined;
const bundledTemplates =
  typeof __RECRUITMENT_TEMPLATES__ === 'object' ? __RECRUITMENT_TEMPLATES__ : undefined;

export const TEMPLATES_DIRECTORY = fileURLToPath(
  new URL('../../models/templates/', import.meta.url),
);

export const MODEL_TEMPLATES: readonly ModelTemplate[] = [
  {
    id: 'software-it',
    file: 'software-it.yaml',
    name: { en: 'Software and IT', nl: 'Software en IT' },
    description: {
      en: 'Software developers and IT professionals in the Netherlands, seniority from the job title.',
      nl: 'Softwareontwikkelaars en IT-professionals in Nederland, senioriteit uit de functietitel.',
    },
  },
  {
    id: 'healthcare',
    file: 'healthcare.yaml',
    name: { en: 'Healthcare and care', nl: 'Zorg en welzijn' },
    description: {
      en: 'Nurses, carers and therapists in the Netherlands, role and level from the job title.',
      nl: 'Verpleegkundigen, verzorgenden en therapeuten in Nederland, functie en niveau uit de functietitel.',
    },
  },
  {
    id: 'engineering',
    file: 'engineering.yaml',
    name: { en: 'Technical and engineering', nl: 'Techniek en engineering' },
    description: {
      en: 'Engineers, technicians and mechanics in the Netherlands, seniority from the job title.',
      nl: 'Engineers, technici en monteurs in Nederland, senioriteit uit de functietitel.',
    },
  },
  {
    id: 'logistics',
    file: 'logistics.yaml',
    name: { en: 'Logistics and transport', nl: 'Logistiek en transport' },
    description: {
      en: 'Drivers, warehouse staff and logistics planners in the Netherlands, licence and seniority from the job title.',
      nl: 'Chauffeurs, magazijnmedewerkers en logistiek planners in Nederland, rijbewijs en senioriteit uit de functietitel.',
    },
  },
  {
    id: 'sales-service',
    file: 'sales-service.yaml',
    name: { en: 'Sales and customer service', nl: 'Sales en klantenservice' },
    description: {
      en: 'Sales, account management and customer service staff in the Netherlands, seniority from the job title.',
      nl: 'Verkopers, accountmanagers en klantenservicemedewerkers in Nederland, senioriteit uit de functietitel.',
    },
  },
  {
    id: 'general',
    file: 'general.yaml',
    name: { en: 'General', nl: 'Algemeen' },
    description: {
      en: 'Any vacancy in the Netherlands; a known profile, the region and engagement decide.',
      nl: 'Elke vacature in Nederland; een bekend profiel, de regio en betrokkenheid bepalen de score.',
    },
  },
];

/**
 * The template a new install starts from until its admin picks one: the closest to the model
 * the app shipped with (software and IT), so an upgraded install keeps scoring the same people.
 */
export const DEFAULT_TEMPLATE_ID = 'software-it';

export function findTemplate(id: string): ModelTemplate | undefined {
  return MODEL_TEMPLATES.find((template) => template.id === id);
}

/** The template's YAML as shipped, comments included: what an admin exports and edits. */
export async function templateText(id: string): Promise<string> {
  const template = findTemplate(id);
  if (!template) throw new UnknownTemplateError(id);
  const bundled = bundledTemplates?.[template.file];
  if (bundled !== undefined) return bundled;
  return readFile(join(TEMPLATES_DIRECTORY, template.file), 'utf8');
}

/** The template parsed and validated, like any model file. */
export async function loadTemplate(id: string): Promise<ScoringModel> {
  return parseModel(await templateText(id), `template ${id}`);
}

/** An id no template has: a caller's mistake (a 404 or a usage error), not a broken model. */
export class UnknownTemplateError extends Error {
  override name = 'UnknownTemplateError';
  constructor(readonly id: string) {
    super(`no template "${id}"; choose one of: ${MODEL_TEMPLATES.map((t) => t.id).join(', ')}`);
  }
}
