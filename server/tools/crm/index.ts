/** The CRM's tools: account search and reads, and idempotent, reversible account and contact writes. */
import type { ToolDefinition } from '../define-tool.ts';
import { crmCreateAccount } from './create-account.ts';
import { crmDeleteAccount } from './delete-account.ts';
import { crmFindAccounts } from './find-accounts.ts';
import { crmGetAccount } from './get-account.ts';
import { crmRestoreAccount } from './restore-account.ts';
import { crmRestoreContact } from './restore-contact.ts';
import { crmUndoAccountUpsert } from './undo-account-upsert.ts';
import { crmUpdateAccount } from './update-account.ts';
import { crmUpsertAccount } from './upsert-account.ts';
import { crmUpsertContact } from './upsert-contact.ts';

export {
  crmCreateAccount,
  crmDeleteAccount,
  crmFindAccounts,
  crmGetAccount,
  crmRestoreAccount,
  crmRestoreContact,
  crmUndoAccountUpsert,
  crmUpdateAccount,
  crmUpsertAccount,
  crmUpsertContact,
};

/** Every CRM tool, for the registry. */
export const crmTools: readonly ToolDefinition[] = [
  crmFindAccounts,
  crmGetAccount,
  crmCreateAccount,
  crmDeleteAccount,
  crmUpdateAccount,
  crmRestoreAccount,
  crmUpsertAccount,
  crmUndoAccountUpsert,
  crmUpsertContact,
  crmRestoreContact,
];
