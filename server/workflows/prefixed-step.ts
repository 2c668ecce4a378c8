/**
 * A run's steps under a prefix: the pipeline after a reviewer's correction runs again on the
 * corrected values (`pass-2/subject`, `pass-2/plan`…), each step memoized on its own, the first
 * pass's steps kept as they happened.
 */
import type { StepApi } from '../engine/types.ts';

export function prefixedStep(step: StepApi, prefix: string): StepApi {
  if (prefix === '') return step;
  return {
    run: (id, fn, options) => step.run(`${prefix}${id}`, fn, options),
    sleep: (id, duration) => step.sleep(`${prefix}${id}`, duration),
    waitForEvent: (id, options) => step.waitForEvent(`${prefix}${id}`, options),
  };
}
