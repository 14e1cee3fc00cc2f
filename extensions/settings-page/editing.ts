import type { ModelProblem, PropertyInfo } from '../../src/settings-api/settings-contract.ts';
import type { SettingsMessages } from './messages/index.ts';
import { fieldMessage, pathText, type ModelObject, type Path } from './model-draft.ts';

/** What every form editor works with: the draft's values, its problems, and one way to change it. */
export interface Editing {
  model: ModelObject;
  problems: readonly ModelProblem[];
  /** Properties the model reads that the account lacks (from POST validate). */
  missingProperties: readonly string[];
  /** The account's contact properties, for the pickers; empty when they could not be read. */
  properties: readonly PropertyInfo[];
  messages: SettingsMessages;
  edit(path: Path, value: unknown): void;
}

/** A field's test id and name: its path in the model, as the backend names problems. */
export const fieldId = (path: Path) => `field-${pathText(path)}`;

/** The `error` and `validationMessage` props of a field, from the problems at its path. */
export function problemProps(editing: Editing, path: Path) {
  const message = fieldMessage(editing.problems, path);
  return message === undefined ? {} : { error: true, validationMessage: message };
}

/** "a, b ,c" → ["a", "b", "c"]; an empty text removes the list. */
export function splitList(text: string): string[] | undefined {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}

export const asText = (value: unknown): string =>
  Array.isArray(value)
    ? value.join(', ')
    : value === undefined || value === null
      ? ''
      : String(value);

export const asNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** An id no part of the model uses yet (ids are unique across criteria and touchpoints). */
export function freshId(model: ModelObject, prefix: string): string {
  const text = JSON.stringify(model);
  let n = 1;
  while (text.includes(`"id":"${prefix}-${n}"`)) n++;
  return `${prefix}-${n}`;
}
