import { describe, expect, it } from 'vitest';
import { directoryTools } from '../directory/index.ts';
import { createToolRegistry, renderCatalogue } from '../registry.ts';
import { crmTools } from './index.ts';

describe('crmTools', () => {
  it('register together with their compensations and render in the catalogue', () => {
    const registry = createToolRegistry([...crmTools, ...directoryTools]);
    const catalogue = renderCatalogue(registry);
    expect(catalogue.map((entry) => [entry.name, entry.sideEffect, entry.compensation])).toEqual([
      ['crm.create-account', 'write', 'crm.delete-account'],
      ['crm.delete-account', 'write', null],
      ['crm.find-accounts', 'read', null],
      ['crm.get-account', 'read', null],
      ['crm.restore-account', 'write', null],
      ['crm.restore-contact', 'write', null],
      ['crm.undo-account-upsert', 'write', null],
      ['crm.update-account', 'write', 'crm.restore-account'],
      ['crm.upsert-account', 'write', 'crm.undo-account-upsert'],
      ['crm.upsert-contact', 'write', 'crm.restore-contact'],
      ['directory.lookup-company', 'read', null],
    ]);
    for (const entry of catalogue) {
      expect(entry.inputSchema).toMatchObject({ type: 'object' });
      expect(entry.idempotent).toBe(true);
    }
  });
});
