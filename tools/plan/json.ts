/**
 * The plan as JSON (`--format json`, `--out DIR/plan.json`): a versioned document, described in
 * docs/plan-schema.md. `steps[]` follow `pulumi preview --json` (op, urn, newState, oldState,
 * diffReasons, replaceReasons, detailedDiff) so existing tooling can read them; the rest is ours.
 *
 * Deterministic: no timestamps, no absolute paths, stable ordering, secrets as `[secret]`.
 */
import type { PolicyResult } from "../../policies/harness";
import type { CostReport } from "./cost";
import type { DiffEntry, PlanDiff } from "./diff";
import type { KubernetesPlanReport } from "./kubernetesPlan";
import type { DestructiveChange } from "./gate";
import { cmp, isObject, maskValue, type PlanResource } from "./resources";
import type { ApplyOrder } from "./waves";

/** Bump on any incompatible change; additive fields keep the version. */
export const SCHEMA_VERSION = 1;

export type StepOp = "create" | "same" | "update" | "replace" | "delete";

export interface StepState {
  readonly urn: string;
  readonly type: string;
  readonly custom: boolean;
  readonly parent?: string;
  readonly provider?: string;
  readonly inputs: Record<string, unknown>;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  readonly dependencies: readonly string[];
}

export type DetailedDiffKind = "add" | "delete" | "update" | "add-replace" | "delete-replace" | "update-replace";

export interface Step {
  readonly op: StepOp;
  readonly urn: string;
  readonly provider?: string;
  readonly newState?: StepState;
  readonly oldState?: StepState;
  readonly diffReasons?: string[];
  readonly replaceReasons?: string[];
  readonly detailedDiff?: Record<string, { kind: DetailedDiffKind; inputDiff: true }>;
  /** Our classification (update with downtime, provider decides, what goes with it). */
  readonly llmstack?: Pick<DiffEntry, "action" | "certainty" | "reasons" | "consequences" | "goesWith" | "unknownKeys" | "causedBy"> & { sql?: string[] };
}

/** Objects per op: the one count every format shows (definition in tools/plan/counts.ts). */
export interface Counts {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly same: number;
}

export interface PolicyReport {
  readonly environment: string;
  /** Violations, mandatory first. */
  readonly results: PolicyResult[];
  readonly mandatory: number;
  readonly advisory: number;
  readonly notApplicable: { policy: string; reason: string }[];
}

export interface PlanDocument {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly kind: "llmstack-plan";
  readonly stack: string;
  readonly environment: string;
  /** Secret config keys the file does not set, planned with placeholders (never printed). */
  readonly assumedSecrets: string[];
  /** Objects per op (tools/plan/counts.ts): the numbers every rendering shows. */
  readonly counts: Counts;
  /** As `pulumi preview --json`'s changeSummary: steps per op, components and providers included. */
  readonly changeSummary: Partial<Record<StepOp, number>>;
  readonly steps: Step[];
  readonly resources: PlanResource[];
  /** Policy violations (mandatory and advisory). */
  readonly policies: PolicyResult[];
  readonly policySummary: Omit<PolicyReport, "results">;
  readonly cost: CostReport;
  /** The Kubernetes path's workloads, GPUs and cost (absent without one). */
  readonly kubernetes?: KubernetesPlanReport;
  readonly applyOrder: ApplyOrder;
  /** The difference from the baseline; its `counts` are {@link PlanDocument.counts}. */
  readonly diff: (PlanDiff & { readonly counts: Counts }) | null;
  /** Changes `--fail-on-destructive-gpu` stops on (tools/plan/gate.ts); empty without a baseline. */
  readonly destructiveGpuChanges: DestructiveChange[];
  /** What the CLI exits with for this plan: 0 clean, 1 a mandatory policy is violated (3 is the opt-in gate's, decided by the CLI). */
  readonly exitCode: 0 | 1;
}

function state(r: PlanResource): StepState {
  return {
    urn: r.urn,
    type: r.type,
    custom: r.custom,
    ...(r.parent ? { parent: r.parent } : {}),
    ...(r.provider ? { provider: r.provider } : {}),
    inputs: r.inputs,
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    deleteBeforeReplace: r.deleteBeforeReplace,
    dependencies: r.dependencies,
  };
}

const OP_OF: Record<string, StepOp> = {
  create: "create",
  delete: "delete",
  replace: "replace",
  update: "update",
  "update-with-downtime": "update",
  "provider-decides": "update",
};

/** Steps in apply order: components and providers, then objects by wave, then deletes (reverse). */
export function buildSteps(current: readonly PlanResource[], baseline: readonly PlanResource[] | undefined, diff: PlanDiff | null, rank: Map<string, number>): Step[] {
  const entries = new Map((diff?.entries ?? []).map((e) => [e.urn, e]));
  const olds = new Map((baseline ?? []).map((r) => [r.urn, r]));
  // Components and providers are registered parent first, before the objects they hold.
  const parents = new Map(current.map((r) => [r.urn, r.parent]));
  const depth = (r: PlanResource) => {
    let d = 0;
    for (let p = r.parent; p && parents.has(p); p = parents.get(p)) d++;
    return d;
  };
  const order = (r: PlanResource) => (isObject(r) ? 1 : 0);
  const sorted = [...current].sort(
    (a, b) => order(a) - order(b) || (isObject(a) ? (rank.get(a.urn) ?? 0) - (rank.get(b.urn) ?? 0) : depth(a) - depth(b)) || cmp(a.urn, b.urn),
  );
  const steps: Step[] = [];
  for (const r of sorted) {
    const old = olds.get(r.urn);
    if (!baseline || !old) {
      steps.push({ op: "create", urn: r.urn, ...(r.provider ? { provider: r.provider } : {}), newState: state(r) });
      continue;
    }
    const e = entries.get(r.urn);
    if (!e) {
      // Components and providers: same unless their inputs changed.
      const same = isObject(r) || JSON.stringify(maskValue(old.inputs)) === JSON.stringify(maskValue(r.inputs));
      steps.push({ op: same ? "same" : "update", urn: r.urn, ...(r.provider ? { provider: r.provider } : {}), oldState: state(old), newState: state(r) });
      continue;
    }
    const replaceKeys = new Set(e.replaceKeys);
    const detailed: Record<string, { kind: DetailedDiffKind; inputDiff: true }> = {};
    for (const c of e.changes) {
      const top = c.path.split(/[.[]/)[0];
      detailed[c.path] = { kind: (replaceKeys.has(top) ? `${c.kind}-replace` : c.kind) as DetailedDiffKind, inputDiff: true };
    }
    steps.push({
      op: OP_OF[e.action] ?? "update",
      urn: r.urn,
      ...(r.provider ? { provider: r.provider } : {}),
      oldState: state(old),
      newState: state(r),
      diffReasons: e.changedKeys,
      ...(e.replaceKeys.length ? { replaceReasons: e.replaceKeys } : {}),
      detailedDiff: detailed,
      llmstack: llmstackOf(e),
    });
  }
  for (const e of diff?.entries ?? []) {
    if (e.action !== "delete") continue;
    const old = olds.get(e.urn)!;
    steps.push({ op: "delete", urn: e.urn, ...(old.provider ? { provider: old.provider } : {}), oldState: state(old), llmstack: llmstackOf(e) });
  }
  // Components of the baseline that are gone.
  for (const old of baseline ?? []) {
    if (!isObject(old) && !current.some((r) => r.urn === old.urn)) steps.push({ op: "delete", urn: old.urn, oldState: state(old) });
  }
  return steps;
}

function llmstackOf(e: DiffEntry): NonNullable<Step["llmstack"]> {
  return {
    action: e.action,
    certainty: e.certainty,
    reasons: e.reasons,
    consequences: e.consequences,
    goesWith: e.goesWith,
    unknownKeys: e.unknownKeys,
    causedBy: e.causedBy,
    ...(e.sql ? { sql: e.sql } : {}),
  };
}

export function changeSummary(steps: readonly Step[]): Partial<Record<StepOp, number>> {
  const out: Partial<Record<StepOp, number>> = {};
  for (const s of steps) out[s.op] = (out[s.op] ?? 0) + 1;
  return Object.fromEntries((["create", "update", "replace", "delete", "same"] as StepOp[]).filter((k) => out[k]).map((k) => [k, out[k]]));
}

/** JSON text: two-space indent, trailing newline. */
export function serialize(doc: PlanDocument): string {
  return JSON.stringify(doc, null, 2) + "\n";
}

export interface Baseline {
  readonly stack?: string;
  readonly resources: PlanResource[];
}

/**
 * Reads a baseline: a plan.json of this schema, or the bare `{resources: RecordedResource[]}` an
 * older `npm run plan -- --format json` printed (what `--against` finds at older revisions).
 */
export function parseBaseline(text: string, what: string): Baseline {
  let doc: { schemaVersion?: unknown; kind?: unknown; stack?: unknown; resources?: unknown };
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} is not JSON: ${(e as Error).message}`);
  }
  if (doc.schemaVersion !== undefined && doc.schemaVersion !== SCHEMA_VERSION) {
    throw new Error(`${what} has schemaVersion ${String(doc.schemaVersion)}; this tool reads ${SCHEMA_VERSION}: re-create it with this version`);
  }
  if (!Array.isArray(doc.resources)) throw new Error(`${what} has no resources[]: pass a plan.json from --format json or --out`);
  const resources = (doc.resources as Record<string, unknown>[]).map((r, i): PlanResource => {
    if (typeof r.urn !== "string" || typeof r.type !== "string") throw new Error(`${what}: resources[${i}] has no urn/type`);
    return {
      urn: r.urn,
      type: r.type,
      name: typeof r.name === "string" ? r.name : r.urn.split("::").pop()!,
      custom: r.custom === true,
      ...(typeof r.parent === "string" ? { parent: r.parent } : {}),
      inputs: maskValue(r.inputs ?? {}) as Record<string, unknown>,
      dependencies: Array.isArray(r.dependencies) ? (r.dependencies as string[]) : [],
      propertyDependencies: (r.propertyDependencies ?? {}) as Record<string, string[]>,
      protect: r.protect === true,
      retainOnDelete: r.retainOnDelete === true,
      deleteBeforeReplace: r.deleteBeforeReplace === true,
      ...(typeof r.provider === "string" ? { provider: r.provider } : {}),
    };
  });
  return { ...(typeof doc.stack === "string" ? { stack: doc.stack } : {}), resources };
}
