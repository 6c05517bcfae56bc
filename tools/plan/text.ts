/** Terminal rendering of a plan: the resource tree with key inputs. */
import type { RecordedResource } from "../mockRun";
import { formatValue } from "./formatValue";
import { resourceTree, shortType, type TreeNode } from "./tree";

/** Inputs too large for one line, summarised instead (the spec YAML goes to --out). */
function keyInputs(r: RecordedResource): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(r.inputs)) {
    if (v === undefined || k === "__provider") continue;
    if (k === "specification" && v && typeof v === "object") {
      const spec = (v as { spec?: { containers?: { name: string; image: string }[]; endpoints?: { name: string; port?: number; public?: boolean }[] } }).spec;
      parts.push(`containers: ${(spec?.containers ?? []).map((c) => `${c.name}=${c.image}`).join(", ")}`);
      parts.push(`endpoints: ${(spec?.endpoints ?? []).map((e) => `${e.name}:${e.port}${e.public ? " (public)" : ""}`).join(", ")}`);
      continue;
    }
    if (k === "dockerfile" || k === "registries" || k === "comment") continue;
    parts.push(`${k}: ${formatValue(v)}`);
  }
  return parts.join("; ");
}

export function renderTree(resources: readonly RecordedResource[]): string {
  const lines: string[] = [];
  const walk = (nodes: TreeNode[], indent: string) => {
    for (const [i, n] of nodes.entries()) {
      const last = i === nodes.length - 1;
      const r = n.resource;
      const flags = [r.protect ? "protect" : "", r.retainOnDelete ? "retain" : ""].filter(Boolean).join(",");
      lines.push(`${indent}${last ? "└─" : "├─"} ${shortType(r.type)} ${r.name}${flags ? ` [${flags}]` : ""}  (${r.type})`);
      const childIndent = indent + (last ? "   " : "│  ");
      if (r.custom) {
        const inputs = keyInputs(r);
        if (inputs) lines.push(`${childIndent}  ${inputs}`);
      }
      walk(n.children, childIndent);
    }
  };
  walk(resourceTree(resources.filter((r) => !r.type.startsWith("pulumi:providers:"))), "");
  return lines.join("\n");
}
