import type { HubSpotCall } from './hubspot-caller.ts';
import type { HubSpotClient } from './hubspot-client.ts';
import { HubSpotError } from './hubspot-error.ts';
import { HUBSPOT_PATHS } from './hubspot-paths.ts';
import type { HubSpotUser } from './hubspot-port.ts';

/**
 * HubSpot's user provisioning API (Settings API), which has no spec in ./openapi/specs: the
 * one call we make, typed by hand from HubSpot's reference ("Retrieve a user",
 * GET /settings/users/2026-03/{userId}, developers.hubspot.com/docs/api-reference/2026-03/
 * account/settings/user-provisioning/users/get-user). Scope `settings.users.read`.
 */
export interface UserPaths {
  '/settings/users/2026-03/{userId}': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path: { userId: string }; cookie?: never };
      requestBody?: never;
      responses: {
        200: { headers: { [name: string]: unknown }; content: { 'application/json': PublicUser } };
        default: { headers: { [name: string]: unknown }; content: { 'application/json': unknown } };
      };
    };
  };
}

/** HubSpot's PublicUser; only `id`, `email`, `roleIds` and `superAdmin` matter to us. */
export interface PublicUser {
  id: string;
  email: string;
  roleIds?: string[];
  superAdmin?: boolean;
  primaryTeamId?: string;
  roleId?: string;
  secondaryTeamIds?: string[];
  firstName?: string;
  lastName?: string;
}

/**
 * One user of the account, or undefined when HubSpot does not know the id in this account
 * (404): the settings backend then refuses to publish instead of failing with a 500.
 */
export async function findUser(
  client: HubSpotClient,
  call: HubSpotCall,
  userId: string,
): Promise<HubSpotUser | undefined> {
  let user: PublicUser;
  try {
    user = await call('read user', () =>
      client.users.GET(HUBSPOT_PATHS.user, { params: { path: { userId } } }),
    );
  } catch (err) {
    if (err instanceof HubSpotError && err.category === 'not-found') return undefined;
    throw err;
  }
  return {
    id: String(user.id),
    ...(user.email === undefined ? {} : { email: user.email }),
    // A missing flag is not a super admin: refusing a publish is the safe side.
    superAdmin: user.superAdmin === true,
    roleIds: user.roleIds ?? (user.roleId === undefined ? [] : [user.roleId]),
  };
}
