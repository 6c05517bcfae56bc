/**
 * Test helpers: the example stack file as Pulumi would hand it to the program, and the stack config
 * validated with the Kubernetes rules (run here directly, so the tests do not depend on how
 * config/rules.ts wires them).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { z } from "zod";
import { checkKubernetesConfig } from "../../../config/kubernetes";
import { stackConfigSchema, type StackConfig } from "../../../config/schema";

export const EXAMPLE_STACK = path.resolve(__dirname, "../../../examples/k8s-dev.yaml");

/** `config:` of a Pulumi.<stack>.yaml as the engine passes it: `ns:key` → string (objects as JSON). */
export function stackFileConfig(file = EXAMPLE_STACK): Record<string, string> {
  const doc = parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/** The `llmstack:*` keys as the raw object the schema parses. */
export function rawStackConfig(file = EXAMPLE_STACK): Record<string, unknown> {
  const doc = parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  return Object.fromEntries(Object.entries(doc.config).filter(([k]) => k.startsWith("llmstack:")).map(([k, v]) => [k.slice("llmstack:".length), v]));
}

export interface Issue {
  path: string;
  message: string;
  hint?: string;
}

function fmt(p: readonly PropertyKey[]): string {
  return p.map((x, i) => (typeof x === "number" ? `[${x}]` : i === 0 ? String(x) : `.${String(x)}`)).join("");
}

/** Schema issues plus checkKubernetesConfig's, with `models[1].kubernetes.gpu`-style paths. */
export function kubernetesIssues(raw: unknown): Issue[] {
  // Like config/validate.ts: the rules run even on partly invalid data, so one run lists every problem.
  const r = stackConfigSchema.superRefine((cfg, ctx: z.RefinementCtx) => checkKubernetesConfig(cfg, ctx), { when: () => true }).safeParse(raw);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: fmt(i.path), message: i.message, hint: (i as { params?: { hint?: string } }).params?.hint }));
}

export function parseValid(raw: unknown): StackConfig {
  const issues = kubernetesIssues(raw);
  if (issues.length > 0) throw new Error(`invalid: ${JSON.stringify(issues, null, 2)}`);
  return stackConfigSchema.parse(raw);
}

export function exampleConfig(): StackConfig {
  return parseValid(rawStackConfig());
}

/**
 * A second stack exercising the optional branches the example does not (prod, per-model cache, 2 GPUs × 2
 * replicas, mirror, digests, root UI, peers). Rendered by tests/kubernetes and by the real-apiserver tier.
 */
export function variantConfig(): StackConfig {
  return parseValid({
    environment: "prod",
    kubernetes: {
      namespace: "llm-prod",
      createNamespace: false,
      labels: { team: "ml-platform" },
      modelCache: { storageClassName: "efs-sc", accessMode: "ReadWriteMany", layout: "perModel" },
      gpu: {
        tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }, { key: "dedicated", value: "llm", effect: "NoExecute", tolerationSeconds: 300 }],
        nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-l4" },
        nodeAffinity: [{ key: "topology.kubernetes.io/zone", operator: "In", values: ["europe-west4-a"] }],
        runtimeClassName: "nvidia",
        presets: { "l4-pair": { gpuModel: "L4", gpusPerNode: 2 } },
      },
      images: { ingest: "registry.example.com/llmstack/ingest@sha256:" + "a".repeat(64), modelDownload: "registry.example.com/llmstack/model-download:0.1.0", pullSecrets: ["regcred"] },
      vectorStore: { enabled: true, tenant: "acme", database: "docs" },
      ingestion: { data: { configMap: "docs-corpus" }, sources: [{ type: "htmlLinks", links: ["https://docs.example.com/a.html"] }, { type: "xml", path: "pages" }] },
      ui: { enabled: true, runAsNonRoot: false, auth: true },
      networkPolicy: { ingressFrom: [{ namespaceSelector: { "kubernetes.io/metadata.name": "ingress-nginx" } }, { ipBlock: { cidr: "10.10.0.0/16", except: ["10.10.1.0/24"] } }] },
    },
    models: [
      {
        name: "QWEN",
        source: { huggingFaceId: "Qwen/Qwen2.5-1.5B-Instruct", revision: "989aa7980e4cf806f80c7fef2b1adb7bc71aa306", mirrorEndpoint: "https://hf-mirror.com" },
        kubernetes: { gpu: "l4-pair", gpus: 2, replicas: 2, priorityClassName: "llm-serving", extraArgs: ["--enable-prefix-caching"], preStopSleepSecs: 0 },
      },
      { name: "MINILM", source: { huggingFaceId: "sentence-transformers/all-MiniLM-L6-v2" }, kubernetes: { cpu: true, resources: { requests: { cpu: "1", memory: "3Gi" } } } },
    ],
  });
}
