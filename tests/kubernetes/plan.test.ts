/**
 * The Kubernetes path in the offline plan: the "GPUs and nodes" section (GPU product, GPUs per
 * replica, replicas, node selection, tolerations, image, vLLM arguments, cost at full activity), GPU
 * changes with their cost delta against a baseline, and change classes from the Kubernetes provider's
 * force-new table instead of "provider decides".
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { familyCreditsPerHour, INSTANCE_FAMILIES } from "../../catalog/instanceFamilies";
import { executePlan } from "../../tools/plan/command";
import { classifyChange } from "../../tools/plan/classify";
import type { PlanDocument } from "../../tools/plan/json";
import { renderMarkdown } from "../../tools/plan/markdown";
import { renderText } from "../../tools/plan/text";
import { renderKubernetesManifests } from "../../components/kubernetes/manifests";
import { requiresAvx512 } from "../../config/kubernetes";
import { EXAMPLE_STACK, exampleConfig } from "./support/stack";
import type { Obj } from "./support/manifests";

const T4_EXAMPLE = join(__dirname, "..", "..", "examples", "k8s-t4.yaml");
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "llmstack-k8s-plan-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example stack file's `config:`, to vary. */
function exampleStack(file = EXAMPLE_STACK): Record<string, any> {
  return parse(readFileSync(file, "utf8")).config;
}

let n = 0;
async function plan(config: Record<string, unknown>, baseline?: string): Promise<{ doc: PlanDocument; file: string }> {
  const configFile = join(dir, `Pulumi.k8s-dev-${n++}.yaml`);
  writeFileSync(configFile, stringify({ config }));
  const out: string[] = [];
  const notes: string[] = [];
  const code = await executePlan({ stack: "k8s-dev", configFile, format: "json", failOnDestructiveGpu: false, cwd: dir, root: dir, ...(baseline ? { baseline } : {}) }, { out: (s) => out.push(s), note: (s) => notes.push(s) });
  expect([code, code === 0 ? "" : notes.join("\n")]).toEqual([0, ""]);
  const file = join(dir, `plan-${n}.json`);
  writeFileSync(file, out.join("\n"));
  return { doc: JSON.parse(out.join("\n")) as PlanDocument, file };
}

/** The SPCS list rate per GPU of a product: what the plan uses when no price is configured. */
function catalogRate(model: string, memoryGiB: number): number {
  const families = [...INSTANCE_FAMILIES.values()].filter((f) => f.gpu?.model === model && f.gpu.memoryGiB === memoryGiB);
  return Math.min(...families.flatMap((f) => f.clouds.map((c) => familyCreditsPerHour(f, c) / f.gpu!.count)));
}

describe("GPUs and nodes", () => {
  let doc: PlanDocument;
  beforeAll(async () => {
    doc = (await plan(exampleStack())).doc;
  }, 60000);

  test("the L4 example shows its GPU, replicas, placement, image, arguments and a non-zero cost", () => {
    const k = doc.kubernetes!;
    const mistral = k.workloads.find((w) => w.name === "mistral")!;
    expect(mistral.gpu).toEqual({ preset: "l4", model: "L4", memoryGiB: 24, perReplica: 1 });
    expect(mistral.replicas).toBe(1);
    expect(mistral.affinity).toEqual(["nvidia.com/gpu.product In [NVIDIA-L4]"]);
    expect(mistral.tolerations).toEqual(["nvidia.com/gpu:NoSchedule"]);
    expect(mistral.image).toMatch(/^vllm\/vllm-openai:v/);
    expect(mistral.args).toEqual({ "--dtype": "bfloat16", "--max-model-len": "8192", "--gpu-memory-utilization": "0.9" });
    expect(mistral.perHour).toBeCloseTo(catalogRate("L4", 24) * 3, 6);
    expect(k.totalGpus).toBe(1);
    expect(k.fullActivity.perHour).toBeGreaterThan(mistral.perHour!);
    // The CPU embedding server is priced by its requested vCPUs, and placed on AVX-512 nodes when its image needs them.
    const minilm = k.workloads.find((w) => w.name === "minilm")!;
    expect(minilm.gpu).toBeUndefined();
    expect(minilm.perHour).toBeGreaterThan(0);
    expect(minilm.affinity).toEqual(requiresAvx512(exampleConfig().kubernetes!) ? ["feature.node.kubernetes.io/cpu-cpuid.AVX512F In [true]"] : []);
  });

  test("text and markdown show the section; the markdown headline carries the Kubernetes cost", () => {
    const md = renderMarkdown(doc);
    expect(md).toMatch(/; Kubernetes \*\*\d+\.\d\d USD\/h\*\* \(1 GPU\(s\)/);
    // No SPCS pool on this stack: no "0 credits/h" beside the Kubernetes cost.
    expect(md.split("\n")[2]).not.toContain("credits/h");
    expect(md).toContain("### GPUs and nodes (Kubernetes)");
    expect(md).toContain("| Deployment `mistral` | 1×L4 24 GiB (preset l4) | 1 | nvidia.com/gpu.product In [NVIDIA-L4] | nvidia.com/gpu:NoSchedule |");
    const text = renderText(doc);
    expect(text).toMatch(/== GPUs and nodes \(Kubernetes\): 1 GPU\(s\) at full activity, \d+\.\d\d USD\/h/);
    expect(text).toContain("Deployment mistral: 1×L4 24 GiB (preset l4) × 1 replica(s)");
  });

  test("the T4 example is not free either", async () => {
    const t4 = (await plan(exampleStack(T4_EXAMPLE))).doc.kubernetes!;
    expect(t4.workloads[0].gpu?.model).toBe("T4");
    expect(t4.fullActivity.perHour).toBeCloseTo(catalogRate("T4", 16) * 3, 6);
    expect(t4.fullActivity.perHour).toBeGreaterThan(0);
  }, 60000);

  test("configured prices win: by preset name, else by GPU model; a GPU without any price is called out", async () => {
    const cfg = exampleStack();
    cfg["llmstack:cost"] = { kubernetes: { gpuHourPrices: { l4: 0.8 }, cpuHourPrice: 0.05 } };
    const priced = (await plan(cfg)).doc.kubernetes!;
    const mistral = priced.workloads.find((w) => w.name === "mistral")!;
    expect([mistral.perHour, mistral.priceBasis]).toEqual([0.8, "llmstack:cost.kubernetes.gpuHourPrices.l4"]);
    expect(priced.workloads.find((w) => w.name === "minilm")!.perHour).toBeCloseTo(2 * 0.05, 9);

    const byModel = exampleStack();
    byModel["llmstack:cost"] = { kubernetes: { gpuHourPrices: { L4: 0.7 } } };
    const m = (await plan(byModel)).doc.kubernetes!.workloads.find((w) => w.name === "mistral")!;
    expect([m.perHour, m.priceBasis]).toEqual([0.7, "llmstack:cost.kubernetes.gpuHourPrices.L4"]);

    // A GPU SPCS does not offer (described by hand here) has no stand-in price.
    const h100 = exampleStack();
    h100["llmstack:kubernetes"].gpu.presets = { "h100-box": { memoryGiB: 80, computeCapability: 9.0, productLabels: ["NVIDIA-H100-80GB-HBM3"] } };
    h100["llmstack:models"][0].kubernetes.gpu = "h100-box";
    const unpriced = (await plan(h100)).doc.kubernetes!;
    const w = unpriced.workloads.find((x) => x.name === "mistral")!;
    expect(w.perHour).toBeUndefined();
    expect(unpriced.unpriced).toEqual([expect.stringMatching(/^mistral: no price for h100-box: set llmstack:cost\.kubernetes\.gpuHourPrices\.h100-box$/)]);
  }, 180000);
});

describe("a change in replicas or GPU type is a GPU change with its cost delta", () => {
  test("replicas 1 → 2: one more L4, one GPU-hour more per hour; the Deployment is updated in place, not 'may replace'", async () => {
    const base = await plan(exampleStack());
    const cfg = exampleStack();
    cfg["llmstack:models"][0].kubernetes.replicas = 2;
    const { doc } = await plan(cfg, base.file);
    const d = doc.diff!;
    const rate = catalogRate("L4", 24) * 3;
    expect(d.kubernetes!.gpus).toEqual([
      expect.objectContaining({ name: "mistral", action: "change", before: { gpus: 1, replicas: 1, product: "L4 24 GiB (l4)" }, after: { gpus: 1, replicas: 2, product: "L4 24 GiB (l4)" }, gpuDelta: 1 }),
    ]);
    expect(d.kubernetes!.gpus[0].perHourDelta).toBeCloseTo(rate, 6);
    expect(d.kubernetes!.perHourDelta).toBeCloseTo(rate, 6);
    const dep = d.entries.find((e) => e.name === "mistral" && e.type === "kubernetes:apps/v1:Deployment")!;
    expect([dep.action, dep.certainty]).toEqual(["update", "verified-table"]);
    expect(dep.consequences).toContain("scales from 1 to 2 replica(s)");
    const md = renderMarkdown(doc);
    expect(md).not.toContain("No compute-pool or GPU change");
    expect(md).toMatch(/\| `mistral` \| change \| 1×L4 24 GiB \(l4\) × 1 → 1×L4 24 GiB \(l4\) × 2 \| \+1 \| \+\d+\.\d\d \|/);
    expect(md).not.toContain("may replace");
    expect(md).not.toContain("**Cost at full activity:** 0 → 0 credits/h");
    expect(renderText(doc)).not.toContain("cost at full activity: 0 → 0 credits/h");
    expect(renderText(doc)).toMatch(/GPUs of mistral \(Kubernetes\): 1×L4 24 GiB \(l4\) × 1 → 1×L4 24 GiB \(l4\) × 2 \(\+1 GPU\(s\), \+\d+\.\d\d USD\/h/);
  }, 120000);

  test("GPU type L4 → A10G: the product changes, with the price difference", async () => {
    const base = await plan(exampleStack());
    const cfg = exampleStack();
    cfg["llmstack:models"][0].kubernetes.gpu = "a10g";
    const d = (await plan(cfg, base.file)).doc.diff!.kubernetes!;
    expect(d.gpus.map((g) => [g.before?.product, g.after?.product, g.gpuDelta])).toEqual([["L4 24 GiB (l4)", "A10G 24 GiB (a10g)", 0]]);
    expect(d.gpus[0].perHourDelta).toBeCloseTo((catalogRate("A10G", 24) - catalogRate("L4", 24)) * 3, 6);
  }, 120000);
});

describe("change classes from the Kubernetes provider's force-new table", () => {
  const objs = renderKubernetesManifests(exampleConfig()) as Obj[];
  const get = (kind: string, name: RegExp) => structuredClone(objs.find((o) => o.kind === kind && name.test(o.metadata.name))!);
  const type = (o: Obj) => `kubernetes:${o.apiVersion.includes("/") ? o.apiVersion : `core/${o.apiVersion}`}:${o.kind}`;
  const classify = (o: Obj, mutate: (x: Obj) => void) => {
    const n = structuredClone(o);
    mutate(n);
    return classifyChange(type(o), o, n);
  };

  test.each<[string, string, RegExp, (x: Obj) => void, string]>([
    ["Deployment replicas", "Deployment", /^minilm$/, (x) => (x.spec.replicas = 3), "update"],
    ["Deployment image, one replica (rolling update, down until ready)", "Deployment", /^mistral$/, (x) => (x.spec.template.spec.containers[0].image = "vllm/vllm-openai:v9.9.9"), "update-with-downtime"],
    ["Deployment selector", "Deployment", /^mistral$/, (x) => (x.spec.selector.matchLabels.extra = "x"), "replace"],
    ["Job template (a new revision to download)", "Job", /^download-mistral-/, (x) => (x.spec.template.spec.containers[0].env[1].value = "abc"), "replace"],
    ["StatefulSet volumeClaimTemplates", "StatefulSet", /^chroma$/, (x) => (x.spec.volumeClaimTemplates[0].spec.resources.requests.storage = "20Gi"), "replace"],
    ["StatefulSet image", "StatefulSet", /^chroma$/, (x) => (x.spec.template.spec.containers[0].image = "chromadb/chroma:9.9.9"), "update-with-downtime"],
    ["PVC storage class", "PersistentVolumeClaim", /^model-cache$/, (x) => (x.spec.storageClassName = "other"), "replace"],
    ["PVC resize", "PersistentVolumeClaim", /^model-cache$/, (x) => (x.spec.resources.requests.storage = "80Gi"), "replace"],
    ["NetworkPolicy rule", "NetworkPolicy", /^open-webui$/, (x) => (x.spec.egress[0].ports[0].port = 9000), "update"],
    ["an object's name", "Service", /^mistral$/, (x) => (x.metadata.name = "mistral2"), "replace"],
  ])("%s → %s", (_, kind, name, mutate, action) => {
    const c = classify(get(kind, name), mutate);
    expect([c.action, c.certainty]).toEqual([action, "verified-table"]);
    expect(c.reasons.join(" ")).toContain("pulumi/pulumi-kubernetes provider/pkg/provider/diff.go");
  });
});
