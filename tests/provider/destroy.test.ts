/**
 * Destroy and refresh when objects are gone or not visible (review L2, L4), against the FAKE
 * Snowflake: dropped services linger as DELETING; 002003 means "does not exist or not authorized".
 */
import { SnowflakeError, type Row, type SqlClient } from "../../provider/client";
import { FakeSnowflake } from "../support/fakeSnowflake";
import { EAI, POOL, SERVICE, setup, urn } from "./support";

/** The fake, but statements matching `deny` fail as they do when the role lost its privileges (002003). */
class LostPrivileges implements SqlClient {
  constructor(
    readonly fake: FakeSnowflake,
    readonly deny: RegExp,
  ) {}
  async execute(sql: string): Promise<Row[]> {
    if (this.deny.test(sql)) throw new SnowflakeError("SQL compilation error:\nSchema 'LLM.SERVING' does not exist or not authorized.", "002003", "02000");
    return this.fake.execute(sql);
  }
  close = () => this.fake.close();
}

describe("destroy", () => {
  it("drops the pool once the services Pulumi just dropped are no longer DELETING", async () => {
    const { fake, provider, create } = setup(new FakeSnowflake({ deletingTicks: 8 }));
    const pool = await create("ComputePool", POOL);
    await create("ExternalAccessIntegration", EAI);
    const svc = await create("Service", SERVICE);
    await provider.delete(svc.id, urn("Service"), svc.outs);
    expect((await fake.execute("SHOW SERVICES IN COMPUTE POOL GPU_POOL")).map((r) => r.status)).toEqual(["DELETING"]);
    await provider.delete(pool.id, urn("ComputePool"), pool.outs);
    expect(fake.pools.size).toBe(0);
  });

  it("still refuses to drop a pool whose other services run, naming them", async () => {
    const { fake, provider, create } = setup();
    await create("ComputePool", POOL);
    await fake.execute(`CREATE SERVICE "OTHER"."TEAM"."NOTEBOOK" IN COMPUTE POOL GPU_POOL FROM SPECIFICATION $$spec: {containers: [{name: nb, image: /o/t/r/nb:1}]}$$`);
    await expect(provider.delete("GPU_POOL", urn("ComputePool"), POOL)).rejects.toThrow(/services still run in it: OTHER\.TEAM\.NOTEBOOK/);
    expect(fake.pools.has("GPU_POOL")).toBe(true);
  });

  it("does not report a DROP as done when 002003 may mean lost privileges; does when SHOW confirms the object is gone", async () => {
    const fake = new FakeSnowflake();
    const { create } = setup(fake);
    await create("ComputePool", POOL);
    await create("ExternalAccessIntegration", EAI);
    const svc = await create("Service", SERVICE);

    // DROP refused, SHOW still lists the service: not gone.
    const dropDenied = setup(new LostPrivileges(fake, /^DROP SERVICE/) as unknown as FakeSnowflake).provider;
    await expect(dropDenied.delete(svc.id, urn("Service"), svc.outs)).rejects.toThrow(/cannot drop Service LLM\.SERVING\.VLLM: Snowflake answered 002003 .*lost its privileges/);
    // DROP and SHOW both refused: cannot confirm either way.
    const denied = setup(new LostPrivileges(fake, /^(DROP SERVICE|SHOW SERVICES LIKE)/) as unknown as FakeSnowflake).provider;
    await expect(denied.delete(svc.id, urn("Service"), svc.outs)).rejects.toThrow(/service LLM\.SERVING\.VLLM: Snowflake answered 002003/);
    expect(fake.services.has("LLM.SERVING.VLLM")).toBe(true);

    // Dropped outside Pulumi: DROP says 002003 and SHOW, which works, does not list it.
    await fake.execute('DROP SERVICE "LLM"."SERVING"."VLLM"');
    const gone = setup(new LostPrivileges(fake, /^DROP SERVICE/) as unknown as FakeSnowflake).provider;
    await expect(gone.delete(svc.id, urn("Service"), svc.outs)).resolves.toBeUndefined();
  });
});

describe("refresh", () => {
  it("keeps an object it cannot see (002003) in state and says why, instead of forgetting it", async () => {
    const fake = new FakeSnowflake();
    const { create } = setup(fake);
    await create("ComputePool", POOL);
    await create("ExternalAccessIntegration", EAI);
    const svc = await create("Service", SERVICE);
    const denied = setup(new LostPrivileges(fake, /IN SCHEMA "LLM"\."SERVING"/) as unknown as FakeSnowflake).provider;
    await expect(denied.read(svc.id, urn("Service"), svc.outs)).rejects.toThrow(/service LLM\.SERVING\.VLLM: Snowflake answered 002003.*pulumi state delete/);
    // A service really dropped (SHOW works, lists nothing) leaves state.
    await fake.execute('DROP SERVICE "LLM"."SERVING"."VLLM"');
    expect(await setup(fake).provider.read(svc.id, urn("Service"), svc.outs)).toEqual({});
  });
});
