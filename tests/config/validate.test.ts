import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { splitRawConfig } from "../../config/load";
import { validateStackConfig, formatIssues, type ConfigIssue } from "../../config/validate";
import { genericServiceSpec } from "../../components/snowflake/genericSpec";

const ROOT = join(__dirname, "..", "..");

/** The `llmstack:*` keys of a stack file as the raw object the program validates. */
function rawConfigOf(file: string): Record<string, any> {
  const doc = parse(readFileSync(join(ROOT, file), "utf8")).config as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (k.startsWith("llmstack:")) raw[k.slice("llmstack:".length)] = v;
  return JSON.parse(JSON.stringify(raw));
}

function issuesOf(mutate: (c: Record<string, any>) => void): ConfigIssue[] {
  const raw = rawConfigOf("Pulumi.dev.yaml");
  mutate(raw);
  const r = validateStackConfig(raw);
  if (r.ok) throw new Error("expected the config to be refused");
  return r.issues;
}

test("the dev stack is valid and gets its defaults", () => {
  const r = validateStackConfig(rawConfigOf("Pulumi.dev.yaml"));
  if (!r.ok) throw new Error(formatIssues(r.issues));
  expect(r.config.snowflake!.computePools.GPU_S).toMatchObject({ instanceFamily: "GPU_NV_S", autoResume: true, autoSuspendSecs: 600 });
  expect(r.config.snowflake!.role.grantToRoles).toEqual(["SYSADMIN"]);
  expect(r.config.snowflake!.egress.HUGGINGFACE).toContain("huggingface.co:443");
});

// One row per rule: how to break the config, the path that must be named, a fragment of the message.
const cases: [string, (c: Record<string, any>) => void, string, RegExp][] = [
  ["unknown instance family, listing the real ones", (c) => (c.snowflake.computePools.GPU_S.instanceFamily = "GPU_NV_XXL"), "llmstack:snowflake.computePools.GPU_S.instanceFamily", /GPU_NV_S, GPU_NV_M/],
  ["min nodes below 1", (c) => (c.snowflake.computePools.GPU_S.minNodes = 0), "llmstack:snowflake.computePools.GPU_S.minNodes", />=1/],
  ["max nodes below min nodes", (c) => Object.assign(c.snowflake.computePools.CPU_XS, { minNodes: 3, maxNodes: 2 }), "llmstack:snowflake.computePools.CPU_XS.maxNodes", /below minNodes 3/],
  ["family not offered on the account's cloud", (c) => (c.snowflake.cloud = "gcp"), "llmstack:snowflake.computePools.GPU_S.instanceFamily", /not offered on gcp/],
  ["model pool that does not exist", (c) => (c.models[0].snowflake.pool = "NOPE"), "llmstack:models[0].snowflake.pool", /compute pool NOPE is not defined/],
  ["instances min above max", (c) => Object.assign(c.models[0].snowflake, { minInstances: 2, maxInstances: 1 }), "llmstack:models[0].snowflake.maxInstances", /below minInstances/],
  ["service auto-suspend under 300 s", (c) => (c.models[0].snowflake.autoSuspendSecs = 120), "llmstack:models[0].snowflake.autoSuspendSecs", /at least 300/],
  // provider/limits.ts, the rules the provider's check also runs: refused here first.
  ["auto-suspend on a service with a public endpoint", (c) => (c.models[1].snowflake.autoSuspendSecs = 1800), "llmstack:models[1].snowflake.autoSuspendSecs", /public endpoint: Snowflake does not support auto-suspend/],
  ["BATCH_TIMEOUT_SECS above 7 days", (c) => (c.models[0].snowflake.function.batchTimeoutSecs = 604801), "llmstack:models[0].snowflake.function.batchTimeoutSecs", /1 to 604800/],
  ["weights that do not fit the GPU", (c) => Object.assign(c.models[0], { source: { huggingFaceId: "mistralai/Mistral-7B-Instruct-v0.1" }, dtype: "float32" }), "llmstack:models[0].snowflake.pool", /needs about 30\.5 GiB \(weights 27 \+ KV cache 2 for 8192 tokens.*1×A10G 24 GiB on GPU_NV_S leaves 21\.6 GiB usable/],
  ["more GPUs than the family has", (c) => (c.models[0].snowflake.gpus = 2), "llmstack:models[0].snowflake.gpus", /have 1 GPU/],
  ["GPUs asked of a CPU pool", (c) => (c.models[1].snowflake.gpus = 1), "llmstack:models[1].snowflake.gpus", /has no GPU/],
  ["context longer than the model's", (c) => (c.models[0].maxContextLength = 65536), "llmstack:models[0].maxContextLength", /trained context of 32768/],
  ["model not in the catalog without architecture", (c) => (c.models[0].source.huggingFaceId = "acme/secret-model"), "llmstack:models[0].architecture", /not in the model catalog/],
  ["egress list that does not exist", (c) => (c.models[0].snowflake.egress = ["PYPI"]), "llmstack:models[0].snowflake.egress[0]", /egress list PYPI is not defined/],
  ["egress that cannot reach the mirror", (c) => (c.models[0].source.mirrorEndpoint = "https://hf-mirror.com"), "llmstack:models[0].snowflake.egress", /allows hf-mirror\.com:443/],
  ["invalid identifier", (c) => (c.snowflake.database = "llm-dev"), "llmstack:snowflake.database", /Snowflake identifier/],
  ["refresh token validity above Snowflake's maximum", (c) => (c.snowflake.oauthClients.DATAIKU_LLM_MESH.refreshTokenValiditySecs = 7776001), "llmstack:snowflake.oauthClients.DATAIKU_LLM_MESH.refreshTokenValiditySecs", /7776000/],
  ["redirect URI that is not https", (c) => (c.snowflake.oauthClients.DATAIKU_LLM_MESH.redirectUri = "http://dataiku.example.com/cb"), "llmstack:snowflake.oauthClients.DATAIKU_LLM_MESH.redirectUri", /https/],
  ["malformed host:port", (c) => c.snowflake.egress.HUGGINGFACE.push("huggingface.co:99999"), "llmstack:snowflake.egress.HUGGINGFACE[3]", /host\[:port\]/],
  ["duplicate function names", (c) => (c.models[1].snowflake.function.name = "QWEN_COMPLETE"), "llmstack:models[1].snowflake.function.name", /defined twice/],
  ["misspelled field", (c) => (c.snowflake.computePools.GPU_S.autoSuspendSeconds = 60), "llmstack:snowflake.computePools.GPU_S.autoSuspendSeconds", /unknown field/],
  ["GPU demand above the pool's capacity", (c) => (c.models[0].snowflake.maxInstances = 3), "llmstack:snowflake.computePools.GPU_S.maxNodes", /need 3 GPU\(s\).*has 1/],
  ["plaintext token in config", (c) => (c.models[0].source.revision = "hf_abcdefghijklmnopqrstuvwxyz0123"), "llmstack:models[0].source.revision", /looks like a Hugging Face access token .* in plaintext/],
];

test.each(cases)("refuses %s, naming the path", (_name, mutate, path, message) => {
  const issues = issuesOf(mutate);
  const hit = issues.find((i) => i.path === path);
  if (!hit) throw new Error(`no issue at ${path}; got:\n${formatIssues(issues)}`);
  expect(hit.message).toMatch(message);
});

test("lists every problem at once, field and cross-field alike, with hints and no secret echoed", () => {
  const issues = issuesOf((c) => {
    c.snowflake.computePools.GPU_S.instanceFamily = "GPU_NV_XXL";
    c.models[1].snowflake.pool = "NOPE";
    c.snowflake.warehouse.autoSuspendSecs = "hf_abcdefghijklmnopqrstuvwxyz0123";
  });
  expect(issues.map((i) => i.path)).toEqual(
    expect.arrayContaining([
      "llmstack:snowflake.computePools.GPU_S.instanceFamily",
      "llmstack:models[1].snowflake.pool",
      "llmstack:snowflake.warehouse.autoSuspendSecs",
    ]),
  );
  const text = formatIssues(issues);
  expect(text).toContain("hint: define it under snowflake.computePools");
  expect(text).not.toContain("hf_abcdefghijklmnopqrstuvwxyz0123");
});

test("secret keys must be Pulumi secrets and unknown keys are refused", () => {
  const { issues } = splitRawConfig(
    { "llmstack:hfToken": "hf_x", "llmstack:modelz": "[]", "llmstack:environment": "dev", "snowflake:user": "U" },
    () => false,
  );
  expect(issues.map((i) => i.path)).toEqual(["llmstack:hfToken", "llmstack:modelz"]);
  expect(issues[0].hint).toContain("pulumi config set --secret llmstack:hfToken");
});

// The service-spec probe rule (provider/spec/container.ts `probe`) is the config's too: one rule.
describe("a generic service's probes follow the current specification reference", () => {
  const withProbes = (probes: Record<string, unknown>) => (c: Record<string, any>) => {
    c.snowflake.services = { FILTER: { pool: "CPU_XS", containers: [{ name: "ui", image: "filter-ui:1.0", ...probes }], endpoints: [{ name: "ui", port: 8080 }] } };
  };
  test("livenessProbe and probe timings are accepted and reach the spec", () => {
    const raw = rawConfigOf("Pulumi.dev.yaml");
    withProbes({ readinessProbe: { port: 8080, path: "/ready", periodSeconds: 10 }, livenessProbe: { port: 8080, path: "/live", failureThreshold: 5 } })(raw);
    const r = validateStackConfig(raw);
    if (!r.ok) throw new Error(formatIssues(r.issues));
    const spec = genericServiceSpec(r.config.snowflake!.services.FILTER, { database: "D", schema: "S", repositoryPath: "/d/s/r" });
    expect(spec.spec.containers[0]).toMatchObject({ readinessProbe: { port: 8080, path: "/ready", periodSeconds: 10 }, livenessProbe: { port: 8080, path: "/live", failureThreshold: 5 } });
  });
  test("a probe period of 0 is refused at its config path", () => {
    const issues = issuesOf(withProbes({ livenessProbe: { port: 8080, path: "/live", periodSeconds: 0 } }));
    const path = "llmstack:snowflake.services.FILTER.containers[0].livenessProbe.periodSeconds";
    const hit = issues.find((i) => i.path === path);
    if (!hit) throw new Error(`no issue at ${path}; got:\n${formatIssues(issues)}`);
    expect(hit.message).toMatch(/livenessProbe\.periodSeconds must be a whole number of seconds, at least 1, got 0/);
  });
});
