import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { architectureFromConfig, ConfigJsonError } from "../../catalog/configJson";
import { SOURCED_CONFIGS } from "../../catalog/modelConfigs";
import { catalogModel, catalogModelIds } from "../../catalog/models";
import { quantizationUnsupported } from "../../catalog/quantization";
import { estimateServingMemory, kvCacheBytes, usableGpuMemoryGiB } from "../../catalog/sizing";
import { embedInputLimit, resolveModel } from "../../config/resolve";
import { validateStackConfig } from "../../config/validate";

const GiB = 1024 ** 3;

function devConfig(): Record<string, any> {
  const doc = parse(readFileSync(join(__dirname, "..", "..", "Pulumi.dev.yaml"), "utf8")).config as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (k.startsWith("llmstack:")) raw[k.slice("llmstack:".length)] = v;
  return JSON.parse(JSON.stringify(raw));
}

// Every model issue 14 names, chat then embedding.
const ISSUE_MODELS = [
  "meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.3-70B-Instruct", "meta-llama/Llama-3.2-1B-Instruct", "meta-llama/Llama-3.2-3B-Instruct",
  "Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-14B-Instruct", "Qwen/Qwen2.5-32B-Instruct", "Qwen/Qwen3-8B", "Qwen/Qwen3-30B-A3B",
  "mistralai/Mistral-Small-3.1-24B-Instruct-2503", "google/gemma-3-4b-it", "google/gemma-3-12b-it", "google/gemma-3-27b-it",
  "microsoft/phi-4", "microsoft/Phi-4-mini-instruct", "openai/gpt-oss-20b", "openai/gpt-oss-120b",
  "BAAI/bge-m3", "nomic-ai/nomic-embed-text-v1.5", "intfloat/multilingual-e5-large", "Snowflake/snowflake-arctic-embed-m-v2.0", "Snowflake/snowflake-arctic-embed-l-v2.0",
];

test("the catalog holds every model issue 14 names, each computed from a cited config.json, with a licence", () => {
  const ids = catalogModelIds();
  for (const id of ISSUE_MODELS) {
    expect(ids).toContain(id);
    const m = catalogModel(id)!;
    expect(m.source).toMatch(/^[\w.-]+\/[\w.-]+(@[0-9a-f]{7,40})?:|^vllm-project\/vllm#\d+|^https:\/\/huggingface\.co\/[\w.-]+\/[\w.-]+\/(blob|blame)\//);
    expect(m.licence).toBeTruthy();
    if (m.task === "embedding") expect(m.embedding?.dimension).toBeGreaterThan(0);
  }
});

// Parameter totals the publishers state, against the count computed weight by weight from config.json.
test.each([
  // Card: "With 24 billion parameters" (huggingface.co/mistralai/Mistral-Small-3.1-24B-Base-2503, the base of the Instruct model).
  ["mistralai/Mistral-Small-3.1-24B-Instruct-2503", 24, 0.005],
  // pytorch/executorch@a565eed4:examples/models/phi_4_mini/README.md: "Phi-4-mini Instruct (3.8B)". Tied head: untied would be 4.45B.
  ["microsoft/Phi-4-mini-instruct", 3.8, 0.015],
])("%s: %sB parameters as published, within %s", (id, published, tolerance) => {
  const m = catalogModel(id)!;
  expect(Math.abs(m.parametersB - published) / published).toBeLessThan(tolerance);
});

test("AWQ int4: linear weights packed with group-128 scales and zeros, embeddings and head in fp16, as Llama 3.3 70B AWQ is published", () => {
  // huggingface.co/kosbu/Llama-3.3-70B-Instruct-AWQ: "Model size 11.3B params, Tensor type I32 · FP16". Stored values of
  // that layout: qweight (8 int4 per int32), qzeros (8 per int32) and fp16 scales per 128 weights, plus the kept weights.
  const m = catalogModel("meta-llama/Llama-3.3-70B-Instruct")!;
  const kept = m.unquantizedParametersB! * 1e9;
  const packed = m.parametersB * 1e9 - kept;
  const stored = packed / 8 + packed / 128 / 8 + packed / 128 + kept;
  expect(Math.abs(stored - 11.3e9) / 11.3e9).toBeLessThan(0.01);
  // The estimate is that layout's bytes: int32 = 4 bytes, fp16 = 2 bytes.
  const bytes = (packed / 8 + packed / 128 / 8) * 4 + (packed / 128 + kept) * 2;
  const est = estimateServingMemory(m, { dtype: "float16", maxContextLength: 0, quantizationBits: 4 });
  expect(est.weightsGiB * GiB).toBeCloseTo(bytes, -6);
  // Every weight at a flat 4 bits (the earlier count) falls 4.2 GiB short of this 37 GiB checkpoint.
  expect(est.weightsGiB - (m.parametersB * 1e9 * 0.5) / GiB).toBeGreaterThan(4);
});

test("Mistral Small 3.1 counts the Pixtral tower and projector vLLM loads with it, laid out as transformers builds them", () => {
  const { config } = SOURCED_CONFIGS["mistralai/Mistral-Small-3.1-24B-Instruct-2503"];
  const textOnly = architectureFromConfig({ ...(config.text_config as object), model_type: "mistral" });
  const d = 1024, inter = 4096, text = 5120;
  // transformers modeling_pixtral.py: patch_conv (bias=False), ln_pre (RMSNorm), per layer q/k/v/o without bias,
  // gate/up/down without bias, attention_norm and ffn_norm; modeling_mistral3.py: norm, patch merger
  // (d·2² → d, no bias), linear_1 (d → text) and linear_2 (text → text), multimodal_projector_bias false.
  const tower = 3 * 14 * 14 * d + d + 24 * (4 * d * d + 3 * d * inter + 2 * d);
  const projector = d + d * 4 * d + d * text + text * text;
  expect(Math.round((catalogModel("mistralai/Mistral-Small-3.1-24B-Instruct-2503")!.parametersB - textOnly.parametersB) * 1e9)).toBe(tower + projector);
});

test("Arctic Embed L v2.0: 303M non-embedding parameters as its card states; Llama 3.3 70B has Llama 3.1 70B's shape", () => {
  // huggingface.co/Snowflake/snowflake-arctic-embed-l-v2.0: "Its 303m non-embedding parameters". Embeddings: word,
  // position and token-type tables (XLM-R) and their layer norm.
  const l = catalogModel("Snowflake/snowflake-arctic-embed-l-v2.0")!;
  const embeddings = (250002 + 8194 + 1) * 1024 + 2 * 1024;
  expect(Math.abs(l.parametersB * 1e9 - embeddings - 303e6) / 303e6).toBeLessThan(0.01);
  const [l33, l31] = ["meta-llama/Llama-3.3-70B-Instruct", "meta-llama/Llama-3.1-70B-Instruct"].map((id) => catalogModel(id)!);
  expect([l33.parametersB, l33.layers, l33.kvHeads, l33.maxContextLength]).toEqual([l31.parametersB, l31.layers, l31.kvHeads, l31.maxContextLength]);
});

test("nomic-embed-text v1.5 is served at vLLM's 2048 tokens (max_trained_positions), not its 8192 position slots", () => {
  expect(catalogModel("nomic-ai/nomic-embed-text-v1.5")!.maxContextLength).toBe(2048);
  const c = devConfig();
  c.models[1].source.huggingFaceId = "nomic-ai/nomic-embed-text-v1.5";
  const r = validateStackConfig(c);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const nomic = resolveModel(r.config.models[1])!;
  expect([nomic.maxContextLength, embedInputLimit(nomic)]).toEqual([2048, 2048]);
  c.models[1].maxContextLength = 8192;
  const long = validateStackConfig(c);
  expect(!long.ok && long.issues.find((i) => i.path === "llmstack:models[1].maxContextLength")?.message).toMatch(/exceeds the model's trained context of 2048/);
});

// Published parameter totals: openai/gpt-oss@7b583341:README.md ("117B parameters with 5.1B active",
// "21B parameters with 3.6B active"). Tolerance 1.5%: the count is computed weight by weight from config.json.
test.each([
  ["openai/gpt-oss-120b", 117],
  ["openai/gpt-oss-20b", 21],
])("%s: all experts count, %sB parameters within 1.5%%", (id, published) => {
  const m = catalogModel(id)!;
  expect(Math.abs(m.parametersB - published) / published).toBeLessThan(0.015);
  expect(m.activeParametersB!).toBeLessThan(m.parametersB / 4);
});

test("Llama 3.1 8B in bf16: weights within 1% of vLLM's 'Model loading took 14.99 GiB'; GQA cache 128 KiB per token", () => {
  // GoogleCloudPlatform/accelerated-platforms:docs/platforms/gke/base/use-cases/inference-ref-arch/online-inference-gpu/
  // vllm-with-runai-and-podsnapshots.md: "the same 14.99 GiB of weights" for meta-llama/Llama-3.1-8B-Instruct.
  const m = catalogModel("meta-llama/Llama-3.1-8B-Instruct")!;
  const est = estimateServingMemory(m, { dtype: "bfloat16", maxContextLength: 0 });
  expect(Math.abs(est.weightsGiB - 14.99) / 14.99).toBeLessThan(0.01);
  // 32 layers × 8 KV heads (not 32 attention heads) × 128 × K and V × 2 bytes.
  expect(kvCacheBytes(m, "bfloat16", 1)).toBe(32 * 8 * 128 * 2 * 2);
});

test("gpt-oss in MXFP4: the 20b runs within 16 GB and the 120b fits one 80 GB GPU, as OpenAI publishes; bf16 would not", () => {
  // openai/gpt-oss@7b583341:README.md: gpt-oss-20b runs "within 16GB of memory", gpt-oss-120b fits "a single 80GB GPU".
  const small = catalogModel("openai/gpt-oss-20b")!;
  const est20 = estimateServingMemory(small, { dtype: "bfloat16", maxContextLength: 8192, nativeQuantization: "mxfp4" });
  expect(est20.totalGiB * GiB).toBeLessThan(16e9);
  expect(est20.totalGiB * GiB).toBeGreaterThan(12e9);
  expect(estimateServingMemory(small, { dtype: "bfloat16", maxContextLength: 8192 }).totalGiB * GiB).toBeGreaterThan(16e9);
  const big = catalogModel("openai/gpt-oss-120b")!;
  const est120 = estimateServingMemory(big, { dtype: "bfloat16", maxContextLength: 8192, nativeQuantization: "mxfp4" });
  expect(est120.totalGiB).toBeLessThan(usableGpuMemoryGiB(80, 1));
  expect(est120.totalGiB).toBeGreaterThan(55);
});

test("sliding windows: Gemma 3 27B keeps full K/V on its 10 global layers only; mixture-of-experts memory counts every expert", () => {
  const g = catalogModel("google/gemma-3-27b-it")!;
  expect([g.layers, g.slidingWindowLayers, g.slidingWindow]).toEqual([62, 52, 1024]);
  const perLayerToken = 2 * g.kvHeads * g.headDim * 2;
  expect(kvCacheBytes(g, "bfloat16", 32768)).toBe(perLayerToken * (10 * 32768 + 52 * 1024));
  const moe = catalogModel("Qwen/Qwen3-30B-A3B")!;
  expect(moe.activeParametersB!).toBeLessThan(4);
  expect(estimateServingMemory(moe, { dtype: "bfloat16", maxContextLength: 0 }).weightsGiB).toBeGreaterThan((30 * 1e9 * 2) / GiB);
});

test("quantizations per GPU: FP8 MoE needs Ada or newer, MXFP4 needs Ampere, AWQ needs Turing", () => {
  expect(quantizationUnsupported("fp8", 8.6, true)).toMatch(/>= 8.9/);
  expect(quantizationUnsupported("fp8", 8.6, false)).toBeUndefined();
  expect(quantizationUnsupported("mxfp4", 7.5, true)).toMatch(/>= 8/);
  expect(quantizationUnsupported("mxfp4", 8.9, true)).toBeUndefined();
  expect(quantizationUnsupported("awq", 7.0, false)).toMatch(/>= 7.5/);
  const c = devConfig();
  Object.assign(c.models[0], { source: { huggingFaceId: "Qwen/Qwen3-30B-A3B" }, quantization: "fp8", maxContextLength: 4096 });
  c.snowflake.computePools.GPU_S.instanceFamily = "GPU_NV_M";
  const r = validateStackConfig(c);
  if (r.ok) throw new Error("expected FP8 MoE on A10G to be refused");
  expect(r.issues.find((i) => i.path === "llmstack:models[0].quantization")?.message).toMatch(/Qwen\/Qwen3-30B-A3B-FP8 on GPU_NV_M \(A10G\): FP8 for a mixture-of-experts model needs compute capability >= 8.9/);
});

describe("architecture.fromConfigJson", () => {
  const dir = mkdtempSync(join(tmpdir(), "llmstack-config-"));
  const withArchitecture = (architecture: unknown, id = "acme/private-qwen3") => {
    const c = devConfig();
    Object.assign(c.models[0], { source: { huggingFaceId: id }, task: "chat", architecture });
    return validateStackConfig(c);
  };

  test("a local config.json sizes a model outside the catalog exactly as the catalog sizes its own", () => {
    const file = join(dir, "config.json");
    writeFileSync(file, JSON.stringify(SOURCED_CONFIGS["Qwen/Qwen3-8B"].config));
    const r = withArchitecture({ fromConfigJson: file });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const arch = r.config.models[0].architecture!;
    expect(arch.parametersB).toBeCloseTo(catalogModel("Qwen/Qwen3-8B")!.parametersB, 9);
    expect([arch.layers, arch.kvHeads, arch.headDim, arch.maxContextLength]).toEqual([36, 8, 128, 40960]);
  });

  test("a missing file, a model type the parser does not know and a field it needs are refused at the path", () => {
    const missing = withArchitecture({ fromConfigJson: join(dir, "nope.json") });
    expect(!missing.ok && missing.issues[0]).toMatchObject({ path: "llmstack:models[0].architecture.fromConfigJson" });
    expect(!missing.ok && missing.issues[0].message).toMatch(/cannot read .*nope\.json: ENOENT/);
    const alien = join(dir, "alien.json");
    writeFileSync(alien, JSON.stringify({ model_type: "mamba2", hidden_size: 10 }));
    const unknown = withArchitecture({ fromConfigJson: alien });
    expect(!unknown.ok && unknown.issues[0].message).toMatch(/model_type "mamba2" is not one this parser sizes/);
    expect(() => architectureFromConfig({ model_type: "llama", hidden_size: 8 })).toThrow(ConfigJsonError);
    expect(() => architectureFromConfig({ model_type: "llama", hidden_size: 8 })).toThrow(/no numeric "num_hidden_layers"/);
  });

  test("an unknown model without architecture names fromConfigJson in its hint", () => {
    const c = devConfig();
    c.models[0].source.huggingFaceId = "acme/secret-model";
    const r = validateStackConfig(c);
    expect(!r.ok && r.issues.find((i) => i.path === "llmstack:models[0].architecture")?.hint).toMatch(/architecture\.fromConfigJson/);
  });
});
