/**
 * config/renderable.ts checks the inputs the program will send to the SPCS provider. That only holds
 * if it builds them as the components do: for every example stack, the objects it builds are exactly
 * the llmstack:spcs:* resources the program registers, with the same inputs.
 */
import { join } from "node:path";
import { spcsObjects } from "../../config/renderable";
import { spcsKindOf } from "../../provider/resources";
import { providerRefusals, runPlan } from "../../tools/plan/run";
import { readStackFile } from "../../tools/plan/stackFile";

const ROOT = join(__dirname, "..", "..");
const STACKS: [string, string][] = [
  ["Pulumi.dev.yaml", "dev"],
  ["examples/Pulumi.seed000-dataiku.yaml", "seed000-dataiku"],
  ["examples/Pulumi.seed003-filter.yaml", "seed003-filter"],
];
const runs = new Map<string, Awaited<ReturnType<typeof runPlan>>>();
async function planned(file: string, stack: string) {
  if (!runs.has(file)) runs.set(file, await runPlan(readStackFile(join(ROOT, file), stack)));
  const run = runs.get(file)!;
  if (!run.ok) throw new Error(JSON.stringify(run.issues));
  return run;
}

/** Identity of an SPCS object: kind and name (grants: service and grantee). */
const keyOf = (kind: string, p: Record<string, unknown>) => (kind === "ServiceRoleGrant" ? `${kind} ${p.service} ${p.toRole}` : `${kind} ${p.name}`);

test.each(STACKS)("%s: the objects the config check builds are the ones the program registers", async (file, stack) => {
  const run = await planned(file, stack);
  const recorded = new Map(
    run.resources.filter((r) => spcsKindOf(r.type)).map((r) => [keyOf(spcsKindOf(r.type)!, r.inputs), r.inputs] as const),
  );
  const built = new Map(spcsObjects(run.config, { hfToken: run.stack.secretKeys.includes("llmstack:hfToken") }).map((o) => [keyOf(o.kind, o.inputs), o.inputs] as const));
  expect([...built.keys()].sort()).toEqual([...recorded.keys()].sort());
  for (const [key, inputs] of built) {
    // Every input the check sets is the input registered (the program may add more: comments, createdOn).
    const defined = Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined));
    expect([key, recorded.get(key)]).toEqual([key, expect.objectContaining(defined)]);
  }
  // And the provider's own check accepts everything the program registered.
  expect(providerRefusals(run.resources)).toEqual([]);
});

test("the plan's last check names what the provider would refuse", async () => {
  const run = await planned(...STACKS[0]);
  const fn = run.resources.find((r) => spcsKindOf(r.type) === "ServiceFunction")!;
  const tampered = [{ ...fn, inputs: { ...fn.inputs, returns: "NOT A TYPE;" } }];
  expect(providerRefusals(tampered)).toEqual([expect.objectContaining({ path: expect.stringMatching(/ServiceFunction \w+\.returns$/), message: expect.stringMatching(/not a SQL data type/) })]);
});
