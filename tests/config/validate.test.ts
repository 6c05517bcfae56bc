import { splitRawConfig } from "../../config/load";
import { ConfigError, formatIssues, formatPath, parseStackConfig, validateStackConfig, type ConfigIssue } from "../../config/validate";
import { genericServiceSpec } from "../../components/snowflake/genericSpec";
import { rawConfigOf } from "../support/stackFiles";

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

describe("how issues are reported", () => {
  test("a config that is not a mapping is refused at llmstack:*, never with a crash", () => {
    for (const raw of [[1], null, "text", 5]) {
      const r = validateStackConfig(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues[0]).toMatchObject({ path: "llmstack:*", message: expect.stringMatching(/expected object/) });
    }
  });

  test("paths are written as pulumi config set --path takes them", () => {
    expect(formatPath([])).toBe("llmstack:*");
    expect(formatPath(["models", 0, "snowflake", "egress", 1])).toBe("llmstack:models[0].snowflake.egress[1]");
    expect(formatPath(["snowflake", "computePools", "GPU_S"])).toBe("llmstack:snowflake.computePools.GPU_S");
  });

  test("the value shown is the one the user wrote, under the key as written; a credential is redacted", () => {
    const lower = issuesOf((c) => {
      c.snowflake.computePools.gpu_s = { ...c.snowflake.computePools.GPU_S, instanceFamily: "NOPE" };
      delete c.snowflake.computePools.GPU_S;
    });
    expect(lower.find((i) => i.path === "llmstack:snowflake.computePools.gpu_s.instanceFamily")?.value).toBe("NOPE");
    // A cross-field rule names the key as the schema upper-cased it; the value is still found under the key as written.
    const crossField = issuesOf((c) => {
      c.snowflake.computePools.cpu_xs = { ...c.snowflake.computePools.CPU_XS, minNodes: 3, maxNodes: 2 };
      delete c.snowflake.computePools.CPU_XS;
    });
    expect(crossField.find((i) => i.path === "llmstack:snowflake.computePools.CPU_XS.maxNodes")?.value).toBe(2);
    const secret = issuesOf((c) => (c.snowflake.warehouse.autoSuspendSecs = "hf_abcdefghijklmnopqrstuvwxyz0123"));
    // The field's own issue (a number expected) shows no credential; the plaintext check names it separately.
    expect(secret.filter((i) => i.path === "llmstack:snowflake.warehouse.autoSuspendSecs").map((i) => i.value)).toEqual([undefined, "[redacted]"]);
    const plain = issuesOf((c) => (c.snowflake.warehouse.autoSuspendSecs = "soon"));
    expect(plain.find((i) => i.path === "llmstack:snowflake.warehouse.autoSuspendSecs")?.value).toBe("soon");
  });

  test("a bad map key is named with the key", () => {
    const issues = issuesOf((c) => (c.snowflake.computePools["bad-name!"] = c.snowflake.computePools.CPU_XS));
    expect(issues).toEqual([expect.objectContaining({ path: "llmstack:snowflake.computePools.bad-name!", message: expect.stringMatching(/^key "bad-name!" must be a Snowflake identifier/) })]);
  });

  test("unknown fields: secrets point at --secret, Kubernetes keys at their generated reference, others at the SPCS one", () => {
    const hints = (mutate: (c: Record<string, any>) => void) => Object.fromEntries(issuesOf(mutate).filter((i) => /unknown field/.test(i.message)).map((i) => [i.path, i.hint]));
    expect(hints((c) => (c.hfToken = "x"))).toEqual({ "llmstack:hfToken": "secrets are separate keys: pulumi config set --secret llmstack:hfToken …" });
    expect(hints((c) => (c.kubernetes = { nope: 1 }))).toEqual({ "llmstack:kubernetes.nope": expect.stringContaining("docs/config-kubernetes.md") });
    expect(hints((c) => (c.models[0].kubernetes = { nope: 1 }))).toEqual({ "llmstack:models[0].kubernetes.nope": expect.stringContaining("docs/config-kubernetes.md") });
    expect(hints((c) => (c.cost.kubernetes = { nope: 1 }))).toEqual({ "llmstack:cost.kubernetes.nope": expect.stringContaining("docs/config-kubernetes.md") });
    expect(hints((c) => (c.models[0].snowflake.nope = 1))).toEqual({ "llmstack:models[0].snowflake.nope": "check the spelling against docs/config-reference.md (every key, generated from the schema)" });
    expect(hints((c) => (c.cost.nope = 1))).toEqual({ "llmstack:cost.nope": expect.stringContaining("docs/config-reference.md") });
  });

  test("plaintext credentials are found at any depth, lists included, by path", () => {
    const issues = issuesOf((c) => {
      c.snowflake.schemas = ["MODELS", "hf_abcdefghijklmnopqrstuvwxyz0123"];
      c.models[0].source.revision = "hf_abcdefghijklmnopqrstuvwxyz0123";
    });
    const leaks = issues.filter((i) => /in plaintext/.test(i.message)).map((i) => i.path);
    expect(leaks).toEqual(["llmstack:snowflake.schemas[1]", "llmstack:models[0].source.revision"]);
  });

  test("cross-field rules see the data without its invalid fields: no [object Object], indices kept", () => {
    const issues = issuesOf((c) => {
      c.snowflake.computePools.CPU_XS.minNodes = { a: 1 };
      c.models[0].name = 5;
      c.models[1].snowflake.pool = "NOPE";
      c.models[1].snowflake.nope = true;
    });
    expect(issues.map((i) => i.path).sort()).toEqual(
      ["llmstack:models[0].name", "llmstack:models[1].snowflake.nope", "llmstack:models[1].snowflake.pool", "llmstack:snowflake.computePools.CPU_XS.minNodes"].sort(),
    );
    expect(formatIssues(issues)).not.toMatch(/\[object Object\]|NaN|undefined/);
  });

  test("an invalid list entry is reported once, by the schema, not again as an undefined name", () => {
    const issues = issuesOf((c) => (c.models[0].snowflake.egress = ["HUGGINGFACE", { a: 1 }]));
    expect(issues.map((i) => [i.path, i.message])).toEqual([["llmstack:models[0].snowflake.egress[1]", expect.stringMatching(/expected string/)]]);
  });

  test("of a union's branches, the one the value got furthest in is reported", () => {
    // function: false | {name, …}: an object with a bad name is about the name, not "expected false".
    const issues = issuesOf((c) => (c.models[0].snowflake.function.name = ["X"]));
    expect(issues.map((i) => [i.path, i.message])).toEqual([["llmstack:models[0].snowflake.function.name", expect.stringMatching(/expected string/)]]);
    const scalar = issuesOf((c) => (c.models[0].snowflake.function = "yes"));
    expect(scalar.map((i) => i.path)).toEqual(["llmstack:models[0].snowflake.function"]);
  });

  test("a cross-field rule never judges a value its field refused", () => {
    // "40000" (text) is refused as a number; compared as it stands it would also "exceed" the trained context.
    const issues = issuesOf((c) => (c.models[0].maxContextLength = "40000"));
    expect(issues.map((i) => [i.path, i.message])).toEqual([["llmstack:models[0].maxContextLength", expect.stringMatching(/expected number/)]]);
  });

  test("the provider's own check runs on the inputs the config builds, once no field problem is left", () => {
    // A 254-character prefix makes every pool name too long for Snowflake: only building the inputs shows it.
    const long = (c: Record<string, any>) => (c.snowflake.namePrefix = "P".repeat(254));
    const issues = issuesOf(long);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(["llmstack:snowflake.computePools.GPU_S", "llmstack:snowflake.computePools.CPU_XS"]));
    expect(issues.find((i) => i.path === "llmstack:snowflake.computePools.GPU_S")!.message).toMatch(/not an unquoted upper-case identifier/);
    // With a field problem left, the render check waits: its findings would follow from what is already wrong.
    const both = issuesOf((c) => (long(c), (c.snowflake.warehouse.autoSuspendSecs = "soon")));
    expect(both.map((i) => i.path)).toEqual(["llmstack:snowflake.warehouse.autoSuspendSecs"]);
  });

  test("the environment: llmstack:environment, else the stack name, else dev", () => {
    const env = (raw: Record<string, any>, stackName?: string) => parseStackConfig(raw, { stackName }).environment;
    const withoutEnv = () => {
      const c = rawConfigOf("Pulumi.dev.yaml");
      delete c.environment;
      return c;
    };
    expect(env(withoutEnv(), "prod")).toBe("prod");
    expect(env(withoutEnv())).toBe("dev");
    expect(env({ ...withoutEnv(), environment: "staging" }, "prod")).toBe("staging");
  });

  test("parseStackConfig returns the config or throws every issue at once", () => {
    expect(parseStackConfig(rawConfigOf("Pulumi.dev.yaml")).snowflake!.database).toBe("LLM_DEV");
    const raw = rawConfigOf("Pulumi.dev.yaml");
    raw.snowflake.database = "llm-dev";
    raw.models[0].snowflake.pool = "NOPE";
    let error: unknown;
    try {
      parseStackConfig(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.path)).toEqual(["llmstack:snowflake.database", "llmstack:models[0].snowflake.pool"]);
    expect((error as ConfigError).message).toBe(formatIssues((error as ConfigError).issues));
    expect((error as ConfigError).name).toBe("ConfigError");
  });

  test("the text: a count with its plural, the value when there is one, the hint on its own line", () => {
    expect(formatIssues([{ path: "llmstack:a", message: "is wrong" }])).toBe("invalid stack config: 1 problem\n  - llmstack:a: is wrong");
    expect(formatIssues([{ path: "llmstack:a", message: "m", value: 0, hint: "h" }, { path: "llmstack:b", message: "n", value: "x" }])).toBe(
      'invalid stack config: 2 problems\n  - llmstack:a: m (got 0)\n      hint: h\n  - llmstack:b: n (got "x")',
    );
  });
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
