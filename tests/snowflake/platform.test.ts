import { join } from "node:path";
import type { RecordedResource } from "../../tools/mockRun";
import { runPlan } from "../../tools/plan/run";
import { readStackFile } from "../../tools/plan/stackFile";
import { validateSpecification } from "../../provider/spec";
import type { ServiceSpecification } from "../../provider/resources";
import { VLLM_IMAGE, VLLM_VERSION } from "../../catalog/vllm";
import { UNKNOWN_DIGEST } from "../../tools/plan/offlineOutputs";

const ROOT = join(__dirname, "..", "..");

let resources: RecordedResource[];
beforeAll(async () => {
  const run = await runPlan(readStackFile(join(ROOT, "Pulumi.dev.yaml"), "dev"));
  if (!run.ok) throw new Error(JSON.stringify(run.issues));
  resources = run.resources;
});

const ofType = (type: string) => resources.filter((r) => r.type === type);
const one = (type: string, name: string) => {
  const r = resources.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type} ${name}; have ${resources.filter((x) => x.type === type).map((x) => x.name).join(", ")}`);
  return r;
};
const dependsOn = (r: RecordedResource, on: RecordedResource) => r.dependencies.includes(on.urn);

test("the dev stack creates the SPCS objects with the configured settings", () => {
  expect(ofType("llmstack:spcs:ComputePool").map((p) => p.inputs)).toEqual([
    expect.objectContaining({ name: "LLM_DEV_GPU_S", instanceFamily: "GPU_NV_S", minNodes: 1, maxNodes: 1, autoResume: true, autoSuspendSecs: 600 }),
    expect.objectContaining({ name: "LLM_DEV_CPU_XS", instanceFamily: "CPU_X64_XS", autoSuspendSecs: 600 }),
  ]);
  const qwen = one("llmstack:spcs:Service", "llmstack-model-qwen-service");
  expect(qwen.inputs).toMatchObject({ name: "QWEN_SERVICE", computePool: "LLM_DEV_GPU_S", autoSuspendSecs: 1800, externalAccessIntegrations: ["LLM_DEV_HUGGINGFACE_EAI"] });
  const fn = one("llmstack:spcs:ServiceFunction", "llmstack-model-qwen-fn-qwen_complete");
  expect(fn.inputs).toMatchObject({ name: "QWEN_COMPLETE", service: "LLM_DEV.MODELS.QWEN_SERVICE", endpoint: "sql", path: "/complete", args: [{ name: "PROMPT", type: "VARCHAR" }] });
  // Batch settings come from the gateway's limits, not MAX_BATCH_ROWS = 1 as in seed 002.
  expect(fn.inputs.maxBatchRows).toBeGreaterThan(1);
  const rule = one("snowflake:index/networkRule:NetworkRule", "llmstack-egress-huggingface-rule");
  expect(rule.inputs).toMatchObject({ mode: "EGRESS", type: "HOST_PORT" });
  expect(rule.inputs.valueLists).toContain("huggingface.co:443");
});

test("every generated spec passes the SPCS specification checks and GPU requests equal limits", () => {
  const services = ofType("llmstack:spcs:Service");
  expect(services).toHaveLength(2);
  for (const s of services) {
    const spec = s.inputs.specification as ServiceSpecification;
    expect(validateSpecification(spec)).toEqual([]);
    const model = spec.spec.containers.find((c) => c.name === "model")!;
    expect(model.resources?.requests?.["nvidia.com/gpu"]).toBe(model.resources?.limits?.["nvidia.com/gpu"]);
  }
  const qwenSpec = one("llmstack:spcs:Service", "llmstack-model-qwen-service").inputs.specification as ServiceSpecification;
  expect(qwenSpec.spec.containers.map((c) => c.name)).toEqual(["model", "gateway"]);
  expect(qwenSpec.spec.containers[0].resources?.requests?.["nvidia.com/gpu"]).toBe(1);
  // One vLLM pin and one way to start it on both platforms: `vllm serve <model>`, whatever the image's entrypoint.
  const [qwen] = qwenSpec.spec.containers;
  // Named by the digest the push reported (the offline plan's stand-in digest here), the tag kept for readers.
  expect(qwen.image).toBe(`/llm_dev/models/images/vllm-openai:${VLLM_VERSION}@${UNKNOWN_DIGEST}`);
  expect(qwen.command).toEqual(["vllm", "serve"]);
  expect(qwen.args?.slice(0, 3)).toEqual(["Qwen/Qwen2.5-1.5B-Instruct", "--revision", expect.any(String)]);
  expect(qwen.args).not.toContain("--runner");
  const minilm = (one("llmstack:spcs:Service", "llmstack-model-minilm-service").inputs.specification as ServiceSpecification).spec.containers[0];
  expect(minilm.image).toBe(`/llm_dev/models/images/vllm-cpu-release-repo:${VLLM_VERSION}@${UNKNOWN_DIGEST}`);
  expect(minilm.args?.join(" ")).toContain("--runner pooling --convert embed");
  expect(qwenSpec.spec.endpoints).toEqual([
    { name: "api", port: 8000, public: false, protocol: "HTTP" },
    { name: "sql", port: 8001, public: false, protocol: "HTTP" },
  ]);
});

test("dependencies: service after pool, repository and integration; function after service; grants after objects", () => {
  const pool = one("llmstack:spcs:ComputePool", "llmstack-pool-gpu_s-pool");
  const poolGrant = one("snowflake:index/grantPrivilegesToAccountRole:GrantPrivilegesToAccountRole", "llmstack-pool-gpu_s-grant");
  const repo = one("llmstack:spcs:ImageRepository", "llmstack-images");
  const eai = one("llmstack:spcs:ExternalAccessIntegration", "llmstack-egress-huggingface-integration");
  const eaiGrant = one("snowflake:index/grantPrivilegesToAccountRole:GrantPrivilegesToAccountRole", "llmstack-egress-huggingface-usage");
  const svc = one("llmstack:spcs:Service", "llmstack-model-qwen-service");
  const fn = one("llmstack:spcs:ServiceFunction", "llmstack-model-qwen-fn-qwen_complete");
  const fnGrant = one("snowflake:index/grantPrivilegesToAccountRole:GrantPrivilegesToAccountRole", "llmstack-model-qwen-fn-qwen_complete-to-analyst");
  expect(dependsOn(svc, pool)).toBe(true);
  expect(dependsOn(svc, poolGrant)).toBe(true);
  expect(dependsOn(svc, repo)).toBe(true);
  expect(dependsOn(svc, eai)).toBe(true);
  expect(dependsOn(svc, eaiGrant)).toBe(true);
  expect(dependsOn(fn, svc)).toBe(true);
  expect(dependsOn(fnGrant, fn)).toBe(true);
  expect(dependsOn(poolGrant, pool)).toBe(true);
  expect(dependsOn(eai, one("snowflake:index/networkRule:NetworkRule", "llmstack-egress-huggingface-rule"))).toBe(true);
});

test("least privilege: who creates what, nothing granted to PUBLIC, no ownership handed out", () => {
  const providers = new Map(resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((p) => [p.urn, p.inputs.role]));
  const roleOf = (r: RecordedResource) => providers.get(r.provider!.split("::").slice(0, -1).join("::"));
  expect(roleOf(one("llmstack:spcs:ComputePool", "llmstack-pool-gpu_s-pool"))).toBe("ACCOUNTADMIN");
  expect(roleOf(one("llmstack:spcs:Service", "llmstack-model-qwen-service"))).toBe("LLM_PLATFORM_DEV");
  expect(roleOf(one("snowflake:index/database:Database", "llmstack-access-database"))).toBe("SYSADMIN");
  const grants = ofType("snowflake:index/grantPrivilegesToAccountRole:GrantPrivilegesToAccountRole");
  for (const g of grants) {
    expect(g.inputs.accountRoleName).not.toBe("PUBLIC");
    expect(g.inputs.privileges).not.toContain("OWNERSHIP");
    expect(g.inputs.allPrivileges).toBeFalsy();
  }
  // Public endpoint in dev (MiniLM): BIND SERVICE ENDPOINT is granted, and the service role goes to a named role.
  expect(grants.some((g) => (g.inputs.privileges as string[]).includes("BIND SERVICE ENDPOINT"))).toBe(true);
  expect(ofType("llmstack:spcs:ServiceRoleGrant").map((g) => g.inputs)).toEqual([
    { service: "LLM_DEV.MODELS.MINILM_SERVICE", serviceRole: "ALL_ENDPOINTS_USAGE", toRole: "DATAIKU_USERS" },
  ]);
});

test("secrets stay secret and every child is parented to a component", () => {
  const json = JSON.stringify(resources);
  expect(json).not.toContain("offline-plan-placeholder");
  const image = ofType("docker-build:index:Image")[0];
  expect((image.inputs.registries as { password: unknown }[])[0].password).toEqual({ secret: true });
  for (const r of resources.filter((x) => x.custom && !x.type.startsWith("pulumi:providers:"))) {
    expect(r.parent).toBeDefined();
  }
});

test("public images are mirrored by pull, tag and push with @pulumi/docker (nothing built); the gateway build skips previews", () => {
  const pull = one("docker:index/remoteImage:RemoteImage", "llmstack-mirror-vllm-pull");
  expect(pull.inputs).toMatchObject({ name: VLLM_IMAGE, platform: "linux/amd64", keepLocally: true });
  const tag = one("docker:index/tag:Tag", "llmstack-mirror-vllm-tag");
  expect(tag.inputs).toMatchObject({ targetImage: `myorg-myaccount.registry.snowflakecomputing.com/llm_dev/models/images/vllm-openai:${VLLM_VERSION}` });
  const push = one("docker:index/registryImage:RegistryImage", "llmstack-mirror-vllm-push");
  expect(push.inputs).toMatchObject({ name: tag.inputs.targetImage, keepRemotely: true });
  expect(dependsOn(push, tag) && dependsOn(tag, pull)).toBe(true);
  // The mirror builds nothing: the only docker-build image is the gateway's, and it does not build on preview.
  const builds = ofType("docker-build:index:Image");
  expect(builds.map((b) => b.name)).toEqual(["llmstack-gateway-image"]);
  expect(builds[0].inputs.buildOnPreview).toBe(false);
});

test("an embedding service's gateway truncates inputs at the catalog's limit; a chat service's gets no limit", () => {
  const gateway = (svc: string) => (one("llmstack:spcs:Service", svc).inputs.specification as ServiceSpecification).spec.containers.find((c) => c.name === "gateway")!;
  // all-MiniLM-L6-v2: sentence-transformers truncates at 256 tokens (catalog embedding.maxInputTokens).
  expect(gateway("llmstack-model-minilm-service").env?.GATEWAY_EMBED_MAX_INPUT_TOKENS).toBe("256");
  expect(gateway("llmstack-model-qwen-service").env).not.toHaveProperty("GATEWAY_EMBED_MAX_INPUT_TOKENS");
});

test("services with a public endpoint do not auto-suspend, the others default to 1800 s; weight caches leave no billed snapshot (bcr-2206)", () => {
  const byName = (n: string) => one("llmstack:spcs:Service", n).inputs;
  expect(byName("llmstack-model-minilm-service").autoSuspendSecs).toBe(0);
  expect(byName("llmstack-model-qwen-service").autoSuspendSecs).toBe(1800);
  for (const s of ofType("llmstack:spcs:Service")) {
    const volumes = (s.inputs.specification as ServiceSpecification).spec.volumes ?? [];
    expect(volumes.filter((v) => v.source === "block").map((v) => v.blockConfig)).toEqual([{ snapshotOnDelete: false }]);
  }
});
