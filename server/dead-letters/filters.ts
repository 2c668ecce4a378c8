/** The SQL conditions of the dead-letter filters, shared by the groups and the list. */
import type { TDeadLetterFilters } from './schemas.ts';

/**
 * Open dead letters (`dl`, joined to their run `r`) matching the filters, as WHERE conditions
 * with their values numbered from `$<first>` on.
 */
export function openDeadLetterConditions(
  filters: TDeadLetterFilters & { groupKey?: string | undefined },
  first = 1,
): { conditions: string[]; values: unknown[] } {
  const conditions = ['dl.resolved_at IS NULL'];
  const values: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(condition(`$${first + values.length - 1}`));
  };
  if (filters.groupKey !== undefined) add((p) => `dl.group_key = ${p}`, filters.groupKey);
  if (filters.workflowId !== undefined) add((p) => `r.workflow_id = ${p}`, filters.workflowId);
  if (filters.stepId !== undefined) add((p) => `dl.step_id = ${p}`, filters.stepId);
  if (filters.errorClass !== undefined) add((p) => `dl.error_class = ${p}`, filters.errorClass);
  if (filters.minAgeMinutes !== undefined) {
    add(
      (p) => `dl.created_at <= now() - ${p}::float8 * interval '1 minute'`,
      filters.minAgeMinutes,
    );
  }
  return { conditions, values };
}
