import type { OpenApiSpec } from './openapi-check.ts';
import { loadSpec } from './openapi-check.ts';

/**
 * HubSpot publishes no spec we keep for the Settings API's users: this is the one operation we
 * call, written from HubSpot's reference ("Retrieve a user", GET /settings/users/2026-03/{userId},
 * PublicUser; `email`, `id`, `roleIds` and `superAdmin` required as in the v3 spec), with the
 * error body of the CRM specs (HubSpot's APIs share it).
 */
export function usersSpec(): OpenApiSpec {
  const properties = loadSpec('properties-2026-03.json');
  const shared = properties as unknown as { components: { responses: unknown } };
  return {
    paths: {
      '/settings/users/2026-03/{userId}': {
        get: {
          responses: {
            '200': {
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/PublicUser' } },
              },
            },
            default: { $ref: '#/components/responses/Error' },
          },
        },
      },
    },
    components: {
      ...shared.components,
      schemas: {
        Error: properties.components.schemas.Error!,
        ErrorDetail: properties.components.schemas.ErrorDetail!,
        PublicUser: {
          type: 'object',
          required: ['email', 'id', 'roleIds', 'superAdmin'],
          properties: {
            email: { type: 'string' },
            id: { type: 'string' },
            roleIds: { type: 'array', items: { type: 'string' } },
            superAdmin: { type: 'boolean' },
            firstName: { type: 'string' },
            lastName: { type: 'string' },
            primaryTeamId: { type: 'string' },
            roleId: { type: 'string' },
            secondaryTeamIds: { type: 'array', items: { type: 'string' } },
            sendWelcomeEmail: { type: 'boolean' },
          },
        },
      },
    },
  } as OpenApiSpec;
}
