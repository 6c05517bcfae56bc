/**
 * The fake's model of SPCS against what the review's table D found real Snowflake does (each rule's
 * source is cited where the fake implements it, under tests/support/fake/).
 */
import { FakeSnowflake } from "./fakeSnowflake";

const POOL = "CREATE COMPUTE POOL P MIN_NODES = 1 MAX_NODES = 1 INSTANCE_FAMILY = CPU_X64_XS AUTO_RESUME = TRUE AUTO_SUSPEND_SECS = 600";
const SPEC = `$$spec: {containers: [{name: web, image: /d/s/r/web:1}], endpoints: [{name: ui, port: 8080, public: true}, {name: range, portRange: "9000-9010", protocol: TCP}]}$$`;
const SERVICE = `CREATE SERVICE "D"."S"."WEB" IN COMPUTE POOL P FROM SPECIFICATION ${SPEC} AUTO_RESUME = TRUE MIN_INSTANCES = 1 MAX_INSTANCES = 1`;

test("a new pool is STARTING, then IDLE; a service makes it ACTIVE", async () => {
  const fake = new FakeSnowflake();
  await fake.execute(POOL);
  const state = async () => (await fake.execute("SHOW COMPUTE POOLS LIKE 'P'"))[0].state;
  expect(await state()).toBe("STARTING");
  fake.wait(5);
  expect(await state()).toBe("IDLE");
  await fake.execute(SERVICE);
  expect(await state()).toBe("ACTIVE");
});

test("a new service is PENDING with NULL container columns, then its containers start; DESC adds the image sha256", async () => {
  const fake = new FakeSnowflake();
  await fake.execute(POOL);
  await fake.execute(SERVICE);
  const containers = () => fake.execute("SHOW SERVICE CONTAINERS IN SERVICE D.S.WEB");
  expect(await containers()).toEqual([expect.objectContaining({ service_status: "PENDING", instance_id: null, container_name: null, status: null })]);
  fake.wait(10);
  expect((await containers()).map((r) => [r.container_name, r.status])).toEqual([["web", "READY"]]);
  const [desc] = await fake.execute('DESCRIBE SERVICE "D"."S"."WEB"');
  expect(desc.spec).toMatch(/sha256: "@sha256:[0-9a-f]{64}"/);
  expect(desc.dns_name).toMatch(/^web\.[a-z]{4}\.svc\.spcs\.internal$/);
});

test("endpoints have port_range; integrations are category EXTERNAL_ACCESS; booleans are booleans", async () => {
  const fake = new FakeSnowflake();
  await fake.execute(POOL);
  await fake.execute(SERVICE);
  const endpoints = await fake.execute('SHOW ENDPOINTS IN SERVICE "D"."S"."WEB"');
  expect(endpoints.map((e) => [e.name, e.port, e.port_range, e.is_public])).toEqual([["ui", 8080, null, true], ["range", null, "9000-9010", false]]);
  await fake.execute('CREATE EXTERNAL ACCESS INTEGRATION "EAI" ALLOWED_NETWORK_RULES = ("N"."R"."HF") ENABLED = TRUE');
  expect((await fake.execute("SHOW INTEGRATIONS LIKE 'EAI'"))[0]).toMatchObject({ type: "EXTERNAL_ACCESS", category: "EXTERNAL_ACCESS", enabled: true });
});

test("ALTER … FROM SPECIFICATION starts later: is_upgrading and spec_digest change together when it does", async () => {
  const fake = new FakeSnowflake({ upgradeStartTicks: 4 });
  await fake.execute(POOL);
  await fake.execute(SERVICE);
  fake.wait(10);
  const desc = async () => (await fake.execute('DESCRIBE SERVICE "D"."S"."WEB"'))[0];
  const before = (await desc()).spec_digest;
  await fake.execute(`ALTER SERVICE "D"."S"."WEB" FROM SPECIFICATION ${SPEC.replace("web:1", "web:2")}`);
  expect(await desc()).toMatchObject({ is_upgrading: false, spec_digest: before });
  fake.wait(3);
  const started = await desc();
  expect(started.is_upgrading).toBe(true);
  expect(started.spec_digest).not.toBe(before);
});

test("pool SUSPEND suspends services and RESUME does not resume them; a dropped service is DELETING for a while", async () => {
  const fake = new FakeSnowflake();
  await fake.execute(POOL);
  await fake.execute(SERVICE);
  await fake.execute("ALTER COMPUTE POOL P SUSPEND");
  fake.wait(5);
  await fake.execute("ALTER COMPUTE POOL P RESUME");
  fake.wait(10);
  expect(fake.services.get("D.S.WEB")!.status).toBe("SUSPENDED");
  await fake.execute('DROP SERVICE "D"."S"."WEB"');
  expect((await fake.execute("SHOW SERVICES IN COMPUTE POOL P")).map((r) => r.status)).toEqual(["DELETING"]);
  await expect(fake.execute("DROP COMPUTE POOL P")).rejects.toThrow(/has services running/);
  fake.wait(5);
  await expect(fake.execute("DROP COMPUTE POOL P")).resolves.toBeDefined();
});

test("a job is PENDING after EXECUTE JOB SERVICE … ASYNC, then RUNNING, then DONE", async () => {
  const fake = new FakeSnowflake();
  await fake.execute(POOL);
  await fake.execute(`EXECUTE JOB SERVICE IN COMPUTE POOL P FROM SPECIFICATION $$spec: {containers: [{name: j, image: /d/s/r/j:1}]}$$ NAME = "D"."S"."JOB" ASYNC = TRUE`);
  const status = async () => (await fake.execute('DESCRIBE SERVICE "D"."S"."JOB"'))[0].status;
  expect(await status()).toBe("PENDING");
  fake.wait(3);
  expect(await status()).toBe("RUNNING");
  fake.wait(10);
  expect(await status()).toBe("DONE");
});

test("errors carry Snowflake's codes", async () => {
  const fake = new FakeSnowflake();
  await expect(fake.execute('DESCRIBE SERVICE "D"."S"."NONE"')).rejects.toMatchObject({ code: "002003", sqlState: "02000" });
  await fake.execute(POOL);
  await expect(fake.execute(POOL)).rejects.toMatchObject({ code: "002002", sqlState: "42710" });
  await expect(fake.execute("SELEKT 1")).rejects.toMatchObject({ code: "001003" });
});

test("block storage services: equal MIN/MAX_INSTANCES, no instance-count change, no block volume change by ALTER (block-storage-volume)", async () => {
  const fake = new FakeSnowflake();
  await fake.execute(POOL);
  const blockSpec = (size: string) => `$$spec: {containers: [{name: web, image: /d/s/r/web:1}], volumes: [{name: data, source: block, size: ${size}}]}$$`;
  const create = (instances: string) => fake.execute(`CREATE SERVICE "D"."S"."DB" IN COMPUTE POOL P FROM SPECIFICATION ${blockSpec("10Gi")} ${instances}`);
  await expect(create("MIN_INSTANCES = 1 MAX_INSTANCES = 2")).rejects.toThrow(/block storage volumes: MIN_INSTANCES and MAX_INSTANCES must be equal/);
  await create("MIN_INSTANCES = 2 MAX_INSTANCES = 2");
  await expect(fake.execute('ALTER SERVICE "D"."S"."DB" SET MAX_INSTANCES = 3')).rejects.toThrow(/number of instances cannot be changed/);
  await expect(fake.execute(`ALTER SERVICE "D"."S"."DB" FROM SPECIFICATION ${blockSpec("20Gi")}`)).rejects.toThrow(/block storage volumes cannot be added, removed, or change size/);
  // A change that keeps the block volumes as they are is an ordinary upgrade.
  await fake.execute(`ALTER SERVICE "D"."S"."DB" FROM SPECIFICATION ${blockSpec("10Gi").replace("web:1", "web:2")}`);
  // A service without block volumes still scales by ALTER.
  await fake.execute(SERVICE);
  await fake.execute('ALTER SERVICE "D"."S"."WEB" SET MAX_INSTANCES = 3');
});
