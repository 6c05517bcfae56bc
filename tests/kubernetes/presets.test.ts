/**
 * GPU node presets for current GPUs, built from the one GPU catalog (catalog/gpus.ts): their memory and
 * compute capability are the catalog's, and the fit check, the quantization check and the plan use them.
 */
import { GPU_PRODUCTS } from "../../catalog/gpus";
import { renderKubernetesManifests } from "../../components/kubernetes/manifests";
import { BUILTIN_GPU_PRESETS, gpuPresets, kubernetesDefaults } from "../../config/kubernetes";
import { find, type Obj } from "./support/manifests";
import { kubernetesIssues, parseValid } from "./support/stack";

const SCHEDULED = { gpu: { tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] } };
const model = (id: string, k: object, extra: object = {}) => ({ name: "M", source: { huggingFaceId: id }, ...extra, kubernetes: k });

test.each(["t4", "l4", "l40s", "a10g", "a100-40gb", "a100-80gb", "h100-80gb", "h200"])("preset %s: memory and compute capability are the catalog's GPU product's", (id) => {
  const preset = BUILTIN_GPU_PRESETS.get(id)!;
  const product = GPU_PRODUCTS.get(id)!;
  expect(preset).toBeDefined();
  expect([preset.gpuModel, preset.memoryGiB, preset.computeCapability, preset.product]).toEqual([product.model, product.memoryGiB, product.computeCapability, id]);
});

test("GFD product labels where the board names are known; GPUs per node from the SPCS families that carry the GPU, else unchecked", () => {
  expect(BUILTIN_GPU_PRESETS.get("h100-80gb")!.productLabels).toEqual(["NVIDIA-H100-80GB-HBM3"]);
  expect(BUILTIN_GPU_PRESETS.get("l40s")!.productLabels).toEqual(["NVIDIA-L40S"]);
  expect(BUILTIN_GPU_PRESETS.get("l4")!.gpusPerNode).toBe(4);
  expect(BUILTIN_GPU_PRESETS.get("h200")!.gpusPerNode).toBeUndefined();
  expect(kubernetesIssues({ kubernetes: SCHEDULED, models: [model("Qwen/Qwen2.5-32B-Instruct", { gpu: "l4", gpus: 8 })] }).map((i) => i.message)).toContainEqual(expect.stringMatching(/L4 nodes have 4 GPU\(s\); 8 asked for/));
  expect(kubernetesIssues({ kubernetes: SCHEDULED, models: [model("Qwen/Qwen2.5-32B-Instruct", { gpu: "h200", gpus: 8 })] })).toEqual([]);
});

test("the fit check uses them: a 32B model in bf16 is refused on an L40S's 48 GB and fits an A100 80 GB, an H100 or an H200", () => {
  const [refused, ...rest] = kubernetesIssues({ kubernetes: SCHEDULED, models: [model("Qwen/Qwen2.5-32B-Instruct", { gpu: "l40s" })] });
  expect(rest).toEqual([]);
  expect(refused.path).toBe("models[0].kubernetes.gpu");
  expect(refused.message).toMatch(/but 1×L40S 48 GiB at --gpu-memory-utilization 0\.9 leaves 43\.2 GiB/);
  for (const gpu of ["a100-80gb", "h100-80gb", "h200"]) expect([gpu, kubernetesIssues({ kubernetes: SCHEDULED, models: [model("Qwen/Qwen2.5-32B-Instruct", { gpu })] })]).toEqual([gpu, []]);
});

test("the quantization check uses them: gpt-oss's MXFP4 needs compute capability 8.0, which a T4 lacks", () => {
  const issues = kubernetesIssues({ kubernetes: SCHEDULED, models: [model("openai/gpt-oss-20b", { gpu: "t4" })] });
  expect(issues.map((i) => [i.path, i.message])).toContainEqual(["models[0].kubernetes.gpu", expect.stringMatching(/on t4 \(T4\): MXFP4 .* needs compute capability >= 8, the GPU has 7\.5/)]);
  expect(kubernetesIssues({ kubernetes: SCHEDULED, models: [model("openai/gpt-oss-20b", { gpu: "h100-80gb" })] })).toEqual([]);
});

test("a custom preset names a catalog GPU by product id or by model and memory", () => {
  const presets = gpuPresets({ gpu: { ...kubernetesDefaults().gpu, presets: { "big-box": { gpuModel: "H200", nodeSelector: {}, tolerations: [] }, "a100-pair": { gpuModel: "A100", memoryGiB: 80, gpusPerNode: 2, nodeSelector: {}, tolerations: [] } } } });
  expect(presets.get("big-box")).toMatchObject({ gpuModel: "H200", product: "h200", memoryGiB: 141, computeCapability: 9.0 });
  expect(presets.get("a100-pair")).toMatchObject({ gpuModel: "A100", product: "a100-80gb", memoryGiB: 80, gpusPerNode: 2 });
});

test("the Deployment names the preset and product for the plan", () => {
  const objs = renderKubernetesManifests(parseValid({ kubernetes: SCHEDULED, models: [model("Qwen/Qwen2.5-32B-Instruct", { gpu: "h200" })] })) as Obj[];
  expect(find(objs, "Deployment", "m").metadata.annotations).toMatchObject({ "llmstack.io/gpu-preset": "h200", "llmstack.io/gpu-model": "H200", "llmstack.io/gpu-memory-gib": "141" });
});
