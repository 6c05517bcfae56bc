/**
 * The pack as CrossGuard sees it: names and metadata, type tokens, enforcement levels per
 * environment and per pack config, and the harness passing CrossGuard's arguments.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import * as k8s from "@pulumi/kubernetes";
import * as snowflake from "@pulumi/snowflake";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { contextFromStack, environmentFromStackName } from "../../policies/context";
import { runPolicies, runPolicyPack } from "../../policies/harness";
import { assertUniqueNames, createPolicies, POLICY_NAMES, policies } from "../../policies/policies";
import * as sdk from "../../provider/sdk";
import { TYPES } from "../../policies/util";
import { happyStack, list, res, withInputs } from "./fixtures";

test("policy names are stable kebab-case, unique, never the reserved 'all'; metadata CrossGuard accepts", () => {
  expect(POLICY_NAMES).toEqual([
    "snowflake-egress-no-wildcards",
    "snowflake-oauth-blocked-roles",
    "snowflake-oauth-refresh-token-validity",
    "snowflake-oauth-https-redirect",
    "spcs-endpoint-access",
    "no-plaintext-secrets",
    "snowflake-no-public-grants",
    "snowflake-runtime-role-least-privilege",
    "spcs-runtime-objects-not-admin-owned",
    "images-pinned",
    "model-remote-code-pinned",
    "spcs-model-revision-pinned",
    "spcs-compute-pool-auto-suspend",
    "spcs-service-auto-suspend",
    "spcs-gpu-pool-caps",
    "spcs-chat-model-on-gpu",
    "spcs-embedding-model-on-cpu",
    "stack-credit-budget",
    "prod-protect-stateful",
    "k8s-gpu-resources",
    "k8s-probes",
    "k8s-non-root",
    "k8s-pvc-explicit",
    "k8s-model-revision-pinned",
  ]);
  for (const p of policies) {
    expect(p.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(p.description.length).toBeGreaterThan(20);
    // PolicyPack exits the process when enforcementLevel appears in a config schema.
    expect(p.configSchema?.properties ?? {}).not.toHaveProperty("enforcementLevel");
    expect(p.configSchema?.required ?? []).not.toContain("enforcementLevel");
    expect(("validateResource" in p) !== ("validateStack" in p)).toBe(true);
  }
});

test("type tokens are the SDKs' own", () => {
  const classes: [string, unknown][] = [
    [TYPES.NetworkRule, snowflake.NetworkRule],
    [TYPES.OauthIntegrationForCustomClients, snowflake.OauthIntegrationForCustomClients],
    [TYPES.GrantPrivilegesToAccountRole, snowflake.GrantPrivilegesToAccountRole],
    [TYPES.GrantAccountRole, snowflake.GrantAccountRole],
    [TYPES.GrantOwnership, snowflake.GrantOwnership],
    [TYPES.Database, snowflake.Database],
    [TYPES.Warehouse, snowflake.Warehouse],
    [TYPES.Stage, snowflake.Stage],
    [TYPES.SecretWithGenericString, snowflake.SecretWithGenericString],
    [TYPES.Deployment, k8s.apps.v1.Deployment],
    [TYPES.StatefulSet, k8s.apps.v1.StatefulSet],
    [TYPES.DaemonSet, k8s.apps.v1.DaemonSet],
    [TYPES.ReplicaSet, k8s.apps.v1.ReplicaSet],
    [TYPES.Job, k8s.batch.v1.Job],
    [TYPES.CronJob, k8s.batch.v1.CronJob],
    [TYPES.Pod, k8s.core.v1.Pod],
    [TYPES.PersistentVolumeClaim, k8s.core.v1.PersistentVolumeClaim],
    [TYPES.ConfigMap, k8s.core.v1.ConfigMap],
    [TYPES.ComputePool, sdk.ComputePool],
    [TYPES.Service, sdk.Service],
    [TYPES.ServiceRoleGrant, sdk.ServiceRoleGrant],
  ];
  for (const [token, cls] of classes) expect((cls as { __pulumiType?: string }).__pulumiType).toBe(token);
});

// ---------------------------------------------------------------------------------------------
// Enforcement levels

const poolNeverSuspends = () => {
  const s = happyStack();
  s.gpuPool = withInputs(s.gpuPool, { autoSuspendSecs: 0 });
  s.rule = withInputs(s.rule, { valueLists: ["0.0.0.0:443"] });
  s.qwen = withInputs(s.qwen, {
    specification: { spec: { containers: [{ name: "m", image: "/a/b/c/vllm:latest", args: ["--model", "Qwen/Qwen2.5-1.5B-Instruct"] }] } },
  });
  s.gpuPool = { ...s.gpuPool, protect: false };
  return list(s);
};
const levelsOf = (vs: { policy: string; level: string }[]) => Object.fromEntries(vs.map((v) => [v.policy, v.level]));

test.each([
  ["dev", { "snowflake-egress-no-wildcards": "mandatory", "spcs-compute-pool-auto-suspend": "advisory" }],
  ["staging", { "snowflake-egress-no-wildcards": "mandatory", "spcs-compute-pool-auto-suspend": "mandatory", "images-pinned": "mandatory", "spcs-model-revision-pinned": "mandatory", "prod-protect-stateful": "advisory" }],
  ["prod", { "snowflake-egress-no-wildcards": "mandatory", "spcs-compute-pool-auto-suspend": "mandatory", "images-pinned": "mandatory", "spcs-model-revision-pinned": "mandatory", "prod-protect-stateful": "mandatory" }],
] as const)("default levels in %s: security mandatory, cost advisory in dev only, releases and protection off in dev", async (environment, expected) => {
  expect(levelsOf(await runPolicies(poolNeverSuspends(), { environment }))).toEqual(expected);
});

test("the environment comes from the stack name when nothing else says", async () => {
  expect(levelsOf(await runPolicies(poolNeverSuspends(), { stackName: "acme-prod" }))["spcs-compute-pool-auto-suspend"]).toBe("mandatory");
  expect(levelsOf(await runPolicies(poolNeverSuspends(), { stackName: "dev" }))["spcs-compute-pool-auto-suspend"]).toBe("advisory");
  expect(["prod", "production", "eu-prd"].map(environmentFromStackName)).toEqual(["prod", "prod", "prod"]);
  expect(["staging", "stage", "product", "dev"].map(environmentFromStackName)).toEqual(["staging", "staging", "dev", "dev"]);
});

test("pack config: disabled silences, `all` sets every level, a policy's own entry wins, levels override", async () => {
  const r = poolNeverSuspends();
  expect(levelsOf(await runPolicies(r, { environment: "prod", config: { "spcs-compute-pool-auto-suspend": "disabled" } }))).not.toHaveProperty("spcs-compute-pool-auto-suspend");
  expect(levelsOf(await runPolicies(r, { environment: "prod", config: { all: "advisory" } }))).toEqual({
    "snowflake-egress-no-wildcards": "advisory",
    "spcs-compute-pool-auto-suspend": "advisory",
    "images-pinned": "advisory",
    "spcs-model-revision-pinned": "advisory",
    "prod-protect-stateful": "advisory",
  });
  const mixed = levelsOf(await runPolicies(r, { environment: "dev", config: { all: "disabled", "images-pinned": { enforcementLevel: "mandatory" } } }));
  expect(mixed).toEqual({ "images-pinned": "mandatory" });
  expect(levelsOf(await runPolicies(r, { environment: "dev", levels: { "snowflake-egress-no-wildcards": "disabled" } }))).not.toHaveProperty("snowflake-egress-no-wildcards");
  // remediate: no remediation exists, so CrossGuard reports it as mandatory.
  expect(levelsOf(await runPolicies(r, { environment: "dev", config: { "spcs-compute-pool-auto-suspend": "remediate" } }))["spcs-compute-pool-auto-suspend"]).toBe("mandatory");
  await expect(runPolicies(r, { config: { "no-such-policy": "advisory" } })).rejects.toThrow(/unknown policy "no-such-policy"/);
});

test("policy settings come from the pack config next to the level", async () => {
  const s = happyStack();
  const out = await runPolicies(list(s), { environment: "prod", config: { "spcs-compute-pool-auto-suspend": { enforcementLevel: "advisory", maxAutoSuspendSecs: 300 } } });
  expect(out.map((v) => [v.policy, v.level, v.resourceName])).toEqual([
    ["spcs-compute-pool-auto-suspend", "advisory", "pool-gpu_s"],
    ["spcs-compute-pool-auto-suspend", "advisory", "pool-cpu_xs"],
  ]);
});

test("pack context from the stack's raw config: environment, then stack name; bad override refused", () => {
  const raw = { "llmstack:environment": "staging", "llmstack:snowflake": JSON.stringify({ role: { name: "R" }, database: "D" }), "snowflake:user": "U" };
  const ctx = contextFromStack({ config: raw, stackName: "prod" });
  expect(ctx.environment).toBe("staging");
  expect(ctx.stack?.snowflake?.role.name).toBe("R");
  expect(contextFromStack({ config: {}, stackName: "shop-production" }).environment).toBe("prod");
  expect(contextFromStack({ config: raw, override: "prod" }).environment).toBe("prod");
  expect(() => contextFromStack({ config: raw, override: "qa" })).toThrow(/must be one of dev, staging, prod/);
  expect(createPolicies({ environment: "prod" }).find((p) => p.name === "images-pinned")?.enforcementLevel).toBe("mandatory");
  // Without a context: a dev stack's levels.
  const dev = Object.fromEntries(createPolicies().map((p) => [p.name, p.enforcementLevel]));
  expect([dev["images-pinned"], dev["snowflake-egress-no-wildcards"], dev["spcs-compute-pool-auto-suspend"]]).toEqual(["disabled", "mandatory", "advisory"]);
  expect(() => assertUniqueNames([{ name: "a" }, { name: "b" }, { name: "a" }])).toThrow("duplicate policy name a");
  expect(assertUniqueNames([{ name: "a" }, { name: "b" }])).toEqual([{ name: "a" }, { name: "b" }]);
});

// ---------------------------------------------------------------------------------------------
// Harness fidelity

test("stack policies get CrossGuard's resource graph: parent, dependencies, property dependencies, provider, options", async () => {
  const s = happyStack();
  const parent = res("llmstack:snowflake:ComputePool", "pool-gpu_s-component", {});
  const pool = { ...s.gpuPool, parent: parent.urn, deleteBeforeReplace: true };
  const svc = { ...s.qwen, dependencies: [pool.urn], propertyDependencies: { computePool: [pool.urn] } };
  let seen: unknown;
  const probe: StackValidationPolicy = {
    name: "probe",
    description: "records what it sees",
    enforcementLevel: "advisory",
    validateStack: (args) => {
      const p = args.resources.find((r) => r.urn === pool.urn)!;
      const q = args.resources.find((r) => r.urn === svc.urn)!;
      seen = {
        parent: p.parent?.name,
        optsParent: p.opts.parent,
        protect: p.opts.protect,
        dbr: p.opts.deleteBeforeReplace,
        provider: p.provider && [p.provider.type, p.provider.props.role],
        deps: q.dependencies.map((d) => d.name),
        propDeps: q.propertyDependencies.computePool.map((d) => d.name),
        isType: q.isType(sdk.Service),
        notType: q.isType(sdk.ComputePool),
        asType: q.asType(sdk.Service)?.name,
      };
    },
  };
  await runPolicies([parent, pool, svc, s.adminSpcs, s.platformSpcs], { policies: [probe] });
  expect(seen).toEqual({
    parent: "pool-gpu_s-component",
    optsParent: parent.urn,
    protect: true,
    dbr: true,
    provider: ["pulumi:providers:llmstack", "ACCOUNTADMIN"],
    deps: ["pool-gpu_s"],
    propDeps: ["pool-gpu_s"],
    isType: true,
    notType: false,
    asType: "QWEN_SERVICE",
  });
});

test("values unknown during preview: policies skip them instead of failing the run", async () => {
  // The sentinel CrossGuard's deserializer produces for an unknown string; the proxy throws on access.
  const { unknownStringValue } = jest.requireActual("@pulumi/policy/proxy") as { unknownStringValue: unknown };
  const s = happyStack();
  const grant = withInputs(s.minilmGrant, { service: unknownStringValue });
  const out = await runPolicyPack([s.minilm, grant, s.cpuPool], { environment: "prod" });
  // Not a crash: the grant's service is unknown, so the public endpoint has no known named-role grant yet.
  expect(out.violations.map((v) => v.policy)).toEqual(["spcs-endpoint-access"]);
});

test("the README's Policies section lists every policy", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  for (const name of POLICY_NAMES) expect(readme).toContain(`\`${name}\``);
});
