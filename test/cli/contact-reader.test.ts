import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, readContacts, type ContactRow } from '../../src/cli/contact-reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'contact-reader-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
async function rowsOf(path: string): Promise<ContactRow[]> {
  const rows: ContactRow[] = [];
  for await (const row of readContacts(path)) rows.push(row);
  return rows;
}

describe('reading exported contacts', () => {
  it('reads propertiesWithHistory as HubSpot returns it, and names a malformed history', async () => {
    const history = {
      recent_conversion_event_name: [
        { value: 'Newsletter', timestamp: '2026-11-20T10:00:00.000Z', sourceType: 'FORM' },
        { value: 'Salary guide', timestamp: '2026-10-01T10:00:00.000Z', sourceType: 'FORM' },
      ],
    };
    const rows = await rowsOf(
      file(
        'h.jsonl',
        [
          JSON.stringify({ id: '1', properties: {}, propertiesWithHistory: history }),
          JSON.stringify({ id: '2', properties: {}, propertiesWithHistory: { x: 'no list' } }),
          JSON.stringify({
            id: '3',
            properties: {},
            propertiesWithHistory: { x: [{ value: 'a' }] },
          }),
        ].join('\n'),
      ),
    );
    expect(rows).toEqual([
      { row: 1, contact: { id: '1', properties: {}, propertiesWithHistory: history } },
      { row: 2, problem: 'propertiesWithHistory.x: expected a list' },
      {
        row: 3,
        problem: 'propertiesWithHistory.x[0]: expected {"value": "...", "timestamp": "..."}',
      },
    ]);
  });

  it('reads HubSpot CRM objects from JSONL, skipping blank lines and naming bad rows', async () => {
    const rows = await rowsOf(
      file(
        'a.jsonl',
        '{"id":"1","properties":{"country":"NL"}}\n\nnot json\n{"properties":{"hs_object_id":"9"}}\n',
      ),
    );
    expect(rows).toEqual([
      { row: 1, contact: { id: '1', properties: { country: 'NL' } } },
      { row: 3, problem: expect.stringMatching(/^not valid JSON/) },
      { row: 4, contact: { id: '9', properties: { hs_object_id: '9' } } },
    ]);
  });

  it('streams a JSON array and reports the element that is not a contact', async () => {
    const rows = await rowsOf(
      file('a.json', '[{"id":1,"properties":{}}, 5, {"id":"3","properties":{"x":{"nested":1}}}]'),
    );
    expect(rows).toEqual([
      { row: 1, contact: { id: '1', properties: {} } },
      { row: 2, problem: 'expected an object like {"id": "...", "properties": {...}}' },
      { row: 3, problem: 'property x: expected a text, number or null' },
    ]);
  });

  it('reads CSV with internal names as headers; empty cells are unknown', async () => {
    const rows = await rowsOf(
      file('a.csv', '\uFEFFhs_object_id,country,jobtitle\n7,,"Developer, Java"\n'),
    );
    expect(rows).toEqual([
      {
        row: 2,
        contact: {
          id: '7',
          properties: { hs_object_id: '7', country: null, jobtitle: 'Developer, Java' },
        },
      },
    ]);
  });

  it.each(['missing.jsonl', 'missing.json', 'missing.csv', 'missing'])(
    'refuses a file that does not exist (%s) instead of reporting a bad row',
    async (name) => {
      await expect(rowsOf(join(dir, name))).rejects.toThrow(InputError);
      await expect(rowsOf(join(dir, name))).rejects.toThrow(/file not found/);
    },
  );

  it('detects the format from the first byte when the name has no extension', async () => {
    const rows = await rowsOf(file('export', '{"id":"1","properties":{}}\n'));
    expect(rows).toEqual([{ row: 1, contact: { id: '1', properties: {} } }]);
  });
});
