/**
 * One stack per environment, as the project is used (`pulumi up` per environment): dev, staging and
 * prod are each clean under their environment's policy levels.
 */
import { cli } from "./helpers";

test.each([
  ["dev", []],
  // Staging rehearses prod with the protection policy advisory; only llmstack:environment: prod
  // protects the database (components/snowflake/platform.ts), so that warning stays.
  ["staging", ["advisory prod-protect-stateful llmstack-access-database"]],
  ["prod", []],
])("Pulumi.%s.yaml plans clean in its environment", async (stack, expected) => {
  const run = await cli("--stack", stack, "--format", "json");
  expect([run.code, run.notes]).toEqual([0, ""]);
  const doc = JSON.parse(run.out);
  expect([doc.stack, doc.environment]).toEqual([stack, stack]);
  expect(doc.policies.map((p: { level: string; policy: string; resourceName?: string }) => `${p.level} ${p.policy} ${p.resourceName}`)).toEqual(expected);
  expect(doc.assumedSecrets).toEqual(["llmstack:registryToken"]);
  if (stack !== "dev") {
    // Model revisions pinned outside dev; protection where the environment asks for it.
    const revisions = doc.resources
      .filter((r: { type: string }) => r.type === "llmstack:spcs:Service")
      .flatMap((r: { inputs: { specification: { spec: { containers: { args?: string[] }[] } } } }) => r.inputs.specification.spec.containers.flatMap((c) => c.args ?? []))
      .filter((_a: string, i: number, args: string[]) => args[i - 1] === "--revision");
    expect(revisions.length).toBeGreaterThan(0);
    for (const r of revisions) expect(r).toMatch(/^[0-9a-f]{40}$/);
    const gpuPool = doc.resources.find((r: { type: string; inputs: { instanceFamily?: string } }) => r.type === "llmstack:spcs:ComputePool" && r.inputs.instanceFamily === "GPU_NV_S");
    expect([gpuPool.protect, gpuPool.retainOnDelete]).toEqual([true, true]);
  }
}, 120000);
