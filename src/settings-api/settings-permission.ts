import type { HubSpotPort } from '../hubspot/hubspot-port.ts';

/**
 * Who may publish, roll back and choose a template. HubSpot shows an app's settings page to
 * users who may manage the account's apps, but our backend does not take the page's word: it
 * asks HubSpot's users API about the user id in the signed request and allows super admins
 * (the default), or, when the operator names them (SETTINGS_PUBLISHERS), only those user ids.
 * Answers are kept a minute per account and user: the page asks on every load.
 */
export type SettingsPublishers = 'super-admins' | readonly string[];

export interface PublishPermission {
  mayPublish(portalId: number, userId: string, port: HubSpotPort): Promise<boolean>;
}

const REMEMBER_MS = 60_000;

export function createPublishPermission(
  publishers: SettingsPublishers,
  clock: () => number = Date.now,
): PublishPermission {
  const remembered = new Map<string, { allowed: boolean; at: number }>();
  return {
    async mayPublish(portalId, userId, port) {
      if (publishers !== 'super-admins') return publishers.includes(userId);
      const key = `${portalId}:${userId}`;
      const known = remembered.get(key);
      if (known && clock() - known.at < REMEMBER_MS) return known.allowed;
      // HubSpot errors propagate: an unreachable HubSpot is a 503, never a silent "yes".
      const user = await port.findUser(userId);
      const allowed = user?.superAdmin === true;
      remembered.set(key, { allowed, at: clock() });
      return allowed;
    },
  };
}
