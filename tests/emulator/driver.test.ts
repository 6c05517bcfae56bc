/**
 * The real snowflake-sdk driver, through the provider's SnowflakeSqlClient, over HTTP against the
 * Snowflake emulator (tests/support/emulator): auth, error codes, column types, long statements,
 * timeouts. The emulator's endpoints cite the driver sources they answer.
 */
import { generateKeyPairSync } from "node:crypto";
import { SnowflakeError, SnowflakeSqlClient } from "../../provider/client";
import { connectionOptions, type ConnectionSettings } from "../../provider/auth";
import { SnowflakeEmulator } from "../support/emulator/server";
import { FakeSnowflake } from "../support/fakeSnowflake";

const keys = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
const other = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });

let emulator: SnowflakeEmulator;
let where: { host: string; port: number };
const clients: SnowflakeSqlClient[] = [];
const slow = new Map<string, number>();

beforeAll(async () => {
  emulator = new SnowflakeEmulator({
    account: "MYORG-MYACCT",
    users: [{ name: "DEPLOYER", password: "s3cret", publicKeyPem: keys.publicKey }],
    fake: new FakeSnowflake(),
    inProgressAfterMs: 150,
    statementDelayMs: (sql) => slow.get(sql) ?? 0,
  });
  where = await emulator.start();
  await emulator.fake.execute("CREATE COMPUTE POOL P0 MIN_NODES = 1 MAX_NODES = 1 INSTANCE_FAMILY = CPU_X64_XS AUTO_RESUME = TRUE AUTO_SUSPEND_SECS = 600");
});
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await emulator.stop();
});

function client(settings: Partial<ConnectionSettings>, limits?: { statementTimeoutSecs?: number }): SnowflakeSqlClient {
  const c = new SnowflakeSqlClient(
    connectionOptions({ organizationName: "MYORG", accountName: "MYACCT", user: "DEPLOYER", host: where.host, protocol: "http", port: String(where.port), ...settings }),
    limits,
  );
  clients.push(c);
  return c;
}
const logins = () => emulator.requests.filter((r) => r.path === "/session/v1/login-request");

test("password login, then SHOW rows typed as the driver converts them (numbers, booleans, timestamps as Date)", async () => {
  const c = client({ password: "s3cret" });
  await c.execute("CREATE COMPUTE POOL P1 MIN_NODES = 1 MAX_NODES = 2 INSTANCE_FAMILY = CPU_X64_XS AUTO_RESUME = TRUE AUTO_SUSPEND_SECS = 600");
  const [pool] = await c.execute("SHOW COMPUTE POOLS LIKE 'P1'");
  expect(pool).toMatchObject({ name: "P1", min_nodes: 1, max_nodes: 2, auto_resume: true, auto_suspend_secs: 600, comment: null });
  await c.execute(`CREATE SERVICE "D"."S"."SVC" IN COMPUTE POOL P1 FROM SPECIFICATION $$spec: {containers: [{name: a, image: /d/s/r/a:1}]}$$ AUTO_RESUME = TRUE MIN_INSTANCES = 1 MAX_INSTANCES = 1`);
  const [svc] = await c.execute(`SHOW SERVICES LIKE 'SVC' IN SCHEMA "D"."S"`);
  expect(svc.created_on).toBeInstanceOf(Date);
  expect((svc.created_on as Date).toISOString()).toBe(emulator.fake.services.get("D.S.SVC")!.createdOn);
  expect(svc.is_job).toBe(false);
  expect(logins().at(-1)!.authenticator).toBe("SNOWFLAKE");
});

test("key-pair login: the emulator verifies the driver's JWT against the registered public key", async () => {
  await expect(client({ privateKey: keys.privateKey }).execute("SHOW COMPUTE POOLS LIKE 'P0'")).resolves.toHaveLength(1);
  expect(logins().at(-1)!.authenticator).toBe("SNOWFLAKE_JWT");
  const err = await client({ privateKey: other.privateKey }).execute("SHOW COMPUTE POOLS LIKE 'P0'").catch((e) => e);
  expect(err).toBeInstanceOf(SnowflakeError);
  expect(err.code).toBe("390100");
  expect(err.message).toMatch(/JWT signature does not match the registered public key/);
  const wrong = await client({ password: "nope" }).execute("SHOW COMPUTE POOLS LIKE 'P0'").catch((e) => e);
  expect([wrong.code, wrong.message]).toEqual(["390100", expect.stringMatching(/wrong password/)]);
});

test("Snowflake's error code and SQL state reach the provider through the driver", async () => {
  const err = await client({ password: "s3cret" }).execute('DESCRIBE SERVICE "D"."S"."MISSING"').catch((e) => e);
  expect(err).toBeInstanceOf(SnowflakeError);
  expect([err.code, err.sqlState]).toEqual(["002003", "02000"]);
  expect(err.message).toMatch(/Service 'D\.S\.MISSING' does not exist or not authorized/);
});

test("a statement still running is polled through GET /queries/<id>/result until it finishes", async () => {
  const sql = "SHOW COMPUTE POOLS LIKE 'P0'";
  slow.set(sql, 600);
  const before = emulator.requests.length;
  await expect(client({ password: "s3cret" }).execute(sql)).resolves.toHaveLength(1);
  expect(emulator.requests.slice(before).filter((r) => /^\/queries\/[0-9a-f-]+\/result$/.test(r.path)).length).toBeGreaterThan(0);
});

test("a statement over the client's timeout fails and is aborted on the server", async () => {
  const sql = "SHOW COMPUTE POOLS LIKE 'P%'";
  slow.set(sql, 3000);
  const before = emulator.requests.length;
  await expect(client({ password: "s3cret" }, { statementTimeoutSecs: 0.5 }).execute(sql)).rejects.toThrow(/did not finish within 0.5s and was cancelled/);
  await new Promise((r) => setTimeout(r, 300));
  expect(emulator.requests.slice(before).some((r) => /abort-request$/.test(r.path))).toBe(true);
});

test("a long statement (a 200 kB spec) goes through the driver and comes back from DESC SERVICE", async () => {
  const c = client({ password: "s3cret" });
  const big = "x".repeat(200_000);
  await c.execute(`CREATE SERVICE "D"."S"."BIG" IN COMPUTE POOL P0 FROM SPECIFICATION $$spec: {containers: [{name: a, image: /d/s/r/a:1, env: {BIG: ${big}}}]}$$ AUTO_RESUME = TRUE MIN_INSTANCES = 1 MAX_INSTANCES = 1`);
  const [desc] = await c.execute('DESCRIBE SERVICE "D"."S"."BIG"');
  expect(String(desc.spec)).toContain(big);
});
