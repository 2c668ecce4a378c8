import { describe, expect, it } from 'vitest';
import { renderCatalogue } from '../registry.ts';
import { registry } from './test-support.ts';

describe('erpTools', () => {
  it('register with their compensations and render as a planner catalogue', () => {
    const catalogue = renderCatalogue(registry);
    expect(catalogue.map((tool) => [tool.name, tool.sideEffect, tool.compensation])).toEqual([
      ['erp.approve-invoice', 'write', 'erp.reopen-invoice'],
      ['erp.find-invoices-by-number', 'read', null],
      ['erp.get-invoice', 'read', null],
      ['erp.get-purchase-order', 'read', null],
      ['erp.get-vendor', 'read', null],
      ['erp.hold-invoice', 'write', 'erp.reopen-invoice'],
      ['erp.reopen-invoice', 'write', null],
    ]);
    for (const tool of catalogue) {
      expect(tool.inputSchema).toMatchObject({ type: 'object' });
      expect(tool.outputSchema).toMatchObject({ type: 'object' });
    }
  });
});
