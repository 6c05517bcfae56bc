/**
 * What the planned SPCS objects cost, from the catalog's credits per node-hour and the stack's
 * `llmstack:cost` (creditPrice, currency, budgetCreditsPerDay) only.
 *
 * - Full activity: every pool at MAX_NODES (what SPCS can bill at most while all services scale out).
 * - Per workload (model service, generic service, job): its share of its pool's full-activity cost,
 *   weighted by MAX_INSTANCES × GPUs per instance (jobs: REPLICAS); the shares add up to the pool.
 * - Idle: the cost left once nothing is called: 0 when the services suspend (AUTO_SUSPEND_SECS > 0)
 *   and then the pool suspends (AUTO_SUSPEND_SECS > 0); otherwise MIN_NODES keep running. A service
 *   with a public endpoint never auto-suspends (Snowflake does not support it there: provider/limits.ts),
 *   so its pool stays billed.
 */
import { instanceFamily, poolCreditsPerHour, type Cloud } from "../../catalog/instanceFamilies";
import { SPCS_TYPES } from "../../provider/resources";
import { hasPublicEndpoint } from "../../provider/limits";
import { cmp, type PlanResource } from "./resources";

export const HOURS_PER_DAY = 24;
export const DAYS_PER_MONTH = 30;

export interface CostSettings {
  readonly creditPrice: number;
  readonly currency: string;
  readonly budgetCreditsPerDay?: number;
  /** The account's cloud (`snowflake.cloud`): current-generation families have a rate per cloud. */
  readonly cloud?: Cloud;
}

export interface Rate {
  readonly creditsPerHour: number;
  readonly currencyPerHour: number;
  readonly creditsPerDay: number;
  readonly currencyPerDay: number;
  readonly creditsPerMonth: number;
  readonly currencyPerMonth: number;
}

export interface PoolCost {
  readonly pool: string;
  readonly urn: string;
  readonly instanceFamily: string;
  /** e.g. "1×A10G 24 GiB"; undefined for CPU families. */
  readonly gpu?: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly creditsPerNodeHour: number;
  readonly fullActivity: Rate;
  readonly idle: Rate;
  /** Why the idle cost is what it is. */
  readonly idleReason: string;
}

export interface WorkloadCost {
  readonly name: string;
  readonly kind: "model" | "service" | "job";
  readonly urn: string;
  readonly pool: string;
  /** Fraction of the pool's full-activity cost. */
  readonly share: number;
  readonly fullActivity: Rate;
}

export interface CostReport {
  readonly currency: string;
  readonly creditPrice: number;
  readonly hoursPerDay: number;
  readonly daysPerMonth: number;
  readonly pools: PoolCost[];
  readonly workloads: WorkloadCost[];
  readonly total: { readonly fullActivity: Rate; readonly idle: Rate };
  readonly budget?: { readonly creditsPerDay: number; readonly fullActivityCreditsPerDay: number; readonly exceeded: boolean };
  readonly assumptions: string[];
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

export function rate(creditsPerHour: number, creditPrice: number): Rate {
  return {
    creditsPerHour: round(creditsPerHour),
    currencyPerHour: round(creditsPerHour * creditPrice),
    creditsPerDay: round(creditsPerHour * HOURS_PER_DAY),
    currencyPerDay: round(creditsPerHour * HOURS_PER_DAY * creditPrice),
    creditsPerMonth: round(creditsPerHour * HOURS_PER_DAY * DAYS_PER_MONTH),
    currencyPerMonth: round(creditsPerHour * HOURS_PER_DAY * DAYS_PER_MONTH * creditPrice),
  };
}

const num = (v: unknown, fallback: number) => (typeof v === "number" && Number.isFinite(v) ? v : fallback);

/** GPUs one instance of an SPCS service spec asks for (`nvidia.com/gpu`, requests or limits). */
export function gpusPerInstance(spec: unknown): number {
  const containers = (spec as { spec?: { containers?: { resources?: Record<string, Record<string, unknown> | undefined> }[] } })?.spec?.containers ?? [];
  let n = 0;
  for (const c of containers) {
    const r = c.resources ?? {};
    n += num(r.requests?.["nvidia.com/gpu"], num(r.limits?.["nvidia.com/gpu"], 0));
  }
  return n;
}

function gpuLabel(family: string): string | undefined {
  const g = instanceFamily(family)?.gpu;
  return g ? `${g.count}×${g.model} ${g.memoryGiB} GiB` : undefined;
}

export const COST_ASSUMPTIONS = [
  "Rates are the catalog's credits per node-hour (Snowflake Service Consumption Table) × llmstack:cost.creditPrice; nothing else is priced.",
  "Full activity: every compute pool at MAX_NODES around the clock; a workload's share is its MAX_INSTANCES × GPUs per instance (jobs: REPLICAS) over its pool's total.",
  "Idle: no calls; services suspend after their AUTO_SUSPEND_SECS, then a pool with no running service suspends after its AUTO_SUSPEND_SECS. A pool or service that never suspends (0) keeps MIN_NODES billed; so does a service with a public endpoint, where Snowflake does not support auto-suspend.",
  `A day is ${HOURS_PER_DAY} hours, a month ${DAYS_PER_MONTH} days.`,
  "Not included: the query warehouse (it auto-suspends and bills per second), storage, data transfer, cloud services.",
];

export function computeCost(resources: readonly PlanResource[], settings: CostSettings): CostReport {
  const pools = resources.filter((r) => r.type === SPCS_TYPES.ComputePool).sort((a, b) => cmp(String(a.inputs.name), String(b.inputs.name)));
  const byParent = new Map(resources.map((r) => [r.urn, r]));
  const runs = resources
    .filter((r) => r.type === SPCS_TYPES.Service || r.type === SPCS_TYPES.JobService)
    .sort((a, b) => cmp(String(a.inputs.name), String(b.inputs.name)));

  const poolCosts: PoolCost[] = [];
  const workloads: WorkloadCost[] = [];
  let full = 0;
  let idle = 0;
  for (const p of pools) {
    const name = String(p.inputs.name);
    const family = String(p.inputs.instanceFamily);
    const minNodes = num(p.inputs.minNodes, 1);
    const maxNodes = num(p.inputs.maxNodes, minNodes);
    const perNode = instanceFamily(family) ? poolCreditsPerHour(family, 1, settings.cloud) : 0;
    const fullCredits = instanceFamily(family) ? poolCreditsPerHour(family, maxNodes, settings.cloud) : 0;
    const inPool = runs.filter((s) => s.inputs.computePool === name);
    const isService = (s: PlanResource) => s.type === SPCS_TYPES.Service;
    const isPublic = (s: PlanResource) => hasPublicEndpoint(s.inputs.specification as never);
    const alwaysOn = inPool.filter((s) => isService(s) && (num(s.inputs.autoSuspendSecs, 0) === 0 || isPublic(s)));
    const poolSuspend = num(p.inputs.autoSuspendSecs, 0);
    let idleCredits = 0;
    let idleReason: string;
    if (poolSuspend === 0) {
      idleCredits = poolCreditsPerHour(family, minNodes, settings.cloud);
      idleReason = `AUTO_SUSPEND_SECS = 0: the pool never suspends, so MIN_NODES = ${minNodes} stay billed`;
    } else if (alwaysOn.length > 0) {
      idleCredits = poolCreditsPerHour(family, minNodes, settings.cloud);
      const pub = alwaysOn.filter(isPublic);
      const never = alwaysOn.filter((s) => !isPublic(s));
      const parts = [
        ...(pub.length ? [`${pub.map((s) => s.inputs.name).join(", ")} ${pub.length === 1 ? "has a public endpoint" : "have public endpoints"}, where Snowflake does not support auto-suspend (ingress traffic is not tracked)`] : []),
        ...(never.length ? [`${never.map((s) => s.inputs.name).join(", ")} never suspend${never.length === 1 ? "s" : ""} (AUTO_SUSPEND_SECS = 0)`] : []),
      ];
      idleReason = `${parts.join("; ")}, so the pool keeps at least MIN_NODES = ${minNodes} billed`;
    } else if (inPool.length === 0) {
      idleReason = `no service runs here; the pool suspends after ${poolSuspend} s`;
    } else {
      const longest = Math.max(...inPool.map((s) => (s.type === SPCS_TYPES.Service ? num(s.inputs.autoSuspendSecs, 0) : 0)));
      idleReason = `services suspend after at most ${longest} s idle, then the pool after ${poolSuspend} s`;
    }
    full += fullCredits;
    idle += idleCredits;
    poolCosts.push({
      pool: name,
      urn: p.urn,
      instanceFamily: family,
      ...(gpuLabel(family) ? { gpu: gpuLabel(family) } : {}),
      minNodes,
      maxNodes,
      creditsPerNodeHour: round(perNode),
      fullActivity: rate(fullCredits, settings.creditPrice),
      idle: rate(idleCredits, settings.creditPrice),
      idleReason,
    });

    const weight = (s: PlanResource) =>
      s.type === SPCS_TYPES.JobService ? num(s.inputs.replicas, 1) : num(s.inputs.maxInstances, 1) * Math.max(1, gpusPerInstance(s.inputs.specification));
    const total = inPool.reduce((t, s) => t + weight(s), 0);
    for (const s of inPool) {
      const share = total > 0 ? weight(s) / total : 0;
      const parent = s.parent ? byParent.get(s.parent) : undefined;
      workloads.push({
        name: String(s.inputs.name),
        kind: s.type === SPCS_TYPES.JobService ? "job" : parent?.type === "llmstack:snowflake:ModelService" ? "model" : "service",
        urn: s.urn,
        pool: name,
        share: round(share),
        fullActivity: rate(fullCredits * share, settings.creditPrice),
      });
    }
  }
  const fullRate = rate(full, settings.creditPrice);
  return {
    currency: settings.currency,
    creditPrice: settings.creditPrice,
    hoursPerDay: HOURS_PER_DAY,
    daysPerMonth: DAYS_PER_MONTH,
    pools: poolCosts,
    workloads,
    total: { fullActivity: fullRate, idle: rate(idle, settings.creditPrice) },
    ...(settings.budgetCreditsPerDay !== undefined
      ? {
          budget: {
            creditsPerDay: settings.budgetCreditsPerDay,
            fullActivityCreditsPerDay: fullRate.creditsPerDay,
            exceeded: fullRate.creditsPerDay > settings.budgetCreditsPerDay,
          },
        }
      : {}),
    assumptions: COST_ASSUMPTIONS,
  };
}

/** `1.2345` → `1.23`; small non-zero values keep enough digits to be seen. */
export function fmt(n: number): string {
  if (n === 0) return "0";
  if (Math.abs(n) < 0.01) return n.toPrecision(2);
  return n.toFixed(2);
}
