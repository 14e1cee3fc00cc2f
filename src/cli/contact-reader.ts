import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import StreamArray from 'stream-json/streamers/StreamArray.js';
import type { ContactHistory, ContactProperties } from '../scoring/index.ts';

/**
 * A contact as HubSpot's CRM API returns it: `{"id": "...", "properties": {...}}`, with
 * `propertiesWithHistory` when the export asked for it (history touchpoints read it).
 */
export interface InputContact {
  id: string;
  properties: ContactProperties;
  propertiesWithHistory?: ContactHistory;
}

/** One row of input: a contact, or why the row could not be read (the run goes on). */
export type ContactRow = { row: number; contact: InputContact } | { row: number; problem: string };

export type InputFormat = 'json' | 'jsonl' | 'csv';

/** The input file cannot be read at all (missing, unreadable, unknown format). */
export class InputError extends Error {
  override name = 'InputError';
}

const READ_CHUNK = 1 << 20;

/**
 * Streams contacts from a JSON array, JSONL or CSV file (or stdin as "-"), so a 1 GB export
 * never has to fit in memory. The format comes from the extension, else from the first byte.
 */
export async function* readContacts(
  path: string,
  format?: InputFormat,
): AsyncGenerator<ContactRow> {
  const chosen = format ?? (await detectFormat(path));
  const stream = openInput(path);
  if (chosen === 'jsonl') yield* readJsonLines(stream, path);
  else if (chosen === 'json') yield* readJsonArray(stream, path);
  else yield* readCsv(stream, path);
}

/** An I/O failure (file missing, unreadable) ends the run; a parse failure is a bad row. */
function inputFailure(error: unknown, path: string): InputError | undefined {
  const e = error as NodeJS.ErrnoException;
  if (e instanceof InputError) return e;
  if (e?.syscall === undefined) return undefined;
  return new InputError(
    `cannot read ${path}: ${e.code === 'ENOENT' ? 'file not found' : e.message}`,
  );
}

function openInput(path: string): Readable {
  return path === '-' ? process.stdin : createReadStream(path, { highWaterMark: READ_CHUNK });
}

export async function detectFormat(path: string): Promise<InputFormat> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  if (path === '-') throw new InputError('reading stdin needs --input-format json, jsonl or csv');
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot read ${path}: ${code === 'ENOENT' ? 'file not found' : (error as Error).message}`,
    );
  }
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (head.startsWith('[')) return 'json';
    if (head.startsWith('{')) return 'jsonl';
    if (head.length > 0) return 'csv';
    throw new InputError(`${path} is empty`);
  } finally {
    await handle.close();
  }
}

/** Turns one parsed record into a contact, or says what is wrong with it. */
export function toContact(record: unknown): InputContact | string {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return 'expected an object like {"id": "...", "properties": {...}}';
  }
  const { id, properties, propertiesWithHistory } = record as {
    id?: unknown;
    properties?: unknown;
    propertiesWithHistory?: unknown;
  };
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
    return 'expected "properties" to be an object of HubSpot property values';
  }
  const props = properties as Record<string, unknown>;
  const contactId = id ?? props.hs_object_id;
  if (
    (typeof contactId !== 'string' && typeof contactId !== 'number') ||
    String(contactId).trim() === ''
  ) {
    return 'expected an "id" (or properties.hs_object_id)';
  }
  for (const name in props) {
    const value = props[name];
    if (value !== null && typeof value === 'object')
      return `property ${name}: expected a text, number or null`;
  }
  if (propertiesWithHistory === undefined || propertiesWithHistory === null) {
    return { id: String(contactId), properties: props as ContactProperties };
  }
  const history = toHistory(propertiesWithHistory);
  if (typeof history === 'string') return history;
  return {
    id: String(contactId),
    properties: props as ContactProperties,
    propertiesWithHistory: history,
  };
}

/** HubSpot's `propertiesWithHistory`: property -> [{value, timestamp, ...}], newest first. */
function toHistory(value: unknown): ContactHistory | string {
  if (typeof value !== 'object' || Array.isArray(value)) {
    return 'expected "propertiesWithHistory" to be an object of property histories';
  }
  const histories = value as Record<string, unknown>;
  for (const name in histories) {
    const entries = histories[name];
    if (!Array.isArray(entries)) return `propertiesWithHistory.${name}: expected a list`;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as { value?: unknown; timestamp?: unknown } | null;
      const timestamp = entry?.timestamp;
      if (
        entry === null ||
        typeof entry !== 'object' ||
        (typeof timestamp !== 'string' && typeof timestamp !== 'number') ||
        (entry.value !== null && entry.value !== undefined && typeof entry.value !== 'string')
      ) {
        return `propertiesWithHistory.${name}[${i}]: expected {"value": "...", "timestamp": "..."}`;
      }
    }
  }
  return histories as ContactHistory;
}

async function* readJsonLines(stream: Readable, path: string): AsyncGenerator<ContactRow> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let row = 0;
  try {
    for await (const line of lines) {
      row++;
      if (line.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        yield { row, problem: `not valid JSON (${(error as Error).message})` };
        continue;
      }
      yield rowOf(row, record);
    }
  } catch (error) {
    throw inputFailure(error, path) ?? error;
  }
}

async function* readJsonArray(stream: Readable, path: string): AsyncGenerator<ContactRow> {
  const items = stream.pipe(StreamArray.withParser());
  stream.once('error', (error) => items.destroy(error));
  let row = 0;
  try {
    for await (const item of items as AsyncIterable<{ key: number; value: unknown }>) {
      row = item.key + 1;
      yield rowOf(row, item.value);
    }
  } catch (error) {
    const failure = inputFailure(error, path);
    if (failure) throw failure;
    // A broken JSON array cannot be resynchronised: report where, keep what was scored.
    yield {
      row: row + 1,
      problem: `not valid JSON after element ${row} (${(error as Error).message}); the rest of the file is skipped`,
    };
  }
}

async function* readCsv(stream: Readable, path: string): AsyncGenerator<ContactRow> {
  const records = stream.pipe(
    parseCsv({
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }),
  );
  stream.once('error', (error) => records.destroy(error));
  let row = 1;
  try {
    for await (const record of records as AsyncIterable<Record<string, string>>) {
      row++;
      const properties: Record<string, string | null> = {};
      for (const name in record) {
        if (name !== 'id') properties[name] = record[name] === '' ? null : record[name]!;
      }
      yield rowOf(row, { id: record.id || properties.hs_object_id, properties });
    }
  } catch (error) {
    const failure = inputFailure(error, path);
    if (failure) throw failure;
    yield {
      row: row + 1,
      problem: `CSV cannot be read from here on (${(error as Error).message})`,
    };
  }
}

function rowOf(row: number, record: unknown): ContactRow {
  const contact = toContact(record);
  return typeof contact === 'string' ? { row, problem: contact } : { row, contact };
}
