// Customer address change end to end on the embedded engine, with the offline planner: a move
// within the country (auto), a move abroad (reviewed: approved, rejected), addresses turned down
// or sent to review by the rules, a write retried, a later write failing for good (the earlier
// ones compensated, last first) and the first write failing for good. The CRM contact, billing
// customer and default delivery profile are checked after every path, not just the run.
import { describe, expect, it } from 'vitest';
import type { TAddressChangeInput } from '../../server/workflows/address-change/input.ts';
import {
  ADDRESS_FIELDS,
  addressesOf,
  appliedWritesOf,
  type Customer,
  deadLettersOf,
  decide,
  failUpdates,
  pendingItem,
  pickCustomer,
  pool,
  recordsOf,
  startAndSettle,
  startedAtOf,
  stepsOf,
  validationOf,
} from './support.ts';

type NewAddress = TAddressChangeInput['address'];

const at = (country: string, line1: string, postalCode: string, city: string, more = {}) => ({
  line1,
  city,
  postalCode,
  country,
  ...more,
});

/** A deliverable address in each served country (postal codes that fit POSTAL_CODES). */
const ADDRESSES: NewAddress[] = [
  at('DE', 'Lindenallee 115', '10115', 'Berlin', { line2: '3. OG' }),
  at('FR', '12 Rue de Rivoli', '75001', 'Paris', { region: 'Île-de-France' }),
  at('NL', 'Keizersgracht 1', '1015 CJ', 'Amsterdam'),
  at('GB', '221B Baker Street', 'NW1 6XE', 'London'),
  at('US', '350 Fifth Avenue', '10118', 'New York', { line2: 'Suite 3300', region: 'NY' }),
  at('CA', '100 Queen St W', 'M5H 2N2', 'Toronto', { region: 'ON' }),
];

/** The sample address in `country`. */
function addressIn(country: string): NewAddress {
  const address = ADDRESSES.find((candidate) => candidate.country === country);
  if (!address) throw new Error(`no sample address in ${country}`);
  return address;
}

/** A sample address in a served country other than `country`. */
const abroad = (country: string) => addressIn(country === 'DE' ? 'NL' : 'DE');

/** The address as the tools write it: every field, absent lines null. */
function stored(address: NewAddress) {
  return {
    line1: address.line1,
    line2: address.line2 ?? null,
    city: address.city,
    postal_code: address.postalCode,
    region: address.region ?? null,
    country: address.country,
  };
}

/** The run's input: the customer moves to `address`. */
function inputFor(customer: Customer, address: NewAddress) {
  return { customerNumber: customer.customerNumber, contactEmail: customer.contactEmail, address };
}

/** The same new address in all three systems. */
function everywhere(address: NewAddress) {
  return { crm: stored(address), billing: stored(address), shipping: stored(address) };
}

/** The writes of a move, in the order they are made. */
const WRITES = [
  'crm.update-contact-address',
  'billing.update-billing-address',
  'shipping.update-delivery-address',
];
const ALL_PASSED = {
  'writes-proven': true,
  'country-served': true,
  'address-complete': true,
  'same-customer': true,
  'plan-confidence': true,
};
const COMPENSATED = { kind: 'compensate', status: 'succeeded', attempt_count: 1 };

/** A preview's changes from `current` (an address as stored) to `proposed`. */
function changesFrom(current: Record<string, unknown>, proposed: Record<string, unknown>) {
  return ADDRESS_FIELDS.filter((field) => current[field] !== proposed[field]).map((field) => ({
    field: `address.${field}`,
    current: current[field],
    proposed: proposed[field],
  }));
}

describe('address change', () => {
  it('moves a customer within its country in all three systems without a person', async () => {
    const customer = await pickCustomer();
    const address = addressIn(customer.country);
    const before = await recordsOf(customer);

    const run = await startAndSettle('address-change', inputFor(customer, address));

    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({ outcome: 'completed', route: 'auto', reviewItemId: null });
    expect(await addressesOf(customer)).toEqual(everywhere(address));
    const after = await recordsOf(customer);
    expect(after.shipping.instructions).toBe(before.shipping.instructions);
    expect(after.crm.email).toBe(before.crm.email);
    expect(await validationOf(run.id)).toEqual(ALL_PASSED);
    expect(await appliedWritesOf(run.id)).toEqual(WRITES);
    const { rows } = await pool.query('SELECT id FROM review_items WHERE run_id = $1', [run.id]);
    expect(rows).toEqual([]);
  });

  it('sends a move abroad to a reviewer with the three writes previewed, and makes them on approval', async () => {
    const customer = await pickCustomer();
    const address = abroad(customer.country);
    const before = await addressesOf(customer);

    const run = await startAndSettle('address-change', inputFor(customer, address));

    expect(run.status).toBe('needs_review');
    expect(await addressesOf(customer)).toEqual(before);
    const item = await pendingItem(run.id);
    expect(item.risk).toBe('medium');
    expect(item.reasons).toMatchObject([{ code: 'policy' }]);
    expect(item.reasons[0].message).toContain(`to ${address.country}`);
    const proposed = stored(address);
    expect(item.proposed_writes).toMatchObject([
      {
        stepId: 'update-contact-address',
        tool: 'crm.update-contact-address',
        input: { contact_id: customer.contactId, address: proposed },
        preview: { changes: changesFrom(before.crm, proposed) },
      },
      {
        stepId: 'update-billing-address',
        tool: 'billing.update-billing-address',
        input: { customer_number: customer.customerNumber, address: proposed },
        preview: { changes: changesFrom(before.billing, proposed) },
      },
      {
        stepId: 'update-delivery-address',
        tool: 'shipping.update-delivery-address',
        input: { profile_id: customer.profileId, address: proposed },
        preview: { changes: changesFrom(before.shipping, proposed) },
      },
    ]);
    expect(item.proposed_writes).toHaveLength(3);

    const done = await decide(run.id, item.id, 'approved');

    expect(done.status).toBe('succeeded');
    expect(done.output).toMatchObject({
      outcome: 'completed',
      route: 'approved',
      reviewItemId: item.id,
    });
    expect(await addressesOf(customer)).toEqual(everywhere(address));
  });

  it('changes nothing anywhere when the reviewer rejects a move abroad', async () => {
    const customer = await pickCustomer();
    const address = abroad(customer.country);
    const before = await recordsOf(customer);

    const run = await startAndSettle('address-change', inputFor(customer, address));
    const item = await pendingItem(run.id);
    const done = await decide(run.id, item.id, 'rejected', 'customer-not-moving');

    expect(done.status).toBe('succeeded');
    expect(done.output).toMatchObject({
      outcome: 'rejected',
      by: 'reviewer',
      reviewItemId: item.id,
      reasons: [{ code: 'customer-not-moving' }],
      action: null,
    });
    expect(await recordsOf(customer)).toEqual(before);
    expect(await appliedWritesOf(run.id)).toEqual([]);
    const { rows } = await pool.query(
      'SELECT status, reason_code FROM review_items WHERE id = $1',
      [item.id],
    );
    expect(rows[0]).toEqual({ status: 'rejected', reason_code: 'customer-not-moving' });
  });

  it('turns down a move to a country the company does not serve, writing nothing', async () => {
    const customer = await pickCustomer();
    const before = await recordsOf(customer);
    const tokyo = at('JP', '1-1 Marunouchi', '100-0005', 'Tokyo');

    const run = await startAndSettle('address-change', inputFor(customer, tokyo));

    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({
      outcome: 'rejected',
      by: 'rules',
      reviewItemId: null,
      reasons: [{ code: 'country-served', message: expect.stringContaining('JP') }],
    });
    expect(await validationOf(run.id)).toMatchObject({ 'country-served': false });
    expect(await recordsOf(customer)).toEqual(before);
    expect(await appliedWritesOf(run.id)).toEqual([]);
  });

  it('sends a US address without a state to a reviewer as incomplete', async () => {
    const customer = await pickCustomer('US');
    const before = await recordsOf(customer);
    const { region: _region, ...noState } = addressIn('US');

    const run = await startAndSettle('address-change', inputFor(customer, noState));

    expect(run.status).toBe('needs_review');
    expect(await validationOf(run.id)).toEqual({ ...ALL_PASSED, 'address-complete': false });
    const item = await pendingItem(run.id);
    expect(item.risk).toBe('high');
    expect(item.reasons).toEqual([
      expect.objectContaining({
        code: 'address-complete',
        message: expect.stringContaining('US addresses need a region'),
      }),
    ]);
    expect(await recordsOf(customer)).toEqual(before);
  });

  it('retries a billing write refused once, and makes each write once', async () => {
    const customer = await pickCustomer();
    const address = addressIn(customer.country);
    const restore = await failUpdates('billing.customers', 1, 'billing is busy, try again');
    try {
      const run = await startAndSettle('address-change', inputFor(customer, address));

      expect(run.status).toBe('succeeded');
      const steps = await stepsOf(run.id);
      expect(steps.find((step) => step.step_id === 'tool:update-billing-address')).toMatchObject({
        status: 'succeeded',
        attempt_count: 2,
      });
      expect(steps.find((step) => step.step_id === 'tool:update-contact-address')).toMatchObject({
        status: 'succeeded',
        attempt_count: 1,
      });
      expect(await addressesOf(customer)).toEqual(everywhere(address));
      expect(await appliedWritesOf(run.id)).toEqual(WRITES);
    } finally {
      await restore();
    }
  });

  it('puts the CRM and billing addresses back, last first, when shipping fails for good', async () => {
    const customer = await pickCustomer();
    const address = addressIn(customer.country);
    const before = await recordsOf(customer);
    const original = await addressesOf(customer);
    const restore = await failUpdates(
      'shipping.delivery_profiles',
      Number.POSITIVE_INFINITY,
      'shipping system down',
    );
    try {
      const run = await startAndSettle('address-change', inputFor(customer, address));

      expect(run.status).toBe('dead');
      const letters = await deadLettersOf(run.id);
      expect(letters).toMatchObject([{ step_id: 'tool:update-delivery-address', attempts: 3 }]);
      expect(letters[0]?.message).toContain('shipping system down');
      expect(letters[0]?.message).toContain(
        'earlier writes compensated: update-billing-address, update-contact-address',
      );
      // The compensations run in reverse order of the writes: billing, written last, first.
      const steps = await stepsOf(run.id);
      expect(steps.filter((step) => step.kind === 'compensate')).toEqual([
        { step_id: 'compensate:update-billing-address', ...COMPENSATED },
        { step_id: 'compensate:update-contact-address', ...COMPENSATED },
      ]);
      const started = await startedAtOf(run.id);
      expect(started('tool:update-contact-address')).toBeLessThan(
        started('tool:update-billing-address'),
      );
      expect(started('compensate:update-billing-address')).toBeLessThan(
        started('compensate:update-contact-address'),
      );
      expect(await addressesOf(customer)).toEqual(original);
      expect((await recordsOf(customer)).shipping).toEqual(before.shipping);
      expect(await appliedWritesOf(run.id)).toEqual([
        'crm.update-contact-address',
        'billing.update-billing-address',
        'billing.restore-billing-address',
        'crm.restore-contact-address',
      ]);
    } finally {
      await restore();
    }
  });

  it('dead-letters the run when the CRM refuses the first write for good, and changes nothing', async () => {
    const customer = await pickCustomer();
    // A move within the country, so the run writes without a person.
    const home = addressIn(customer.country);
    const before = await recordsOf(customer);
    const restore = await failUpdates('crm.contacts', Number.POSITIVE_INFINITY, 'CRM is down');
    try {
      const run = await startAndSettle('address-change', inputFor(customer, home));

      expect(run.status).toBe('dead');
      const letters = await deadLettersOf(run.id);
      expect(letters).toMatchObject([{ step_id: 'tool:update-contact-address', attempts: 3 }]);
      expect(letters[0]?.message).toContain('CRM is down');
      expect(letters[0]?.message).not.toContain('compensated');
      const steps = await stepsOf(run.id);
      expect(steps.filter((step) => step.kind === 'compensate')).toEqual([]);
      expect(steps.map((step) => step.step_id)).not.toContain('tool:update-billing-address');
      expect(await recordsOf(customer)).toEqual(before);
      expect(await appliedWritesOf(run.id)).toEqual([]);
    } finally {
      await restore();
    }
  });

  // A contact with no street (line1 NULL) but a city and country: the compensation puts back
  // the columns exactly as they were, not "no address".
  it('puts back a contact address without a street as it was when shipping fails for good', async () => {
    const customer = await pickCustomer();
    await pool.query('UPDATE crm.contacts SET line1 = NULL WHERE id = $1', [customer.contactId]);
    const original = await addressesOf(customer);
    const restore = await failUpdates(
      'shipping.delivery_profiles',
      Number.POSITIVE_INFINITY,
      'down',
    );
    try {
      const run = await startAndSettle(
        'address-change',
        inputFor(customer, addressIn(customer.country)),
      );

      expect(run.status).toBe('dead');
      expect(await addressesOf(customer)).toEqual(original);
    } finally {
      await restore();
    }
  });
});
