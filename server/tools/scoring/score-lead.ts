/**
 * `scoring.score-lead`: a lead's fit score from the company's firmographics and the person's
 * title, and the company size as a head count. Pure computation: it reads and writes nothing.
 */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';

/** Markets the sales team covers, with the points a lead there earns. */
const MARKETS: Record<string, number> = {
  DE: 20,
  AT: 20,
  CH: 20,
  NL: 15,
  BE: 15,
  FR: 10,
  GB: 10,
  US: 10,
};
/** Industries that buy operations automation, with their points. */
const INDUSTRIES: Record<string, number> = {
  Logistics: 20,
  Manufacturing: 20,
  Retail: 15,
  Wholesale: 15,
  'Financial Services': 10,
  Healthcare: 10,
};
const SENIOR_TITLE = /\b(chief|c[eftio]o|vp|vice president|head|director|owner|founder|partner)\b/i;

/** The middle of a head-count range such as "51-200" or "5001+". */
export function headCount(range: string): number | null {
  const match = /^(\d+)(?:-(\d+)|\+)$/.exec(range.trim());
  if (!match?.[1]) return null;
  const low = Number(match[1]);
  const high = match[2] === undefined ? low * 2 : Number(match[2]);
  return Math.round((low + high) / 2);
}

function sizePoints(employees: number): number {
  if (employees >= 1000) return 35;
  if (employees >= 200) return 30;
  if (employees >= 50) return 20;
  if (employees >= 10) return 10;
  return 5;
}

const ZOutput = z.object({
  score: z.number().int().min(0).max(100),
  grade: z.enum(['A', 'B', 'C', 'D']),
  employeeCount: z.number().int().positive(),
  factors: z.array(z.object({ factor: z.string(), points: z.number().int() })),
});

/** Scores a lead 0-100 (grade A-D) and turns the directory's size range into a head count. */
export const scoringScoreLead = defineTool({
  name: 'scoring.score-lead',
  description:
    "Score a sales lead 0-100 from the company's firmographics (employeeRange such as " +
    '"51-200", industry, country as ISO alpha-2) and the contact\'s job title. Returns { score, ' +
    'grade (A best to D), employeeCount (the middle of the range, for the CRM), factors: ' +
    '[{ factor, points }] }. Pure computation: reads and writes nothing.',
  input: z.object({
    employeeRange: z
      .string()
      .trim()
      .refine((range) => headCount(range) !== null, 'must be a range such as "51-200" or "5001+"')
      .describe('Head-count range, e.g. "51-200" or "5001+".'),
    industry: z.string().trim().min(1).max(100).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as DE')
      .optional(),
    title: z.string().trim().max(100).optional().describe("The contact's job title."),
  }),
  output: ZOutput,
  sideEffect: 'none',
  idempotent: true,
  reversible: false,
  timeoutMs: 1_000,
  async run(input) {
    const employees = headCount(input.employeeRange) ?? 1;
    const factors = [
      { factor: `size ${input.employeeRange}`, points: sizePoints(employees) },
      {
        factor: `industry ${input.industry ?? 'unknown'}`,
        points: INDUSTRIES[input.industry ?? ''] ?? 5,
      },
      { factor: `market ${input.country ?? 'unknown'}`, points: MARKETS[input.country ?? ''] ?? 0 },
      {
        factor: input.title ? `title ${input.title}` : 'no title',
        points: input.title && SENIOR_TITLE.test(input.title) ? 25 : input.title ? 10 : 0,
      },
    ];
    const score = Math.min(
      100,
      factors.reduce((sum, { points }) => sum + points, 0),
    );
    const grade = score >= 75 ? 'A' : score >= 55 ? 'B' : score >= 35 ? 'C' : 'D';
    return { score, grade, employeeCount: employees, factors };
  },
});
