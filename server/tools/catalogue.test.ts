// The catalogue is what a planner prompt contains: this pins its shape, so a tool added, renamed
// or re-declared (side effect, idempotency, reversibility, compensation) is a visible change here.
import { describe, expect, it } from 'vitest';
import { toolRegistry } from './index.ts';
import { renderCatalogue } from './registry.ts';

const catalogue = renderCatalogue(toolRegistry);

describe('the tool catalogue', () => {
  it('lists every tool with its side effect, idempotency, reversibility and compensation', () => {
    expect(
      catalogue.map((tool) => [
        tool.name,
        tool.sideEffect,
        tool.idempotent,
        tool.reversible,
        tool.compensation,
      ]),
    ).toEqual([
      ['billing.get-customer', 'read', true, false, null],
      ['billing.restore-billing-address', 'write', true, false, null],
      ['billing.update-billing-address', 'write', true, true, 'billing.restore-billing-address'],
      ['crm.create-account', 'write', true, true, 'crm.delete-account'],
      ['crm.delete-account', 'write', true, false, null],
      ['crm.find-accounts', 'read', true, false, null],
      ['crm.get-account', 'read', true, false, null],
      ['crm.get-contact-address', 'read', true, false, null],
      ['crm.restore-account', 'write', true, false, null],
      ['crm.restore-contact', 'write', true, false, null],
      ['crm.restore-contact-address', 'write', true, false, null],
      ['crm.undo-account-upsert', 'write', true, false, null],
      ['crm.update-account', 'write', true, true, 'crm.restore-account'],
      ['crm.update-contact-address', 'write', true, true, 'crm.restore-contact-address'],
      ['crm.upsert-account', 'write', true, true, 'crm.undo-account-upsert'],
      ['crm.upsert-contact', 'write', true, true, 'crm.restore-contact'],
      ['directory.lookup-company', 'read', true, false, null],
      ['documents.read-address-change', 'none', true, false, null],
      ['documents.read-invoice', 'none', true, false, null],
      ['documents.read-lead', 'none', true, false, null],
      ['erp.approve-invoice', 'write', true, true, 'erp.reopen-invoice'],
      ['erp.find-invoices-by-number', 'read', true, false, null],
      ['erp.get-invoice', 'read', true, false, null],
      ['erp.get-purchase-order', 'read', true, false, null],
      ['erp.get-vendor', 'read', true, false, null],
      ['erp.hold-invoice', 'write', true, true, 'erp.reopen-invoice'],
      ['erp.reopen-invoice', 'write', true, false, null],
      ['http.get-json', 'read', true, false, null],
      ['http.post-json', 'external', true, false, null],
      ['scoring.score-lead', 'none', true, false, null],
      ['shipping.get-delivery-profile', 'read', true, false, null],
      ['shipping.restore-delivery-address', 'write', true, false, null],
      [
        'shipping.update-delivery-address',
        'write',
        true,
        true,
        'shipping.restore-delivery-address',
      ],
    ]);
  });

  it('gives each tool a description for the model and JSON Schemas of its input and output', () => {
    for (const tool of catalogue) {
      expect(tool.description.length, tool.name).toBeGreaterThan(40);
      expect(tool.inputSchema.$schema, tool.name).toBe(
        'https://json-schema.org/draft/2020-12/schema',
      );
      expect(tool.outputSchema.$schema, tool.name).toBe(
        'https://json-schema.org/draft/2020-12/schema',
      );
    }
  });

  it('pairs every reversible write with a registered compensation that is a write and not reversible', () => {
    for (const tool of catalogue.filter((entry) => entry.reversible)) {
      const compensation = catalogue.find((entry) => entry.name === tool.compensation);
      expect(compensation, tool.name).toMatchObject({ sideEffect: 'write', reversible: false });
    }
  });

  it('renders only the allow-list when a workflow gives one', () => {
    const allowed = ['erp.get-invoice', 'erp.approve-invoice', 'erp.reopen-invoice'];
    expect(renderCatalogue(toolRegistry, allowed).map((tool) => tool.name)).toEqual([
      'erp.approve-invoice',
      'erp.get-invoice',
      'erp.reopen-invoice',
    ]);
  });
});
