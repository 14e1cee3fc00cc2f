import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { ModelError } from './model-error.ts';
import {
  formatPath,
  scoringModelSchema,
  type Criterion,
  type ScoringModel,
} from './model-schema.ts';
import { protectedGroundOf } from './protected-attributes.ts';

/** The recruitment model that ships with the app: software and IT roles in the Netherlands. */
export const DEFAULT_MODEL_PATH = fileURLToPath(
  new URL('../../models/recruitment-default.yaml', import.meta.url),
);

/** Parses and validates a model file's text; throws ModelError naming every problem. */
export function parseModel(yamlText: string, source = 'model'): ScoringModel {
  const document = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ModelError(
      source,
      document.errors.map((e) => `YAML: ${e.message.split('\n')[0]}`),
    );
  }
  const raw: unknown = document.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ModelError(source, [
      '(model): expected a YAML mapping with version, name, fit, engagement, score and tiers',
    ]);
  }
  const parsed = scoringModelSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ModelError(
      source,
      parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
    );
  }
  const problems = protectedAttributeProblems(parsed.data);
  if (problems.length > 0) throw new ModelError(source, problems);
  return parsed.data;
}

export async function loadModelFile(path: string): Promise<ScoringModel> {
  return parseModel(await readModelFileText(path), path);
}

/** The file's text as written; a ModelError naming the file when it cannot be read. */
export async function readModelFileText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'file not found'
        : (error as Error).message;
    throw new ModelError(path, [`cannot read the model file: ${reason}`]);
  }
}

/** Every property the model reads, with its path, checked against the protected grounds. */
function protectedAttributeProblems(model: ScoringModel): string[] {
  const cleared = new Set(model.fairness.notProtected.map((entry) => entry.property));
  const uses: { path: string; property: string }[] = [];
  const criterionUses = (criterion: Criterion, base: string) => {
    uses.push({ path: `${base}.property`, property: criterion.property });
    // A combined criterion's second property obeys the same rule: it is scored on just as much.
    if (criterion.and)
      uses.push({ path: `${base}.and.property`, property: criterion.and.property });
  };
  model.fit.groups.forEach((group, g) =>
    group.criteria.forEach((criterion, c) =>
      criterionUses(criterion, `fit.groups[${g}].criteria[${c}]`),
    ),
  );
  model.fit.profiles?.forEach((profile, p) =>
    profile.groups.forEach((group, g) =>
      group.criteria.forEach((criterion, c) =>
        criterionUses(criterion, `fit.profiles[${p}].groups[${g}].criteria[${c}]`),
      ),
    ),
  );
  // Pinning by a protected attribute would choose the criteria by it: as good as scoring on it.
  if (model.fit.pinnedBy) {
    uses.push({ path: 'fit.pinnedBy.property', property: model.fit.pinnedBy.property });
  }
  model.engagement.touchpoints.forEach((t, i) => {
    const base = `engagement.touchpoints[${i}]`;
    if (t.count) uses.push({ path: `${base}.count`, property: t.count });
    if (t.contentName) uses.push({ path: `${base}.contentName`, property: t.contentName });
    t.history?.forEach((p, j) => uses.push({ path: `${base}.history[${j}]`, property: p }));
    t.lastActivity?.forEach((p, j) =>
      uses.push({ path: `${base}.lastActivity[${j}]`, property: p }),
    );
  });
  model.engagement.inactivity?.lastEngagement.forEach((p, j) =>
    uses.push({ path: `engagement.inactivity.lastEngagement[${j}]`, property: p }),
  );
  const problems: string[] = [];
  for (const use of uses) {
    const ground = protectedGroundOf(use.property);
    if (ground && !cleared.has(use.property)) {
      problems.push(
        `${use.path}: "${use.property}" looks like a protected attribute (${ground}) and cannot be a scoring criterion. ` +
          `If the name misleads (the property is not about ${ground}), declare it under fairness.notProtected with a reason.`,
      );
    }
  }
  return problems;
}
