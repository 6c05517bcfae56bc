/**
 * The example stack (examples/k8s-dev.yaml, seed 004 on a T4 pool) planned end to end under the
 * in-process mock runner: config loading with secrets, the component tree, dependency order, secrets
 * kept secret, provider pass-through, and what Pulumi registers being exactly what the manifest
 * tests validated.
 */
import * as k8s from "@pulumi/kubernetes";
import { mockRun, type MockRunResult, type RecordedResource } from "../../tools/mockRun";
import { renderKubernetesManifests } from "../../components/kubernetes/manifests";
import { exampleConfig, kubernetesIssues, rawStackConfig, stackFileConfig } from "./support/stack";
import type { Obj } from "./support/manifests";

const API_KEY = "sk-llmstack-test-0123456789abcdefghijklmn";
const WEBUI_KEY = "webui-session-key-0123456789abcdef";

async function planExample(opts: { secrets?: Record<string, string>; provider?: boolean } = {}): Promise<MockRunResult<Obj>> {
  const secrets = opts.secrets ?? { "llmstack:apiKey": API_KEY, "llmstack:webuiSecretKey": WEBUI_KEY };
  return mockRun(
    async () => {
      const { loadStackConfig } = await import("../../config/load");
      const { KubernetesPlatform } = await import("../../components/kubernetes");
      const loaded = loadStackConfig();
      const provider = opts.provider ? new k8s.Provider("t4-cluster", { context: "t4-cluster" }) : undefined;
      const platform = new KubernetesPlatform("rag", { config: loaded.config, secrets: loaded.secrets }, provider ? { providers: { kubernetes: provider } } : undefined);
      return { namespace: platform.namespaceName, endpoints: platform.endpoints, ui: platform.uiUrl, chroma: platform.vectorStoreUrl, provider: provider?.urn };
    },
    { stack: "k8s-dev", config: { ...stackFileConfig(), ...secrets }, secretKeys: Object.keys(secrets) },
  );
}

const byType = (run: MockRunResult<Obj>, type: string) => run.resources.filter((r) => r.type === type);
const k8sName = (r: RecordedResource) => (r.inputs.metadata as Obj)?.name as string;
function one(run: MockRunResult<Obj>, type: string, name: string | RegExp): RecordedResource {
  const hits = byType(run, type).filter((r) => (typeof name === "string" ? k8sName(r) === name : name.test(k8sName(r))));
  expect(hits).toHaveLength(1);
  return hits[0];
}

describe("the example stack, planned under mocks", () => {
  let run: MockRunResult<Obj>;
  beforeAll(async () => {
    run = await planExample();
  });

  test("its config passes every rule (schema, stack rules, Kubernetes rules)", () => {
    expect(kubernetesIssues(rawStackConfig())).toEqual([]);
    expect(run.resources.length).toBeGreaterThan(30); // loadStackConfig() did not throw
  });

  test("every Kubernetes object sits in a llmstack:kubernetes component under the platform", () => {
    const platform = byType(run, "llmstack:kubernetes:KubernetesPlatform");
    expect(platform).toHaveLength(1);
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const components = run.resources.filter((r) => !r.custom && r.type.startsWith("llmstack:kubernetes:") && r !== platform[0]);
    expect(components.map((c) => c.type).sort()).toEqual(
      ["ChatUi", "Ingestion", "ModelCache", "ModelServer", "ModelServer", "PlatformNamespace", "PlatformNetworkPolicies", "PlatformSecrets", "VectorStore"].map((t) => `llmstack:kubernetes:${t}`),
    );
    for (const c of components) expect(c.parent).toBe(platform[0].urn);
    const objects = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
    for (const o of objects) expect(byUrn.get(o.parent!)?.type).toMatch(/^llmstack:kubernetes:/);
    expect(platform[0].outputs).toHaveProperty("endpoints");
  });

  test("Pulumi registers exactly the manifests that validate against the Kubernetes schema", () => {
    // The run sets no hfToken, so neither the HF Secret nor the Jobs' HF_TOKEN reference exist.
    const rendered = renderKubernetesManifests(exampleConfig(), { hfToken: false }) as Obj[];
    const objects = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
    expect(objects).toHaveLength(rendered.length);
    for (const m of rendered) {
      const r = objects.find((o) => o.type.endsWith(`:${m.kind}`) && k8sName(o) === m.metadata.name)!;
      expect(r).toBeDefined();
      const inputs = { ...r.inputs };
      if (m.kind === "Secret") {
        expect(inputs.stringData).toEqual({ secret: true });
        delete inputs.stringData;
      }
      expect(inputs).toEqual(JSON.parse(JSON.stringify(m)));
    }
  });

  test("dependency order: download Job → server; Chroma and the embedding server → ingestion; policies and secrets first", () => {
    const dl = one(run, "kubernetes:batch/v1:Job", /^download-mistral-/);
    const mistral = one(run, "kubernetes:apps/v1:Deployment", "mistral");
    const minilm = one(run, "kubernetes:apps/v1:Deployment", "minilm");
    const chroma = one(run, "kubernetes:apps/v1:StatefulSet", "chroma");
    const ingest = one(run, "kubernetes:batch/v1:Job", /^ingest-/);
    const pvc = one(run, "kubernetes:core/v1:PersistentVolumeClaim", "model-cache");
    const deny = one(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "default-deny");
    const allowDownload = one(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "download-mistral");
    const apiKey = one(run, "kubernetes:core/v1:Secret", "llmstack-api-key");
    const ns = one(run, "kubernetes:core/v1:Namespace", "llm-rag");

    expect(mistral.dependencies).toContain(dl.urn);
    expect(dl.dependencies).toEqual(expect.arrayContaining([pvc.urn, deny.urn, allowDownload.urn]));
    expect(ingest.dependencies).toEqual(expect.arrayContaining([chroma.urn, minilm.urn]));
    expect(ingest.dependencies).not.toContain(mistral.urn);
    for (const w of [mistral, minilm, chroma, ingest]) expect(w.dependencies).toEqual(expect.arrayContaining([apiKey.urn, deny.urn, ns.urn]));
    // Fixed names are replaced delete-first; Jobs (hashed names) create-first.
    expect([mistral.deleteBeforeReplace, pvc.deleteBeforeReplace, dl.deleteBeforeReplace]).toEqual([true, true, false]);
  });

  test("secret values never appear in inputs or outputs; the Secrets hold them as Pulumi secrets", () => {
    const everything = JSON.stringify(run);
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(WEBUI_KEY);
    expect(byType(run, "kubernetes:core/v1:Secret").map(k8sName).sort()).toEqual(["llmstack-api-key", "llmstack-webui-secret"]); // no hfToken set: no HF Secret
  });

  test("exports the in-cluster endpoints", () => {
    expect(run.exports).toMatchObject({
      namespace: "llm-rag",
      endpoints: {
        MISTRAL: { task: "chat", servedModelName: "mistral", dns: "mistral.llm-rag.svc.cluster.local", port: 8000, openaiBaseUrl: "http://mistral.llm-rag.svc.cluster.local:8000/v1" },
        MINILM: { task: "embedding", servedModelName: "minilm", openaiBaseUrl: "http://minilm.llm-rag.svc.cluster.local:8000/v1" },
      },
      ui: "http://open-webui.llm-rag.svc.cluster.local:8080",
      chroma: "http://chroma.llm-rag.svc.cluster.local:8000",
    });
  });
});

describe("the platform's inputs", () => {
  test("a provider passed to the platform reaches every Kubernetes object", async () => {
    const run = await planExample({ provider: true });
    const objects = run.resources.filter((r) => r.type.startsWith("kubernetes:") && r.type !== "pulumi:providers:kubernetes");
    expect(objects.length).toBe(renderKubernetesManifests(exampleConfig(), { hfToken: false }).length);
    for (const o of objects) expect(o.provider).toMatch(new RegExp(`^${(run.exports.provider as string).replace(/[$]/g, "\\$")}::`));
  });

  test("an HF token, when set, becomes a Secret the download Jobs read", async () => {
    const run = await planExample({ secrets: { "llmstack:apiKey": API_KEY, "llmstack:webuiSecretKey": WEBUI_KEY, "llmstack:hfToken": "hf_abcdefghijklmnopqrstuvwxyz0123456789" } });
    expect(JSON.stringify(run)).not.toContain("hf_abcdefghijklmnopqrstuvwxyz0123456789");
    const hf = one(run, "kubernetes:core/v1:Secret", "llmstack-hf-token");
    const job = one(run, "kubernetes:batch/v1:Job", /^download-mistral-/);
    const c = (job.inputs.spec as Obj).template.spec.containers[0];
    expect(c.env.find((e: Obj) => e.name === "HF_TOKEN").valueFrom.secretKeyRef).toEqual({ name: "llmstack-hf-token", key: "token", optional: true });
    expect(job.dependencies).toContain(hf.urn);
  });

  test("without the API key the platform refuses to deploy, naming the secret to set", async () => {
    await expect(planExample({ secrets: { "llmstack:webuiSecretKey": WEBUI_KEY } })).rejects.toThrow(/llmstack:apiKey is not set/);
  });
});
