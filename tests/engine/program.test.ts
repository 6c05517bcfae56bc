/**
 * The Pulumi program under the REAL pulumi CLI (v3.274.1; tests/engine/support/engine.ts for the setup): the
 * program (dist/index.js) as an Automation API inline program, the real llmstack provider plugin, the real policy
 * pack, and test doubles for the resource plugins that cannot run here (tests/engine/doubles: they record inputs and
 * return ids, nothing more).
 *
 * What must hold: on the dev stack, every example and a violating prod stack, `pulumi preview --policy-pack` reports
 * the same violations (policy, level, resource) as the offline plan and the same resources and change classes; on the
 * Kubernetes example, up → preview --expect-no-changes → refresh --expect-no-changes → destroy, with no plaintext
 * secret in `pulumi stack export`.
 */
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { comparableSteps, offlinePlan, POLICY_PACK, resourceKey, secretsFor, sortedLines, workspace, type PlanJson, type Workspace } from "./support/engine";
import type { DriverResult } from "./support/engineDriver";
import { REPO } from "./support/tools";

const scratch = mkdtempSync(path.join(tmpdir(), "llmstack-stacks-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * Seed 000's mistakes on the dev stack, as prod: whole-internet egress, a GPU pool that never suspends and may grow to
 * 8 nodes, the MINILM endpoint granted to PUBLIC (tests/policies/stacks.test.ts checks the same mistakes in-process).
 * Its models are pinned to a commit, as a prod stack pins them: an unpinned one is a violation only the offline plan
 * can see before the first push (a model service's spec waits for the pushed image digests in a real preview, so the
 * policies that read specs are silent there; README, "What a real preview cannot check").
 */
function violatingStackFile(): string {
  const doc = parse(readFileSync(path.join(REPO, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, any> };
  const c = doc.config;
  c["llmstack:environment"] = "prod";
  for (const m of c["llmstack:models"] as { source: { revision?: string } }[]) m.source.revision = "989aa7980e4cf806f80c7fef2b1adb7bc71aa306";
  c["llmstack:snowflake"].egress.HUGGINGFACE = ["0.0.0.0:443"];
  c["llmstack:snowflake"].computePools.GPU_S.autoSuspendSecs = 0;
  c["llmstack:snowflake"].computePools.GPU_S.maxNodes = 8;
  c["llmstack:models"].find((m: { name: string }) => m.name === "MINILM").snowflake.endpoint.allowedRoles = ["DATAIKU_USERS", "PUBLIC"];
  delete c["llmstack:cost"].budgetCreditsPerDay;
  const file = path.join(scratch, "Pulumi.prod-violating.yaml");
  writeFileSync(file, stringify(doc));
  return file;
}

const STACKS: [string, string, () => string][] = [
  ["Pulumi.dev.yaml", "dev", () => path.join(REPO, "Pulumi.dev.yaml")],
  ...readdirSync(path.join(REPO, "examples"))
    .filter((f) => f.endsWith(".yaml"))
    .map((f): [string, string, () => string] => [`examples/${f}`, f.replace(/^Pulumi\./, "").replace(/\.yaml$/, ""), () => path.join(REPO, "examples", f)]),
  ["a violating prod stack (seed 000's mistakes)", "prod-violating", violatingStackFile],
];

const engineSteps = (r: DriverResult) => comparableSteps(r).map((s) => `${s.op} ${resourceKey(s.urn)}`);

describe.each(STACKS)("%s under the real engine", (_, stack, file) => {
  let plan: PlanJson;
  let ws: Workspace;
  let preview: DriverResult;
  beforeAll(async () => {
    const stackFile = file();
    plan = await offlinePlan(stackFile, stack);
    ws = await workspace(stackFile, stack, secretsFor(plan));
    preview = await ws.op("preview", { policyPacks: [POLICY_PACK] });
  });
  afterAll(() => ws?.remove());

  test("pulumi preview --policy-pack reports the offline plan's violations (policy, level, resource)", () => {
    const engine = preview.policies.map((p) => `${p.policy} ${p.level} ${resourceKey(p.urn)}`);
    const offline = plan.policies.map((p) => `${p.policy} ${p.level} ${resourceKey(p.resourceUrn)}`);
    expect(sortedLines(engine)).toEqual(sortedLines(offline));
    // A mandatory violation fails the engine's preview exactly when it fails the plan.
    expect(preview.ok).toBe(plan.exitCode === 0);
    if (!preview.ok) expect(preview.error).toMatch(/\[mandatory\]/);
  });

  test("the engine plans the same resources with the same change classes", () => {
    expect(preview.steps.length).toBeGreaterThan(0);
    expect(sortedLines(engineSteps(preview))).toEqual(sortedLines(plan.steps.map((s) => `${s.op} ${resourceKey(s.urn)}`)));
  });
});

describe("examples/k8s-dev.yaml: up, no drift, destroy, secrets stay encrypted", () => {
  const stackFile = path.join(REPO, "examples/k8s-dev.yaml");
  let ws: Workspace;
  let plan: PlanJson;
  beforeAll(async () => {
    plan = await offlinePlan(stackFile, "k8s-dev");
    ws = await workspace(stackFile, "k8s-dev", secretsFor(plan));
  });
  afterAll(() => ws?.remove());
  const calls = () => readFileSync(ws.doublesLog, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { pkg: string; op: string; urn: string });
  /** `pulumi stack export`, the plain CLI command (the Automation API's exportStack adds --show-secrets). */
  const exported = () => ws.pulumi("stack", "export");

  test("pulumi up creates what the plan lists; then preview and refresh expect no changes", async () => {
    const up = await ws.op("up");
    expect(up.error).toBeUndefined();
    const created = new Set(calls().filter((c) => c.op === "create").map((c) => resourceKey(c.urn)));
    for (const s of plan.steps.filter((x) => x.newState?.type.startsWith("kubernetes:"))) expect(created).toContain(resourceKey(s.urn));

    const again = await ws.op("preview", { expectNoChanges: true });
    expect(again.error).toBeUndefined();
    expect(new Set(again.steps.map((s) => s.op))).toEqual(new Set(["same"]));
    const refresh = await ws.op("refresh", { expectNoChanges: true });
    expect(refresh.error).toBeUndefined();
  });

  test("pulumi stack export and the state files hold no plaintext secret", async () => {
    const values = Object.values(ws.secrets);
    expect(values.length).toBeGreaterThanOrEqual(2);
    const state = await exported();
    expect(state.match(/"ciphertext"/g)?.length).toBeGreaterThanOrEqual(values.length); // the Secrets' stringData, encrypted
    for (const v of values) expect(state).not.toContain(v);
    const files = readdirSync(ws.stateDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) for (const v of values) expect(readFileSync(path.join(f.parentPath ?? f.path, f.name), "utf8")).not.toContain(v);
    for (const v of values) expect(readFileSync(ws.doublesLog, "utf8")).not.toContain(v);
  });

  test("pulumi destroy deletes every created resource and leaves an empty stack", async () => {
    const destroy = await ws.op("destroy");
    expect(destroy.error).toBeUndefined();
    const all = calls();
    const created = all.filter((c) => c.op === "create").map((c) => c.urn);
    const deleted = all.filter((c) => c.op === "delete").map((c) => c.urn);
    expect(sortedLines(deleted)).toEqual(sortedLines(created));
    const after = JSON.parse(await exported()) as { deployment?: { resources?: unknown[] } };
    expect(after.deployment?.resources ?? []).toEqual([]);
  });
});
