import { parseDocument, stringify } from 'yaml';
import type { ModelProblem } from '../../src/settings-api/settings-contract.ts';

/**
 * The draft as the form editors see it: the YAML parsed to plain values (as written, no
 * defaults filled in, so saving writes back what the admin wrote), edited at a path and
 * written back to YAML. Whether it is a valid model is the backend's word (POST validate),
 * with the same messages as the model file.
 */
export type ModelObject = Record<string, unknown>;
export type Path = readonly (string | number)[];

/** The draft's values, or undefined when the text is not YAML holding a mapping. */
export function readDraft(yamlText: string): ModelObject | undefined {
  const document = parseDocument(yamlText, { uniqueKeys: true });
  if (document.errors.length > 0) return undefined;
  const value: unknown = document.toJS();
  return isRecord(value) ? value : undefined;
}

export function writeDraft(model: ModelObject): string {
  return stringify(model, { lineWidth: 0 });
}

export function valueAt(model: unknown, path: Path): unknown {
  let node = model;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isRecord(node) && typeof key === 'string') node = node[key];
    else return undefined;
  }
  return node;
}

/** A copy with the value at `path` replaced (undefined removes it); missing parents are made. */
export function withValueAt(model: ModelObject, path: Path, value: unknown): ModelObject {
  return setIn(model, path, value) as ModelObject;
}

function setIn(node: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path;
  if (typeof key === 'number') {
    const list = Array.isArray(node) ? [...(node as unknown[])] : [];
    if (rest.length === 0 && value === undefined) list.splice(key, 1);
    else list[key] = setIn(list[key], rest, value);
    return list;
  }
  const record: Record<string, unknown> = isRecord(node) ? { ...node } : {};
  const next = setIn(record[key!], rest, value);
  if (next === undefined) delete record[key!];
  else record[key!] = next;
  return record;
}

/** The form of a path the backend names problems by: `fit.profiles[0].groups[1].criteria[2]`. */
export function pathText(path: Path): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`))
    .join('');
}

/** Problems at this path or below it, for the field or section that shows them. */
export function problemsAt(problems: readonly ModelProblem[], path: Path): ModelProblem[] {
  const prefix = pathText(path);
  return problems.filter(
    (p) => p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`),
  );
}

/** One message for a field: its problems joined, or undefined when it has none. */
export function fieldMessage(problems: readonly ModelProblem[], path: Path): string | undefined {
  const own = problemsAt(problems, path);
  return own.length > 0 ? own.map((p) => p.message).join('; ') : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
