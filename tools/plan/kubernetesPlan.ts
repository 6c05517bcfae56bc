/**
 * The Kubernetes path in the plan: per long-running workload, what it runs on (GPU product, GPUs per
 * replica, replicas, node selection, tolerations), what it runs (image, the vLLM arguments that
 * matter) and what it costs at full activity; and, against a baseline, each change in GPUs with its
 * cost delta.
 *
 * Read from the recorded objects alone (a baseline plan.json has nothing else): the Deployment's
 * `llmstack.io/gpu-*` annotations (components/kubernetes/manifests/modelServer.ts) name the GPU node
 * preset and product, the pod template gives the rest. Prices come from `llmstack:cost.kubernetes`
 * (config/kubernetes/schema.ts), else from the catalog as stated in {@link KUBERNETES_COST_ASSUMPTIONS}.
 */
import { familyCreditsPerHour, INSTANCE_FAMILIES } from "../../catalog/instanceFamilies";
import { SERVER_ANNOTATIONS } from "../../components/kubernetes/manifests/modelServer";
import type { KubernetesCostConfig } from "../../config/kubernetes/schema";
import { DAYS_PER_MONTH, HOURS_PER_DAY, type CostSettings } from "./cost";
import { cmp, type PlanResource } from "./resources";

const GPU = "nvidia.com/gpu";
const ANNOTATION = SERVER_ANNOTATIONS;
const WORKLOAD_TYPES = new Set(["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet"]);
/** The vLLM arguments a reviewer looks at. */
const KEY_ARGS = ["--dtype", "--max-model-len", "--quantization", "--tensor-parallel-size", "--gpu-memory-utilization", "--runner"];

export interface KubernetesWorkload {
  readonly urn: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Repository served (vLLM Deployments). */
  readonly servedModel?: string;
  readonly replicas: number;
  readonly gpu?: { readonly preset?: string; readonly model?: string; readonly memoryGiB?: number; readonly perReplica: number };
  /** vCPUs requested per replica (all containers). */
  readonly cpuRequest: number;
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Required node-affinity expressions, as `key In [a, b]`. */
  readonly affinity: readonly string[];
  /** `key=value:Effect` / `key:Effect` (operator Exists). */
  readonly tolerations: readonly string[];
  readonly image: string;
  readonly args: Readonly<Record<string, string>>;
  /** Price per hour at full activity; undefined when no price is known (see `unpricedReason`). */
  readonly perHour?: number;
  /** How the price was found: the config key or the catalog stand-in. */
  readonly priceBasis: string;
  readonly unpricedReason?: string;
}

export interface KubernetesPlanReport {
  readonly currency: string;
  readonly workloads: KubernetesWorkload[];
  readonly totalGpus: number;
  readonly fullActivity: { readonly perHour: number; readonly perDay: number; readonly perMonth: number };
  readonly unpriced: string[];
  readonly assumptions: string[];
}

export const KUBERNETES_COST_ASSUMPTIONS = [
  "Kubernetes at full activity: every Deployment and StatefulSet at its replicas around the clock; Jobs (downloads, ingestion) run once and are not counted.",
  "A GPU pod costs replicas × GPUs per replica × the price of a GPU-hour of its node type (llmstack:cost.kubernetes.gpuHourPrices, by preset name, else by GPU model). Without one, the stand-in is the SPCS list rate of the same GPU (catalog/instanceFamilies.ts: credits per hour ÷ GPUs of the cheapest family and cloud with it) × creditPrice; it includes that node's CPU and memory, so GPU pods' CPU is not priced again.",
  "A pod without a GPU costs its requested vCPUs × llmstack:cost.kubernetes.cpuHourPrice (stand-in: the cheapest SPCS CPU family's credits per vCPU-hour × creditPrice). Memory, storage, load balancers and the control plane are not priced.",
  "The stand-ins are not your cloud's price: set llmstack:cost.kubernetes for a real estimate.",
];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function cores(q: unknown): number {
  if (typeof q === "number") return q;
  if (typeof q !== "string") return 0;
  return q.endsWith("m") ? Number(q.slice(0, -1)) / 1000 : Number(q) || 0;
}

/** GPU products SPCS offers, by model and memory: the cheapest credits per GPU-hour among their families. */
function catalogGpuCredits(model: string | undefined, memoryGiB: number | undefined): number | undefined {
  let best: number | undefined;
  for (const f of INSTANCE_FAMILIES.values()) {
    if (!f.gpu || !model || f.gpu.model.toLowerCase() !== model.toLowerCase()) continue;
    if (memoryGiB !== undefined && f.gpu.memoryGiB !== memoryGiB) continue;
    const perGpu = Math.min(...f.clouds.map((c) => familyCreditsPerHour(f, c))) / f.gpu.count;
    best = best === undefined ? perGpu : Math.min(best, perGpu);
  }
  return best;
}

function catalogCpuCredits(): number {
  let best = Infinity;
  for (const f of INSTANCE_FAMILIES.values()) if (!f.gpu) best = Math.min(best, ...f.clouds.map((c) => familyCreditsPerHour(f, c) / f.vcpu));
  return best;
}

function pricesOf(settings: CostSettings): KubernetesCostConfig {
  return (settings as CostSettings & { kubernetes?: KubernetesCostConfig }).kubernetes ?? { gpuHourPrices: {} };
}

/** The price of one GPU-hour of a preset/product, and where it comes from. */
export function gpuHourPrice(settings: CostSettings, gpu: { preset?: string; model?: string; memoryGiB?: number }): { price?: number; basis: string } {
  const prices = pricesOf(settings).gpuHourPrices;
  for (const key of [gpu.preset, gpu.model]) {
    if (key !== undefined && prices[key] !== undefined) return { price: prices[key], basis: `llmstack:cost.kubernetes.gpuHourPrices.${key}` };
  }
  const credits = catalogGpuCredits(gpu.model, gpu.memoryGiB);
  if (credits === undefined) return { basis: `no price for ${gpu.model ?? "this GPU"}: set llmstack:cost.kubernetes.gpuHourPrices.${gpu.preset ?? gpu.model ?? "<preset>"}` };
  return { price: credits * settings.creditPrice, basis: `SPCS rate per ${gpu.model} GPU (${round(credits)} credits/GPU-hour) × ${settings.creditPrice}` };
}

export function cpuHourPrice(settings: CostSettings): { price: number; basis: string } {
  const configured = pricesOf(settings).cpuHourPrice;
  if (configured !== undefined) return { price: configured, basis: "llmstack:cost.kubernetes.cpuHourPrice" };
  const credits = catalogCpuCredits();
  return { price: credits * settings.creditPrice, basis: `cheapest SPCS CPU rate (${round(credits)} credits/vCPU-hour) × ${settings.creditPrice}` };
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** One workload's facts from its manifest. */
export function workloadOf(r: PlanResource, settings: CostSettings): KubernetesWorkload | undefined {
  if (!WORKLOAD_TYPES.has(r.type)) return undefined;
  const m = r.inputs as { metadata?: Record<string, unknown>; spec?: Record<string, unknown> };
  const meta = isObj(m.metadata) ? m.metadata : {};
  const spec = isObj(m.spec) ? m.spec : {};
  const pod = isObj(spec.template) && isObj(spec.template.spec) ? spec.template.spec : {};
  const containers = list(pod.containers).filter(isObj);
  const annotations = (isObj(meta.annotations) ? meta.annotations : {}) as Record<string, string>;
  const gpusPerReplica = containers.reduce((n, c) => {
    const res = isObj(c.resources) ? c.resources : {};
    const lim = isObj(res.limits) ? res.limits[GPU] : undefined;
    const req = isObj(res.requests) ? res.requests[GPU] : undefined;
    return n + Number(lim ?? req ?? 0);
  }, 0);
  const cpuRequest = containers.reduce((n, c) => n + cores(isObj(c.resources) && isObj(c.resources.requests) ? c.resources.requests.cpu : 0), 0);
  const replicas = typeof spec.replicas === "number" ? spec.replicas : 1;
  const main = containers[0] ?? {};
  const args = list(main.args).map(String);
  const keyArgs: Record<string, string> = {};
  for (const flag of KEY_ARGS) {
    const i = args.indexOf(flag);
    if (i >= 0 && i + 1 < args.length) keyArgs[flag] = args[i + 1];
  }
  const affinity = list(
    isObj(pod.affinity) && isObj(pod.affinity.nodeAffinity) && isObj(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution)
      ? pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms
      : [],
  )
    .filter(isObj)
    .flatMap((t) => list(t.matchExpressions).filter(isObj))
    .map((e) => `${e.key} ${e.operator}${Array.isArray(e.values) ? ` [${e.values.join(", ")}]` : ""}`);
  const tolerations = list(pod.tolerations)
    .filter(isObj)
    .map((t) => `${t.key ?? "*"}${t.operator === "Equal" && t.value !== undefined ? `=${t.value}` : ""}${t.effect ? `:${t.effect}` : ""}`);
  const gpu =
    gpusPerReplica > 0
      ? { preset: annotations[ANNOTATION.gpuPreset] || undefined, model: annotations[ANNOTATION.gpuModel], memoryGiB: annotations[ANNOTATION.gpuMemoryGiB] ? Number(annotations[ANNOTATION.gpuMemoryGiB]) : undefined, perReplica: gpusPerReplica }
      : undefined;
  const price = gpu ? gpuHourPrice(settings, gpu) : cpuHourPrice(settings);
  const perHour = price.price === undefined ? undefined : round(gpu ? replicas * gpu.perReplica * price.price : replicas * cpuRequest * price.price);
  return {
    urn: r.urn,
    kind: r.type.split(":").pop()!,
    name: String(meta.name ?? r.name),
    ...(typeof meta.namespace === "string" ? { namespace: meta.namespace } : {}),
    ...(annotations[ANNOTATION.servedModel] ? { servedModel: annotations[ANNOTATION.servedModel] } : {}),
    replicas,
    ...(gpu ? { gpu } : {}),
    cpuRequest: round(cpuRequest),
    nodeSelector: (isObj(pod.nodeSelector) ? pod.nodeSelector : {}) as Record<string, string>,
    affinity,
    tolerations,
    image: String(main.image ?? ""),
    args: keyArgs,
    ...(perHour !== undefined ? { perHour } : {}),
    priceBasis: price.basis,
    ...(price.price === undefined ? { unpricedReason: price.basis } : {}),
  };
}

/** The Kubernetes report of a plan; undefined when the stack has no Kubernetes workload. */
export function kubernetesReport(resources: readonly PlanResource[], settings: CostSettings): KubernetesPlanReport | undefined {
  const workloads = resources
    .map((r) => workloadOf(r, settings))
    .filter((w): w is KubernetesWorkload => w !== undefined)
    // GPU workloads first, then by name: what costs most is read first.
    .sort((a, b) => Number(!a.gpu) - Number(!b.gpu) || cmp(a.name, b.name));
  if (workloads.length === 0) return undefined;
  const perHour = round(workloads.reduce((s, w) => s + (w.perHour ?? 0), 0));
  return {
    currency: settings.currency,
    workloads,
    totalGpus: workloads.reduce((s, w) => s + (w.gpu ? w.gpu.perReplica * w.replicas : 0), 0),
    fullActivity: { perHour, perDay: round(perHour * HOURS_PER_DAY), perMonth: round(perHour * HOURS_PER_DAY * DAYS_PER_MONTH) },
    unpriced: workloads.filter((w) => w.unpricedReason).map((w) => `${w.name}: ${w.unpricedReason}`),
    assumptions: KUBERNETES_COST_ASSUMPTIONS,
  };
}

export interface KubernetesGpuChange {
  readonly name: string;
  readonly urn: string;
  readonly action: "create" | "delete" | "change";
  readonly before?: { readonly gpus: number; readonly replicas: number; readonly product: string };
  readonly after?: { readonly gpus: number; readonly replicas: number; readonly product: string };
  /** GPUs in use at full activity, after − before. */
  readonly gpuDelta: number;
  readonly perHourDelta: number;
  readonly perMonthDelta: number;
}

export interface KubernetesDiff {
  readonly currency: string;
  readonly gpus: KubernetesGpuChange[];
  readonly perHourBefore: number;
  readonly perHourAfter: number;
  readonly perHourDelta: number;
  readonly perMonthDelta: number;
}

function product(w: KubernetesWorkload): string {
  return w.gpu ? `${w.gpu.model ?? "GPU"}${w.gpu.memoryGiB ? ` ${w.gpu.memoryGiB} GiB` : ""}${w.gpu.preset ? ` (${w.gpu.preset})` : ""}` : "CPU";
}

/**
 * GPU changes between two plans: a workload whose GPUs at full activity (GPUs per replica × replicas)
 * or GPU product differ, with its cost delta; undefined when neither plan has a Kubernetes workload.
 */
export function kubernetesDiff(baseline: readonly PlanResource[], current: readonly PlanResource[], settings: CostSettings): KubernetesDiff | undefined {
  const before = kubernetesReport(baseline, settings);
  const after = kubernetesReport(current, settings);
  if (!before && !after) return undefined;
  const olds = new Map((before?.workloads ?? []).map((w) => [w.urn, w]));
  const news = new Map((after?.workloads ?? []).map((w) => [w.urn, w]));
  const gpus: KubernetesGpuChange[] = [];
  const shape = (w: KubernetesWorkload) => ({ gpus: w.gpu ? w.gpu.perReplica : 0, replicas: w.replicas, product: product(w) });
  for (const urn of [...new Set([...olds.keys(), ...news.keys()])].sort(cmp)) {
    const o = olds.get(urn);
    const n = news.get(urn);
    if (!o?.gpu && !n?.gpu) continue;
    const total = (w?: KubernetesWorkload) => (w?.gpu ? w.gpu.perReplica * w.replicas : 0);
    if (o && n && total(o) === total(n) && product(o) === product(n)) continue;
    const delta = round((n?.perHour ?? 0) - (o?.perHour ?? 0));
    gpus.push({
      name: (n ?? o)!.name,
      urn,
      action: !o ? "create" : !n ? "delete" : "change",
      ...(o ? { before: shape(o) } : {}),
      ...(n ? { after: shape(n) } : {}),
      gpuDelta: total(n) - total(o),
      perHourDelta: delta,
      perMonthDelta: round(delta * HOURS_PER_DAY * DAYS_PER_MONTH),
    });
  }
  const b = before?.fullActivity.perHour ?? 0;
  const a = after?.fullActivity.perHour ?? 0;
  return { currency: settings.currency, gpus, perHourBefore: b, perHourAfter: a, perHourDelta: round(a - b), perMonthDelta: round((a - b) * HOURS_PER_DAY * DAYS_PER_MONTH) };
}
