/**
 * The diff against a baseline: each change classified by the SPCS provider's own diff
 * (provider/diff.ts), and what goes with each interrupted, replaced or removed object.
 */
import { classifyChange } from "../../tools/plan/classify";
import { buildDocument } from "../../tools/plan/document";
import type { DiffEntry } from "../../tools/plan/diff";
import type { PlanDocument } from "../../tools/plan/json";
import { runPlan } from "../../tools/plan/run";
import { stackFromConfig } from "../../tools/plan/stackFile";
import { smallConfig } from "./helpers";

type Config = Record<string, any>;

async function plan(config: Config, baseline?: PlanDocument): Promise<PlanDocument> {
  const run = await runPlan(stackFromConfig(config, "small"));
  if (!run.ok) throw new Error(JSON.stringify(run.issues, null, 2));
  return buildDocument(run, baseline ? { source: "test", resources: baseline.resources } : undefined);
}

let base: PlanDocument;
beforeAll(async () => {
  base = await plan(smallConfig());
});

function variant(change: (sf: Config, models: Config[]) => void): Config {
  const c = smallConfig();
  change(c["llmstack:snowflake"], c["llmstack:models"]);
  return c;
}
const entry = (doc: PlanDocument, type: string, name: string): DiffEntry | undefined =>
  doc.diff!.entries.find((e) => e.type === `llmstack:spcs:${type}` && e.name === name);

test("a pool's MAX_NODES change is an update in place (ALTER … SET MAX_NODES), interrupting nothing", async () => {
  const doc = await plan(variant((sf) => (sf.computePools.CPU.maxNodes = 3)), base);
  expect(doc.diff!.entries.map((e) => [e.name, e.action])).toEqual([["LLM_SMALL_CPU", "update"]]);
  const [pool] = doc.diff!.pools;
  expect(pool).toMatchObject({ pool: "LLM_SMALL_CPU", action: "update", interrupts: [], sql: ["ALTER COMPUTE POOL LLM_SMALL_CPU SET MAX_NODES = 3"] });
  expect(pool.creditsPerHourDelta).toBeCloseTo(0.06, 6); // one more CPU_X64_XS node at full activity
  expect(doc.steps.find((s) => s.urn === pool.urn)!.op).toBe("update");
});

test("a pool's INSTANCE_FAMILY change is an update with downtime that names the services and functions it interrupts", async () => {
  const doc = await plan(variant((sf) => (sf.computePools.GPU.instanceFamily = "GPU_NV_M")), base);
  const pool = entry(doc, "ComputePool", "LLM_SMALL_GPU")!;
  expect(pool.action).toBe("update-with-downtime");
  expect(pool.sql).toEqual(["ALTER COMPUTE POOL LLM_SMALL_GPU SUSPEND", "ALTER COMPUTE POOL LLM_SMALL_GPU SET INSTANCE_FAMILY = GPU_NV_M", "ALTER COMPUTE POOL LLM_SMALL_GPU RESUME"]);
  expect(doc.diff!.pools[0].interrupts).toEqual(["QWEN_SERVICE"]); // not MINILM_SERVICE, which runs on the CPU pool
  expect(pool.goesWith.map((g) => g.name)).toEqual(["QWEN_SERVICE", "QWEN_COMPLETE"]);
  expect(doc.diff!.pools[0].creditsPerHourDelta).toBeCloseTo(2.68 - 0.57, 6);
  // The compute-pool section comes before the other changes in every rendering.
  expect(doc.diff!.entries[0].name).toBe("LLM_SMALL_GPU");
});

test("moving a model to another pool replaces its service (new public URL) and takes its function and endpoint grant with it", async () => {
  const doc = await plan(
    variant((sf, models) => {
      sf.computePools.CPU2 = { instanceFamily: "CPU_X64_S", minNodes: 1, maxNodes: 1, autoSuspendSecs: 600 };
      models.find((m) => m.name === "MINILM")!.snowflake.pool = "CPU2";
    }),
    base,
  );
  const svc = entry(doc, "Service", "MINILM_SERVICE")!;
  expect(svc).toMatchObject({ action: "replace", replaceKeys: ["computePool"] });
  expect(svc.consequences.join("\n")).toMatch(/new public ingress URL/);
  const goes = Object.fromEntries(svc.goesWith.map((g) => [g.name, g.effect]));
  expect(goes["MINILM_SERVICE endpoint api"]).toMatch(/new URL/);
  expect(goes.MINILM_EMBED).toMatch(/calls fail until the new service is RUNNING/);
  // The service role grant is issued again for the new service (serviceCreatedOn is unknown until then).
  const grant = doc.diff!.entries.find((e) => e.type === "llmstack:spcs:ServiceRoleGrant")!;
  expect(grant).toMatchObject({ action: "replace", causedBy: [svc.urn] });
  // The function is re-pointed at the new service by the provider's own rule for `service`.
  expect(entry(doc, "ServiceFunction", "MINILM_EMBED")).toMatchObject({ causedBy: [svc.urn], unknownKeys: ["service"] });
  expect(doc.diff!.gpus).toEqual([]);
  expect(entry(doc, "Service", "QWEN_SERVICE")).toBeUndefined();
});

test("a removed model removes its service, its function and its endpoint grant, and nothing else of SPCS", async () => {
  const doc = await plan(
    variant((_sf, models) => models.splice(models.findIndex((m) => m.name === "MINILM"), 1)),
    base,
  );
  const removed = doc.diff!.entries.filter((e) => e.action === "delete" && e.type.startsWith("llmstack:spcs:")).map((e) => e.name);
  expect(removed.sort()).toEqual(["MINILM_EMBED", "MINILM_SERVICE", "llmstack-model-minilm-endpoints-to-app_users"]);
  const svc = entry(doc, "Service", "MINILM_SERVICE")!;
  expect(svc.goesWith.map((g) => [g.name, g.effect])).toEqual([
    ["MINILM_EMBED", "removed too (it depends on this)"],
    ["llmstack-model-minilm-endpoints-to-app_users", "removed too (it depends on this)"],
  ]);
  expect(doc.steps.filter((s) => s.op === "delete").map((s) => s.urn)).toContain(entry(doc, "ServiceFunction", "MINILM_EMBED")!.urn);
  expect(doc.diff!.entries.some((e) => e.name.startsWith("QWEN"))).toBe(false);
});

test("planning two programs in one process leaves no state behind: the baseline plans the same again", async () => {
  await plan(variant((sf) => (sf.computePools.GPU.maxNodes = 4)));
  const again = await plan(smallConfig(), base);
  expect(again.resources).toEqual(base.resources);
  expect(again.diff!.entries).toEqual([]);
});

test("other providers: only the verified table decides; anything else is left to the provider", () => {
  const rule = "snowflake:index/networkRule:NetworkRule";
  expect(classifyChange(rule, { name: "A", valueLists: ["a:443"] }, { name: "A", valueLists: ["b:443"] }).action).toBe("update");
  expect(classifyChange(rule, { name: "A" }, { name: "B" })).toMatchObject({ action: "replace", replaceKeys: ["name"] });
  expect(classifyChange("snowflake:index/warehouse:Warehouse", { warehouseSize: "XSMALL" }, { warehouseSize: "SMALL" })).toMatchObject({
    action: "provider-decides",
    certainty: "provider-decides",
  });
});
