import { isMap, isSeq, parseDocument, stringify } from 'yaml';
import type { FitGroup } from '../model/index.ts';
import { CalibrationError } from './calibration-error.ts';

/**
 * Writes the proposed criteria into the model file as one more fit group, "Discovered", at the
 * end of `fit.groups`, and their Dutch labels into `translations.nl`, by inserting text: the
 * recruiter's comments and layout stay as they were and a diff shows only what was added.
 * Dutch labels are written when the file has no `translations` yet (a new block at the end);
 * a file that has them keeps them untouched and the Dutch labels are in the report.
 */
export const DISCOVERED_GROUP_ID = 'discovered';

export interface DiscoveredGroupText {
  text: string;
  /** Whether the Dutch labels went into the file. */
  dutchWritten: boolean;
}

export function appendDiscoveredGroup(
  sourceText: string,
  group: FitGroup,
  labelsNl: ReadonlyMap<string, string>,
): DiscoveredGroupText {
  const document = parseDocument(sourceText);
  const groups = document.getIn(['fit', 'groups'], true);
  if (!isSeq(groups) || groups.flow || groups.items.length === 0 || !groups.range) {
    throw new CalibrationError(
      'the model file has no block list at fit.groups to add the discovered criteria to; run with --no-discovery',
      'data',
    );
  }
  const first = groups.items[0] as { range?: [number, number, number] };
  const last = groups.items[groups.items.length - 1] as { range?: [number, number, number] };
  if (!first.range || !last.range) {
    throw new CalibrationError('the model file has an unreadable fit.groups list', 'data');
  }
  // The "- " of an item sits two columns before its first key.
  const dashColumn = columnOf(sourceText, first.range[0]) - 2;
  // Keys in the order a recruiter writes them; knockout only when it is one.
  const readable = {
    id: group.id,
    label: group.label,
    criteria: group.criteria.map(({ id, label, property, when, and, points, knockout }) => ({
      id,
      label,
      property,
      when,
      ...(and ? { and } : {}),
      points,
      ...(knockout ? { knockout } : {}),
    })),
  };
  const block = indent(stringify([readable], { lineWidth: 0 }), Math.max(0, dashColumn));
  const at = lineEndAfter(sourceText, last.range[1]);
  let text = `${sourceText.slice(0, at)}\n${block}${sourceText.slice(at)}`;
  const hasTranslations = isMap(document.contents) && document.has('translations');
  const dutchWritten = !hasTranslations && labelsNl.size > 0;
  if (dutchWritten) {
    const translations = stringify(
      { translations: { nl: Object.fromEntries(labelsNl) } },
      { lineWidth: 0 },
    );
    text = `${text.replace(/\s*$/, '\n')}\n# Dutch labels of the discovered criteria.\n${translations}`;
  }
  return { text, dutchWritten };
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The offset after the newline that ends the line holding `offset` (or the text's end). */
function lineEndAfter(text: string, offset: number): number {
  const newline = text.indexOf('\n', Math.max(0, offset - 1));
  return newline < 0 ? text.length : newline + 1;
}

function indent(block: string, columns: number): string {
  const pad = ' '.repeat(columns);
  return block
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n');
}
