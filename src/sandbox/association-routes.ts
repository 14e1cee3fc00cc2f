import { HUBSPOT_API_VERSION } from '../hubspot/hubspot-paths.ts';
import { Router } from 'express';
import { z } from 'zod';
import { sendBatch, sendError, standardError } from './hubspot-responses.ts';
import type { SandboxAccount } from './sandbox-account.ts';

/** The date-based API version the sandbox serves, and the only one. */
const V = HUBSPOT_API_VERSION;

/** HubSpot-defined association type ids from each engagement type to contacts. */
const TO_CONTACT_TYPE_ID: Record<string, number> = {
  calls: 194,
  emails: 198,
  meetings: 200,
  notes: 202,
  tasks: 204,
  communications: 82,
};

const batchRead = z.object({
  inputs: z.array(z.object({ id: z.coerce.string(), after: z.string().optional() })).max(1000),
});

/**
 * `POST /crm/associations/2026-03/{fromObjectType}/contacts/batch/read` (v4's bodies): each engagement with its
 * contacts, a page of `pageSize` a time (500 at HubSpot) with a per-engagement cursor.
 */
export function associationRoutes(account: SandboxAccount, pageSize: number): Router {
  const router = Router();
  router.post(`/crm/associations/${V}/:fromObjectType/:toObjectType/batch/read`, (req, res) => {
    const { fromObjectType, toObjectType } = req.params;
    const byEngagement = account.associations.get(fromObjectType);
    if (!byEngagement || toObjectType !== 'contacts') {
      return sendError(
        res,
        400,
        'VALIDATION_ERROR',
        `Unsupported association: ${fromObjectType} to ${toObjectType}`,
      );
    }
    const parsed = batchRead.safeParse(req.body);
    if (!parsed.success) {
      return sendError(
        res,
        400,
        'VALIDATION_ERROR',
        `Invalid input JSON: ${parsed.error.issues[0]?.message}`,
      );
    }
    const startedAt = new Date().toISOString();
    const results = [];
    const errors = [];
    for (const input of parsed.data.inputs) {
      const contactIds = [...(byEngagement.get(input.id) ?? [])].filter((id) =>
        account.contacts.has(id),
      );
      if (contactIds.length === 0) {
        errors.push(
          standardError(
            'OBJECT_NOT_FOUND',
            `No ${toObjectType} is associated with ${fromObjectType} ${input.id}.`,
            { fromObjectId: [input.id] },
            'crm.associations.NO_ASSOCIATIONS_FOUND',
          ),
        );
        continue;
      }
      const offset = Number(input.after ?? 0) || 0;
      const page = contactIds.slice(offset, offset + pageSize);
      const next = offset + page.length;
      results.push({
        from: { id: input.id },
        to: page.map((id) => ({
          toObjectId: Number(id),
          associationTypes: [
            {
              category: 'HUBSPOT_DEFINED',
              typeId: TO_CONTACT_TYPE_ID[fromObjectType] ?? 1,
              label: null,
            },
          ],
        })),
        ...(next < contactIds.length
          ? { paging: { next: { after: String(next), link: null } } }
          : {}),
      });
    }
    sendBatch(res, startedAt, results, errors);
  });
  return router;
}
