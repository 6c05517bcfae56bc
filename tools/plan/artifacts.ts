/**
 * `--out DIR`: the files a DBA or reviewer reads.
 *   plan.json           the plan document (docs/plan-schema.md)
 *   spcs.sql            the SQL the SPCS provider runs, in dependency order
 *   specs/<NAME>.yaml   each service's and job's SPCS specification, as the provider sends it
 *   kubernetes/*.yaml   the Kubernetes manifests, when the stack has the Kubernetes path
 * `specs/` and `kubernetes/` are rewritten whole so no stale file survives. Nothing written holds a
 * secret value (each file passes {@link assertNoSecrets}).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import type { StackConfig } from "../../config/schema";
import { renderSpecification } from "../../provider/spec";
import { SPCS_TYPES } from "../../provider/resources";
import { assertNoSecrets } from "./guard";
import { serialize, type PlanDocument } from "./json";
import { cmp } from "./resources";
import { renderSqlScript } from "./sqlScript";

/** File name of a Kubernetes manifest: `NN-kind-name.yaml`, NN its position in apply order. */
function manifestFile(m: { kind?: string; metadata?: { name?: string } }, i: number): string {
  const safe = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]+/g, "-");
  return `${String(i + 1).padStart(2, "0")}-${safe(m.kind ?? "object")}-${safe(m.metadata?.name ?? "unnamed")}.yaml`;
}

/** Writes the artifacts; returns the paths written, relative to `dir`, sorted. */
export async function writeArtifacts(dir: string, doc: PlanDocument, config: StackConfig): Promise<string[]> {
  const files = new Map<string, string>();
  files.set("plan.json", serialize(doc));
  files.set("spcs.sql", renderSqlScript(doc));
  for (const r of [...doc.resources].sort((a, b) => cmp(a.urn, b.urn))) {
    if (r.type !== SPCS_TYPES.Service && r.type !== SPCS_TYPES.JobService) continue;
    files.set(`specs/${String(r.inputs.name)}.yaml`, renderSpecification(r.inputs.specification as never));
  }
  if (config.kubernetes) {
    const { renderKubernetesManifests } = await import("../../components/kubernetes/manifests");
    renderKubernetesManifests(config).forEach((m, i) => files.set(`kubernetes/${manifestFile(m as never, i)}`, stringify(m, { lineWidth: 0 })));
  }
  for (const [name, text] of files) assertNoSecrets(text, join(dir, name));

  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, "specs"), { recursive: true, force: true });
  rmSync(join(dir, "kubernetes"), { recursive: true, force: true });
  for (const [name, text] of files) {
    const path = join(dir, name);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, text);
  }
  return [...files.keys()].sort(cmp);
}
