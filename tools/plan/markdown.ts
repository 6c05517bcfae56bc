/** The plan as a pull-request comment (`--format markdown`): GitHub-flavoured markdown. */
import { fmt } from "./cost";
import { countsPhrase, desiredObjects } from "./counts";
import type { DiffEntry, PlanDiff } from "./diff";
import { clip, formatValue } from "./formatValue";
import type { PlanDocument } from "./json";
import { ACTION_LABEL, oneLineSql, plural, signed } from "./labels";
import { kubernetesDiffMarkdown, kubernetesHeadline, kubernetesSectionMarkdown, showsSpcsCost } from "./kubernetesRender";
import { isProvider, shortType } from "./resources";
import { renderTree } from "./text";

/** A table cell: pipes escaped, newlines flattened, code spans where asked. */
function cell(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
function code(s: string): string {
  const t = s.replace(/\r?\n/g, " ");
  const fence = t.includes("`") ? "``" : "`";
  return `${fence}${fence === "``" ? " " : ""}${t}${fence === "``" ? " " : ""}${fence}`;
}
const ICON: Record<string, string> = {
  create: "🟢 create",
  delete: "🔴 delete",
  update: "🟡 update in place",
  "update-with-downtime": "🟠 **update with downtime**",
  replace: "🔴 **replace**",
  "provider-decides": "⚪ update (provider decides)",
  none: "no change",
};

/** The changes `--fail-on-destructive-gpu` stops on: what an approver approves. */
function destructiveSection(doc: PlanDocument): string[] {
  if (doc.destructiveGpuChanges.length === 0) return [];
  return [
    "> [!WARNING]",
    `> **Destructive changes to compute pools, services or GPU workloads** — ${plural(doc.destructiveGpuChanges.length, "change")} to approve explicitly (\`--fail-on-destructive-gpu\` exits 3):`,
    ...doc.destructiveGpuChanges.map((d) => `> - ${ICON[d.action]}: ${cell(d.why)}`),
    "",
  ];
}

function poolSection(diff: PlanDiff, currency: string): string[] {
  const out = ["### Compute pools and GPUs", ""];
  if (diff.pools.length === 0 && diff.gpus.length === 0 && !diff.kubernetes?.gpus.length) {
    out.push("No compute-pool or GPU change.", "");
  }
  if (diff.pools.length) {
    out.push(`| Pool | Change | Before | After | Credits/h at MAX_NODES | ${currency}/h |`, "|---|---|---|---|---|---|");
    const shape = (s: (typeof diff.pools)[number]["before"]) => (s ? `${code(s.instanceFamily)}${s.gpu ? ` ${s.gpu}` : ""}, nodes ${s.minNodes}..${s.maxNodes}` : "—");
    for (const p of diff.pools) {
      out.push(`| ${code(p.pool)} | ${ICON[p.action]} | ${shape(p.before)} | ${shape(p.after)} | ${fmt(p.creditsPerHourBefore)} → ${fmt(p.creditsPerHourAfter)} (${signed(p.creditsPerHourDelta)}) | ${signed(p.currencyPerHourDelta)} |`);
    }
    out.push("");
    for (const p of diff.pools) {
      if (p.action === "update" && !p.interrupts.length) continue;
      const verb = p.action === "update-with-downtime" ? "interrupts" : p.action === "delete" ? "removes" : "recreates";
      out.push(`> **${p.pool}**${p.interrupts.length ? ` ${verb}: ${p.interrupts.map(code).join(", ")}` : ` (${p.action})`}`);
      for (const r of p.reasons) out.push(`> - ${cell(r)}`);
      if (p.sql?.length) out.push(`> - runs: ${p.sql.map((s) => code(oneLineSql(s))).join(" → ")}`);
      out.push("");
    }
  }
  if (diff.gpus.length) {
    out.push("| Service | Change | Pool | GPUs per instance |", "|---|---|---|---|");
    for (const g of diff.gpus) out.push(`| ${code(g.service)} | ${ICON[g.action]} | ${g.poolBefore ? code(g.poolBefore) : "—"} → ${g.poolAfter ? code(g.poolAfter) : "—"} | ${g.gpusBefore} → ${g.gpusAfter} |`);
    out.push("");
  }
  if (diff.kubernetes) out.push(...kubernetesDiffMarkdown(diff.kubernetes));
  const k = diff.cost;
  if (showsSpcsCost(diff.pools.length, diff.kubernetes !== undefined, k.creditsPerHourBefore, k.creditsPerHourAfter, k.idleCreditsPerHourBefore, k.idleCreditsPerHourAfter)) out.push(
    `**Cost at full activity:** ${fmt(k.creditsPerHourBefore)} → ${fmt(k.creditsPerHourAfter)} credits/h (**${signed(k.creditsPerHourDelta)} credits/h**, ${signed(k.currencyPerHourDelta)} ${currency}/h, ${signed(k.currencyPerMonthDelta)} ${currency}/month). Idle: ${fmt(k.idleCreditsPerHourBefore)} → ${fmt(k.idleCreditsPerHourAfter)} credits/h.`,
    "",
  );
  return out;
}

function entryDetails(e: DiffEntry): string[] {
  const out: string[] = [];
  out.push(`<details><summary>${ICON[e.action].replace(/\*\*/g, "")}: ${shortType(e.type)} <code>${e.name}</code></summary>`, "");
  if (e.changes.length) {
    out.push("| Property | Before | After |", "|---|---|---|");
    for (const c of e.changes) out.push(`| ${code(c.path)} | ${c.kind === "add" ? "—" : code(clip(formatValue(c.old), 120))} | ${c.kind === "delete" ? "—" : code(clip(formatValue(c.new), 120))} |`);
    out.push("");
  }
  if (e.causedBy.length) out.push(`- because it depends on ${e.causedBy.map((u) => code(u.split("::").pop()!)).join(", ")}, which is replaced`);
  for (const r of e.reasons) out.push(`- ${cell(r)}`);
  for (const c of e.consequences) out.push(`- effect: ${cell(c)}`);
  if (e.sql?.length) out.push(`- runs: ${e.sql.map((s) => code(oneLineSql(s))).join(" → ")}`);
  out.push("", "</details>", "");
  return out;
}

function changesSection(diff: PlanDiff, detail: Detail): string[] {
  const out = ["### Changes", ""];
  if (diff.entries.length === 0) return [...out, "No change.", ""];
  out.push("| Change | Resource | Type | What changes | Goes with it |", "|---|---|---|---|---|");
  const shown = diff.entries.slice(0, detail.maxRows);
  for (const e of shown) {
    // A deletion has no properties to show; why it is deleted (no longer declared, imported, protected) instead.
    const props = e.action === "create" ? "" : e.action === "delete" ? e.reasons.map(cell).join("<br>") : e.changedKeys.map((k) => (e.replaceKeys.includes(k) ? `**${k}**` : k)).join(", ");
    const goes = e.goesWith.map((g) => `${code(g.name)}: ${cell(g.effect)}`).join("<br>");
    out.push(`| ${ICON[e.action]} | ${code(e.name)} | ${shortType(e.type)} | ${props} | ${goes} |`);
  }
  if (shown.length < diff.entries.length) out.push(`| … | ${diff.entries.length - shown.length} more | | | see \`--format text\` or plan.json |`);
  out.push("");
  if (detail.entryDetails) for (const e of shown) if (e.action !== "create" && e.action !== "delete") out.push(...entryDetails(e));
  return out;
}

/** What to include: a pull-request comment must stay under GitHub's 65,536 characters. */
interface Detail {
  tree: boolean;
  waves: boolean;
  entryDetails: boolean;
  maxRows: number;
}
const LEVELS: Detail[] = [
  { tree: true, waves: true, entryDetails: true, maxRows: Infinity },
  { tree: false, waves: true, entryDetails: true, maxRows: Infinity },
  { tree: false, waves: false, entryDetails: true, maxRows: Infinity },
  { tree: false, waves: false, entryDetails: false, maxRows: Infinity },
  { tree: false, waves: false, entryDetails: false, maxRows: 100 },
];

/** GitHub refuses comments over 65,536 characters; keep a margin for a wrapper. */
export const MAX_COMMENT_CHARS = 60000;

/**
 * The comment, as detailed as fits in `maxChars`: the resource tree goes first, then the list of
 * waves, then the per-change detail, then changes beyond the first hundred (all of it stays in
 * `--format text` and plan.json). The pool section, policies and cost are always there.
 */
export function renderMarkdown(doc: PlanDocument, maxChars = MAX_COMMENT_CHARS): string {
  let text = "";
  for (const level of LEVELS) {
    text = render(doc, level);
    if (text.length <= maxChars) return text;
  }
  return text;
}

function costTables(c: PlanDocument["cost"]): string[] {
  const out: string[] = [];
  out.push(`| Pool | Family | Nodes | Credits/h | ${c.currency}/h | ${c.currency}/day | ${c.currency}/month | Idle ${c.currency}/h |`, "|---|---|---|---:|---:|---:|---:|---:|");
  for (const p of c.pools) {
    out.push(`| ${code(p.pool)} | ${code(p.instanceFamily)}${p.gpu ? ` ${p.gpu}` : ""} | ${p.minNodes}..${p.maxNodes} | ${fmt(p.fullActivity.creditsPerHour)} | ${fmt(p.fullActivity.currencyPerHour)} | ${fmt(p.fullActivity.currencyPerDay)} | ${fmt(p.fullActivity.currencyPerMonth)} | ${fmt(p.idle.currencyPerHour)} |`);
  }
  out.push(`| **Total at full activity** | | | **${fmt(c.total.fullActivity.creditsPerHour)}** | **${fmt(c.total.fullActivity.currencyPerHour)}** | **${fmt(c.total.fullActivity.currencyPerDay)}** | **${fmt(c.total.fullActivity.currencyPerMonth)}** | **${fmt(c.total.idle.currencyPerHour)}** |`, "");
  if (c.workloads.length) {
    out.push(`| Model / service | Kind | Pool | Share | Credits/h | ${c.currency}/month |`, "|---|---|---|---:|---:|---:|");
    for (const w of c.workloads) out.push(`| ${code(w.name)} | ${w.kind} | ${code(w.pool)} | ${Math.round(w.share * 100)}% | ${fmt(w.fullActivity.creditsPerHour)} | ${fmt(w.fullActivity.currencyPerMonth)} |`);
    out.push("");
  }
  if (c.budget) out.push(`Budget: ${fmt(c.budget.fullActivityCreditsPerDay)} credits/day at full activity vs **${c.budget.creditsPerDay}** budgeted — ${c.budget.exceeded ? "❌ exceeded" : "within"}.`, "");
  out.push("<details><summary>Idle cost and assumptions</summary>", "");
  for (const p of c.pools) out.push(`- ${code(p.pool)}: ${cell(p.idleReason)}`);
  for (const a of c.assumptions) out.push(`- ${cell(a)}`);
  out.push("", "</details>", "");

  return out;
}

function render(doc: PlanDocument, detail: Detail): string {
  const out: string[] = [];
  const ps = doc.policySummary;
  const c = doc.cost;
  out.push(`## llmstack plan: \`${doc.stack}\` (${doc.environment})`, "");
  const counts = countsPhrase(doc.counts, { separator: " · ", num: (n) => `**${n}**` });
  const verdict = ps.mandatory > 0 ? `❌ ${plural(ps.mandatory, "mandatory policy violation")}` : "✅ no mandatory policy violation";
  const spcs = showsSpcsCost(c.pools.length, doc.kubernetes !== undefined, c.total.fullActivity.creditsPerHour)
    ? ` — full activity **${fmt(c.total.fullActivity.creditsPerHour)} credits/h** (${fmt(c.total.fullActivity.currencyPerMonth)} ${c.currency}/month), idle ${fmt(c.total.idle.creditsPerHour)} credits/h`
    : "";
  out.push(`${counts} — ${verdict}, ${plural(ps.advisory, "advisory warning")}${spcs}${kubernetesHeadline(doc.kubernetes)}`, "");
  if (doc.diff) {
    out.push(`Compared with \`${doc.diff.baseline.source}\`. Planned offline: no credentials, no Pulumi CLI; SPCS changes are classified by the provider's own diff.`, "");
    for (const n of doc.diff.notes ?? []) out.push(`> ${cell(n)}`, "");
    out.push(...destructiveSection(doc));
    out.push(...poolSection(doc.diff, c.currency));
    out.push(...changesSection(doc.diff, detail));
  } else {
    out.push("Planned offline: no credentials, no Pulumi CLI.", "");
  }

  out.push("### Policies", "");
  if (doc.policies.length === 0) out.push(`No violation (environment \`${ps.environment}\`).`, "");
  else {
    out.push("| Level | Policy | Resource | Message |", "|---|---|---|---|");
    for (const p of doc.policies) out.push(`| ${p.level === "mandatory" ? "❌ mandatory" : "⚠️ advisory"} | ${code(p.policy)} | ${p.resourceName ? code(p.resourceName) : ""} | ${cell(p.message)} |`);
    out.push("");
  }

  if (doc.kubernetes) out.push(...kubernetesSectionMarkdown(doc.kubernetes));
  out.push(`### Cost (catalog rates × ${c.creditPrice} ${c.currency}/credit)`, "");
  if (c.pools.length === 0) out.push("No SPCS compute pool: nothing to cost from the catalog (Kubernetes nodes are billed by your cloud).", "");
  else out.push(...costTables(c));

  const w = doc.applyOrder;
  const nameOf = new Map(doc.resources.map((r) => [r.urn, r.name]));
  out.push(`### Apply order: ${plural(w.waves.length, "wave")}, critical path ${w.criticalPathLength}`, "");
  out.push(`Critical path: ${w.criticalPath.map((u) => code(nameOf.get(u) ?? u)).join(" → ")}`, "");
  if (detail.waves) {
    out.push("<details><summary>Waves (each wave can be created in parallel)</summary>", "");
    w.waves.forEach((wave, i) => out.push(`${i + 1}. ${wave.map((u) => code(nameOf.get(u) ?? u)).join(", ")}`));
    out.push("", "</details>", "");
  } else out.push(`Waves: ${w.waves.map((wave) => wave.length).join(" → ")} objects (names in \`--format text\`).`, "");

  const objects = desiredObjects(doc.counts);
  if (detail.tree) {
    const marks = new Map<string, string>();
    for (const e of doc.diff?.entries ?? []) marks.set(e.urn, `[${e.action}]`);
    out.push(`<details><summary>Resources, grouped by component (${plural(objects, "object")})</summary>`, "", "```", renderTree(doc.resources, marks), "```", "", "</details>");
  } else out.push(`${plural(objects, "object")}; the resource tree is in \`--format text\` (too long for a comment).`);
  return out.join("\n") + "\n";
}
