import { readFileSync } from 'node:fs';

/**
 * A small checker for the JSON-schema subset HubSpot's OpenAPI specs use: $ref, type, required,
 * enum, properties, items, additionalProperties, format date-time. Enough to hold the sandbox
 * to the documented shapes without a validator dependency.
 */
type Schema = Record<string, unknown>;
export interface OpenApiSpec {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
}

/** HubSpot's specs as committed with the generated types (npm run generate:hubspot-types). */
const SPEC_DIR = new URL('../../src/hubspot/openapi/specs/', import.meta.url);
export const loadSpec = (file: string): OpenApiSpec =>
  JSON.parse(readFileSync(new URL(file, SPEC_DIR), 'utf8')) as OpenApiSpec;

function resolve(spec: OpenApiSpec, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const target = spec.components.schemas[name];
  if (!target) throw new Error(`unknown $ref ${ref}`);
  return target;
}

/**
 * HubSpot answers null for a requested property that has no value (the SDK types it
 * `string | null`); the spec says string. The one documented-behaviour exception we allow.
 */
const NULL_PROPERTY_VALUE = /\.properties\.[^.[\]]+$/;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function checkSchema(
  spec: OpenApiSpec,
  schemaOrRef: Schema,
  value: unknown,
  at = '$',
): string[] {
  const schema = resolve(spec, schemaOrRef);
  const problems: string[] = [];
  const type = schema.type as string | undefined;
  const actual = typeOf(value);
  if (type) {
    const fits = actual === type || (type === 'number' && actual === 'integer');
    // Nullable strings: HubSpot sends null for unset property values, which the SDK types allow.
    const nullAllowed = schema.nullable === true || NULL_PROPERTY_VALUE.test(at);
    if (!fits && !(actual === 'null' && nullAllowed)) {
      return [`${at}: expected ${type}, got ${actual}`];
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (
    schema.format === 'date-time' &&
    typeof value === 'string' &&
    Number.isNaN(Date.parse(value))
  ) {
    problems.push(`${at}: ${value} is not a date-time`);
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!(name in object)) problems.push(`${at}: missing required ${name}`);
    }
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [name, child] of Object.entries(object)) {
      if (properties[name]) {
        problems.push(...checkSchema(spec, properties[name], child, `${at}.${name}`));
      } else if (typeof schema.additionalProperties === 'object') {
        problems.push(
          ...checkSchema(spec, schema.additionalProperties as Schema, child, `${at}.${name}`),
        );
      }
    }
  }
  if (actual === 'array' && schema.items) {
    (value as unknown[]).forEach((item, i) => {
      problems.push(...checkSchema(spec, schema.items as Schema, item, `${at}[${i}]`));
    });
  }
  return problems;
}

/** The spec's path template that a concrete path falls under, e.g. `/crm/properties/2026-03/{objectType}`. */
function templateOf(spec: OpenApiSpec, path: string): string {
  const template = Object.keys(spec.paths).find((candidate) => {
    const pattern = candidate.replace(/\{[^}]+\}/g, '[^/]+');
    return new RegExp(`^${pattern}$`).test(path);
  });
  if (!template) throw new Error(`no path in the spec for ${path}`);
  return template;
}

function operation(spec: OpenApiSpec, method: string, path: string): Schema {
  const op = spec.paths[templateOf(spec, path)]![method.toLowerCase()];
  if (!op) throw new Error(`no ${method} ${path} in the spec`);
  return op;
}

function jsonSchema(content: unknown): Schema {
  const byType = content as Record<string, { schema: Schema }>;
  return (byType['application/json'] ?? byType['*/*'])!.schema;
}

export function checkResponse(
  spec: OpenApiSpec,
  method: string,
  path: string,
  status: number,
  body: unknown,
): string[] {
  const responses = operation(spec, method, path).responses as Record<string, Schema>;
  const documented = responses[String(status)] ?? responses.default;
  if (!documented) return [`${method} ${path}: status ${status} is not documented`];
  const resolved = documented.$ref
    ? (spec as unknown as { components: { responses: Record<string, Schema> } }).components
        .responses[String(documented.$ref).replace('#/components/responses/', '')]!
    : documented;
  if (!resolved.content)
    return body === undefined || body === '' ? [] : [`${status}: body not expected`];
  return checkSchema(spec, jsonSchema(resolved.content), body);
}

export function checkRequest(
  spec: OpenApiSpec,
  method: string,
  path: string,
  body: unknown,
): string[] {
  const requestBody = operation(spec, method, path).requestBody as Schema | undefined;
  if (!requestBody) return [];
  return checkSchema(spec, jsonSchema(requestBody.content), body);
}
