/**
 * `--fail-on-destructive-gpu`: exit 3 when a compute pool, an SPCS service or a GPU workload is
 * replaced, deleted or updated with downtime; off by default; a mandatory violation (1) wins.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { exitCodeOf } from "../../tools/plan/command";
import type { PlanDocument } from "../../tools/plan/json";
import { cli, SMALL, smallConfig, tempDir, writeStack } from "./helpers";

const K8S = join(__dirname, "..", "..", "examples", "k8s-dev.yaml");

async function baseline(config: string, stack: string): Promise<string> {
  const file = join(tempDir(), "plan.json");
  const run = await cli("--config", config, "--stack", stack, "--format", "json");
  expect(run.code).toBe(0);
  writeFileSync(file, run.out);
  return file;
}

/** The exit code with the flag, the one without it (the same plan), and the changes it stops on. */
async function gate(config: Record<string, unknown>, base: string, stack = "small") {
  const file = writeStack(config, stack);
  const on = await cli("--config", file, "--baseline", base, "--fail-on-destructive-gpu", "--format", "json");
  const doc = on.code === 2 ? undefined : (JSON.parse(on.out) as PlanDocument);
  return { on: on.code, off: doc ? exitCodeOf(doc, false) : on.code, changes: (doc?.destructiveGpuChanges ?? []).map((d) => `${d.name}: ${d.action}`) };
}

let small: string;
beforeAll(async () => {
  small = await baseline(SMALL, "small");
}, 120000);

test("a pool's INSTANCE_FAMILY change (downtime) exits 3 with the flag, 0 without", async () => {
  const c = smallConfig();
  c["llmstack:snowflake"].computePools.GPU.instanceFamily = "GPU_NV_M";
  expect(await gate(c, small)).toEqual({ on: 3, off: 0, changes: ["LLM_SMALL_GPU: update-with-downtime"] });
  // The CLI without the flag: the gate is opt-in.
  expect((await cli("--config", writeStack(c), "--baseline", small)).code).toBe(0);
}, 120000);

test("a change in place (MAX_NODES) is not destructive", async () => {
  const c = smallConfig();
  c["llmstack:snowflake"].computePools.CPU.maxNodes = 3;
  expect(await gate(c, small)).toEqual({ on: 0, off: 0, changes: [] });
}, 120000);

test("moving a model to another pool replaces its service; removing a model deletes one", async () => {
  const moved = smallConfig();
  moved["llmstack:snowflake"].computePools.CPU2 = { instanceFamily: "CPU_X64_S", minNodes: 1, maxNodes: 1, autoSuspendSecs: 600 };
  moved["llmstack:models"].find((m: { name: string }) => m.name === "MINILM").snowflake.pool = "CPU2";
  expect(await gate(moved, small)).toEqual({ on: 3, off: 0, changes: ["MINILM_SERVICE: replace"] });

  const removed = smallConfig();
  removed["llmstack:models"] = removed["llmstack:models"].filter((m: { name: string }) => m.name !== "QWEN");
  expect((await gate(removed, small)).changes).toEqual(["QWEN_SERVICE: delete"]);
}, 120000);

test("a mandatory violation exits 1 even when the change is destructive too", async () => {
  const c = smallConfig();
  c["llmstack:snowflake"].computePools.GPU.instanceFamily = "GPU_NV_M";
  c["llmstack:snowflake"].oauthClients = { APP: { redirectUri: "https://app.example.com/callback", refreshTokenValiditySecs: 7776000 } };
  expect(await gate(c, small)).toMatchObject({ on: 1, off: 1, changes: ["LLM_SMALL_GPU: update-with-downtime"] });
}, 120000);

test("Kubernetes: removing the GPU model's server counts; any change to a CPU workload does not", async () => {
  const base = await baseline(K8S, "k8s-dev");
  const config = () => parse(readFileSync(K8S, "utf8")).config;
  const gpu = config();
  gpu["llmstack:models"] = gpu["llmstack:models"].filter((m: { name: string }) => m.name !== "MISTRAL"); // on a T4
  gpu["llmstack:kubernetes"].ui.enabled = false; // the UI needs a chat model
  expect(await gate(gpu, base, "k8s-dev")).toEqual({ on: 3, off: 0, changes: ["mistral: delete"] });
  const cpu = config();
  cpu["llmstack:models"][1].kubernetes.replicas = 2; // MINILM, on CPU
  expect(await gate(cpu, base, "k8s-dev")).toEqual({ on: 0, off: 0, changes: [] });
}, 120000);
