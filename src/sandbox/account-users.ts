import { Router } from 'express';
import { HUBSPOT_API_VERSION } from '../hubspot/hubspot-paths.ts';
import { sendError } from './hubspot-responses.ts';
import type { SandboxAccount } from './sandbox-account.ts';

/** A user as HubSpot's user provisioning API answers it (GET /settings/users/2026-03/{userId}). */
export interface SandboxUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  roleIds: string[];
  primaryTeamId?: string;
  secondaryTeamIds: string[];
  superAdmin: boolean;
  sendWelcomeEmail: boolean;
}

/**
 * Every sandbox account starts with these users, so the settings page's publish check has a
 * yes and a no to find: user 1 is a super admin (may publish by default), user 2 a recruiter
 * with a role but no admin rights (may not). Any other id answers 404, as HubSpot does for a
 * user of another account.
 */
export const SANDBOX_SUPER_ADMIN_ID = '1';
export const SANDBOX_RECRUITER_ID = '2';

export function defaultSandboxUsers(): SandboxUser[] {
  return [
    {
      id: SANDBOX_SUPER_ADMIN_ID,
      email: 'admin@sandbox-agency.example',
      firstName: 'Anna',
      lastName: 'de Vries',
      roleIds: [],
      secondaryTeamIds: [],
      superAdmin: true,
      sendWelcomeEmail: false,
    },
    {
      id: SANDBOX_RECRUITER_ID,
      email: 'recruiter@sandbox-agency.example',
      firstName: 'Sam',
      lastName: 'Jansen',
      roleIds: ['100'],
      primaryTeamId: '10',
      secondaryTeamIds: [],
      superAdmin: false,
      sendWelcomeEmail: false,
    },
  ];
}

export function userRoutes(account: SandboxAccount): Router {
  const router = Router();
  router.get(`/settings/users/${HUBSPOT_API_VERSION}/:userId`, (req, res) => {
    const user = account.users.get(req.params.userId);
    if (!user) {
      return sendError(res, 404, 'OBJECT_NOT_FOUND', `User ${req.params.userId} not found`);
    }
    res.status(200).json(user);
  });
  return router;
}
