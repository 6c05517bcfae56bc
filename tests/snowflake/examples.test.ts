import { join } from "node:path";
import type { RecordedResource } from "../../tools/mockRun";
import { runPlan } from "../../tools/plan/run";
import { readStackFile } from "../../tools/plan/stackFile";
import type { ServiceSpecification } from "../../provider/resources";

const EXAMPLES = join(__dirname, "..", "..", "examples");

async function plan(file: string): Promise<RecordedResource[]> {
  const run = await runPlan(readStackFile(join(EXAMPLES, file), "example"));
  if (!run.ok) throw new Error(JSON.stringify(run.issues, null, 2));
  return run.resources;
}
const inputsOf = (rs: RecordedResource[], type: string) => rs.filter((r) => r.type === type).map((r) => r.inputs);

test("seed 000 (Dataiku LLM Mesh): four chat models on one GPU pool, MiniLM on CPU, named egress, OAuth, public endpoints for one role", async () => {
  const rs = await plan("Pulumi.seed000-dataiku.yaml");
  const services = inputsOf(rs, "llmstack:spcs:Service");
  expect(services.map((s) => [s.name, s.computePool]).sort()).toEqual([
    ["FALCON_SERVICE", "DATAIKU_SPCS_CHAT_GPU"],
    ["LLAMA2_SERVICE", "DATAIKU_SPCS_CHAT_GPU"],
    ["MINILM_SERVICE", "DATAIKU_SPCS_EMBED_CPU"],
    ["PHI2_SERVICE", "DATAIKU_SPCS_CHAT_GPU"],
    ["ZEPHYR_SERVICE", "DATAIKU_SPCS_CHAT_GPU"],
  ]);
  const rule = inputsOf(rs, "snowflake:index/networkRule:NetworkRule")[0];
  expect((rule.valueLists as string[]).some((v) => v.startsWith("0.0.0.0"))).toBe(false);
  // The gated Llama-2 reads its token from a Snowflake secret, not from plaintext env.
  const llama = services.find((s) => s.name === "LLAMA2_SERVICE")!.specification as ServiceSpecification;
  expect(llama.spec.containers[0].secrets).toEqual([{ snowflakeSecret: { objectName: "DATAIKU_SPCS.MODEL_REGISTRY.HF_TOKEN" }, envVarName: "HF_TOKEN", secretKeyRef: "secret_string" }]);
  expect(inputsOf(rs, "llmstack:spcs:ServiceRoleGrant").map((g) => g.toRole)).toEqual(Array(5).fill("DATAIKU_SPCS_ROLE"));
  expect(inputsOf(rs, "snowflake:index/oauthIntegrationForCustomClients:OauthIntegrationForCustomClients")[0]).toMatchObject({
    oauthRefreshTokenValidity: 86400,
    blockedRolesLists: ["SYSADMIN"],
  });
});

test("seed 002 (Qwen behind QWEN_COMPLETE): mirror egress only, JSON messages function granted to a named role, mirror endpoint in env", async () => {
  const rs = await plan("Pulumi.seed002-qwen.yaml");
  const fn = inputsOf(rs, "llmstack:spcs:ServiceFunction")[0];
  expect(fn).toMatchObject({ name: "QWEN_COMPLETE", path: "/chat", args: [{ name: "PAYLOAD", type: "VARCHAR" }] });
  const grants = inputsOf(rs, "snowflake:index/grantPrivilegesToAccountRole:GrantPrivilegesToAccountRole");
  expect(grants.filter((g) => (g.onSchemaObject as { objectType?: string } | undefined)?.objectType === "FUNCTION").map((g) => g.accountRoleName)).toEqual(["ANALYST"]);
  expect(grants.some((g) => g.accountRoleName === "PUBLIC")).toBe(false);
  const spec = inputsOf(rs, "llmstack:spcs:Service")[0].specification as ServiceSpecification;
  expect(spec.spec.containers[0].env).toMatchObject({ HF_ENDPOINT: "https://hf-mirror.com" });
  expect(inputsOf(rs, "llmstack:spcs:ComputePool")[0]).toMatchObject({ minNodes: 1, maxNodes: 2, autoSuspendSecs: 600 });
});

test("seed 003 (filter service): a generic CPU service with a public endpoint, a service function and a job service", async () => {
  const rs = await plan("Pulumi.seed003-filter.yaml");
  const svc = inputsOf(rs, "llmstack:spcs:Service")[0];
  expect(svc.name).toBe("FILTER_SERVICE");
  expect((svc.specification as ServiceSpecification).spec).toEqual({
    containers: [
      {
        name: "filter",
        image: "/snowpark_definitive_guide/my_schema/snowpark_cs_repository/my_filter_service_image:1.0.0",
        env: { SERVER_PORT: 8000 },
        readinessProbe: { port: 8000, path: "/healthcheck" },
      },
    ],
    endpoints: [{ name: "filterendpoint", port: 8000, public: true, protocol: "HTTP" }],
  });
  expect(inputsOf(rs, "llmstack:spcs:ServiceFunction")[0]).toMatchObject({ name: "FILTER_DOC_UDF", endpoint: "filterendpoint", path: "/filter" });
  expect(inputsOf(rs, "llmstack:spcs:JobService")[0]).toMatchObject({ name: "NEWS_JOB", computePool: "SNOWPARK_DEFINITIVE_GUIDE_SNOWPARK_CS_COMPUTE_POOL" });
  // No model: no image is built or pushed.
  expect(rs.some((r) => r.type === "docker-build:index:Image")).toBe(false);
});
