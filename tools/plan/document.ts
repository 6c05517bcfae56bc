/**
 * Assembles the plan document from a planned run: resources, steps, policies, cost, apply order
 * and, with a baseline, the diff. Every renderer (text, markdown, JSON, artifacts) reads only this.
 */
import { computeCost } from "./cost";
import { countObjects } from "./counts";
import { diffPlans } from "./diff";
import { kubernetesReport } from "./kubernetesPlan";
import { destructiveGpuChanges } from "./gate";
import { buildSteps, changeSummary, SCHEMA_VERSION, type Baseline, type PlanDocument } from "./json";
import { policyReport } from "./policies";
import { cmp, toPlanResource, type PlanResource } from "./resources";
import type { PlanRun } from "./run";
import { applyOrder, applyRank } from "./waves";

export type PlannedRun = Extract<PlanRun, { ok: true }>;

export interface BaselineInput extends Baseline {
  /** `file:plan.json`, `git:<ref>` or `state:<file>`: shown to the reviewer. */
  readonly source: string;
  /** `state` for a deployed checkpoint (tools/plan/state.ts). @default a plan */
  readonly kind?: "plan" | "state";
}

async function diffAgainst(baseline: BaselineInput, resources: PlanResource[], settings: PlannedRun["config"]["cost"]) {
  const source = { source: baseline.source, ...(baseline.stack ? { stack: baseline.stack } : {}) };
  if (baseline.kind !== "state") return diffPlans(baseline.resources, resources, settings, source);
  const state = await import("./state");
  const s = baseline as import("./state").StateBaseline;
  const { olds, news } = state.alignWithState(s, resources);
  const diff = diffPlans(olds, news, settings, source, { deleteReason: (urn) => state.deleteReason(s, urn), outputs: s.checkpoint.outputs });
  return { ...diff, notes: s.checkpoint.notes };
}

export async function buildDocument(run: PlannedRun, baseline?: BaselineInput): Promise<PlanDocument> {
  const resources = run.resources.map(toPlanResource).sort((a, b) => cmp(a.urn, b.urn));
  const settings = { ...run.config.cost, ...(run.config.snowflake ? { cloud: run.config.snowflake.cloud } : {}) };
  const order = applyOrder(resources);
  const diff = baseline ? await diffAgainst(baseline, resources, settings) : null;
  const steps = buildSteps(resources, baseline?.resources, diff, applyRank(order));
  const policies = await policyReport(run.resources, run.stack.stack, run.config);
  const { results, ...policySummary } = policies;
  const counts = countObjects(steps);
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: "llmstack-plan",
    stack: run.stack.stack,
    environment: run.config.environment,
    assumedSecrets: [...run.stack.assumedSecrets].sort(cmp),
    counts,
    changeSummary: changeSummary(steps),
    steps,
    resources,
    policies: results,
    policySummary,
    cost: computeCost(resources, settings),
    ...kubernetesPart(resources, settings),
    applyOrder: order,
    diff: diff ? { ...diff, counts } : null,
    destructiveGpuChanges: destructiveGpuChanges(diff, baseline?.resources ?? [], resources),
    exitCode: policies.mandatory > 0 ? 1 : 0,
  };
}

function kubernetesPart(resources: Parameters<typeof kubernetesReport>[0], settings: Parameters<typeof kubernetesReport>[1]) {
  const report = kubernetesReport(resources, settings);
  return report ? { kubernetes: report } : {};
}
