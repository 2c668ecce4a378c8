import { describe, expect, it } from 'vitest';
import { billingTools } from '../billing/index.ts';
import { createToolRegistry, renderCatalogue } from '../registry.ts';
import { shippingTools } from '../shipping/index.ts';
import { addressTools } from './index.ts';

describe('the address change tools in the planner catalogue', () => {
  const registry = createToolRegistry([...addressTools, ...billingTools, ...shippingTools]);

  it('lists each write with its compensation and renders every schema', () => {
    const catalogue = renderCatalogue(registry);
    expect(
      catalogue.map(({ name, sideEffect, reversible, compensation }) => ({
        name,
        sideEffect,
        reversible,
        compensation,
      })),
    ).toEqual([
      { name: 'billing.get-customer', sideEffect: 'read', reversible: false, compensation: null },
      {
        name: 'billing.restore-billing-address',
        sideEffect: 'write',
        reversible: false,
        compensation: null,
      },
      {
        name: 'billing.update-billing-address',
        sideEffect: 'write',
        reversible: true,
        compensation: 'billing.restore-billing-address',
      },
      {
        name: 'crm.get-contact-address',
        sideEffect: 'read',
        reversible: false,
        compensation: null,
      },
      {
        name: 'crm.restore-contact-address',
        sideEffect: 'write',
        reversible: false,
        compensation: null,
      },
      {
        name: 'crm.update-contact-address',
        sideEffect: 'write',
        reversible: true,
        compensation: 'crm.restore-contact-address',
      },
      {
        name: 'shipping.get-delivery-profile',
        sideEffect: 'read',
        reversible: false,
        compensation: null,
      },
      {
        name: 'shipping.restore-delivery-address',
        sideEffect: 'write',
        reversible: false,
        compensation: null,
      },
      {
        name: 'shipping.update-delivery-address',
        sideEffect: 'write',
        reversible: true,
        compensation: 'shipping.restore-delivery-address',
      },
    ]);
    const update = catalogue.find((entry) => entry.name === 'crm.update-contact-address');
    expect(update?.inputSchema).toMatchObject({
      properties: {
        address: {
          required: ['line1', 'city', 'postal_code', 'country'],
          properties: { country: { type: 'string', pattern: '^[A-Z]{2}$' } },
        },
      },
      required: ['address'],
    });
  });
});
