/** The privilege policies in detail: what reaches PUBLIC, what the runtime role may hold, who owns runtime objects. */
import { runPolicyPack, type PackConfig } from "../../policies/harness";
import { TYPES } from "../../policies/util";
import { happyStack, list, res, STACK_CONFIG, withInputs, type HappyStack } from "./fixtures";

async function messages(policy: string, mutate: (s: HappyStack) => void, opts: { config?: PackConfig; noStackConfig?: boolean } = {}) {
  const s = happyStack();
  mutate(s);
  const out = await runPolicyPack(list(s), { environment: "prod", stackConfig: opts.noStackConfig ? undefined : STACK_CONFIG, config: opts.config });
  return out.violations.filter((v) => v.policy === policy).map((v) => v.message);
}
const add = (s: HappyStack, key: string, r: ReturnType<typeof res>) => ((s as Record<string, unknown>)[key] = r);

test("snowflake-no-public-grants names what PUBLIC would get, on what; ownership too; refused unless allowed", async () => {
  const toPublic = (inputs: Record<string, unknown>) => (s: HappyStack) => add(s, "g", res(TYPES.GrantPrivilegesToAccountRole, "g", { accountRoleName: "PUBLIC", ...inputs }));
  const pub = (inputs: Record<string, unknown>, opts = {}) => messages("snowflake-no-public-grants", toPublic(inputs), opts);
  expect(await pub({ allPrivileges: true, onAccountObject: { objectType: "COMPUTE POOL", objectName: "LLM_GPU_S" } })).toEqual([expect.stringContaining("gives ALL PRIVILEGES on COMPUTE POOL LLM_GPU_S to PUBLIC")]);
  expect(await pub({ privileges: ["MONITOR"], onAccount: true })).toEqual([expect.stringContaining("gives MONITOR on the account to PUBLIC")]);
  expect(await pub({ privileges: ["USAGE"], onSchema: { schemaName: "LLM.MODELS" } })).toEqual([expect.stringContaining("on schema LLM.MODELS to PUBLIC")]);
  expect(await pub({ privileges: ["USAGE"], onSchema: { futureSchemasInDatabase: "LLM" } })).toEqual([expect.stringContaining("on schema LLM to PUBLIC")]);
  expect(await pub({ privileges: ["SELECT"], onSchemaObject: { all: { objectTypePlural: "TABLES", inSchema: "LLM.MODELS" } } })).toEqual([expect.stringContaining("SELECT on schema objects to PUBLIC")]);
  expect(await pub({ privileges: ["USAGE"] })).toEqual([expect.stringContaining("USAGE on an object to PUBLIC")]);
  // Without a stack config nothing allows it; the pack config does.
  expect(await pub({ privileges: ["USAGE"], onAccount: true }, { noStackConfig: true })).toHaveLength(1);
  expect(await pub({ privileges: ["USAGE"], onAccount: true }, { config: { "snowflake-no-public-grants": { allowPublicGrants: true } } })).toEqual([]);
  const own = await messages("snowflake-no-public-grants", (s) => add(s, "o", res(TYPES.GrantOwnership, "own-to-public", { accountRoleName: "PUBLIC", on: { objectType: "WAREHOUSE", objectName: "LLM_WH" } })));
  expect(own).toEqual(["grant own-to-public transfers ownership to PUBLIC. Fix: grant ownership to a named role."]);
});

test("snowflake-runtime-role-least-privilege: who the runtime role is, which ownership is allowed, what it may inherit", async () => {
  const least = (mutate: (s: HappyStack) => void, opts: { config?: PackConfig; noStackConfig?: boolean } = {}) => messages("snowflake-runtime-role-least-privilege", mutate, opts);
  const ownPool = (role: string) => (s: HappyStack) => add(s, "o", res(TYPES.GrantOwnership, "own-pool", { accountRoleName: role, on: { objectType: "COMPUTE POOL", objectName: "LLM_GPU_S" } }));
  expect(await least(ownPool("LLM_PLATFORM"))).toEqual([expect.stringContaining("transfers ownership of COMPUTE POOL LLM_GPU_S to runtime role LLM_PLATFORM")]);
  // Without a stack config every grantee but PUBLIC and the admin roles counts as a runtime role.
  expect(await least(ownPool("ANALYST"), { noStackConfig: true })).toHaveLength(1);
  expect(await least(ownPool("PUBLIC"), { noStackConfig: true })).toEqual([]);
  expect(await least(ownPool("SYSADMIN"), { noStackConfig: true })).toEqual([]);
  // Allowed by type, or by TYPE:NAME (quoted names normalized).
  expect(await least(ownPool("LLM_PLATFORM"), { config: { "snowflake-runtime-role-least-privilege": { allowedOwnership: ["compute pool"] } } })).toEqual([]);
  const ownDb = (s: HappyStack) => add(s, "o", res(TYPES.GrantOwnership, "own-db", { accountRoleName: "LLM_PLATFORM", on: { objectType: "DATABASE", objectName: '"LLM"' } }));
  expect(await least(ownDb, { config: { "snowflake-runtime-role-least-privilege": { allowedOwnership: ["DATABASE:LLM"] } } })).toEqual([]);
  expect(await least(ownDb, { config: { "snowflake-runtime-role-least-privilege": { allowedOwnership: ["DATABASE:OTHER"] } } })).toHaveLength(1);
  // Inheriting a role: only an admin role, and only into the runtime role, is refused.
  const inherit = (role: string, parent: string) => (s: HappyStack) => add(s, "i", res(TYPES.GrantAccountRole, "inherit", { roleName: role, parentRoleName: parent }));
  expect(await least(inherit("ANALYST", "LLM_PLATFORM"))).toEqual([]);
  expect(await least(inherit("SYSADMIN", "ANALYST"))).toEqual([]);
  expect(await least(inherit("SYSADMIN", "LLM_PLATFORM"))).toEqual([expect.stringContaining("makes runtime role LLM_PLATFORM inherit SYSADMIN")]);
  // Account-level privileges beyond the allowed ones; with none allowed, the message says so; the admin role is named.
  const onAccount = (s: HappyStack) => (s.bindGrant = withInputs(s.bindGrant, { privileges: ["CREATE DATABASE"] }));
  expect(await least(onAccount)).toEqual([expect.stringMatching(/account-level CREATE DATABASE.*the admin role \(ACCOUNTADMIN\).*needs only BIND SERVICE ENDPOINT on the account/)]);
  expect(await least(onAccount, { noStackConfig: true, config: { "snowflake-runtime-role-least-privilege": { allowedAccountPrivileges: [] } } })).toEqual([
    expect.stringMatching(/the admin role \(llmstack:snowflake\.adminRole\).*needs only nothing on the account/),
  ]);
  // Resources that grant nothing are not read.
  expect(await least((s) => add(s, "wh", res(TYPES.Warehouse, "wh", { name: "LLM_WH", accountRoleName: "LLM_PLATFORM", allPrivileges: true, onAccount: true })))).toEqual([]);
});

test("spcs-runtime-objects-not-admin-owned: job services too, with their session token named; the default provider is not judged", async () => {
  const adminJob = (s: HappyStack) =>
    add(s, "job", { ...res(TYPES.JobService, "job", { database: "LLM", schema: "MODELS", name: "EVAL_JOB", specification: { spec: { containers: [] } } }), provider: `${s.adminSpcs.urn}::x` });
  expect(await messages("spcs-runtime-objects-not-admin-owned", adminJob)).toEqual([expect.stringMatching(/^JobService EVAL_JOB is created with role ACCOUNTADMIN \(provider admin-spcs\), so ACCOUNTADMIN owns it and its containers' session token/)]);
  const defaultProvider = (s: HappyStack) => add(s, "job", res(TYPES.JobService, "job", { database: "LLM", schema: "MODELS", name: "EVAL_JOB" }));
  expect(await messages("spcs-runtime-objects-not-admin-owned", defaultProvider)).toEqual([]);
});
