import type { SandboxProperty } from './contact-properties.ts';

export interface ValueProblem {
  name: string;
  error: string;
  message: string;
}

/**
 * Checks values an app writes the way HubSpot does (unknown property, read-only value, option
 * not allowed, not a number, not a date) and stores datetimes as ISO strings, which is how
 * HubSpot hands them back even when they were written as epoch milliseconds.
 */
export function checkWrittenValues(
  definitions: ReadonlyMap<string, SandboxProperty>,
  values: Record<string, string>,
): { values: Record<string, string>; problems: ValueProblem[] } {
  const normalized: Record<string, string> = {};
  const problems: ValueProblem[] = [];
  for (const [name, raw] of Object.entries(values)) {
    const value = String(raw);
    const definition = definitions.get(name);
    if (!definition) {
      problems.push({
        name,
        error: 'PROPERTY_DOESNT_EXIST',
        message: `Property "${name}" does not exist`,
      });
      continue;
    }
    if (definition.modificationMetadata.readOnlyValue) {
      problems.push({
        name,
        error: 'READ_ONLY_VALUE',
        message: `"${name}" is a read only property; its value cannot be set.`,
      });
      continue;
    }
    if (value === '') {
      normalized[name] = '';
      continue;
    }
    if (definition.type === 'enumeration') {
      const allowed = definition.options.map((option) => option.value);
      if (!allowed.includes(value)) {
        problems.push({
          name,
          error: 'INVALID_OPTION',
          message: `${value} was not one of the allowed options: [${allowed.join(', ')}]`,
        });
        continue;
      }
    }
    if (definition.type === 'number' && !Number.isFinite(Number(value))) {
      problems.push({ name, error: 'INVALID_DECIMAL', message: `${value} is not a valid decimal` });
      continue;
    }
    if (definition.type === 'datetime') {
      const ms = /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
      if (!Number.isFinite(ms)) {
        problems.push({ name, error: 'INVALID_DATE', message: `${value} is not a valid date` });
        continue;
      }
      normalized[name] = new Date(ms).toISOString();
      continue;
    }
    normalized[name] = value;
  }
  return { values: normalized, problems };
}

/** HubSpot's 400 message for refused values: the problems as JSON after a fixed prefix. */
export function invalidValuesMessage(problems: readonly ValueProblem[]): string {
  return `Property values were not valid: ${JSON.stringify(
    problems.map((p) => ({ isValid: false, message: p.message, error: p.error, name: p.name })),
  )}`;
}
