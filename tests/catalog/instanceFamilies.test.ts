import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { GPU_PRODUCTS } from "../../catalog/gpus";
import { INSTANCE_FAMILIES, poolCreditsPerHour, UNSIZED_INSTANCE_FAMILIES } from "../../catalog/instanceFamilies";
import { formatIssues, validateStackConfig } from "../../config/validate";

const ROOT = join(__dirname, "..", "..");

function devConfig(): Record<string, any> {
  const doc = parse(readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8")).config as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (k.startsWith("llmstack:")) raw[k.slice("llmstack:".length)] = v;
  return JSON.parse(JSON.stringify(raw));
}

test("every GPU family's GPUs are a catalog GPU product, with its memory and compute capability", () => {
  const gpuFamilies = [...INSTANCE_FAMILIES.values()].filter((f) => f.gpu);
  expect(gpuFamilies.map((f) => f.name)).toEqual(expect.arrayContaining(["GPU_NV_S", "GPU_NV_XS", "GPU_GCP_NV_L4_1_24G", "GPU_L40S_G1_8", "GPU_R6K_G1_16"]));
  for (const f of gpuFamilies) {
    const p = GPU_PRODUCTS.get(f.gpu!.product);
    expect(p).toBeDefined();
    expect({ family: f.name, memoryGiB: f.gpu!.memoryGiB, cc: f.gpu!.computeCapability }).toEqual({ family: f.name, memoryGiB: p!.memoryGiB, cc: p!.computeCapability });
  }
});

test("a current-generation family bills its cloud's Table 1(g) rate; unknown clouds get the highest", () => {
  expect(poolCreditsPerHour("GPU_L40S_G1_8", 2, "aws")).toBeCloseTo(3.16, 6);
  expect(INSTANCE_FAMILIES.get("GPU_L40S_G1_8")!.clouds).toEqual(["aws"]);
  expect(poolCreditsPerHour("GPU_NV_S", 1)).toBeCloseTo(0.57, 6);
});

test("an L40S pool fits what a 24 GiB A10G does not, and the fit check reads the L40S memory", () => {
  const onA10g = devConfig();
  Object.assign(onA10g.models[0], { source: { huggingFaceId: "mistralai/Mistral-7B-Instruct-v0.1" }, dtype: "float32" });
  const refused = validateStackConfig(onA10g);
  expect(refused.ok).toBe(false);

  const onL40s = devConfig();
  Object.assign(onL40s.models[0], { source: { huggingFaceId: "mistralai/Mistral-7B-Instruct-v0.1" }, dtype: "float32" });
  onL40s.snowflake.computePools.GPU_S.instanceFamily = "GPU_L40S_G1_8";
  const r = validateStackConfig(onL40s);
  if (!r.ok) throw new Error(formatIssues(r.issues));
});

test("a Snowflake family whose size has no source is refused by name, with the reason, not guessed", () => {
  expect(UNSIZED_INSTANCE_FAMILIES.has("GPU_R6K_G1_8")).toBe(true);
  const c = devConfig();
  c.snowflake.computePools.GPU_S.instanceFamily = "GPU_R6K_G1_8";
  const r = validateStackConfig(c);
  if (r.ok) throw new Error("expected GPU_R6K_G1_8 to be refused");
  const issue = r.issues.find((i) => i.path === "llmstack:snowflake.computePools.GPU_S.instanceFamily");
  expect(issue?.message).toMatch(/GPU_R6K_G1_8 is an SPCS instance family whose vCPU, memory and GPU count the catalog has no source for/);
});
