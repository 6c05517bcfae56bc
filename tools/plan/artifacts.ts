/**
 * `--out DIR`: the files a DBA or reviewer reads.
 *   plan.json           the plan document (docs/plan-schema.md)
 *   spcs.sql            the SQL the SPCS provider runs, in dependency order
 *   specs/<NAME>.yaml   each service's and job's SPCS specification, as the provider sends it
 *   kubernetes/*.yaml, kubernetes-secrets.sh, pachyderm/*.json   the Kubernetes path (kubernetesArtifacts.ts)
 * `specs/`, `kubernetes/` and `pachyderm/` are rewritten whole so no stale file survives. Nothing written holds a
 * secret value (each file passes {@link assertNoSecrets}).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StackConfig } from "../../config/schema";
import { renderSpecification } from "../../provider/spec";
import { SPCS_TYPES } from "../../provider/resources";
import { assertNoSecrets } from "./guard";
import { serialize, type PlanDocument } from "./json";
import { cmp } from "./resources";
import { renderSqlScript } from "./sqlScript";

/** Writes the artifacts; returns the paths written, relative to `dir`, sorted. */
export async function writeArtifacts(dir: string, doc: PlanDocument, config: StackConfig): Promise<string[]> {
  const files = new Map<string, string>();
  files.set("plan.json", serialize(doc));
  files.set("spcs.sql", renderSqlScript(doc));
  for (const r of [...doc.resources].sort((a, b) => cmp(a.urn, b.urn))) {
    if (r.type !== SPCS_TYPES.Service && r.type !== SPCS_TYPES.JobService) continue;
    files.set(`specs/${String(r.inputs.name)}.yaml`, renderSpecification(r.inputs.specification as never));
  }
  for (const [name, text] of await (await import("./kubernetesArtifacts")).kubernetesArtifacts(config)) files.set(name, text);
  for (const [name, text] of files) assertNoSecrets(text, join(dir, name));

  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, "specs"), { recursive: true, force: true });
  rmSync(join(dir, "kubernetes"), { recursive: true, force: true });
  rmSync(join(dir, "pachyderm"), { recursive: true, force: true });
  for (const [name, text] of files) {
    const path = join(dir, name);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, text);
  }
  return [...files.keys()].sort(cmp);
}
