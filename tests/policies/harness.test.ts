/**
 * The in-process CrossGuard (policies/harness.ts) with policies made for the test: which resources a policy sees,
 * what it is handed, and how its errors, preview unknowns and "not applicable" come out, as the CLI reports them.
 */
import { validateResourceOfType, validateStackResourcesOfType, type ResourceValidationArgs, type StackValidationArgs } from "@pulumi/policy";
import { runPolicyPack } from "../../policies/harness";
import type { LlmstackPolicy } from "../../policies/util";
import { TYPES } from "../../policies/util";
import * as sdk from "../../provider/sdk";
import { res } from "./fixtures";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const pool = res(TYPES.ComputePool, "pool", { name: "P", minNodes: 1 }, { protect: true });
const provider = res("pulumi:providers:llmstack", "admin-spcs", { role: "ACCOUNTADMIN" });
const service = { ...res(TYPES.Service, "svc", { name: "S", computePool: UNKNOWN }, { provider }), parent: pool.urn, dependencies: [pool.urn], propertyDependencies: { computePool: [pool.urn] }, deleteBeforeReplace: true };
const resources = [pool, provider, service];

const resourcePolicy = (name: string, validateResource: unknown): LlmstackPolicy => ({ name, description: `${name} for the test`, enforcementLevel: "mandatory", validateResource } as unknown as LlmstackPolicy);
const stackPolicy = (name: string, validateStack: unknown): LlmstackPolicy => ({ name, description: `${name} for the test`, enforcementLevel: "advisory", validateStack } as unknown as LlmstackPolicy);

test("a resource policy sees every resource with its options and provider; a typed one only its type; each validator of a list runs", async () => {
  const seen: string[] = [];
  const all = resourcePolicy("all", (args: ResourceValidationArgs) => {
    seen.push(`all ${args.name} protect=${args.opts.protect} parent=${args.opts.parent ?? "-"} dbr=${args.opts.deleteBeforeReplace ?? false} provider=${args.provider?.name ?? "-"}`);
  });
  const typed = resourcePolicy("typed", validateResourceOfType(sdk.ComputePool, (props, args) => void seen.push(`typed ${args.name} ${props.name}`)));
  const listed = resourcePolicy("listed", [(a: ResourceValidationArgs) => void seen.push(`first ${a.name}`), (a: ResourceValidationArgs) => void (a.name === "pool" && seen.push("second pool"))]);
  const run = await runPolicyPack(resources, { policies: [all, typed, listed] });
  expect(run.violations).toEqual([]);
  expect(seen).toEqual([
    `all pool protect=true parent=${pool.parent} dbr=false provider=-`,
    "typed pool P",
    "first pool",
    "second pool",
    `all admin-spcs protect=false parent=${provider.parent} dbr=false provider=-`,
    "first admin-spcs",
    `all svc protect=false parent=${pool.urn} dbr=true provider=admin-spcs`,
    "first svc",
  ]);
});

test("isType and asType: by a class's type token, else by its isInstance", async () => {
  const got: unknown[] = [];
  const byInstance = { isInstance: (o: { __pulumiType?: string }) => o.__pulumiType === TYPES.Service };
  const p = resourcePolicy("types", (args: ResourceValidationArgs) => {
    got.push([args.name, args.isType(sdk.ComputePool as never), args.isType(byInstance as never), args.isType({} as never), args.asType(sdk.ComputePool as never) === undefined]);
  });
  await runPolicyPack([pool, service], { policies: [p] });
  expect(got).toEqual([
    ["pool", true, false, false, false],
    ["svc", false, true, false, true],
  ]);
});

test("reports: the resource, or the one a stack policy names; levels as resolved", async () => {
  const p = resourcePolicy("named", (args: ResourceValidationArgs, report: (m: string, urn?: string) => void) => args.name === "svc" && report("bad"));
  const s = stackPolicy("stack", (_: StackValidationArgs, report: (m: string, urn?: string) => void) => {
    report("about the pool", pool.urn);
    report("about nothing");
  });
  const run = await runPolicyPack(resources, { policies: [p, s] });
  expect(run.violations).toEqual([
    { policy: "named", level: "mandatory", resourceUrn: service.urn, resourceName: "svc", type: TYPES.Service, message: "bad" },
    { policy: "stack", level: "advisory", resourceUrn: pool.urn, resourceName: "pool", type: TYPES.ComputePool, message: "about the pool" },
    { policy: "stack", level: "advisory", resourceUrn: undefined, resourceName: undefined, type: undefined, message: "about nothing" },
  ]);
  await expect(runPolicyPack(resources, { policies: [p], levels: { nope: "advisory" } })).rejects.toThrow('levels names unknown policy "nope"');
});

test("a value unknown in preview is an advisory 'can't run'; not applicable is listed with its reason; any other error stops the run", async () => {
  const reads = resourcePolicy("reads-pool", (args: ResourceValidationArgs) => void args.props.computePool);
  const na = resourcePolicy("na", (args: ResourceValidationArgs) => (args.name === "pool" ? args.notApplicable("no GPUs here") : args.name === "svc" ? args.notApplicable() : undefined));
  const run = await runPolicyPack(resources, { policies: [reads, na] });
  expect(run.violations).toEqual([{ policy: "reads-pool", level: "advisory", message: expect.stringMatching(/^can't run policy 'reads-pool' during preview: .*computePool/) }]);
  expect(run.notApplicable).toEqual([{ policy: "na", reason: "no GPUs here" }, { policy: "na", reason: "" }]);
  const broken = resourcePolicy("broken", () => {
    throw new TypeError("a bug");
  });
  await expect(runPolicyPack(resources, { policies: [broken] })).rejects.toThrow("Error validating resource with policy 'broken': a bug");
});

test("a stack policy sees every resource linked to its parent, dependencies and provider; a typed one runs only when its type is there", async () => {
  let view: StackValidationArgs["resources"] = [];
  const s = stackPolicy("links", (args: StackValidationArgs) => void (view = args.resources));
  const typedRuns: number[] = [];
  const typed = stackPolicy("typed-stack", validateStackResourcesOfType(sdk.ComputePool, (pools) => void typedRuns.push(pools.length)));
  await runPolicyPack(resources, { policies: [s, typed] });
  const svc = view.find((r) => r.name === "svc")!;
  expect([svc.parent?.name, svc.dependencies.map((d) => d.name), svc.propertyDependencies.computePool.map((d) => d.name), svc.provider?.name]).toEqual(["pool", ["pool"], ["pool"], "admin-spcs"]);
  expect(view.find((r) => r.name === "pool")!.parent).toBeUndefined();
  await runPolicyPack([service, provider], { policies: [typed] });
  expect(typedRuns).toEqual([1]);
});
