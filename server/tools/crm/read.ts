/**
 * Reads of the CRM that its writes and their previews share: an account or a contact as it is
 * now (locked for update inside a write's transaction), and the contacts check of a delete.
 */
import type pg from 'pg';
import type { ToolClients } from '../define-tool.ts';
import { CompensationRefusedError } from './applied-write.ts';
import {
  ACCOUNT_COLUMNS,
  CONTACT_COLUMNS,
  type TAccount,
  type TContact,
  toAccount,
  toContact,
} from './records.ts';

/** A pool (for a preview) or a transaction's client (for a write). */
type TDb = ToolClients['db'] | pg.PoolClient;

/** The account with this id or domain, or null; locked for update when `forUpdate`. */
export async function readAccount(
  db: TDb,
  by: { id: string } | { domain: string },
  forUpdate = false,
): Promise<TAccount | null> {
  const [column, value] = 'id' in by ? ['id', by.id] : ['domain', by.domain];
  const { rows } = await db.query(
    `SELECT ${ACCOUNT_COLUMNS} FROM crm.accounts WHERE ${column} = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [value],
  );
  return rows.length === 0 ? null : toAccount(rows[0]);
}

/** The contact with this id or email, or null; locked for update when `forUpdate`. */
export async function readContact(
  db: TDb,
  by: { id: string } | { email: string },
  forUpdate = false,
): Promise<TContact | null> {
  const [column, value] = 'id' in by ? ['id', by.id] : ['email', by.email];
  const { rows } = await db.query(
    `SELECT ${CONTACT_COLUMNS} FROM crm.contacts WHERE ${column} = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [value],
  );
  return rows.length === 0 ? null : toContact(rows[0]);
}

/**
 * Refuses (CompensationRefusedError) to delete an account that has contacts: deleting it would
 * delete them with it.
 */
export async function refuseIfContacts(db: TDb, accountId: string): Promise<void> {
  const contacts = await db.query(
    'SELECT count(*)::int AS n FROM crm.contacts WHERE account_id = $1',
    [accountId],
  );
  const count = Number(contacts.rows[0]?.n ?? 0);
  if (count > 0) {
    throw new CompensationRefusedError(
      `Account ${accountId} has ${count} contact(s) now; it is not deleted with them.`,
    );
  }
}
