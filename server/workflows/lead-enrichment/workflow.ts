/**
 * Lead enrichment (sales operations): look the lead's company up in the directory, normalise
 * name, domain and size, find an existing CRM account (dedupe), score the lead, then create or
 * enrich the account and add the contact. A doubtful match or a customer account goes to a
 * person; a company the directory does not know is turned down rather than guessed.
 */
import { z } from 'zod';
import type { JsonValue } from '../../engine/types.ts';
import {
  subjectIdentifiers,
  type TSubjectResolution,
  type TValueSource,
  type TWriteValueSources,
} from '../../planner/subject.ts';
import { normalizeCompanyName } from '../../systems/seed/companies.ts';
import { defineRule, type Evidence } from '../../validation/rules.ts';
import type { PlannedWorkflowSpec } from '../planned-workflow.ts';
import type { SubjectTools } from '../subject-step.ts';
import { leadDocumentIntake, leadDocumentRules } from './document.ts';
import { leadDomain, type TLeadEnrichmentInput, ZLeadEnrichmentInputSchema } from './input.ts';
import { leadEnrichmentPlanning } from './planning.ts';

type TEvidence = Evidence<TLeadEnrichmentInput>;

const ZLookup = z.union([
  z.object({
    found: z.literal(true),
    domain: z.string(),
    company: z.object({ legalName: z.string(), normalizedName: z.string() }),
  }),
  z.object({ found: z.literal(false), domain: z.string() }),
]);
const ZCandidates = z.object({
  candidates: z.array(
    z.object({
      account: z.object({
        id: z.string(),
        name: z.string(),
        domain: z.string(),
        lifecycleStage: z.string(),
      }),
      reasons: z.array(z.string()),
    }),
  ),
});

const ZLeadFacts = z.object({ lookup: ZLookup, candidates: ZCandidates.shape.candidates });

/** What the workflow's own code read about the lead's company (the subject). */
const factsOf = (evidence: TEvidence) => ZLeadFacts.parse(evidence.subject?.facts);

/** The subject's directory entry, then every lookup the plan made. */
const lookupsOf = (evidence: TEvidence) => [
  factsOf(evidence).lookup,
  ...evidence.all('directory.lookup-company').map((read) => ZLookup.parse(read)),
];
const lookupOf = (evidence: TEvidence) => factsOf(evidence).lookup;

/** The accounts the subject's own search found, and those of every search the plan made. */
const candidatesOf = (evidence: TEvidence) => {
  const all = [
    ...factsOf(evidence).candidates,
    ...evidence.all('crm.find-accounts').flatMap((read) => ZCandidates.parse(read).candidates),
  ];
  return [...new Map(all.map((candidate) => [candidate.account.id, candidate])).values()];
};

/** The lead's company: its domain, its directory entry and the CRM's accounts like it. */
export async function resolveLeadSubject(
  input: TLeadEnrichmentInput,
  tools: SubjectTools,
): Promise<TSubjectResolution> {
  const domain = leadDomain(input);
  const lookup = ZLookup.parse(await tools.read('directory.lookup-company', { domain }));
  const { candidates } = ZCandidates.parse(
    await tools.read('crm.find-accounts', { domain, name: input.companyName }),
  );
  const existing = candidates.filter((candidate) => candidate.account.domain === domain);
  const names = [input.companyName, ...(lookup.found ? [lookup.company.legalName] : [])];
  return {
    found: true,
    subject: {
      label: `the company at ${domain}`,
      identifiers: subjectIdentifiers({
        'company.domain': [domain],
        'company.name': names,
        'crm.account-id': existing.map((candidate) => candidate.account.id),
        'crm.contact-email': [input.contact.email],
      }),
      facts: { lookup, candidates },
    },
  };
}

/** The account's values come from the directory, the score and the input; the contact's from the input. */
export function leadWriteValues(input: TLeadEnrichmentInput): TWriteValueSources {
  const fromInput = (label: string, value: JsonValue | undefined): TValueSource[] =>
    value === undefined ? [] : [{ from: 'input', value, label }];
  const read = (tool: string, path: string): TValueSource => ({ from: 'read', tool, path });
  const directory = (field: string) => read('directory.lookup-company', `company.${field}`);
  return {
    // The score counts only when computed from the directory's entry and the lead's own title.
    'scoring.score-lead': {
      employeeRange: [directory('employeeRange')],
      industry: [directory('industry')],
      country: [directory('country')],
      title: fromInput('contact title', input.contact.title),
    },
    'crm.upsert-account': {
      name: [directory('legalName'), ...fromInput('company name', input.companyName)],
      owner: fromInput('account owner', input.owner),
      industry: [directory('industry')],
      country: [directory('country')],
      employeeCount: [read('scoring.score-lead', 'employeeCount')],
      leadScore: [read('scoring.score-lead', 'score')],
    },
    'crm.upsert-contact': {
      firstName: fromInput('contact first name', input.contact.firstName),
      lastName: fromInput('contact last name', input.contact.lastName),
      title: fromInput('contact title', input.contact.title),
    },
  };
}

/** The lead enrichment rules. */
export const leadEnrichmentRules = [
  defineRule<TLeadEnrichmentInput>({
    name: 'company-known',
    message: 'The company directory knows the company; Steward does not invent firmographics.',
    severity: 'error',
    onFail: 'reject',
    check(evidence) {
      const unknown = lookupsOf(evidence).find((lookup) => !lookup.found);
      return unknown === undefined
        ? { passed: true }
        : { passed: false, message: `The directory does not know ${unknown.domain}.` };
    },
  }),
  defineRule<TLeadEnrichmentInput>({
    name: 'name-matches-directory',
    message: "The company name the lead gave matches the directory's.",
    severity: 'warning',
    check(evidence) {
      const lookup = lookupOf(evidence);
      if (!lookup.found) return { passed: true };
      const given = normalizeCompanyName(evidence.input.companyName);
      return given === lookup.company.normalizedName
        ? { passed: true }
        : {
            passed: false,
            message: `The lead wrote "${evidence.input.companyName}"; the directory has ${lookup.company.legalName} at ${lookup.domain}.`,
            details: { given: evidence.input.companyName, directory: lookup.company.legalName },
          };
    },
  }),
  defineRule<TLeadEnrichmentInput>({
    name: 'one-account-match',
    message: 'At most one CRM account may be this company; more means a person picks.',
    severity: 'warning',
    check(evidence) {
      const candidates = candidatesOf(evidence);
      const domain = leadDomain(evidence.input);
      const others = candidates.filter((candidate) => candidate.account.domain !== domain);
      return others.length === 0
        ? { passed: true, details: { candidates: candidates.length } }
        : {
            passed: false,
            message: `Other CRM accounts may be this company: ${others.map((c) => `${c.account.name} (${c.account.domain})`).join(', ')}.`,
            details: { candidates: candidates.map((c) => c.account.domain) },
          };
    },
  }),
  defineRule<TLeadEnrichmentInput>({
    name: 'email-at-company',
    message: "The lead's email belongs to the company's domain.",
    severity: 'warning',
    check(evidence) {
      const domain = leadDomain(evidence.input);
      const emailDomain = evidence.input.contact.email.split('@')[1] ?? '';
      return emailDomain === domain || emailDomain.endsWith(`.${domain}`)
        ? { passed: true }
        : { passed: false, message: `${evidence.input.contact.email} is not at ${domain}.` };
    },
  }),
];

/** The lead enrichment workflow. */
export const leadEnrichment: PlannedWorkflowSpec<TLeadEnrichmentInput> = {
  id: 'lead-enrichment',
  version: 1,
  title: 'Lead enrichment',
  description:
    'Puts a new lead into the CRM: looks the company up in the directory, finds its account (or ' +
    'creates one, with size, industry and country), scores the lead and adds the person as a ' +
    'contact. A doubtful match, or a change to a customer account, waits for a reviewer.',
  input: ZLeadEnrichmentInputSchema,
  planning: leadEnrichmentPlanning,
  resolveSubject: resolveLeadSubject,
  writeValues: leadWriteValues,
  unplannedReviewTimeout: '2d',
  rules: [...leadEnrichmentRules, ...leadDocumentRules],
  document: leadDocumentIntake,
  thresholds: { plan: 0.6 },
  summarize(evidence) {
    const domain = leadDomain(evidence.input);
    const score = evidence.output('scoring.score-lead');
    const scored =
      score !== null && typeof score === 'object' && 'score' in score && 'grade' in score
        ? `${String(score.score)} (${String(score.grade)})`
        : 'not scored';
    const existing = candidatesOf(evidence).find(
      (candidate) => candidate.account.domain === domain,
    );
    return {
      title: `${evidence.input.contact.firstName} ${evidence.input.contact.lastName} at ${evidence.input.companyName}`,
      figures: [
        { label: 'Domain', value: domain },
        { label: 'Score', value: scored },
        {
          label: 'Account',
          value: existing ? `${existing.account.name} (${existing.account.lifecycleStage})` : 'new',
        },
      ],
    };
  },
  gate: {
    autoApprove(evidence) {
      const domain = leadDomain(evidence.input);
      const existing = candidatesOf(evidence).find(
        (candidate) => candidate.account.domain === domain,
      );
      return existing?.account.lifecycleStage === 'customer'
        ? {
            allowed: false,
            reason: `${existing.account.name} is a customer: changes to customer accounts are reviewed.`,
          }
        : { allowed: true };
    },
    review: { timeout: '3d', onTimeout: 'expire' },
  },
};
