/**
 * Who may do what (DESIGN.md section 6): requesters trigger workflows and see their own runs,
 * reviewers decide review items, operations see all runs and replay, discard and cancel, admins
 * manage users and roles. A tRPC procedure names the roles it allows; nothing else decides.
 */
import { z } from 'zod';

export const ROLES = ['requester', 'reviewer', 'operations', 'admin'] as const;
export const ZRoleSchema = z.enum(ROLES);
export type TRole = z.infer<typeof ZRoleSchema>;

/** The signed-in person, as every authorized procedure sees them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: TRole;
}

/** What each role is for, as the admin page and the sign-in page describe it. */
export const ROLE_DESCRIPTIONS: Record<TRole, string> = {
  requester: 'Starts workflows and follows their own runs.',
  reviewer: 'Decides review items in the review console.',
  operations: 'Sees every run; replays, discards and cancels.',
  admin: 'Manages users and their roles.',
};
