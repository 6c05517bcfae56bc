/**
 * The Kubernetes part of `--out DIR`, for applying without Pulumi:
 *   kubernetes/NN-kind-name.yaml   every manifest but the Secrets, in apply order (`kubectl apply -f DIR/kubernetes/`)
 *   kubernetes-secrets.sh          creates those Secrets from environment variables, idempotently
 *   pachyderm/<pipeline>.json      with `kubernetes.pachyderm`: the pipeline specs (`pachctl create pipeline -f`)
 *
 * Why a script and not Secret shells: an empty Secret applied first leaves the pods in
 * CreateContainerConfigError, and a later `kubectl create secret` then fails with AlreadyExists. The
 * script pipes `kubectl create secret generic … --dry-run=client -o yaml` into `kubectl apply -f -`
 * (kubernetes.io/docs/tasks/configmap-secret/managing-secret-using-kubectl/), which creates or
 * updates, in any order. Values are read from the environment when it runs; none is written here.
 */
import { stringify } from "yaml";
import type { StackConfig } from "../../config/schema";

type Manifest = { kind?: string; metadata?: { name?: string; namespace?: string } };

/** File name of a Kubernetes manifest: `NN-kind-name.yaml`, NN its position in apply order. */
export function manifestFile(m: Manifest, i: number): string {
  const safe = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]+/g, "-");
  return `${String(i + 1).padStart(2, "0")}-${safe(m.kind ?? "object")}-${safe(m.metadata?.name ?? "unnamed")}.yaml`;
}

/** `llmstack:webuiSecretKey` → `LLMSTACK_WEBUI_SECRET_KEY`: the variable the script reads a Pulumi secret's value from. */
export function secretEnvVar(configKey: string): string {
  return configKey.replace(/:/g, "_").replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

/** A double-quoted shell word of `text` in which each NUL stands for the value of `$variable`. */
function shellWord(text: string, variable: string): string {
  const literal = (s: string) => s.replace(/[\\"$`]/g, (c) => `\\${c}`);
  return `"${text.split("\u0000").map(literal).join(`\${${variable}}`)}"`;
}

/** YAML without anchors and aliases (`&a1`/`*a1` for repeated objects surprise reviewers and some GitOps diffs). */
export function manifestYaml(m: object): string {
  return stringify(m, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** The files, by path relative to the `--out` directory. */
export async function kubernetesArtifacts(config: StackConfig): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  if (!config.kubernetes) return files;
  const { buildKubernetesManifests, flattenManifests } = await import("../../components/kubernetes/manifests");
  const { planKubernetesPlatform } = await import("../../components/kubernetes/manifests/plan");
  const { secretKeys, secretsUsed } = await import("../../components/kubernetes/manifests/core");
  const { SECRETS } = await import("../../components/kubernetes/manifests/plan");

  const plan = planKubernetesPlatform(config);
  const applied = flattenManifests(buildKubernetesManifests(plan)).filter((m) => (m as Manifest).kind !== "Secret");
  const names = applied.map((m, i) => manifestFile(m as Manifest, i));
  applied.forEach((m, i) => files.set(`kubernetes/${names[i]}`, manifestYaml(m)));

  const ns = plan.namespace;
  const nsFile = names.find((_, i) => (applied[i] as Manifest).kind === "Namespace");
  const lines = [
    "#!/bin/sh",
    "# Creates (or updates) the Secrets the manifests in kubernetes/ read, from environment variables:",
    "# no secret value is written in this file. Run it before `kubectl apply -f kubernetes/`:",
    `#   ${secretsUsed(plan).map((w) => `${secretEnvVar(SECRETS[w].config)}=…`).join(" ")} sh kubernetes-secrets.sh`,
    "set -eu",
  ];
  const used = secretsUsed(plan);
  for (const which of used) {
    if (which === "hfToken") continue;
    const v = secretEnvVar(SECRETS[which].config);
    lines.push(`: "\${${v}:?set ${v} to the value of ${SECRETS[which].config}}"`);
  }
  lines.push(nsFile ? `kubectl apply -f "$(dirname "$0")/kubernetes/${nsFile}"` : `# namespace ${ns} exists already (kubernetes.createNamespace: false)`);
  for (const which of used) {
    const v = secretEnvVar(SECRETS[which].config);
    const literals = Object.entries(secretKeys(plan, which)).map(([key, derive]) => `--from-literal=${key}=${shellWord(derive("\u0000"), v)}`);
    const create = `kubectl -n ${ns} create secret generic ${SECRETS[which].name} ${literals.join(" ")} --dry-run=client -o yaml | kubectl apply -f -`;
    // The Hugging Face token is optional (gated models only), as in the Pulumi program.
    lines.push(...(which === "hfToken" ? [`if [ -n "\${${v}:-}" ]; then`, `  ${create}`, "fi"] : [create]));
  }
  files.set("kubernetes-secrets.sh", lines.join("\n") + "\n");

  if (config.kubernetes.pachyderm) {
    const { renderPachydermPipelines } = await import("../../components/kubernetes/manifests/pachyderm");
    for (const p of renderPachydermPipelines(config) as { pipeline: { name: string } }[]) files.set(`pachyderm/${p.pipeline.name}.json`, JSON.stringify(p, null, 2) + "\n");
  }
  return files;
}
