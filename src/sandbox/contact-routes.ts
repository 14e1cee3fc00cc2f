import { HUBSPOT_API_VERSION } from '../hubspot/hubspot-paths.ts';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { matchesQuery, matchesSearch, SEARCH_OPERATORS, sortContacts } from './contact-search.ts';
import {
  contactObject,
  listParam,
  sendBatch,
  sendError,
  standardError,
} from './hubspot-responses.ts';
import { checkWrittenValues, invalidValuesMessage } from './property-values.ts';
import type { SandboxAccount } from './sandbox-account.ts';

/** The date-based API version the sandbox serves, and the only one. */
const V = HUBSPOT_API_VERSION;

const BATCH_LIMIT = 100;
const HISTORY_BATCH_LIMIT = 50;
const SEARCH_PAGE_LIMIT = 200;
const SEARCH_RESULT_CAP = 10_000;

const batchRead = z.object({
  inputs: z.array(z.object({ id: z.string() })),
  properties: z.array(z.string()).default([]),
  propertiesWithHistory: z.array(z.string()).default([]),
  idProperty: z.string().optional(),
});

const batchUpdate = z.object({
  inputs: z.array(
    z.object({ id: z.string(), properties: z.record(z.string(), z.coerce.string()) }),
  ),
});

const filter = z.object({
  propertyName: z.string(),
  operator: z.enum(SEARCH_OPERATORS),
  value: z.coerce.string().optional(),
  values: z.array(z.coerce.string()).optional(),
  highValue: z.coerce.string().optional(),
});

const search = z.object({
  filterGroups: z.array(z.object({ filters: z.array(filter) })).default([]),
  sorts: z
    .array(
      z.union([
        z.string(),
        z.object({
          propertyName: z.string(),
          direction: z.enum(['ASCENDING', 'DESCENDING']).optional(),
        }),
      ]),
    )
    .default([]),
  properties: z.array(z.string()).default([]),
  limit: z.number().int().min(0).default(10),
  after: z.union([z.string(), z.number()]).optional(),
  query: z.string().optional(),
});

function parse<T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined {
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
  sendError(res, 400, 'VALIDATION_ERROR', `Invalid input JSON: ${detail}`);
  return undefined;
}

function duplicates(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

/** HubSpot's own limits on a batch: size, and one mention of each id. */
function batchProblem(ids: readonly string[], limit: number): string | undefined {
  if (ids.length > limit) return `Batch input exceeds the maximum of ${limit} inputs.`;
  const repeated = duplicates(ids);
  if (repeated.length > 0)
    return `Duplicate IDs found in batch input: [${repeated.join(', ')}]. IDs must be unique`;
  return undefined;
}

const notFound = (ids: string[]) =>
  standardError(
    'OBJECT_NOT_FOUND',
    'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
    { ids },
  );

export function contactRoutes(account: SandboxAccount): Router {
  const router = Router();

  router.post(`/crm/objects/${V}/contacts/batch/read`, (req, res) => {
    const body = parse(batchRead, req, res);
    if (!body) return;
    const startedAt = new Date().toISOString();
    const ids = body.inputs.map((input) => input.id);
    const limit = body.propertiesWithHistory.length > 0 ? HISTORY_BATCH_LIMIT : BATCH_LIMIT;
    const problem = batchProblem(ids, limit);
    if (problem) return sendError(res, 400, 'VALIDATION_ERROR', problem);
    const found = ids.filter((id) => account.contacts.has(id));
    const missing = ids.filter((id) => !account.contacts.has(id));
    // Injected: some contacts fail this time (account.partialBatchRead), the rest come back.
    const failing = account.takePartialBatchRead(found);
    const results = found
      .filter((id) => !failing?.ids.includes(id))
      .map((id) => contactObject(account, id, body.properties, body.propertiesWithHistory));
    const errors = missing.length > 0 ? [notFound(missing)] : [];
    if (failing)
      errors.push(standardError(failing.category, failing.message, { ids: failing.ids }));
    sendBatch(res, startedAt, results, errors);
  });

  router.post(`/crm/objects/${V}/contacts/batch/update`, (req, res) => {
    const body = parse(batchUpdate, req, res);
    if (!body) return;
    const startedAt = new Date().toISOString();
    const problem = batchProblem(
      body.inputs.map((input) => input.id),
      BATCH_LIMIT,
    );
    if (problem) return sendError(res, 400, 'VALIDATION_ERROR', problem);
    // HubSpot refuses the whole batch when any value is invalid.
    const checked = body.inputs.map((input) => ({
      id: input.id,
      ...checkWrittenValues(account.propertyDefinitions, input.properties),
    }));
    const problems = checked.flatMap((input) => input.problems);
    if (problems.length > 0) {
      return sendError(res, 400, 'VALIDATION_ERROR', invalidValuesMessage(problems));
    }
    const missing = checked.filter((input) => !account.contacts.has(input.id)).map((i) => i.id);
    const results = checked
      .filter((input) => account.contacts.has(input.id))
      .map((input) => {
        for (const [name, value] of Object.entries(input.values)) {
          account.setProperty(input.id, name, value, { sourceType: 'INTEGRATION' });
        }
        return contactObject(account, input.id, Object.keys(input.values));
      });
    sendBatch(res, startedAt, results, missing.length > 0 ? [notFound(missing)] : []);
  });

  router.post(`/crm/objects/${V}/contacts/search`, (req, res) => {
    const body = parse(search, req, res);
    if (!body) return;
    if (body.limit > SEARCH_PAGE_LIMIT) {
      return sendError(res, 400, 'VALIDATION_ERROR', `limit must be ≤ ${SEARCH_PAGE_LIMIT}`);
    }
    const filterCount = body.filterGroups.reduce((n, group) => n + group.filters.length, 0);
    if (
      body.filterGroups.length > 5 ||
      body.filterGroups.some((group) => group.filters.length > 6) ||
      filterCount > 18
    ) {
      return sendError(
        res,
        400,
        'VALIDATION_ERROR',
        'Too many filters: at most 5 groups, 6 filters a group, 18 in all.',
      );
    }
    if (body.sorts.length > 1) {
      return sendError(res, 400, 'VALIDATION_ERROR', 'Only one sort rule is supported.');
    }
    const offset = body.after === undefined || body.after === '' ? 0 : Number(body.after);
    if (!Number.isInteger(offset) || offset < 0) {
      return sendError(res, 400, 'VALIDATION_ERROR', `Invalid paging cursor: ${body.after}`);
    }
    if (offset >= SEARCH_RESULT_CAP) {
      return sendError(
        res,
        400,
        'VALIDATION_ERROR',
        `Search queries are limited to ${SEARCH_RESULT_CAP} results.`,
      );
    }
    const matching = [...account.contacts].filter(
      ([, properties]) =>
        matchesSearch(account.propertyDefinitions, properties, body.filterGroups) &&
        matchesQuery(properties, body.query),
    );
    const sorted = sortContacts(account.propertyDefinitions, matching, body.sorts[0]);
    const page = sorted.slice(offset, offset + body.limit);
    const next = offset + page.length;
    res.status(200).json({
      total: sorted.length,
      results: page.map(([id]) => contactObject(account, id, body.properties)),
      ...(next < sorted.length && page.length > 0
        ? { paging: { next: { after: String(next), link: `?after=${next}` } } }
        : {}),
    });
  });

  router.get(`/crm/objects/${V}/contacts/:contactId`, (req, res) => {
    const id = req.params.contactId;
    if (!account.contacts.has(id)) {
      return sendError(res, 404, 'OBJECT_NOT_FOUND', `resource not found`);
    }
    res
      .status(200)
      .json(
        contactObject(
          account,
          id,
          listParam(req.query.properties),
          listParam(req.query.propertiesWithHistory),
        ),
      );
  });

  return router;
}
