import { describe, expect, it } from 'vitest';
import { checkPlan } from '../planner/check-plan.ts';
import { toolRegistry } from '../tools/index.ts';
import { renderCatalogue } from '../tools/registry.ts';
import { addressChange } from './address-change/workflow.ts';
import { registry } from './index.ts';
import { invoiceApproval } from './invoice-approval/workflow.ts';
import { leadEnrichment } from './lead-enrichment/workflow.ts';

// Each workflow with the offline plan for an example input.
const examples = [
  [
    invoiceApproval,
    invoiceApproval.planning.offline(
      invoiceApproval.input.parse({ vendorNumber: 'V-1004', invoiceNumber: 'INV-1055' }),
    ),
  ],
  [
    leadEnrichment,
    leadEnrichment.planning.offline(
      leadEnrichment.input.parse({
        companyName: 'Northwind Logistics',
        contact: { email: 'ada@northwind.example', firstName: 'Ada', lastName: 'Brandt' },
        owner: 'Sam Okafor',
      }),
    ),
  ],
  [
    addressChange,
    addressChange.planning.offline(
      addressChange.input.parse({
        customerNumber: 'C-10001',
        contactEmail: 'ada@northwind.example',
        address: { line1: 'Lindenallee 115', city: 'Berlin', postalCode: '10115', country: 'DE' },
      }),
    ),
  ],
] as const;

describe('the app registry', () => {
  it('holds the three workflows, each with a description a requester reads', () => {
    expect(registry.list().map((workflow) => workflow.id)).toEqual([
      'invoice-approval',
      'lead-enrichment',
      'address-change',
    ]);
    for (const workflow of registry.list()) {
      expect(workflow.description.length, workflow.id).toBeGreaterThan(80);
    }
  });

  it.each(examples.map(([spec, plan]) => [spec.id, spec, plan] as const))(
    '%s: allows only registered tools, plans offline within its budget, names its rules',
    (_id, spec, plan) => {
      const catalogue = renderCatalogue(toolRegistry, spec.planning.tools);
      expect(catalogue.map((tool) => tool.name).sort()).toEqual([...spec.planning.tools].sort());
      // Every reversible write the workflow may make can be undone by a registered tool.
      for (const tool of catalogue.filter((entry) => entry.sideEffect === 'write')) {
        if (tool.reversible)
          expect(toolRegistry.get(tool.compensation ?? ''), tool.name).toBeDefined();
      }
      const check = checkPlan(plan, {
        registry: toolRegistry,
        allowList: spec.planning.tools,
        maxSteps: spec.planning.maxSteps,
        maxCost: spec.planning.maxCost,
      });
      expect(check.ok).toBe(true);
      expect(new Set(spec.rules.map((rule) => rule.name)).size).toBe(spec.rules.length);
      expect(spec.thresholds.plan).toBeGreaterThan(0);
    },
  );
});
