/**
 * The Kubernetes path's sections of the text and markdown plans: "GPUs and nodes" (per workload:
 * GPU product, GPUs per replica, replicas, node selection, tolerations, image, key vLLM arguments,
 * cost at full activity) and, in a diff, the GPU changes with their cost delta. The shared renderers
 * (text.ts, markdown.ts) call these; everything Kubernetes-specific stays here.
 */
import { fmt } from "./cost";
import type { KubernetesDiff, KubernetesPlanReport, KubernetesWorkload } from "./kubernetesPlan";
import { signed } from "./labels";

function gpuLabel(w: KubernetesWorkload): string {
  if (!w.gpu) return `CPU (${fmt(w.cpuRequest)} vCPU requested)`;
  const product = `${w.gpu.model ?? "GPU"}${w.gpu.memoryGiB ? ` ${w.gpu.memoryGiB} GiB` : ""}`;
  return `${w.gpu.perReplica}×${product}${w.gpu.preset ? ` (preset ${w.gpu.preset})` : ""}`;
}

function placement(w: KubernetesWorkload): string {
  const parts = [
    ...Object.entries(w.nodeSelector).map(([k, v]) => `${k}=${v}`),
    ...w.affinity,
  ];
  return parts.length ? parts.join(", ") : "any node";
}

function args(w: KubernetesWorkload): string {
  return Object.entries(w.args).map(([k, v]) => `${k} ${v}`).join(" ");
}

function price(w: KubernetesWorkload, currency: string): string {
  return w.perHour === undefined ? "unpriced" : `${fmt(w.perHour)} ${currency}/h`;
}

export function kubernetesSectionText(k: KubernetesPlanReport): string[] {
  const out = [`== GPUs and nodes (Kubernetes): ${k.totalGpus} GPU(s) at full activity, ${fmt(k.fullActivity.perHour)} ${k.currency}/h, ${fmt(k.fullActivity.perMonth)} ${k.currency}/month ==`];
  for (const w of k.workloads) {
    out.push(`  ${w.kind} ${w.name}: ${gpuLabel(w)} × ${w.replicas} replica(s) — ${price(w, k.currency)}${w.servedModel ? `; serves ${w.servedModel}` : ""}`);
    out.push(`       nodes: ${placement(w)}${w.tolerations.length ? `; tolerates ${w.tolerations.join(", ")}` : ""}`);
    out.push(`       image: ${w.image}${args(w) ? `; ${args(w)}` : ""}`);
    out.push(`       price: ${w.priceBasis}`);
  }
  for (const u of k.unpriced) out.push(`  ! unpriced: ${u}`);
  for (const a of k.assumptions) out.push(`  * ${a}`);
  out.push("");
  return out;
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}
function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function kubernetesSectionMarkdown(k: KubernetesPlanReport): string[] {
  const out = [
    `### GPUs and nodes (Kubernetes)`,
    "",
    `**${k.totalGpus} GPU(s)** at full activity: **${fmt(k.fullActivity.perHour)} ${k.currency}/h** (${fmt(k.fullActivity.perMonth)} ${k.currency}/month).`,
    "",
    "| Workload | GPU | Replicas | Nodes | Tolerations | Image | Key arguments | Full activity |",
    "|---|---|---:|---|---|---|---|---:|",
  ];
  for (const w of k.workloads) {
    out.push(
      `| ${w.kind} ${code(w.name)} | ${cell(gpuLabel(w))} | ${w.replicas} | ${cell(placement(w))} | ${cell(w.tolerations.join(", ") || "—")} | ${code(w.image)} | ${args(w) ? code(args(w)) : "—"} | ${price(w, k.currency)} |`,
    );
  }
  out.push("");
  if (k.unpriced.length) out.push(...k.unpriced.map((u) => `> ⚠️ unpriced: ${cell(u)}`), "");
  out.push("<details><summary>How the Kubernetes path is priced</summary>", "");
  for (const w of k.workloads) out.push(`- ${code(w.name)}: ${cell(w.priceBasis)}`);
  for (const a of k.assumptions) out.push(`- ${cell(a)}`);
  out.push("", "</details>", "");
  return out;
}

function changeLine(g: KubernetesDiff["gpus"][number]): string {
  const shape = (s?: { gpus: number; replicas: number; product: string }) => (s ? `${s.gpus}×${s.product} × ${s.replicas}` : "(none)");
  return `${shape(g.before)} → ${shape(g.after)}`;
}

export function kubernetesDiffText(d: KubernetesDiff): string[] {
  const out: string[] = [];
  for (const g of d.gpus) {
    out.push(`  ${g.action === "create" ? "+" : g.action === "delete" ? "-" : "~"}  GPUs of ${g.name} (Kubernetes): ${changeLine(g)} (${signed(g.gpuDelta, 0)} GPU(s), ${signed(g.perHourDelta)} ${d.currency}/h, ${signed(g.perMonthDelta)} ${d.currency}/month)`);
  }
  out.push(`  Kubernetes at full activity: ${fmt(d.perHourBefore)} → ${fmt(d.perHourAfter)} ${d.currency}/h (${signed(d.perHourDelta)} ${d.currency}/h, ${signed(d.perMonthDelta)} ${d.currency}/month)`);
  return out;
}

export function kubernetesDiffMarkdown(d: KubernetesDiff): string[] {
  const out: string[] = [];
  if (d.gpus.length) {
    out.push(`| Kubernetes workload | Change | GPUs × product × replicas | GPUs | ${d.currency}/h | ${d.currency}/month |`, "|---|---|---|---:|---:|---:|");
    for (const g of d.gpus) out.push(`| ${code(g.name)} | ${g.action} | ${cell(changeLine(g))} | ${signed(g.gpuDelta, 0)} | ${signed(g.perHourDelta)} | ${signed(g.perMonthDelta)} |`);
    out.push("");
  }
  out.push(`**Kubernetes at full activity:** ${fmt(d.perHourBefore)} → ${fmt(d.perHourAfter)} ${d.currency}/h (**${signed(d.perHourDelta)} ${d.currency}/h**, ${signed(d.perMonthDelta)} ${d.currency}/month).`, "");
  return out;
}

/** The headline's addition: the Kubernetes path's cost next to the SPCS credits. */
/**
 * Whether the SPCS credit figures say anything: not on a stack without SPCS pools on either side, where
 * they would read "0 credits/h" beside the Kubernetes cost.
 */
export function showsSpcsCost(pools: number, kubernetes: boolean, ...credits: number[]): boolean {
  return pools > 0 || !kubernetes || credits.some((c) => c !== 0);
}

export function kubernetesHeadline(k: KubernetesPlanReport | undefined): string {
  return k ? `; Kubernetes **${fmt(k.fullActivity.perHour)} ${k.currency}/h** (${k.totalGpus} GPU(s), ${fmt(k.fullActivity.perMonth)} ${k.currency}/month)` : "";
}
