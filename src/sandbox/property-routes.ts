import { HUBSPOT_API_VERSION } from '../hubspot/hubspot-paths.ts';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { newProperty, type SandboxProperty } from './contact-properties.ts';
import { sendError } from './hubspot-responses.ts';
import type { SandboxAccount } from './sandbox-account.ts';

/** The date-based API version the sandbox serves, and the only one. */
const V = HUBSPOT_API_VERSION;

const TYPES = [
  'bool',
  'date',
  'datetime',
  'enumeration',
  'number',
  'phone_number',
  'string',
] as const;
const FIELD_TYPES = [
  'booleancheckbox',
  'calculation_equation',
  'checkbox',
  'date',
  'file',
  'html',
  'number',
  'phonenumber',
  'radio',
  'select',
  'text',
  'textarea',
] as const;

const option = z.object({
  label: z.string(),
  value: z.string(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean(),
  description: z.string().optional(),
});

const groupCreate = z.object({
  name: z.string().min(1),
  label: z.string().min(1),
  displayOrder: z.number().int().optional(),
});

const propertyCreate = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lowercase letters, digits and underscores'),
  label: z.string().min(1),
  type: z.enum(TYPES),
  fieldType: z.enum(FIELD_TYPES),
  groupName: z.string().min(1),
  description: z.string().optional(),
  options: z.array(option).optional(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
  hasUniqueValue: z.boolean().optional(),
});

const propertyUpdate = propertyCreate.omit({ name: true, hasUniqueValue: true }).partial();

function parse<T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined {
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
  sendError(res, 400, 'VALIDATION_ERROR', `Invalid input JSON: ${detail}`);
  return undefined;
}

const withOrder = (options: z.infer<typeof option>[] = []) =>
  options.map((o, i) => ({ ...o, displayOrder: o.displayOrder ?? i }));

/** Only contacts live in this sandbox; HubSpot accepts the name or the type id `0-1`. */
const isContacts = (objectType: string | undefined) =>
  objectType === 'contacts' || objectType === '0-1';

export function propertyRoutes(account: SandboxAccount): Router {
  const router = Router();
  router.param('objectType', (req, res, next, objectType: string) => {
    if (isContacts(objectType)) return next();
    sendError(res, 400, 'VALIDATION_ERROR', `Unable to infer object type from: ${objectType}`);
  });

  router.post(`/crm/properties/${V}/:objectType/groups`, (req, res) => {
    const body = parse(groupCreate, req, res);
    if (!body) return;
    if (account.propertyGroups.has(body.name)) {
      return sendError(
        res,
        409,
        'OBJECT_ALREADY_EXISTS',
        `A property group named '${body.name}' already exists.`,
      );
    }
    const group = {
      name: body.name,
      label: body.label,
      displayOrder: body.displayOrder ?? -1,
      archived: false,
    };
    account.propertyGroups.set(group.name, group);
    res.status(201).json(group);
  });

  router.get(`/crm/properties/${V}/:objectType`, (_req, res) => {
    res.status(200).json({ results: [...account.propertyDefinitions.values()] });
  });

  router.post(`/crm/properties/${V}/:objectType`, (req, res) => {
    const body = parse(propertyCreate, req, res);
    if (!body) return;
    if (account.propertyDefinitions.has(body.name)) {
      return sendError(
        res,
        409,
        'OBJECT_ALREADY_EXISTS',
        `Property named '${body.name}' already exists.`,
      );
    }
    if (!account.propertyGroups.has(body.groupName)) {
      return sendError(res, 400, 'VALIDATION_ERROR', `group ${body.groupName} does not exist.`);
    }
    if (
      body.type === 'enumeration' &&
      (body.options ?? []).length === 0 &&
      body.fieldType !== 'booleancheckbox'
    ) {
      return sendError(
        res,
        400,
        'VALIDATION_ERROR',
        `enumeration property ${body.name} needs options`,
      );
    }
    const property: SandboxProperty = newProperty(
      { ...body, description: body.description ?? '', options: withOrder(body.options) },
      new Date(account.now()).toISOString(),
    );
    account.propertyDefinitions.set(property.name, property);
    res.status(201).json(property);
  });

  router.get(`/crm/properties/${V}/:objectType/:propertyName`, (req, res) => {
    const property = account.propertyDefinitions.get(req.params.propertyName);
    if (!property) {
      return sendError(
        res,
        404,
        'OBJECT_NOT_FOUND',
        `Unable to find property ${req.params.propertyName}`,
      );
    }
    res.status(200).json(property);
  });

  router.patch(`/crm/properties/${V}/:objectType/:propertyName`, (req, res) => {
    const property = account.propertyDefinitions.get(req.params.propertyName);
    if (!property) {
      return sendError(
        res,
        404,
        'OBJECT_NOT_FOUND',
        `Unable to find property ${req.params.propertyName}`,
      );
    }
    const body = parse(propertyUpdate, req, res);
    if (!body) return;
    if (property.modificationMetadata.readOnlyDefinition) {
      return sendError(
        res,
        400,
        'VALIDATION_ERROR',
        `${property.name} is a HubSpot defined property and cannot be changed.`,
      );
    }
    const updated: SandboxProperty = {
      ...property,
      ...body,
      options: body.options ? withOrder(body.options) : property.options,
      updatedAt: new Date(account.now()).toISOString(),
    };
    account.propertyDefinitions.set(updated.name, updated);
    res.status(200).json(updated);
  });

  return router;
}
