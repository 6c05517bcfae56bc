/**
 * The difference between a baseline plan and the current one, as a reviewer needs it: what is
 * added, removed and changed (property by property), how each change is applied (update, update
 * with downtime, replace — by the provider's own diff for SPCS objects), and what else goes with
 * each replaced, interrupted or removed object, found through the recorded dependencies.
 *
 * Resources are matched by URN, as the engine matches them. Like the engine's preview, an input
 * that depends on a replaced resource is unknown until that resource exists again, and is handed
 * to the dependent's diff as unknown: that is how a pool's replacement replaces its services.
 */
import { isGpuFamily } from "../../catalog/instanceFamilies";
import { updateStatements } from "../../provider/diff";
import { SPCS_TYPES, spcsKindOf } from "../../provider/resources";
import { classifyChange, type ChangeAction, type Certainty, type PropertyChange } from "./classify";
import { computeCost, gpusPerInstance, type CostReport, type CostSettings } from "./cost";
import { kubernetesDiff, type KubernetesDiff } from "./kubernetesPlan";
import { cmp, dependents, isObject, objectDependencies, objectName, transitiveDependents, type PlanResource } from "./resources";
import { applyOrder, applyRank } from "./waves";

export type EntryAction = ChangeAction | "create" | "delete";

export interface Related {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** What happens to it, in words. */
  readonly effect: string;
}

export interface DiffEntry {
  readonly urn: string;
  readonly type: string;
  /** Object name in its system (Snowflake/Kubernetes), else the Pulumi name. */
  readonly name: string;
  readonly action: EntryAction;
  readonly certainty: Certainty;
  readonly changedKeys: string[];
  readonly replaceKeys: string[];
  readonly changes: PropertyChange[];
  readonly reasons: string[];
  readonly consequences: string[];
  /** Inputs unknown until a replaced dependency exists again. */
  readonly unknownKeys: string[];
  /** Replaced dependencies that cause this change. */
  readonly causedBy: string[];
  /** What goes with a replaced, interrupted or removed object. */
  readonly goesWith: Related[];
  /** The SQL the SPCS provider runs for an in-place update, in order. */
  readonly sql?: string[];
}

export interface PoolChange {
  readonly pool: string;
  readonly urn: string;
  readonly action: EntryAction;
  readonly before?: PoolShape;
  readonly after?: PoolShape;
  readonly creditsPerHourBefore: number;
  readonly creditsPerHourAfter: number;
  readonly creditsPerHourDelta: number;
  readonly currencyPerHourDelta: number;
  readonly reasons: string[];
  /** Services and jobs that stop meanwhile (downtime), are recreated (replace) or removed. */
  readonly interrupts: string[];
  readonly sql?: string[];
}

export interface PoolShape {
  readonly instanceFamily: string;
  readonly gpu?: string;
  readonly minNodes: number;
  readonly maxNodes: number;
}

export interface GpuChange {
  readonly service: string;
  readonly urn: string;
  readonly action: EntryAction;
  readonly poolBefore?: string;
  readonly poolAfter?: string;
  readonly gpusBefore: number;
  readonly gpusAfter: number;
}

export interface PlanDiff {
  readonly baseline: { readonly source: string; readonly stack?: string };
  /** What the reviewer must know about the baseline itself (a checkpoint's interrupted update, …). */
  readonly notes?: string[];
  readonly pools: PoolChange[];
  readonly gpus: GpuChange[];
  /** Every object that changes, in apply order (deletes last, reverse dependency order). */
  readonly entries: DiffEntry[];
  /** GPU changes of the Kubernetes path, with their cost (absent when neither plan has a Kubernetes workload). */
  readonly kubernetes?: KubernetesDiff;
  readonly cost: {
    readonly creditsPerHourBefore: number;
    readonly creditsPerHourAfter: number;
    readonly creditsPerHourDelta: number;
    readonly currencyPerHourDelta: number;
    readonly currencyPerMonthDelta: number;
    readonly idleCreditsPerHourBefore: number;
    readonly idleCreditsPerHourAfter: number;
  };
}

const SERVICE_LIKE = new Set<string>([SPCS_TYPES.Service, SPCS_TYPES.JobService]);

function publicEndpoints(r: PlanResource): string[] {
  const eps = (r.inputs.specification as { spec?: { endpoints?: { name: string; public?: boolean }[] } } | undefined)?.spec?.endpoints ?? [];
  return eps.filter((e) => e.public).map((e) => e.name);
}

function poolShape(r: PlanResource | undefined, cost: CostReport): PoolShape | undefined {
  if (!r) return undefined;
  const c = cost.pools.find((p) => p.urn === r.urn);
  return {
    instanceFamily: String(r.inputs.instanceFamily),
    ...(c?.gpu ? { gpu: c.gpu } : {}),
    minNodes: Number(r.inputs.minNodes),
    maxNodes: Number(r.inputs.maxNodes),
  };
}

/** What a deployed baseline (`--state`) adds to the diff. */
export interface DeployedFacts {
  /** Why `pulumi up` deletes a deployed object the plan no longer has. */
  readonly deleteReason?: (urn: string) => string;
  /** Recorded outputs by URN (e.g. a service's ingress URLs). */
  readonly outputs?: ReadonlyMap<string, Record<string, unknown>>;
}

export function diffPlans(
  baseline: readonly PlanResource[],
  current: readonly PlanResource[],
  settings: CostSettings,
  source: { source: string; stack?: string },
  deployed: DeployedFacts = {},
): PlanDiff {
  const olds = new Map(baseline.map((r) => [r.urn, r]));
  const news = new Map(current.map((r) => [r.urn, r]));
  const order = applyRank(applyOrder(current));
  const oldOrder = applyRank(applyOrder(baseline));
  const deps = objectDependencies(current);
  const rdeps = dependents(deps);
  const oldRdeps = dependents(objectDependencies(baseline));

  const entries = new Map<string, DiffEntry>();
  const replaced = new Set<string>();

  // Current objects in apply order, so a dependency is classified before its dependents.
  const objects = current.filter(isObject).sort((a, b) => (order.get(a.urn) ?? 0) - (order.get(b.urn) ?? 0));
  for (const r of objects) {
    const old = olds.get(r.urn);
    if (!old) {
      entries.set(r.urn, entry(r, "create", "spcs-provider", { changes: [], reasons: [] }));
      continue;
    }
    const unknownKeys = Object.entries(r.propertyDependencies)
      .filter(([, us]) => us.some((u) => replaced.has(u)))
      .map(([k]) => k)
      .sort(cmp);
    const causedBy = [...new Set(Object.values(r.propertyDependencies).flat().filter((u) => replaced.has(u)))].sort(cmp);
    const c = classifyChange(r.type, old.inputs, r.inputs, unknownKeys);
    if (c.action === "none") continue;
    if (c.action === "replace") replaced.add(r.urn);
    let sql: string[] | undefined;
    const kind = spcsKindOf(r.type);
    if (kind && (c.action === "update" || c.action === "update-with-downtime") && unknownKeys.length === 0) {
      try {
        sql = updateStatements(kind, old.inputs, r.inputs);
      } catch {
        sql = undefined;
      }
    }
    entries.set(r.urn, {
      ...entry(r, c.action, c.certainty, c),
      changedKeys: c.changedKeys,
      replaceKeys: c.replaceKeys,
      consequences: c.consequences,
      unknownKeys,
      causedBy,
      ...(sql ? { sql } : {}),
    });
  }
  const removed = baseline.filter((r) => isObject(r) && !news.has(r.urn)).sort((a, b) => (oldOrder.get(b.urn) ?? 0) - (oldOrder.get(a.urn) ?? 0));
  for (const r of removed) {
    const reasons = [
      ...(deployed.deleteReason ? [deployed.deleteReason(r.urn)] : []),
      ...(r.protect ? ["protected: `pulumi up` refuses to delete it until `pulumi state unprotect`"] : []),
      ...(r.retainOnDelete ? ["retainOnDelete: it leaves the stack but stays in the account"] : []),
    ];
    entries.set(r.urn, entry(r, "delete", "spcs-provider", { changes: [], reasons }));
  }

  // What goes with each replaced, interrupted or removed object.
  for (const [urn, e] of entries) {
    if (e.action !== "replace" && e.action !== "update-with-downtime" && e.action !== "delete") continue;
    const graph = e.action === "delete" ? oldRdeps : rdeps;
    const lookup = (u: string) => news.get(u) ?? olds.get(u);
    const goes: Related[] = [];
    for (const d of transitiveDependents(urn, graph)) {
      const r = lookup(d)!;
      const own = entries.get(d);
      if (!affected(e, r, own)) continue;
      goes.push({ urn: d, type: r.type, name: objectName(r), effect: effectOn(e, r, own, lookup(urn)!) });
    }
    if (e.action === "replace" && e.type === SPCS_TYPES.Service) {
      const svc = news.get(urn)!;
      const urls = (deployed.outputs?.get(urn)?.ingressUrls ?? {}) as Record<string, unknown>;
      for (const ep of publicEndpoints(svc)) {
        const now = typeof urls[ep] === "string" ? ` (now ${urls[ep]})` : "";
        goes.unshift({ urn, type: e.type, name: `${e.name} endpoint ${ep}`, effect: `public endpoint gets a new URL${now}, known after deploy: update its callers` });
      }
    }
    entries.set(urn, { ...e, goesWith: goes });
  }

  const list = [...entries.values()].filter((e) => e.action !== "none");
  const sorted = [
    ...list.filter((e) => e.action !== "delete").sort((a, b) => (order.get(a.urn) ?? 0) - (order.get(b.urn) ?? 0)),
    ...list.filter((e) => e.action === "delete"),
  ];

  const costBefore = computeCost(baseline, settings);
  const costAfter = computeCost(current, settings);
  const poolCredits = (cost: CostReport, urn: string) => cost.pools.find((p) => p.urn === urn)?.fullActivity.creditsPerHour ?? 0;
  const pools: PoolChange[] = sorted
    .filter((e) => e.type === SPCS_TYPES.ComputePool)
    .map((e) => {
      const before = poolCredits(costBefore, e.urn);
      const after = poolCredits(costAfter, e.urn);
      return {
        pool: e.name,
        urn: e.urn,
        action: e.action,
        ...(olds.has(e.urn) ? { before: poolShape(olds.get(e.urn), costBefore) } : {}),
        ...(news.has(e.urn) ? { after: poolShape(news.get(e.urn), costAfter) } : {}),
        creditsPerHourBefore: before,
        creditsPerHourAfter: after,
        creditsPerHourDelta: round(after - before),
        currencyPerHourDelta: round((after - before) * settings.creditPrice),
        reasons: e.reasons,
        interrupts: e.goesWith.filter((g) => SERVICE_LIKE.has(g.type)).map((g) => g.name),
        ...(e.sql ? { sql: e.sql } : {}),
      };
    });
  const gpus: GpuChange[] = [];
  for (const e of sorted) {
    if (!SERVICE_LIKE.has(e.type)) continue;
    const o = olds.get(e.urn);
    const n = news.get(e.urn);
    const gpusBefore = o ? gpusPerInstance(o.inputs.specification) : 0;
    const gpusAfter = n ? gpusPerInstance(n.inputs.specification) : 0;
    const poolBefore = o ? String(o.inputs.computePool) : undefined;
    const poolAfter = n ? String(n.inputs.computePool) : undefined;
    const gpuPool = (pools: ReadonlyMap<string, PlanResource>, name?: string) => {
      const p = name === undefined ? undefined : [...pools.values()].find((r) => r.type === SPCS_TYPES.ComputePool && r.inputs.name === name);
      return p !== undefined && isGpuFamily(String(p.inputs.instanceFamily));
    };
    const onGpu = gpuPool(olds, poolBefore) || gpuPool(news, poolAfter);
    if (gpusBefore === gpusAfter && (poolBefore === poolAfter || !onGpu)) continue;
    gpus.push({ service: e.name, urn: e.urn, action: e.action, ...(poolBefore ? { poolBefore } : {}), ...(poolAfter ? { poolAfter } : {}), gpusBefore, gpusAfter });
  }

  const b = costBefore.total.fullActivity;
  const a = costAfter.total.fullActivity;
  const k8s = kubernetesDiff(baseline, current, settings);
  return {
    baseline: source,
    pools,
    gpus,
    ...(k8s ? { kubernetes: k8s } : {}),
    entries: sorted,
    cost: {
      creditsPerHourBefore: b.creditsPerHour,
      creditsPerHourAfter: a.creditsPerHour,
      creditsPerHourDelta: round(a.creditsPerHour - b.creditsPerHour),
      currencyPerHourDelta: round(a.currencyPerHour - b.currencyPerHour),
      currencyPerMonthDelta: round(a.currencyPerMonth - b.currencyPerMonth),
      idleCreditsPerHourBefore: costBefore.total.idle.creditsPerHour,
      idleCreditsPerHourAfter: costAfter.total.idle.creditsPerHour,
    },
  };
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function entry(
  r: PlanResource,
  action: EntryAction,
  certainty: Certainty,
  c: { changes: PropertyChange[]; reasons: string[] },
): DiffEntry {
  return {
    urn: r.urn,
    type: r.type,
    name: objectName(r),
    action,
    certainty,
    changedKeys: [],
    replaceKeys: [],
    changes: c.changes,
    reasons: c.reasons,
    consequences: [],
    unknownKeys: [],
    causedBy: [],
    goesWith: [],
  };
}

const STOPS = new Set<string>([SPCS_TYPES.Service, SPCS_TYPES.JobService, SPCS_TYPES.ServiceFunction]);
const SPCS_DEPENDENT = new Set<string>([...STOPS, SPCS_TYPES.ServiceRoleGrant]);

/**
 * Whether a dependent is worth naming: for a removal, what is removed too; for downtime, what stops
 * (services, jobs, functions); for a replacement, what changes with it or stops until it is back.
 */
function affected(cause: DiffEntry, r: PlanResource, own: DiffEntry | undefined): boolean {
  if (cause.action === "delete") return own?.action === "delete";
  if (cause.action === "update-with-downtime") return STOPS.has(r.type);
  return own !== undefined || SPCS_DEPENDENT.has(r.type);
}

/** What happens to `r`, which depends (transitively) on the object of `cause`. */
function effectOn(cause: DiffEntry, r: PlanResource, own: DiffEntry | undefined, causeResource: PlanResource): string {
  const causeName = `${cause.name}`;
  if (cause.action === "delete") return "removed too (it depends on this)";
  if (cause.action === "update-with-downtime") {
    if (SERVICE_LIKE.has(r.type)) {
      return cause.type === SPCS_TYPES.ComputePool
        ? `interrupted: suspended while pool ${causeName} is suspended, back after RESUME (cold start: image pull and model load)`
        : `interrupted while ${causeName} changes`;
    }
    return `calls fail while its service is down (pool ${causeName} suspended)`;
  }
  // replace
  if (own?.action === "replace") return `replaced with it (${own.replaceKeys.join(", ") || "dependency replaced"})`;
  if (r.type === SPCS_TYPES.ServiceFunction) {
    const how = own ? `; ${own.changedKeys.join(", ")} known after apply` : "";
    return `calls fail until the new service is RUNNING (bound to it by name${how})`;
  }
  if (SERVICE_LIKE.has(r.type)) return `stops until ${causeName} is recreated`;
  if (own) return `${own.action}: ${own.changedKeys.join(", ")} known after the replacement`;
  return `unavailable until it is recreated`;
}
