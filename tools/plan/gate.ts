/**
 * `--fail-on-destructive-gpu`: the changes a workflow should not merge without an explicit approval,
 * because they take GPU capacity or a model away, at least for a while:
 *
 * - a compute pool, an SPCS service or job service that is replaced, deleted or updated with
 *   downtime (classified by the SPCS provider's own diff, provider/diff.ts);
 * - a Kubernetes workload whose pods ask for GPUs (`nvidia.com/gpu` or any `<vendor>/gpu` in its
 *   resource requests or limits) that is replaced, deleted or updated with downtime — or whose
 *   change is left to its provider ("provider decides: may replace"): an unknown is not waved through.
 */
import { SPCS_TYPES } from "../../provider/resources";
import type { DiffEntry, EntryAction, PlanDiff } from "./diff";
import type { PlanResource } from "./resources";

export interface DestructiveChange {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly action: EntryAction;
  /** In words, for the reviewer who approves it. */
  readonly why: string;
}

const SPCS_GPU_TYPES = new Set<string>([SPCS_TYPES.ComputePool, SPCS_TYPES.Service, SPCS_TYPES.JobService]);
const DESTRUCTIVE = new Set<EntryAction>(["replace", "delete", "update-with-downtime"]);
const KUBERNETES_WORKLOAD = /^kubernetes:(apps\/v1:(Deployment|StatefulSet|DaemonSet|ReplicaSet)|batch\/v1:(Job|CronJob)|core\/v1:Pod)$/;

/** Whether some container asks for a GPU: a `…/gpu` key with a positive count under `requests` or `limits`. */
export function asksForGpu(value: unknown, parentKey = ""): boolean {
  if (Array.isArray(value)) return value.some((v) => asksForGpu(v, parentKey));
  if (!value || typeof value !== "object") return false;
  for (const [k, v] of Object.entries(value)) {
    if ((parentKey === "limits" || parentKey === "requests") && /\/gpu$/.test(k) && Number(v) > 0) return true;
    if (asksForGpu(v, k)) return true;
  }
  return false;
}

function kind(e: DiffEntry, old: PlanResource | undefined, now: PlanResource | undefined): string | undefined {
  if (SPCS_GPU_TYPES.has(e.type)) return e.type === SPCS_TYPES.ComputePool ? "compute pool" : "service";
  if (KUBERNETES_WORKLOAD.test(e.type) && (asksForGpu(old?.inputs) || asksForGpu(now?.inputs))) return "GPU workload";
  return undefined;
}

const VERB: Partial<Record<EntryAction, string>> = {
  replace: "replaced (deleted and created again)",
  delete: "deleted",
  "update-with-downtime": "updated with downtime",
  "provider-decides": "changed in a way its provider may apply by replacing it",
};

export function destructiveGpuChanges(diff: Pick<PlanDiff, "entries"> | null, baseline: readonly PlanResource[], current: readonly PlanResource[]): DestructiveChange[] {
  if (!diff) return [];
  const olds = new Map(baseline.map((r) => [r.urn, r]));
  const news = new Map(current.map((r) => [r.urn, r]));
  const out: DestructiveChange[] = [];
  for (const e of diff.entries) {
    const what = kind(e, olds.get(e.urn), news.get(e.urn));
    if (!what) continue;
    const destructive = DESTRUCTIVE.has(e.action) || (what === "GPU workload" && e.action === "provider-decides");
    if (!destructive) continue;
    out.push({ urn: e.urn, type: e.type, name: e.name, action: e.action, why: `${what} ${e.name} is ${VERB[e.action]}` });
  }
  return out;
}
