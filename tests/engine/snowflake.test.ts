/**
 * Pulumi.dev.yaml deployed by the REAL pulumi CLI, its llmstack provider plugin talking to the Snowflake emulator
 * (tests/support/emulator: the real snowflake-sdk driver over HTTP, backed by the fake catalog) — the only plugin here
 * that does real work; @pulumi/snowflake and docker resources go to the recording doubles (tests/engine/doubles).
 *
 * up → preview and refresh expect no changes → a GPU pool's instance family changes (the engine's preview and the
 * offline plan diffed against the engine's own checkpoint agree; up runs SUSPEND, SET INSTANCE_FAMILY, RESUME and the
 * services run again) → `pulumi stack export` holds no plaintext secret → destroy leaves nothing in the emulator.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { SnowflakeEmulator } from "../support/emulator/server";
import { comparableSteps, offlinePlan, POLICY_PACK, resourceKey, secretsFor, sortedLines, workspace, type PlanJson, type Workspace } from "./support/engine";
import type { DriverResult } from "./support/engineDriver";
import { REPO } from "./support/tools";

type StackDoc = { config: Record<string, any> };
const STACK = "dev";
const GPU_POOL = "LLM_DEV_GPU_S";

let emulator: SnowflakeEmulator;
let ws: Workspace;
let plan: PlanJson;
let doc: StackDoc;

/**
 * Writes `d`'s config to the stack file the workspace uses (the engine reads it on every operation), keeping what
 * `pulumi config set --secret` put there (the encryption salt, the encrypted values); returns its path.
 */
function writeStack(d: StackDoc): string {
  const current = parse(readFileSync(ws.stackFile, "utf8")) as StackDoc & Record<string, unknown>;
  const encrypted = Object.entries(current.config).filter(([, v]) => typeof v === "object" && v !== null && "secure" in v);
  writeFileSync(ws.stackFile, stringify({ ...current, config: { ...d.config, ...Object.fromEntries(encrypted) } }));
  return ws.stackFile;
}

const fake = () => emulator.fake;
const servicesRunning = () => [...fake().services.values()].filter((s) => !s.isJob).map((s) => `${s.fqn} ${s.status}`);
const changed = (r: DriverResult) => comparableSteps(r).filter((s) => s.op !== "same");

beforeAll(async () => {
  doc = parse(readFileSync(path.join(REPO, "Pulumi.dev.yaml"), "utf8")) as StackDoc;
  plan = await offlinePlan(path.join(REPO, "Pulumi.dev.yaml"), STACK);
  // The connection password is a Pulumi secret too (the plan assumes none: the provider may read SNOWFLAKE_PASSWORD).
  const secrets = { ...secretsFor(plan), "snowflake:password": `plaintext-password-${randomBytes(12).toString("hex")}` };
  const c = doc.config;
  emulator = new SnowflakeEmulator({ account: `${c["snowflake:organizationName"]}-${c["snowflake:accountName"]}`, users: [{ name: c["snowflake:user"], password: secrets["snowflake:password"] }] });
  const where = await emulator.start();
  // The connection settings provider/auth.ts maps to the driver's accessUrl http://HOST:PORT.
  Object.assign(c, { "snowflake:host": where.host, "snowflake:protocol": "http", "snowflake:port": String(where.port) });
  const stackFile = path.join(REPO, "Pulumi.dev.yaml");
  ws = await workspace(stackFile, STACK, secrets, { LLMSTACK_POLL_INTERVAL_MS: "100" });
  writeStack(doc);
});

afterAll(async () => {
  ws?.remove();
  await emulator?.stop();
});

test("pulumi up deploys the SPCS objects into the emulator; then preview and refresh expect no changes", async () => {
  const up = await ws.op("up", { policyPacks: [POLICY_PACK] });
  expect(up.error).toBeUndefined();
  expect(up.policies).toEqual([]);
  expect(sortedLines([...fake().pools.keys()])).toEqual(["LLM_DEV_CPU_XS", GPU_POOL]);
  expect(sortedLines(servicesRunning())).toEqual(["LLM_DEV.MODELS.MINILM_SERVICE RUNNING", "LLM_DEV.MODELS.QWEN_SERVICE RUNNING"]);
  expect(fake().functions.size).toBe(2);

  const again = await ws.op("preview", { expectNoChanges: true });
  expect(again.error).toBeUndefined();
  expect(changed(again)).toEqual([]);
  const refresh = await ws.op("refresh", { expectNoChanges: true });
  expect(refresh.error).toBeUndefined();
});

test("a GPU pool's instance family changes: the engine and the offline plan agree; up suspends, sets, resumes; services run again", async () => {
  // The offline plan of the change, as a reviewer gets it: the new config against the old config's plan.json.
  const baseline = path.join(ws.dir, "before.plan.json");
  writeFileSync(baseline, JSON.stringify(await offlinePlan(ws.stackFile, STACK)));
  const checkpoint = path.join(ws.dir, "before.checkpoint.json");
  writeFileSync(checkpoint, await ws.pulumi("stack", "export"));
  const next = structuredClone(doc);
  next.config["llmstack:snowflake"].computePools.GPU_S.instanceFamily = "GPU_NV_M";
  const stackFile = writeStack(next);

  const preview = await ws.op("preview", { policyPacks: [POLICY_PACK] });
  expect(preview.error).toBeUndefined();
  const offline = await offlinePlan(stackFile, STACK, { baseline });
  // The Node provider SDK sends no changed-key list with a diff (@pulumi/pulumi 3.270 provider/server.js `diff`),
  // so the engine's side is op and resource; the plan says why.
  const engineChanges = changed(preview).map((s) => `${s.op} ${resourceKey(s.urn)}`);
  const planChanges = offline.steps.filter((s) => s.op !== "same");
  expect(sortedLines(engineChanges)).toEqual(sortedLines(planChanges.map((s) => `${s.op} ${resourceKey(s.urn)}`)));
  const pool = "llmstack:snowflake:Platform$llmstack:snowflake:ComputePool$llmstack:spcs:ComputePool::llmstack-pool-gpu_s-pool";
  expect(engineChanges).toContain(`update ${pool}`);
  expect(planChanges.find((s) => resourceKey(s.urn) === pool)?.diffReasons).toEqual(["instanceFamily"]);
  expect(sortedLines(preview.policies.map((p) => `${p.policy} ${p.level} ${resourceKey(p.urn)}`))).toEqual(
    sortedLines(offline.policies.map((p) => `${p.policy} ${p.level} ${resourceKey(p.resourceUrn)}`)),
  );
  // Against the engine's own checkpoint (--state), run where the engine ran the program, the plan names exactly the
  // engine's changes: values only a provider computes (a service's created_on, the registry URL) come from the
  // checkpoint for the resources that stay as they are, as the engine hands them on.
  const fromState = await offlinePlan(stackFile, STACK, { state: checkpoint, cwd: ws.workDir });
  const stateChanges = fromState.steps.filter((s) => s.op !== "same");
  expect(sortedLines(stateChanges.map((s) => `${s.op} ${resourceKey(s.urn)}`))).toEqual(sortedLines(engineChanges));

  const before = fake().statements.length;
  const up = await ws.op("up");
  expect(up.error).toBeUndefined();
  const sql = fake().statements.slice(before);
  const at = (re: RegExp) => sql.findIndex((s) => re.test(s));
  const suspend = at(new RegExp(`^ALTER COMPUTE POOL "?${GPU_POOL}"? SUSPEND`, "i"));
  const set = at(new RegExp(`^ALTER COMPUTE POOL "?${GPU_POOL}"? SET .*INSTANCE_FAMILY = GPU_NV_M`, "i"));
  const resume = at(new RegExp(`^ALTER COMPUTE POOL "?${GPU_POOL}"? RESUME`, "i"));
  const serviceResume = at(/^ALTER SERVICE .*QWEN_SERVICE.* RESUME/i);
  expect([suspend, set, resume, serviceResume].every((i) => i >= 0)).toBe(true);
  expect(suspend).toBeLessThan(set);
  expect(set).toBeLessThan(resume);
  expect(resume).toBeLessThan(serviceResume);
  expect(fake().pools.get(GPU_POOL)?.instanceFamily).toBe("GPU_NV_M");
  expect(sortedLines(servicesRunning())).toEqual(["LLM_DEV.MODELS.MINILM_SERVICE RUNNING", "LLM_DEV.MODELS.QWEN_SERVICE RUNNING"]);

  const again = await ws.op("preview", { expectNoChanges: true });
  expect(again.error).toBeUndefined();
  doc = next;
});

test("pulumi stack export and the state files hold no plaintext secret", async () => {
  const values = Object.values(ws.secrets);
  const state = await ws.pulumi("stack", "export");
  expect(state).toContain('"ciphertext"');
  for (const v of values) expect(state).not.toContain(v);
  for (const v of values) expect(readFileSync(ws.doublesLog, "utf8")).not.toContain(v);
});

test("pulumi destroy leaves nothing in the emulator", async () => {
  expect(fake().pools.size + fake().services.size + fake().functions.size + fake().grants.size).toBeGreaterThan(0);
  const destroy = await ws.op("destroy");
  expect(destroy.error).toBeUndefined();
  const left = {
    pools: [...fake().pools.keys()],
    services: [...fake().services.keys()],
    functions: [...fake().functions.keys()],
    grants: [...fake().grants],
    repositories: [...fake().repos.keys()],
    integrations: [...fake().eais.keys()],
  };
  expect(left).toEqual({ pools: [], services: [], functions: [], grants: [], repositories: [], integrations: [] });
});
