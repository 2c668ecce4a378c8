/** The CRM address tools: read, update and restore a contact's postal address. */
import type { ToolDefinition } from '../define-tool.ts';
import { crmGetContactAddress } from './get-contact-address.ts';
import { crmRestoreContactAddress } from './restore-contact-address.ts';
import { crmUpdateContactAddress } from './update-contact-address.ts';

export * from './address.ts';
export { crmGetContactAddress, crmRestoreContactAddress, crmUpdateContactAddress };

/** The CRM contact address tools, for the registry. */
export const addressTools: readonly ToolDefinition[] = [
  crmGetContactAddress,
  crmUpdateContactAddress,
  crmRestoreContactAddress,
];
