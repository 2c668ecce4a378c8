// The companies every system talks about: one universe of plausible firms, from which the
// directory (firmographics), the CRM and billing are drawn.
import { type Address, address, type Country, countries } from './places.ts';
import type { Random } from './random.ts';

const PREFIXES: readonly string[] = (
  'Northwind|Blue Harbor|Granite|Summit|Cedar|Ironbridge|Silverline|Redwood|' +
  'Brightwater|Oakridge|Pinecrest|Falcon|Meridian|Harbor Point|Evergreen|Keystone|' +
  'Lakeside|Copperfield|Stonegate|Riverbend|Highland|Westbrook|Bluestone|Crescent|' +
  'Horizon|Atlas|Juniper|Maple Leaf|Sterling|Vanguard|Beacon|Clearview|Fairmont|' +
  'Greenfield|Halcyon|Kingsway|Larkspur|Mosaic|Nimbus|Orchard|Pioneer|Quarry|' +
  'Rosewood|Saltmarsh|Tidewater|Union Square|Wildflower|Yellowpine|Zephyr|Alder|' +
  'Brookfield|Coastal|Driftwood|Emberly|Foxglove|Glacier|Hawthorne|Ivy Lane|Jasper|' +
  'Kestrel'
).split('|');

const NOUNS: readonly { noun: string; industry: string }[] = [
  { noun: 'Logistics', industry: 'Transportation & Logistics' },
  { noun: 'Freight', industry: 'Transportation & Logistics' },
  { noun: 'Analytics', industry: 'Software' },
  { noun: 'Software', industry: 'Software' },
  { noun: 'Systems', industry: 'Information Technology' },
  { noun: 'Networks', industry: 'Telecommunications' },
  { noun: 'Foods', industry: 'Food & Beverage' },
  { noun: 'Brewing', industry: 'Food & Beverage' },
  { noun: 'Manufacturing', industry: 'Manufacturing' },
  { noun: 'Industries', industry: 'Manufacturing' },
  { noun: 'Health', industry: 'Healthcare' },
  { noun: 'Medical', industry: 'Healthcare' },
  { noun: 'Labs', industry: 'Biotechnology' },
  { noun: 'Energy', industry: 'Energy' },
  { noun: 'Solar', industry: 'Energy' },
  { noun: 'Capital', industry: 'Financial Services' },
  { noun: 'Insurance', industry: 'Insurance' },
  { noun: 'Retail', industry: 'Retail' },
  { noun: 'Outfitters', industry: 'Retail' },
  { noun: 'Construction', industry: 'Construction' },
  { noun: 'Builders', industry: 'Construction' },
  { noun: 'Consulting', industry: 'Professional Services' },
  { noun: 'Partners', industry: 'Professional Services' },
  { noun: 'Media', industry: 'Media' },
  { noun: 'Pharma', industry: 'Pharmaceuticals' },
];

const LEGAL_SUFFIX = new Set([
  'inc',
  'incorporated',
  'llc',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'plc',
  'gmbh',
  'ag',
  'kg',
  'sas',
  'sa',
  'sarl',
  'bv',
  'nv',
]);

/** A company's name reduced to its match key: lower case ascii, no punctuation or legal suffix. */
export function normalizeCompanyName(name: string): string {
  const words = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\./g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '');
  while (words.length > 1 && LEGAL_SUFFIX.has(words[words.length - 1] ?? '')) words.pop();
  // "GmbH & Co. KG": after dropping "kg" and "co", an "and" and "gmbh" may be left at the end.
  while (words.length > 1 && ['and', ...LEGAL_SUFFIX].includes(words[words.length - 1] ?? '')) {
    words.pop();
  }
  return words.join(' ');
}

/** Lower-case ascii letters and digits only, for domains. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export interface Company {
  id: string;
  /** Trading name, e.g. "Northwind Logistics". */
  name: string;
  /** Registered name, e.g. "Northwind Logistics GmbH". */
  legalName: string;
  domain: string;
  industry: string;
  employeeCount: number;
  foundedYear: number;
  country: Country;
  address: Address;
}

/** `count` distinct companies (names and domains unique). */
export function companyUniverse(random: Random, count: number): Company[] {
  const places = countries(random);
  const companies: Company[] = [];
  const names = new Set<string>();
  while (companies.length < count) {
    const prefix = random.pick(PREFIXES);
    const { noun, industry } = random.pick(NOUNS);
    const name = `${prefix} ${noun}`;
    if (names.has(name)) continue;
    names.add(name);
    const country = random.pick(places);
    const size = random.next();
    const employeeCount =
      size < 0.3
        ? random.int(5, 50)
        : size < 0.7
          ? random.int(51, 500)
          : size < 0.93
            ? random.int(501, 5000)
            : random.int(5001, 60000);
    companies.push({
      id: random.uuid(),
      name,
      legalName: `${name} ${random.pick(country.suffixes)}`,
      domain: `${slug(prefix)}${random.chance(0.3) ? '-' : ''}${slug(noun)}.${country.tld}`,
      industry,
      employeeCount,
      foundedYear: random.int(1952, 2022),
      country,
      address: address(random, country),
    });
  }
  return companies;
}

/** The directory's size bucket for a headcount. */
export function employeeRange(count: number): string {
  if (count <= 10) return '1-10';
  if (count <= 50) return '11-50';
  if (count <= 200) return '51-200';
  if (count <= 500) return '201-500';
  if (count <= 1000) return '501-1000';
  if (count <= 5000) return '1001-5000';
  return '5001+';
}

function revenueBand(random: Random, employees: number): string {
  const perHead = random.int(80_000, 320_000) * employees;
  if (perHead < 1e6) return '<1M';
  if (perHead < 1e7) return '1M-10M';
  if (perHead < 5e7) return '10M-50M';
  if (perHead < 2.5e8) return '50M-250M';
  if (perHead < 1e9) return '250M-1B';
  return '1B+';
}

/** Rows of `directory.companies` for the given companies. */
export function directoryRows(random: Random, companies: readonly Company[]) {
  return companies.map((company) => ({
    domain: company.domain,
    legal_name: company.legalName,
    normalized_name: normalizeCompanyName(company.legalName),
    industry: company.industry,
    employee_range: employeeRange(company.employeeCount),
    country: company.country.code,
    hq_city: company.address.city,
    founded_year: company.foundedYear,
    revenue_band: revenueBand(random, company.employeeCount),
    updated_at: '2026-10-15T00:00:00.000Z',
  }));
}
