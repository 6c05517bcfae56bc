/** Terminal rendering of a plan document (`--format text`, the default). */
import { fmt } from "./cost";
import { countsPhrase, desiredObjects } from "./counts";
import type { DiffEntry, PlanDiff } from "./diff";
import { clip, formatValue } from "./formatValue";
import type { PlanDocument } from "./json";
import { ACTION_LABEL, ACTION_MARK, oneLineSql, plural, signed } from "./labels";
import { kubernetesDiffText, kubernetesSectionText, showsSpcsCost } from "./kubernetesRender";
import { isProvider, shortType, type PlanResource } from "./resources";
import { resourceTree, type TreeNode } from "./tree";

/** Key inputs on one line; large documents (the spec YAML goes to --out) summarised. */
export function keyInputs(r: PlanResource): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(r.inputs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (v === undefined || k === "__provider" || k === "dockerfile" || k === "registries" || k === "comment") continue;
    if (k === "specification" && v && typeof v === "object") {
      const spec = (v as { spec?: { containers?: { name: string; image: string }[]; endpoints?: { name: string; port?: number; public?: boolean }[] } }).spec;
      parts.push(`containers: ${(spec?.containers ?? []).map((c) => `${c.name}=${c.image}`).join(", ")}`);
      parts.push(`endpoints: ${(spec?.endpoints ?? []).map((e) => `${e.name}:${e.port}${e.public ? " (public)" : ""}`).join(", ")}`);
      continue;
    }
    parts.push(`${k}: ${formatValue(v)}`);
  }
  return parts.join("; ");
}

export function renderTree(resources: readonly PlanResource[], marks: ReadonlyMap<string, string> = new Map()): string {
  const lines: string[] = [];
  const walk = (nodes: TreeNode[], indent: string) => {
    for (const [i, n] of nodes.entries()) {
      const last = i === nodes.length - 1;
      const r = n.resource;
      const flags = [r.protect ? "protect" : "", r.retainOnDelete ? "retain" : ""].filter(Boolean).join(",");
      const mark = marks.get(r.urn);
      lines.push(`${indent}${last ? "└─" : "├─"} ${mark ? `${mark} ` : ""}${shortType(r.type)} ${r.name}${flags ? ` [${flags}]` : ""}  (${r.type})`);
      const childIndent = indent + (last ? "   " : "│  ");
      if (r.custom) {
        const inputs = keyInputs(r);
        if (inputs) lines.push(`${childIndent}  ${clip(inputs, 400)}`);
      }
      walk(n.children, childIndent);
    }
  };
  walk(resourceTree(resources.filter((r) => !isProvider(r))), "");
  return lines.join("\n");
}

function entryLines(e: DiffEntry, indent: string): string[] {
  const out = [`${indent}${ACTION_MARK[e.action].padEnd(2)} ${ACTION_LABEL[e.action]}: ${shortType(e.type)} ${e.name}${e.replaceKeys.length ? `  (replaced by: ${e.replaceKeys.join(", ")})` : ""}`];
  const sub = indent + "     ";
  for (const c of e.changes) out.push(`${sub}${c.path}: ${c.kind === "add" ? `(none) → ${clip(formatValue(c.new), 120)}` : c.kind === "delete" ? `${clip(formatValue(c.old), 120)} → (none)` : `${clip(formatValue(c.old), 120)} → ${clip(formatValue(c.new), 120)}`}`);
  if (e.causedBy.length) out.push(`${sub}because it depends on: ${e.causedBy.map((u) => u.split("::").pop()).join(", ")} (replaced)`);
  for (const r of e.reasons) out.push(`${sub}why: ${r}`);
  for (const c of e.consequences) out.push(`${sub}effect: ${c}`);
  for (const s of e.sql ?? []) out.push(`${sub}sql: ${oneLineSql(s)}`);
  if (e.goesWith.length) {
    out.push(`${sub}goes with it:`);
    for (const g of e.goesWith) out.push(`${sub}  - ${shortType(g.type)} ${g.name}: ${g.effect}`);
  }
  return out;
}

function diffSection(doc: PlanDocument, diff: PlanDiff, currency: string): string[] {
  const out: string[] = [];
  out.push(`Changes against ${diff.baseline.source}: ${countsPhrase(doc.counts)}`);
  for (const n of diff.notes ?? []) out.push(`  note: ${n}`);
  out.push("");
  out.push(...destructiveLines(doc));
  out.push("== Compute pools and GPUs ==");
  if (diff.pools.length === 0 && diff.gpus.length === 0 && !diff.kubernetes?.gpus.length) out.push("  no compute-pool or GPU change");
  for (const p of diff.pools) {
    out.push(`  ${ACTION_MARK[p.action].padEnd(2)} ${ACTION_LABEL[p.action]}: pool ${p.pool}`);
    const shape = (s: typeof p.before) => (s ? `${s.instanceFamily}${s.gpu ? ` (${s.gpu})` : ""}, nodes ${s.minNodes}..${s.maxNodes}` : "(none)");
    out.push(`       ${shape(p.before)} → ${shape(p.after)}`);
    out.push(`       credits/h at MAX_NODES: ${fmt(p.creditsPerHourBefore)} → ${fmt(p.creditsPerHourAfter)} (${signed(p.creditsPerHourDelta)} credits/h, ${signed(p.currencyPerHourDelta)} ${currency}/h)`);
    for (const r of p.reasons) out.push(`       why: ${r}`);
    if (p.interrupts.length) out.push(`       ${p.action === "update-with-downtime" ? "interrupts" : p.action === "delete" ? "removes" : "recreates"}: ${p.interrupts.join(", ")}`);
    for (const s of p.sql ?? []) out.push(`       sql: ${oneLineSql(s)}`);
  }
  for (const g of diff.gpus) {
    out.push(`  ${ACTION_MARK[g.action].padEnd(2)} GPUs of ${g.service}: ${g.gpusBefore} → ${g.gpusAfter} per instance, pool ${g.poolBefore ?? "(none)"} → ${g.poolAfter ?? "(none)"} (${ACTION_LABEL[g.action]})`);
  }
  if (diff.kubernetes) out.push(...kubernetesDiffText(diff.kubernetes));
  const k = diff.cost;
  if (showsSpcsCost(diff.pools.length, diff.kubernetes !== undefined, k.creditsPerHourBefore, k.creditsPerHourAfter, k.idleCreditsPerHourBefore, k.idleCreditsPerHourAfter)) out.push(`  cost at full activity: ${fmt(k.creditsPerHourBefore)} → ${fmt(k.creditsPerHourAfter)} credits/h (${signed(k.creditsPerHourDelta)} credits/h, ${signed(k.currencyPerHourDelta)} ${currency}/h, ${signed(k.currencyPerMonthDelta)} ${currency}/month); idle ${fmt(k.idleCreditsPerHourBefore)} → ${fmt(k.idleCreditsPerHourAfter)} credits/h`);
  out.push("");
  out.push("== Changes ==");
  if (diff.entries.length === 0) out.push("  none");
  for (const e of diff.entries) out.push(...entryLines(e, "  "));
  out.push("");
  return out;
}

/** The changes `--fail-on-destructive-gpu` stops on, so the approver sees what they approve. */
function destructiveLines(doc: PlanDocument): string[] {
  if (doc.destructiveGpuChanges.length === 0) return [];
  return [
    `!! Destructive changes to compute pools, services or GPU workloads (--fail-on-destructive-gpu exits 3; approve them explicitly):`,
    ...doc.destructiveGpuChanges.map((d) => `   ${ACTION_MARK[d.action].padEnd(2)} ${d.why}`),
    "",
  ];
}

function costLines(c: PlanDocument["cost"]): string[] {
  const out: string[] = [];
  out.push(`== Cost (catalog credits/node-hour × ${c.creditPrice} ${c.currency}/credit) ==`);
  if (c.pools.length === 0) {
    out.push("  no SPCS compute pool: nothing to cost from the catalog (Kubernetes nodes are billed by your cloud)", "");
    return out;
  }
  out.push(`  ${"pool".padEnd(24)} ${"family".padEnd(20)} ${"nodes".padEnd(6)} ${"credits/h".padStart(9)} ${`${c.currency}/h`.padStart(8)} ${`${c.currency}/day`.padStart(10)} ${`${c.currency}/month`.padStart(12)} ${`idle ${c.currency}/h`.padStart(12)}`);
  for (const p of c.pools) {
    out.push(`  ${p.pool.padEnd(24)} ${p.instanceFamily.padEnd(20)} ${`${p.minNodes}..${p.maxNodes}`.padEnd(6)} ${fmt(p.fullActivity.creditsPerHour).padStart(9)} ${fmt(p.fullActivity.currencyPerHour).padStart(8)} ${fmt(p.fullActivity.currencyPerDay).padStart(10)} ${fmt(p.fullActivity.currencyPerMonth).padStart(12)} ${fmt(p.idle.currencyPerHour).padStart(12)}`);
  }
  out.push(`  ${"total at full activity".padEnd(52)} ${fmt(c.total.fullActivity.creditsPerHour).padStart(9)} ${fmt(c.total.fullActivity.currencyPerHour).padStart(8)} ${fmt(c.total.fullActivity.currencyPerDay).padStart(10)} ${fmt(c.total.fullActivity.currencyPerMonth).padStart(12)} ${fmt(c.total.idle.currencyPerHour).padStart(12)}`);
  if (c.workloads.length) {
    out.push("  per model/service (share of its pool at full activity):");
    for (const w of c.workloads) out.push(`    ${w.name.padEnd(28)} ${w.kind.padEnd(7)} on ${w.pool.padEnd(24)} ${fmt(w.fullActivity.creditsPerHour).padStart(6)} credits/h  ${fmt(w.fullActivity.currencyPerHour).padStart(7)} ${c.currency}/h  ${fmt(w.fullActivity.currencyPerMonth).padStart(9)} ${c.currency}/month`);
  }
  out.push(`  idle after auto-suspend: ${fmt(c.total.idle.creditsPerHour)} credits/h (${fmt(c.total.idle.currencyPerMonth)} ${c.currency}/month)`);
  for (const p of c.pools) out.push(`    ${p.pool}: ${p.idleReason}`);
  if (c.budget) out.push(`  budget: ${fmt(c.budget.fullActivityCreditsPerDay)} credits/day at full activity vs ${c.budget.creditsPerDay} budgeted: ${c.budget.exceeded ? "EXCEEDED" : "within"}`);
  for (const a of c.assumptions) out.push(`  * ${a}`);
  out.push("");

  return out;
}

export function renderText(doc: PlanDocument): string {
  const out: string[] = [];
  out.push(`Plan of stack ${doc.stack} (environment ${doc.environment}; offline: no credentials, no Pulumi CLI)`);
  if (doc.assumedSecrets.length) out.push(`Secrets assumed set (placeholders, never shown): ${doc.assumedSecrets.join(", ")}`);
  out.push("");
  if (doc.diff) out.push(...diffSection(doc, doc.diff, doc.cost.currency));

  const marks = new Map<string, string>();
  for (const e of doc.diff?.entries ?? []) marks.set(e.urn, `[${ACTION_MARK[e.action]}]`);
  out.push(`== Resources, grouped by component (${plural(desiredObjects(doc.counts), "object")}) ==`);
  out.push(renderTree(doc.resources, marks));
  out.push("");

  out.push(`== Policies (environment ${doc.policySummary.environment}) ==`);
  if (doc.policies.length === 0) out.push("  no violation");
  for (const p of doc.policies) out.push(`  ${p.level === "mandatory" ? "✗ mandatory" : "! advisory "}  ${p.policy}${p.resourceName ? ` on ${p.resourceName}` : ""}: ${p.message}`);
  out.push("");

  if (doc.kubernetes) out.push(...kubernetesSectionText(doc.kubernetes));
  out.push(...costLines(doc.cost));

  const w = doc.applyOrder;
  const nameOf = new Map(doc.resources.map((r) => [r.urn, r.name]));
  out.push(`== Apply order: ${plural(w.waves.length, "wave")}, critical path ${w.criticalPathLength} ==`);
  w.waves.forEach((wave, i) => out.push(`  wave ${i + 1} (${wave.length}): ${wave.map((u) => nameOf.get(u)).join(", ")}`));
  if (w.criticalPath.length) out.push(`  critical path: ${w.criticalPath.map((u) => nameOf.get(u)).join(" → ")}`);
  out.push("");

  out.push(`Summary: ${countsPhrase(doc.counts)}; ${plural(doc.policySummary.mandatory, "mandatory violation")}, ${plural(doc.policySummary.advisory, "advisory warning")}`);
  return out.join("\n");
}
