/**
 * End to end: the real program (program.ts + components/snowflake) under tools/mockRun.ts, judged
 * by the pack through the harness. The dev stack and the examples are clean; a deliberately bad
 * stack yields exactly the expected violations.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { runPolicies, type PolicyResult } from "../../policies/harness";
import type { StackConfig } from "../../config/schema";
import type { RecordedResource } from "../../tools/mockRun";
import { mockRun } from "../../tools/mockRun";
import { offlineOutputs } from "../../tools/plan/offlineOutputs";
import { runPlan } from "../../tools/plan/run";
import { stackFromConfig } from "../../tools/plan/stackFile";

const ROOT = join(__dirname, "..", "..");

async function plan(file: string, stack: string, edit?: (raw: Record<string, unknown>) => void) {
  const doc = parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  edit?.(doc.config);
  const run = await runPlan(stackFromConfig(doc.config, stack));
  if (!run.ok) throw new Error(JSON.stringify(run.issues, null, 2));
  return run;
}

const summary = (vs: PolicyResult[]) => vs.map((v) => `${v.level} ${v.policy} ${v.resourceName ?? "(stack)"}`);

test("the dev stack (Pulumi.dev.yaml) is clean", async () => {
  const run = await plan(join(ROOT, "Pulumi.dev.yaml"), "dev");
  expect(run.resources.filter((r) => r.type.startsWith("llmstack:spcs:")).length).toBeGreaterThan(5);
  expect(summary(await runPolicies(run.resources, { stackConfig: run.config, stackName: "dev" }))).toEqual([]);
});

test("the dev stack's config as prod is clean too, once its models are pinned: the components protect what the pack requires in prod", async () => {
  const asProd = (c: Record<string, unknown>, pin: boolean) => {
    c["llmstack:environment"] = "prod";
    // What a prod stack writes and dev does not: each model's revision, a commit (as Pulumi.prod.yaml has them).
    if (pin) for (const m of c["llmstack:models"] as { source: { revision?: string } }[]) m.source.revision = "989aa7980e4cf806f80c7fef2b1adb7bc71aa306";
  };
  const pinned = await plan(join(ROOT, "Pulumi.dev.yaml"), "prod", (c) => asProd(c, true));
  expect(summary(await runPolicies(pinned.resources, { stackConfig: pinned.config, stackName: "prod" }))).toEqual([]);
  const unpinned = await plan(join(ROOT, "Pulumi.dev.yaml"), "prod", (c) => asProd(c, false));
  expect(summary(await runPolicies(unpinned.resources, { stackConfig: unpinned.config, stackName: "prod" }))).toEqual([
    "mandatory spcs-model-revision-pinned llmstack-model-qwen-service",
    "mandatory spcs-model-revision-pinned llmstack-model-minilm-service",
  ]);
});

test.each(["Pulumi.seed000-dataiku.yaml", "Pulumi.seed002-qwen.yaml", "Pulumi.seed003-filter.yaml"])("example %s is clean", async (file) => {
  const run = await plan(join(ROOT, "examples", file), "example");
  expect(summary(await runPolicies(run.resources, { stackConfig: run.config, stackName: "example" }))).toEqual([]);
});

/** Seed 000's mistakes, on the dev stack: whole-internet egress, a GPU pool that never suspends and may grow to 8 nodes, MINILM's public endpoint granted to PUBLIC. */
function badConfig(c: Record<string, unknown>): void {
  const sf = c["llmstack:snowflake"] as { egress: Record<string, string[]>; computePools: Record<string, Record<string, unknown>>; allowPublicGrants?: boolean };
  sf.egress.HUGGINGFACE = ["0.0.0.0:443"];
  sf.computePools.GPU_S.autoSuspendSecs = 0;
  sf.computePools.GPU_S.maxNodes = 8;
  const models = c["llmstack:models"] as { name: string; snowflake: { endpoint?: { allowedRoles: string[] } } }[];
  models.find((m) => m.name === "MINILM")!.snowflake.endpoint!.allowedRoles = ["DATAIKU_USERS", "PUBLIC"];
  // Isolate the five mistakes: without a budget, the 8-node pool is judged by the GPU caps alone.
  delete (c["llmstack:cost"] as Record<string, unknown>).budgetCreditsPerDay;
}

test("a deliberately bad stack yields exactly the expected violations", async () => {
  const doc = parse(readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
  badConfig(doc.config);
  const stack = stackFromConfig(doc.config, "dev");
  const first = await runPlan(stack);
  if (!first.ok) throw new Error(JSON.stringify(first.issues, null, 2));
  const config: StackConfig = first.config;

  // The plaintext token: config validation (config/validate.ts) refuses a token in the stack config,
  // so it is added by using the components as a library, in the same program run.
  const token = "hf_" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDc";
  const run = await mockRun(
    async () => {
      const pulumi = await import("@pulumi/pulumi");
      const { buildPlatform } = await import("../../program");
      const { Service } = await import("../../components/snowflake/service");
      const { roleProviders } = await import("../../components/snowflake/providers");
      const cfg = new pulumi.Config("llmstack");
      const out = buildPlatform(config, { registryToken: cfg.requireSecret("registryToken") });
      new Service("leaky", {
        serviceName: "LEAKY_SERVICE",
        database: "LLM_DEV",
        schema: "MODELS",
        computePool: "LLM_DEV_CPU_XS",
        specification: { spec: { containers: [{ name: "app", image: "/llm_dev/models/images/app:1.0.0", env: { HF_TOKEN: token } }] } },
        provider: roleProviders("leaky", "LLM_PLATFORM_DEV", {}, undefined, {}),
      });
      return out;
    },
    { stack: "dev", config: stack.config, secretKeys: stack.secretKeys, outputsFor: offlineOutputs(stack.config) },
  );
  const violations = await runPolicies(run.resources, { stackConfig: config, stackName: "dev" });
  const byName = (type: string, pred: (r: RecordedResource) => boolean) => run.resources.find((r) => r.type === type && pred(r))!;
  const rule = byName("snowflake:index/networkRule:NetworkRule", () => true);
  const gpuPool = byName("llmstack:spcs:ComputePool", (r) => r.inputs.name === "LLM_DEV_GPU_S");
  const publicGrant = byName("llmstack:spcs:ServiceRoleGrant", (r) => r.inputs.toRole === "PUBLIC");
  const leaky = byName("llmstack:spcs:Service", (r) => r.inputs.name === "LEAKY_SERVICE");

  // Registration order is asynchronous: compare as sorted lists.
  const sorted = (xs: (string | undefined)[][]) => xs.map((x) => x.join(" ")).sort();
  expect(sorted(violations.map((v) => [v.policy, v.level, v.resourceUrn]))).toEqual(sorted([
    ["snowflake-egress-no-wildcards", "mandatory", rule.urn],
    ["spcs-compute-pool-auto-suspend", "advisory", gpuPool.urn],
    ["no-plaintext-secrets", "mandatory", leaky.urn],
    ["spcs-endpoint-access", "mandatory", publicGrant.urn],
    ["spcs-gpu-pool-caps", "advisory", gpuPool.urn],
  ]));
  const text = violations.map((v) => v.message).join("\n");
  expect(text).toContain("llmstack:snowflake.egress.HUGGINGFACE");
  expect(text).toContain("llmstack:snowflake.computePools.GPU_S.autoSuspendSecs");
  expect(text).toContain("llmstack:snowflake.computePools.GPU_S.maxNodes");
  expect(text).toContain("llmstack:models[1].snowflake.endpoint.allowedRoles");
  expect(text).toMatch(/spec\.containers\[0\]\.env\.HF_TOKEN.*Hugging Face/);
  expect(text).not.toContain(token); // messages never repeat a secret

  // The same stack in prod: cost rules become mandatory and protection applies (the config still says dev, so nothing is protected).
  const prod = await runPolicies(run.resources, { stackConfig: config, environment: "prod" });
  expect(prod.filter((v) => v.policy.startsWith("spcs-")).every((v) => v.level === "mandatory")).toBe(true);
  expect(prod.map((v) => v.policy)).toEqual(expect.arrayContaining(["prod-protect-stateful"]));
});
