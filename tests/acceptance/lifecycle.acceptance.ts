/**
 * Acceptance: the llmstack provider's lifecycle through the real plugin process (gRPC, as the engine
 * drives it) and the real snowflake-sdk driver, against the Snowflake emulator by default or a real
 * account (tests/acceptance/target.ts):
 * pool → image repository → service → service function → service-role grant → refresh with no drift →
 * instance-family change with the service back up → destroy.
 */
import { SnowflakeSqlClient } from "../../provider/client";
import { connectionOptions, resolveSettings } from "../../provider/auth";
import type { SpcsKind } from "../../provider/resources";
import { PluginClient, secret } from "./plugin";
import { startTarget, type Target } from "./target";

type Props = Record<string, any>;

let target: Target;
let plugin: PluginClient;
let sql: SnowflakeSqlClient;
/** What exists, newest last, for cleanup. */
const created: { kind: SpcsKind; name: string; id: string; outs: Props }[] = [];

beforeAll(async () => {
  target = await startTarget();
  plugin = await PluginClient.start(target.pluginEnv);
  const config = { ...target.config, ...(target.config.password ? { password: secret(String(target.config.password)) } : {}) };
  await plugin.configure(config);
  sql = new SnowflakeSqlClient(connectionOptions(resolveSettings(target.settings, process.env)));
});

afterAll(async () => {
  // Whatever is left, newest first, pass or fail.
  for (const r of created.reverse()) await plugin.delete(r.kind, r.name, r.id, r.outs).catch((e) => process.stderr.write(`cleanup ${r.id}: ${e.message}\n`));
  await sql?.close();
  await plugin?.stop();
  await target?.stop();
});

async function create(kind: SpcsKind, name: string, inputs: Props): Promise<{ id: string; outs: Props; inputs: Props }> {
  const checked = await plugin.check(kind, name, inputs);
  expect([kind, checked.failures]).toEqual([kind, []]);
  const res = await plugin.create(kind, name, checked.inputs);
  created.push({ kind, name, id: res.id, outs: res.outs });
  return { ...res, inputs: checked.inputs };
}

async function destroy(kind: SpcsKind, name: string): Promise<void> {
  const i = created.findIndex((r) => r.kind === kind && r.name === name);
  const r = created[i];
  await plugin.delete(kind, name, r.id, r.outs);
  created.splice(i, 1);
}

const serviceStatus = async (database: string, schema: string, name: string) =>
  (await sql.execute(`SHOW SERVICES LIKE '${name}' IN SCHEMA "${database}"."${schema}"`)).find((r) => r.name === name)?.status;

test("pool → repository → service → function → grant → refresh without drift → instance-family change → destroy", async () => {
  const { database, schema, prefix } = target;
  const poolName = `${prefix}_POOL`;
  const svcName = `${prefix}_SVC`;

  const pool = await create("ComputePool", "pool", { name: poolName, instanceFamily: "CPU_X64_XS", minNodes: 1, maxNodes: 1, autoSuspendSecs: 300, comment: "llmstack acceptance" });
  const repo = await create("ImageRepository", "repo", { database, schema, name: `${prefix}_REPO` });
  expect(repo.outs.repositoryUrl).toMatch(/\.registry\.snowflakecomputing\.com\//);
  const service = await create("Service", "service", {
    database,
    schema,
    name: svcName,
    computePool: poolName,
    specification: {
      spec: {
        containers: [{ name: "echo", image: target.image, readinessProbe: { port: 8080, path: "/healthcheck" }, resources: { requests: { cpu: 0.25, memory: "256Mi" }, limits: { cpu: 0.5, memory: "512Mi" } } }],
        endpoints: [{ name: "echo", port: 8080 }],
      },
    },
    minInstances: 1,
    autoSuspendSecs: 0,
  });
  expect(await serviceStatus(database, schema, svcName)).toBe("RUNNING");
  const fqn = `${database}.${schema}.${svcName}`;
  const fn = await create("ServiceFunction", "function", { database, schema, name: `${prefix}_ECHO`, args: [{ name: "TEXT", type: "VARCHAR" }], returns: "VARCHAR", service: fqn, endpoint: "echo", path: "/echo", maxBatchRows: 8, batchTimeoutSecs: 60 });
  const grant = await create("ServiceRoleGrant", "grant", { service: fqn, serviceRole: "ALL_ENDPOINTS_USAGE", toRole: target.grantee, serviceCreatedOn: service.outs.createdOn });

  // refresh: every object reads back as what the program asks for.
  for (const [kind, name, r] of [["ComputePool", "pool", pool], ["ImageRepository", "repo", repo], ["Service", "service", service], ["ServiceFunction", "function", fn], ["ServiceRoleGrant", "grant", grant]] as const) {
    const read = await plugin.read(kind, name, r.id, r.outs);
    expect([kind, read.id]).toEqual([kind, r.id]);
    expect([kind, await plugin.diff(kind, name, r.id, read.outs!, r.inputs)]).toEqual([kind, { changes: false, replaces: [] }]);
  }

  // instance-family change: an update (no replacement) that leaves the service running again.
  const bigger = (await plugin.check("ComputePool", "pool", { ...pool.inputs, instanceFamily: "CPU_X64_S" }, pool.outs)).inputs;
  expect(await plugin.diff("ComputePool", "pool", pool.id, pool.outs, bigger)).toEqual({ changes: true, replaces: [] });
  const updated = await plugin.update("ComputePool", "pool", pool.id, pool.outs, bigger);
  created.find((r) => r.kind === "ComputePool")!.outs = updated;
  expect(updated).toMatchObject({ instanceFamily: "CPU_X64_S", suspendedServices: [] });
  expect(await serviceStatus(database, schema, svcName)).toBe("RUNNING");
  expect(await plugin.diff("ComputePool", "pool", pool.id, updated, bigger)).toEqual({ changes: false, replaces: [] });

  // destroy, dependents first as the engine orders it; the pool waits out the service's DELETING.
  for (const [kind, name] of [["ServiceRoleGrant", "grant"], ["ServiceFunction", "function"], ["Service", "service"], ["ImageRepository", "repo"], ["ComputePool", "pool"]] as const) await destroy(kind, name);
  expect(await sql.execute(`SHOW COMPUTE POOLS LIKE '${poolName}'`)).toEqual([]);
  expect(await serviceStatus(database, schema, svcName)).toBeUndefined();
});
