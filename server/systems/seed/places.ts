// Countries, cities, streets and people the seed draws addresses and contacts from.
import type { Random } from './random.ts';

export interface Country {
  code: string;
  currency: string;
  tld: string;
  suffixes: readonly string[];
  phonePrefix: string;
  cities: readonly { city: string; region: string | null; postal: () => string }[];
  streets: readonly string[];
  /** How a street address is written in this country. */
  line: (number: number, street: string) => string;
}

function postal(format: string, random: () => number): () => string {
  return () =>
    format.replace(/[9A]/g, (c) =>
      c === '9'
        ? String(Math.floor(random() * 10))
        : 'ABCDEFGHJKLMNPRSTUWXYZ'.charAt(Math.floor(random() * 22)),
    );
}

/** The countries the seeded companies are in, with what their addresses look like. */
export function countries(random: Random): Country[] {
  const r = () => random.next();
  const us = (city: string, region: string, zip: string) => ({
    city,
    region,
    postal: postal(zip, r),
  });
  return [
    {
      code: 'US',
      currency: 'USD',
      tld: 'com',
      suffixes: ['Inc.', 'LLC', 'Corp.', 'Co.'],
      phonePrefix: '+1',
      cities: [
        us('Chicago', 'IL', '60699'),
        us('Austin', 'TX', '78799'),
        us('Seattle', 'WA', '98199'),
        us('Denver', 'CO', '80299'),
        us('Boston', 'MA', '02199'),
        us('Atlanta', 'GA', '30399'),
        us('Columbus', 'OH', '43299'),
        us('San Jose', 'CA', '95199'),
      ],
      streets: [
        'Main Street',
        'Oak Avenue',
        'Lakeshore Drive',
        'Market Street',
        'Commerce Parkway',
        'Elm Street',
        'Industrial Boulevard',
        'Washington Avenue',
      ],
      line: (n, s) => `${n} ${s}`,
    },
    {
      code: 'GB',
      currency: 'GBP',
      tld: 'co.uk',
      suffixes: ['Ltd', 'Limited', 'plc'],
      phonePrefix: '+44',
      cities: [
        { city: 'London', region: null, postal: postal('EC9A 9AA', r) },
        { city: 'Manchester', region: null, postal: postal('M9 9AA', r) },
        { city: 'Leeds', region: null, postal: postal('LS9 9AA', r) },
        { city: 'Bristol', region: null, postal: postal('BS9 9AA', r) },
        { city: 'Edinburgh', region: 'Scotland', postal: postal('EH9 9AA', r) },
      ],
      streets: [
        'High Street',
        'Station Road',
        'Victoria Road',
        'Church Lane',
        'Mill Lane',
        'Kings Road',
      ],
      line: (n, s) => `${n} ${s}`,
    },
    {
      code: 'DE',
      currency: 'EUR',
      tld: 'de',
      suffixes: ['GmbH', 'AG', 'GmbH & Co. KG'],
      phonePrefix: '+49',
      cities: [
        { city: 'Berlin', region: 'Berlin', postal: postal('10999', r) },
        { city: 'München', region: 'Bayern', postal: postal('80999', r) },
        { city: 'Hamburg', region: 'Hamburg', postal: postal('20999', r) },
        { city: 'Köln', region: 'Nordrhein-Westfalen', postal: postal('50999', r) },
        { city: 'Stuttgart', region: 'Baden-Württemberg', postal: postal('70999', r) },
      ],
      streets: [
        'Hauptstraße',
        'Bahnhofstraße',
        'Industriestraße',
        'Gartenweg',
        'Schillerstraße',
        'Lindenallee',
      ],
      line: (n, s) => `${s} ${n}`,
    },
    {
      code: 'FR',
      currency: 'EUR',
      tld: 'fr',
      suffixes: ['SAS', 'SA', 'SARL'],
      phonePrefix: '+33',
      cities: [
        { city: 'Paris', region: 'Île-de-France', postal: postal('75099', r) },
        { city: 'Lyon', region: 'Auvergne-Rhône-Alpes', postal: postal('69099', r) },
        { city: 'Toulouse', region: 'Occitanie', postal: postal('31099', r) },
        { city: 'Nantes', region: 'Pays de la Loire', postal: postal('44099', r) },
      ],
      streets: [
        'rue de la République',
        'avenue Victor Hugo',
        'rue du Commerce',
        'boulevard Pasteur',
        'rue des Lilas',
      ],
      line: (n, s) => `${n} ${s}`,
    },
    {
      code: 'NL',
      currency: 'EUR',
      tld: 'nl',
      suffixes: ['B.V.', 'N.V.'],
      phonePrefix: '+31',
      cities: [
        { city: 'Amsterdam', region: 'Noord-Holland', postal: postal('1099 AA', r) },
        { city: 'Rotterdam', region: 'Zuid-Holland', postal: postal('3099 AA', r) },
        { city: 'Utrecht', region: 'Utrecht', postal: postal('3599 AA', r) },
        { city: 'Eindhoven', region: 'Noord-Brabant', postal: postal('5699 AA', r) },
      ],
      streets: ['Keizersgracht', 'Stationsweg', 'Dorpsstraat', 'Kerkstraat', 'Havenweg'],
      line: (n, s) => `${s} ${n}`,
    },
    {
      code: 'CA',
      currency: 'CAD',
      tld: 'ca',
      suffixes: ['Inc.', 'Ltd.', 'Corp.'],
      phonePrefix: '+1',
      cities: [
        { city: 'Toronto', region: 'ON', postal: postal('M9A 9A9', r) },
        { city: 'Vancouver', region: 'BC', postal: postal('V9A 9A9', r) },
        { city: 'Montréal', region: 'QC', postal: postal('H9A 9A9', r) },
        { city: 'Calgary', region: 'AB', postal: postal('T9A 9A9', r) },
      ],
      streets: [
        'King Street West',
        'Queen Street',
        'Granville Street',
        'Rue Sainte-Catherine',
        'Bay Street',
      ],
      line: (n, s) => `${n} ${s}`,
    },
  ];
}

export interface Address {
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  region: string | null;
  country: string;
}

/** A plausible street address in `country`. */
export function address(random: Random, country: Country): Address {
  const place = random.pick(country.cities);
  return {
    line1: country.line(random.int(1, 480), random.pick(country.streets)),
    line2: random.chance(0.25)
      ? random.pick(['Suite 200', 'Floor 3', 'Unit 12', 'Building B', '2nd Floor'])
      : null,
    city: place.city,
    postalCode: place.postal(),
    region: place.region,
    country: country.code,
  };
}

export const FIRST_NAMES: readonly string[] = (
  'Emma|Liam|Olivia|Noah|Ava|Lucas|Mia|Elijah|Sophie|James|Amelia|Benjamin|' +
  'Charlotte|Henry|Grace|Oliver|Hannah|Daniel|Chloe|Samuel|Isabel|Jonas|Lena|Felix|' +
  'Clara|Maximilian|Camille|Louis|Manon|Hugo|Sanne|Daan|Priya|Arjun|Wei|Mei|Carlos|' +
  'Lucía|Omar|Fatima|Kenji|Aisha|Mateo|Zoe|Ethan|Nora|Ruth|David|Sarah|Michael'
).split('|');

export const LAST_NAMES: readonly string[] = (
  'Smith|Johnson|Williams|Brown|Garcia|Miller|Davis|Martinez|Wilson|Anderson|' +
  'Taylor|Thomas|Moore|Martin|Lee|Clark|Lewis|Walker|Hall|Young|Müller|Schmidt|' +
  'Schneider|Fischer|Weber|Dubois|Moreau|Laurent|Lefebvre|de Vries|Jansen|van Dijk|' +
  "Bakker|Patel|Singh|Chen|Wang|Nguyen|Kim|Tanaka|Hughes|Evans|Murphy|O'Brien|" +
  'Kowalski|Novak|Rossi|Bianchi|Silva|Santos'
).split('|');

export const TITLES: readonly string[] = (
  'Chief Financial Officer|Controller|Accounts Payable Manager|Procurement Lead|' +
  'VP Operations|Head of IT|Office Manager|Purchasing Agent|Finance Director|' +
  'Operations Manager|CEO|Supply Chain Analyst|Facilities Manager|AP Specialist'
).split('|');

/** The local part of an email address for a person: ascii, lower case. */
export function emailLocal(first: string, last: string): string {
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-zA-Z]/g, '')
      .toLowerCase();
  return `${ascii(first)}.${ascii(last)}`;
}
