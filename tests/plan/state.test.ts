/**
 * `--state CHECKPOINT`: the plan against what is deployed, from a `pulumi stack export`.
 *
 * The fixture was written by the real Pulumi CLI (v3.274.1): the deployment built by
 * fixtures/state/make-checkpoint.ts was imported with `pulumi stack import` into a file backend and
 * exported again with `pulumi stack export`. It is the small stack as deployed from a config that
 * also had a pool OLD, plus a warehouse imported by hand; its secrets are real ciphertext of that
 * stack's passphrase, which the plan never has.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DiffEntry } from "../../tools/plan/diff";
import type { PlanDocument } from "../../tools/plan/json";
import { renderMarkdown } from "../../tools/plan/markdown";
import { renderText } from "../../tools/plan/text";
import { cli, FIXTURES, SMALL, SMALL_GPU_M, smallConfig, tempDir, writeStack } from "./helpers";

const CHECKPOINT = join(FIXTURES, "state", "small.checkpoint.json");
const raw = () => JSON.parse(readFileSync(CHECKPOINT, "utf8"));
/** The fake secrets the fixture encrypts (make-checkpoint.ts PLAINTEXT). */
const PLAINTEXT = ["fixture-snowflake-password", "fixture-registry-token"];

async function plan(config: string, state: string, ...more: string[]): Promise<{ code: number; doc: PlanDocument; text: string; md: string }> {
  const json = await cli("--config", config, "--stack", "small", "--state", state, "--format", "json", ...more);
  // The other formats render this same document.
  const doc = JSON.parse(json.out) as PlanDocument;
  return { code: json.code, doc, text: renderText(doc), md: renderMarkdown(doc) };
}

function withState(change: (d: any) => void): string {
  const d = raw();
  change(d);
  const file = join(tempDir(), "checkpoint.json");
  writeFileSync(file, JSON.stringify(d));
  return file;
}
const resource = (d: any, urnEnd: string) => d.deployment.resources.find((r: { urn: string }) => r.urn.endsWith(urnEnd));
const entries = (doc: PlanDocument) => doc.diff!.entries.map((e) => `${e.action} ${e.name}`);

test("the fixture is what pulumi stack export writes: UntypedDeployment v3, a v3.274.1 manifest, encrypted secrets", () => {
  const d = raw();
  expect(d.version).toBe(3);
  const m = d.deployment.manifest;
  expect([m.version, m.magic]).toEqual(["v3.274.1", createHash("sha256").update("v3.274.1").digest("hex")]);
  expect(d.deployment.secrets_providers.type).toBe("passphrase");
  const text = readFileSync(CHECKPOINT, "utf8");
  expect(text).toContain('"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"');
  for (const p of PLAINTEXT) expect(text).not.toContain(p);
});

test("the config it was deployed from plans with no change but the deletion of what the program never made", async () => {
  const deployed = smallConfig();
  deployed["llmstack:snowflake"].computePools.OLD = { instanceFamily: "CPU_X64_XS", minNodes: 1, maxNodes: 1, autoSuspendSecs: 600 };
  const { doc } = await plan(writeStack(deployed), CHECKPOINT);
  // Everything else compares equal: SPCS objects through the provider's check defaults and recorded
  // outputs, @pulumi/snowflake objects without their __defaults, secrets by presence.
  expect(entries(doc)).toEqual(["delete ADHOC_WH"]);
  expect(doc.diff!.entries[0].reasons).toEqual(["imported into the stack (`pulumi import`, id ADHOC_WH), not created by this program"]);
  expect(doc.counts).toMatchObject({ delete: 1, create: 0, update: 0, replace: 0 });
}, 120000);

test("what the config no longer declares is deleted, with what goes with it and the cost delta", async () => {
  const { code, doc, md } = await plan(SMALL, CHECKPOINT, "--fail-on-destructive-gpu");
  expect(entries(doc)).toEqual(["delete llmstack-pool-old-grant", "delete ADHOC_WH", "delete LLM_SMALL_OLD"]);
  const old = doc.diff!.entries.find((e) => e.name === "LLM_SMALL_OLD")!;
  expect(old.reasons).toEqual(["deployed, but the config no longer declares it"]);
  expect(old.goesWith.map((g) => [g.name, g.effect])).toEqual([["llmstack-pool-old-grant", "removed too (it depends on this)"]]);
  expect(doc.diff!.cost).toMatchObject({ creditsPerHourBefore: 0.75, creditsPerHourAfter: 0.69, creditsPerHourDelta: -0.06 });
  // Deleting a compute pool is destructive: the gate stops on it.
  expect([code, doc.destructiveGpuChanges.map((d) => d.name)]).toEqual([3, ["LLM_SMALL_OLD"]]);
  expect(md).toContain("| 🔴 delete | `ADHOC_WH` | Warehouse | imported into the stack");
  expect(doc.diff!.baseline.source).toBe("state:small.checkpoint.json");
}, 120000);

test("a change is classified, costed and followed exactly as against a saved plan (--baseline)", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "plan.json"), (await cli("--config", SMALL, "--format", "json")).out);
  const saved = JSON.parse((await cli("--config", SMALL_GPU_M, "--stack", "small", "--baseline", join(dir, "plan.json"), "--format", "json")).out) as PlanDocument;
  const { doc } = await plan(SMALL_GPU_M, CHECKPOINT);
  // One difference: the images stay as pushed, so the service's new spec names their recorded digests
  // (as `pulumi preview` has them), where a plan has only stand-ins.
  const digests = (d: PlanDocument) => JSON.stringify(d.diff!.entries).match(/@sha256:[0-9a-f]{64}/g) ?? [];
  const pushed = resource(raw(), "llmstack-gateway-image").outputs.digest;
  expect(digests(doc)).toContain(`@${pushed}`);
  expect(new Set(digests(saved))).toEqual(new Set([`@sha256:${"0".repeat(64)}`]));
  const shared = (d: PlanDocument) =>
    (JSON.parse(JSON.stringify(d.diff!.entries).replace(/@sha256:[0-9a-f]{64}/g, "@sha256:…")) as DiffEntry[]).filter((e) => e.action !== "delete");
  expect(shared(doc)).toEqual(shared(saved));
  expect(doc.diff!.pools.filter((p) => p.action !== "delete")).toEqual(saved.diff!.pools);
  expect(doc.diff!.cost.creditsPerHourAfter).toBe(saved.diff!.cost.creditsPerHourAfter);
  expect(doc.diff!.cost.creditsPerHourBefore).toBeCloseTo(saved.diff!.cost.creditsPerHourBefore + 0.06, 6); // + pool OLD
}, 120000);

test("a replaced service names its deployed public URL, read from the recorded outputs", async () => {
  const c = smallConfig();
  c["llmstack:snowflake"].computePools.CPU2 = { instanceFamily: "CPU_X64_S", minNodes: 1, maxNodes: 1, autoSuspendSecs: 600 };
  c["llmstack:models"].find((m: { name: string }) => m.name === "MINILM").snowflake.pool = "CPU2";
  const { doc } = await plan(writeStack(c), CHECKPOINT);
  const url = resource(raw(), "llmstack-model-minilm-service").outputs.ingressUrls.api;
  const svc = doc.diff!.entries.find((e) => e.name === "MINILM_SERVICE")!;
  expect(svc.action).toBe("replace");
  expect(svc.goesWith[0]).toMatchObject({ name: "MINILM_SERVICE endpoint api", effect: `public endpoint gets a new URL (now ${url}), known after deploy: update its callers` });
}, 120000);

test("drift: a value the last refresh recorded differs from the config, and the plan shows the change from what is deployed", async () => {
  // `pulumi refresh` recorded MAX_NODES = 3 on the CPU pool (changed outside Pulumi); the config says 2.
  const drifted = withState((d) => (resource(d, "llmstack-pool-cpu-pool").outputs.maxNodes = 3));
  const { doc } = await plan(SMALL, drifted);
  const pool = doc.diff!.entries.find((e) => e.name === "LLM_SMALL_CPU")!;
  expect(pool).toMatchObject({ action: "update", changes: [{ path: "maxNodes", kind: "update", old: 3, new: 2 }], sql: ["ALTER COMPUTE POOL LLM_SMALL_CPU SET MAX_NODES = 2"] });
}, 120000);

test("secrets are never read: ciphertext and plaintext (an export with --show-secrets) both show as [secret]", async () => {
  const shown = withState((d) => {
    const provider = resource(d, "pulumi:providers:llmstack::llmstack-admin-spcs");
    provider.inputs.password = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: '"hunter2-plaintext"' };
  });
  const ciphertexts = [...readFileSync(CHECKPOINT, "utf8").matchAll(/"ciphertext": "([^"]+)"/g)].map((m) => m[1]);
  expect(ciphertexts.length).toBeGreaterThan(3);
  for (const state of [CHECKPOINT, shown]) {
    const { doc, text, md } = await plan(SMALL, state);
    const json = JSON.stringify(doc);
    for (const out of [json, text, md]) {
      for (const s of [...ciphertexts, ...PLAINTEXT, "hunter2-plaintext"]) expect(out).not.toContain(s);
    }
    const step = doc.steps.find((s) => s.urn.endsWith("llmstack-admin-spcs"))!;
    expect(step.oldState!.inputs.password).toBe("[secret]");
  }
}, 120000);

test("what the checkpoint itself says is shown: an interrupted update, a pending deletion; other schemas are refused", async () => {
  const troubled = withState((d) => {
    const pool = resource(d, "llmstack-pool-gpu-pool");
    d.deployment.pending_operations = [{ resource: pool, type: "updating" }];
    d.deployment.resources.push({ ...resource(d, "llmstack-pool-cpu-pool"), delete: true });
  });
  const { doc, text } = await plan(SMALL, troubled);
  expect(doc.diff!.notes).toEqual([
    "deployed with Pulumi v3.274.1",
    expect.stringMatching(/^the checkpoint records 1 operation\(s\) in flight .*\(updating llmstack-pool-gpu-pool\).*run `pulumi refresh`/),
    "ComputePool llmstack-pool-cpu-pool is marked for deletion by an earlier update (a replacement whose old object was not yet deleted): `pulumi up` deletes it",
  ]);
  expect(text).toContain("  note: the checkpoint records 1 operation(s) in flight");

  const v2 = await cli("--config", SMALL, "--state", withState((d) => (d.version = 2)));
  expect([v2.code, v2.notes]).toEqual([2, expect.stringContaining("has checkpoint version 2; this tool reads versions 3 and 4")]);
  const notCheckpoint = join(tempDir(), "plan.json");
  writeFileSync(notCheckpoint, (await cli("--config", SMALL, "--format", "json")).out);
  expect((await cli("--config", SMALL, "--state", notCheckpoint)).notes).toContain("is not a `pulumi stack export` checkpoint");
  expect((await cli("--config", SMALL, "--state", "no-such.json")).notes).toContain("no --state file no-such.json");
}, 120000);
