// Billing customers (one per CRM customer account, plus a few billed without a CRM record) and
// shipping delivery profiles (one or two per customer, exactly one default).
import type { Company } from './companies.ts';
import type { CrmAccount } from './crm.ts';
import { type Address, address, FIRST_NAMES, LAST_NAMES } from './places.ts';
import { daysAgo, type Random } from './random.ts';

const INSTRUCTIONS = [
  'Deliver to loading dock 3, weekdays 08:00-16:00',
  'Call reception on arrival',
  'Leave with security if unattended',
  'No deliveries on Fridays',
  'Use the rear entrance; forklift available',
  'Signature required',
  'Pallets only, no loose cartons',
];

export interface BillingCustomer {
  number: string;
  name: string;
  company: Company;
  billing: Address;
}

/** Rows of `billing.customers`, and the customers for shipping. */
export function billingCustomers(
  random: Random,
  accounts: readonly CrmAccount[],
  unlinked: readonly Company[],
) {
  const customers: BillingCustomer[] = [];
  const rows = [];
  const sources = [
    ...accounts.filter((account) => account.stage === 'customer' || account.stage === 'churned'),
    ...unlinked.map((company) => ({ id: null, company, name: company.legalName })),
  ];
  for (const [index, source] of sources.entries()) {
    const company = source.company;
    const number = `C-${String(10001 + index)}`;
    const billing = random.chance(0.8) ? company.address : address(random, company.country);
    customers.push({ number, name: company.legalName, company, billing });
    const created = random.int(20, 800);
    rows.push({
      id: random.uuid(),
      customer_number: number,
      crm_account_id: source.id,
      name: company.legalName,
      email: `${random.pick(['ap', 'billing', 'accounts.payable', 'finance'])}@${company.domain}`,
      currency: company.country.currency,
      billing_line1: billing.line1,
      billing_line2: billing.line2,
      billing_city: billing.city,
      billing_postal_code: billing.postalCode,
      billing_region: billing.region,
      billing_country: billing.country,
      tax_id: random.chance(0.7) ? `${company.country.code}${random.digits(9)}` : null,
      created_at: daysAgo(created),
      updated_at: daysAgo(random.int(0, Math.min(created, 90))),
    });
  }
  return { customers, rows };
}

/** Rows of `shipping.delivery_profiles`. */
export function deliveryProfileRows(random: Random, customers: readonly BillingCustomer[]) {
  const rows = [];
  for (const customer of customers) {
    const count = random.chance(0.25) ? 2 : 1;
    for (let i = 0; i < count; i++) {
      const where =
        i === 0 && random.chance(0.6)
          ? customer.billing
          : address(random, customer.company.country);
      const created = random.int(10, 700);
      rows.push({
        id: random.uuid(),
        customer_reference: customer.number,
        name: i === 0 ? `${customer.company.name} HQ` : `${customer.company.name} warehouse`,
        line1: where.line1,
        line2: random.chance(0.3)
          ? `Attn: ${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`
          : where.line2,
        city: where.city,
        postal_code: where.postalCode,
        region: where.region,
        country: where.country,
        instructions: random.chance(0.55) ? random.pick(INSTRUCTIONS) : null,
        is_default: i === 0,
        created_at: daysAgo(created),
        updated_at: daysAgo(random.int(0, Math.min(created, 90))),
      });
    }
  }
  return rows;
}
