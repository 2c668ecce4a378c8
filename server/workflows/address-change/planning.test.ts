import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../planner/check-plan.ts';
import type { TPlan } from '../../planner/plan.ts';
import { toolRegistry } from '../../tools/index.ts';
import { resolveWriteInputs, runReadSteps, setUpSeededSystems } from '../test-support.ts';
import { type TAddressChangeInput, toolAddress, ZAddressChangeInputSchema } from './input.ts';
import { addressChangePlanning as planning } from './planning.ts';

const { clients, rows } = setUpSeededSystems();

const policy = {
  registry: toolRegistry,
  allowList: planning.tools,
  maxSteps: planning.maxSteps,
  maxCost: planning.maxCost,
};

const newAddress = {
  line1: 'Lindenallee 115',
  city: 'Berlin',
  postalCode: '10115',
  country: 'de',
};

const fixed: TAddressChangeInput = ZAddressChangeInputSchema.parse({
  customerNumber: 'c-10001',
  contactEmail: 'Ann.Lee@Example.com',
  address: newAddress,
  effectiveDate: '2026-12-01',
});

/** A seeded customer known to the CRM, billing and shipping, with one of its CRM contacts. */
async function linkedCustomers(limit: number) {
  return rows(
    `SELECT c.customer_number, c.crm_account_id, c.billing_line1, ct.id AS contact_id,
            ct.email, ct.line1 AS contact_line1, p.id AS profile_id, p.line1 AS profile_line1
       FROM billing.customers c
       JOIN LATERAL (SELECT * FROM crm.contacts WHERE account_id = c.crm_account_id
                      ORDER BY email LIMIT 1) ct ON TRUE
       JOIN shipping.delivery_profiles p
         ON p.customer_reference = c.customer_number AND p.is_default
      ORDER BY c.customer_number LIMIT ${limit}`,
  );
}

function inputFor(row: { customer_number: string; email: string }) {
  return ZAddressChangeInputSchema.parse({
    customerNumber: row.customer_number,
    contactEmail: row.email,
    address: { ...newAddress, line2: '3rd floor', region: 'Berlin' },
  });
}

describe('address change planning', () => {
  it('makes an offline plan that passes the plan checks and names only the input', async () => {
    const customers = await linkedCustomers(3);
    expect(customers.length).toBe(3);
    for (const input of [fixed, ...customers.map((row) => inputFor(row))]) {
      const plan = planning.offline(input);
      expect(checkPlan(plan, policy)).toEqual({ ok: true, plan });
      expect(planning.checkAgainstInput?.(plan, input)).toEqual([]);
      expect(plan.steps.map((step) => step.tool)).toEqual([
        'crm.get-contact-address',
        'billing.get-customer',
        'shipping.get-delivery-profile',
        'crm.update-contact-address',
        'billing.update-billing-address',
        'shipping.update-delivery-address',
      ]);
      expect(plan.summary).toContain(input.customerNumber);
    }
    expect(planning.offline(fixed).summary).toContain('from 2026-12-01');
  });

  it("reads one customer's contact, billing record and delivery profile, and resolves the writes", async () => {
    const [row] = await linkedCustomers(1);
    if (!row) throw new Error('The seed has no customer known to all three systems');
    const input = inputFor(row);
    const plan = planning.offline(input);
    const outputs = await runReadSteps(plan, clients);
    expect(outputs.get('get-contact')).toMatchObject({
      contact_id: row.contact_id,
      account_id: row.crm_account_id,
      email: row.email,
    });
    expect(outputs.get('get-customer')).toMatchObject({
      customer_number: row.customer_number,
      crm_account_id: row.crm_account_id,
      billing_address: { line1: row.billing_line1 },
    });
    expect(outputs.get('get-delivery-profile')).toMatchObject({
      profile_id: row.profile_id,
      customer_reference: row.customer_number,
      address: { line1: row.profile_line1 },
    });
    const address = {
      line1: 'Lindenallee 115',
      line2: '3rd floor',
      city: 'Berlin',
      postal_code: '10115',
      region: 'Berlin',
      country: 'DE',
    };
    expect(resolveWriteInputs(plan, outputs)).toEqual(
      new Map<string, unknown>([
        ['update-contact-address', { contact_id: row.contact_id, address }],
        ['update-billing-address', { customer_number: row.customer_number, address }],
        [
          'update-delivery-address',
          { customer_reference: row.customer_number, profile_id: row.profile_id, address },
        ],
      ]),
    );
    expect(
      await rows('SELECT billing_line1 FROM billing.customers WHERE customer_number = $1', [
        row.customer_number,
      ]),
    ).toEqual([{ billing_line1: row.billing_line1 }]);
  });

  it('flags a plan that names another customer, contact or address, or a literal id', () => {
    const plan = planning.offline(fixed);
    const injected: TPlan = {
      ...plan,
      steps: plan.steps.map((step) => {
        if (step.id === 'get-customer') return { ...step, input: { customer_number: 'C-10999' } };
        if (step.id === 'update-contact-address') {
          return {
            ...step,
            input: {
              contact_id: '0b7c1a52-7a0e-4c55-9d1e-5b8f7f2b9a11',
              address: { ...toolAddress(fixed.address), city: 'Lagos' },
            },
          };
        }
        return step;
      }),
    };
    expect(checkPlan(injected, policy).ok).toBe(true);
    expect(planning.checkAgainstInput?.(injected, fixed)).toEqual([
      {
        code: 'INPUT_MISMATCH',
        stepId: 'get-customer',
        message: expect.stringContaining('customer number "C-10999"'),
      },
      {
        code: 'INPUT_MISMATCH',
        stepId: 'update-contact-address',
        message: expect.stringContaining('Lagos'),
      },
      {
        code: 'INPUT_MISMATCH',
        stepId: 'update-contact-address',
        message: expect.stringContaining('must be a reference'),
      },
    ]);
  });

  it('accepts the same address with an absent line written as missing instead of null', () => {
    const plan = planning.offline(fixed);
    const { line2: _line2, region: _region, ...shorter } = toolAddress(fixed.address);
    const respelled: TPlan = {
      ...plan,
      steps: plan.steps.map((step) =>
        step.id === 'update-billing-address'
          ? { ...step, input: { ...step.input, address: shorter } }
          : step,
      ),
    };
    expect(planning.checkAgainstInput?.(respelled, fixed)).toEqual([]);
  });

  it('makes the same plan for the same input', () => {
    expect(planning.offline(fixed)).toEqual(planning.offline(structuredClone(fixed)));
  });
});
