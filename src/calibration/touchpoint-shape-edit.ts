import { isMap, isScalar, parseDocument, type Node, type Pair } from 'yaml';
import { parseModel, type Decay, type Quantity } from '../model/index.ts';
import { CalibrationError } from './calibration-error.ts';
import type { ShapeChoice } from './touchpoint-shapes.ts';

/**
 * Writes the chosen decay and quantity curves into the model file's text, in place, as the
 * rest of the suggestion is written (suggested-model.ts): the touchpoint's `decay:` or
 * `quantity:` value is replaced by a one-line flow map (`{ halfLifeDays: 30 }`), or, when the
 * touchpoint had none, a line is added after its `points:` (or `channel:`) line at the same
 * indentation. Comments and layout elsewhere stay as they were.
 */
export function writeTouchpointShapes(text: string, changes: readonly ShapeChoice[]): string {
  if (changes.length === 0) return text;
  const document = parseDocument(text);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const change of changes) {
    const path = ['engagement', 'touchpoints', change.index];
    const touchpoint = document.getIn(path, true);
    if (!isMap(touchpoint) || !touchpoint.range) {
      throw new CalibrationError(`the model file has no touchpoint at ${path.join('.')}`, 'data');
    }
    const values: [string, string][] = [];
    if (change.decay) values.push(['decay', decayText(change.decay)]);
    if (change.quantity) values.push(['quantity', quantityText(change.quantity)]);
    if (touchpoint.flow) {
      // `- { id: x, ... }`: the whole touchpoint again, as JSON (a YAML flow map too).
      const plain = touchpoint.toJSON() as Record<string, unknown>;
      if (change.decay) plain.decay = change.decay;
      if (change.quantity) plain.quantity = change.quantity;
      const [start, end] = touchpoint.range;
      edits.push({ start, end, text: JSON.stringify(plain) });
      continue;
    }
    for (const [key, value] of values) {
      const existing = touchpoint.get(key, true) as Node | undefined;
      if (existing?.range) {
        edits.push({ start: existing.range[0], end: existing.range[1], text: value });
        continue;
      }
      const after = pairOf(touchpoint.items, 'points') ?? pairOf(touchpoint.items, 'channel');
      const keyNode = after?.key;
      const valueNode = after?.value;
      if (!isScalar(keyNode) || !keyNode.range || !isScalar(valueNode) || !valueNode.range) {
        throw new CalibrationError(
          `the touchpoint at ${path.join('.')} has no points or channel line to add ${key} after`,
          'data',
        );
      }
      const column = keyNode.range[0] - (text.lastIndexOf('\n', keyNode.range[0] - 1) + 1);
      const lineEnd = text.indexOf('\n', valueNode.range[1]);
      const at = lineEnd < 0 ? text.length : lineEnd;
      edits.push({ start: at, end: at, text: `\n${' '.repeat(column)}${key}: ${value}` });
    }
  }
  let out = text;
  // Back to front, so earlier offsets stay right; two insertions at one place keep their order.
  edits
    .map((edit, order) => ({ ...edit, order }))
    .sort((a, b) => b.start - a.start || b.order - a.order)
    .forEach((edit) => (out = out.slice(0, edit.start) + edit.text + out.slice(edit.end)));
  check(out, changes);
  return out;
}

function pairOf(items: readonly Pair[], key: string): Pair | undefined {
  return items.find((pair) => isScalar(pair.key) && pair.key.value === key);
}

function decayText(decay: Decay): string {
  if ('halfLifeDays' in decay) return `{ halfLifeDays: ${decay.halfLifeDays} }`;
  const steps = decay.steps.map((s) => `{ afterDays: ${s.afterDays}, keep: ${s.keep} }`);
  return `{ steps: [${steps.join(', ')}] }`;
}

function quantityText(quantity: Quantity): string {
  switch (quantity.curve) {
    case 'linear':
      return quantity.cap === undefined
        ? '{ curve: linear }'
        : `{ curve: linear, cap: ${quantity.cap} }`;
    case 'logarithmic':
      return '{ curve: logarithmic }';
    case 'geometric':
      return `{ curve: geometric, ratio: ${quantity.ratio} }`;
  }
}

/** The text must say exactly what was chosen; anything else is our bug. */
function check(text: string, changes: readonly ShapeChoice[]): void {
  let model;
  try {
    model = parseModel(text, 'the model with the chosen touchpoint shapes');
  } catch (error) {
    throw new CalibrationError('writing the touchpoint shapes broke the model file', 'data', {
      cause: error,
    });
  }
  for (const change of changes) {
    const touchpoint = model.engagement.touchpoints[change.index];
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    if (
      !touchpoint ||
      (change.decay && !same(touchpoint.decay, change.decay)) ||
      (change.quantity && !same(touchpoint.quantity, change.quantity))
    ) {
      throw new CalibrationError(
        `writing the touchpoint shapes did not give touchpoint ${change.index} its new shape`,
        'data',
      );
    }
  }
}
