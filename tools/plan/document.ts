/**
 * Assembles the plan document from a planned run: resources, steps, policies, cost, apply order
 * and, with a baseline, the diff. Every renderer (text, markdown, JSON, artifacts) reads only this.
 */
import { computeCost } from "./cost";
import { diffPlans } from "./diff";
import { buildSteps, changeSummary, SCHEMA_VERSION, type Baseline, type PlanDocument } from "./json";
import { policyReport } from "./policies";
import { cmp, toPlanResource } from "./resources";
import type { PlanRun } from "./run";
import { applyOrder, applyRank } from "./waves";

export type PlannedRun = Extract<PlanRun, { ok: true }>;

export interface BaselineInput extends Baseline {
  /** `file:plan.json` or `git:<ref>`: shown to the reviewer. */
  readonly source: string;
}

export async function buildDocument(run: PlannedRun, baseline?: BaselineInput): Promise<PlanDocument> {
  const resources = run.resources.map(toPlanResource).sort((a, b) => cmp(a.urn, b.urn));
  const settings = { ...run.config.cost, ...(run.config.snowflake ? { cloud: run.config.snowflake.cloud } : {}) };
  const order = applyOrder(resources);
  const diff = baseline ? diffPlans(baseline.resources, resources, settings, { source: baseline.source, ...(baseline.stack ? { stack: baseline.stack } : {}) }) : null;
  const steps = buildSteps(resources, baseline?.resources, diff, applyRank(order));
  const policies = await policyReport(run.resources, run.stack.stack, run.config);
  const { results, ...policySummary } = policies;
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: "llmstack-plan",
    stack: run.stack.stack,
    environment: run.config.environment,
    assumedSecrets: [...run.stack.assumedSecrets].sort(cmp),
    changeSummary: changeSummary(steps),
    steps,
    resources,
    policies: results,
    policySummary,
    cost: computeCost(resources, settings),
    applyOrder: order,
    diff,
    exitCode: policies.mandatory > 0 ? 1 : 0,
  };
}
