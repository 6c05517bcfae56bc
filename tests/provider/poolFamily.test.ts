/**
 * INSTANCE_FAMILY changes (review L1): SUSPEND suspends the pool's services, nothing documents that
 * RESUME brings them back, so the provider resumes them and waits; an interrupted change converges on
 * the next run. Against the FAKE Snowflake, whose RESUME leaves services SUSPENDED (fake/pools.ts).
 */
import { ResourceInitError } from "../../provider/provider";
import { FakeSnowflake } from "../support/fakeSnowflake";
import { EAI, POOL, SERVICE, setup, urn } from "./support";

async function withRunningService(fake = new FakeSnowflake()) {
  const ctx = setup(fake, { poolSuspendTimeoutMs: 200, serviceReadyTimeoutMs: 200 });
  const pool = await ctx.create("ComputePool", POOL);
  await ctx.create("ExternalAccessIntegration", EAI);
  await ctx.create("Service", SERVICE);
  const news = (await ctx.provider.check(urn("ComputePool"), pool.outs, { ...POOL, instanceFamily: "GPU_NV_M" })).inputs;
  return { ...ctx, pool, news };
}
const svc = (fake: FakeSnowflake) => fake.services.get("LLM.SERVING.VLLM")!;

describe("instance-family change", () => {
  it("resumes the services that were running (ALTER SERVICE … RESUME after the pool's RESUME) and waits until they are READY", async () => {
    const { fake, provider, pool, news } = await withRunningService();
    fake.statements.length = 0;
    const res = await provider.update(pool.id, urn("ComputePool"), pool.outs, news);
    const s = fake.statements;
    const resumePool = s.indexOf("ALTER COMPUTE POOL GPU_POOL RESUME");
    const resumeSvc = s.indexOf('ALTER SERVICE "LLM"."SERVING"."VLLM" RESUME');
    expect(resumePool).toBeGreaterThan(s.indexOf("ALTER COMPUTE POOL GPU_POOL SET INSTANCE_FAMILY = GPU_NV_M"));
    expect(resumeSvc).toBeGreaterThan(resumePool);
    expect(svc(fake).status).toBe("RUNNING");
    expect(svc(fake).containers.every((c) => c.status === "READY")).toBe(true);
    expect(res.outs).toMatchObject({ instanceFamily: "GPU_NV_M", suspendedServices: [] });
  });

  it("converges on the next run after timing out while the pool suspends", async () => {
    const { fake, provider, pool, news } = await withRunningService(new FakeSnowflake({ poolStoppingTicks: 1e9 }));
    const err = await provider.update(pool.id, urn("ComputePool"), pool.outs, news).catch((e) => e);
    expect(err).toBeInstanceOf(ResourceInitError);
    expect(err.message).toMatch(/did not reach SUSPENDED/);
    // Partial state: the family is still the old one (so the next diff plans the change again) and
    // the suspended service is remembered.
    expect(err.properties).toMatchObject({ instanceFamily: "GPU_NV_S", suspendedServices: ["LLM.SERVING.VLLM"] });
    expect(svc(fake).status).toBe("SUSPENDED");

    fake.pools.get("GPU_POOL")!.until = 0; // the pool finishes stopping meanwhile
    expect(await provider.diff(pool.id, urn("ComputePool"), err.properties, news)).toMatchObject({ changes: true, replaces: [] });
    const res = await provider.update(pool.id, urn("ComputePool"), err.properties, news);
    expect(res.outs).toMatchObject({ instanceFamily: "GPU_NV_M", suspendedServices: [] });
    expect(fake.pools.get("GPU_POOL")!.instanceFamily).toBe("GPU_NV_M");
    expect(svc(fake).status).toBe("RUNNING");
  });

  it("converges on the next run after timing out while a resumed service starts", async () => {
    const { fake, provider, pool, news } = await withRunningService();
    fake.catalog.o.containerPendingTicks = 1e9; // the resumed service's images take forever
    const err = await provider.update(pool.id, urn("ComputePool"), pool.outs, news).catch((e) => e);
    expect(err).toBeInstanceOf(ResourceInitError);
    expect(err.message).toMatch(/waiting for LLM\.SERVING\.VLLM to be READY/);
    expect(err.properties).toMatchObject({ instanceFamily: "GPU_NV_M", suspendedServices: ["LLM.SERVING.VLLM"] });

    fake.catalog.o.containerPendingTicks = 2;
    for (const c of svc(fake).containers) c.until = 0;
    // The family is done; the remembered service alone makes the next run an update that finishes the job.
    expect(await provider.diff(pool.id, urn("ComputePool"), err.properties, news)).toMatchObject({ changes: true, replaces: [] });
    const res = await provider.update(pool.id, urn("ComputePool"), err.properties, news);
    expect(res.outs).toMatchObject({ instanceFamily: "GPU_NV_M", suspendedServices: [] });
    expect(svc(fake).status).toBe("RUNNING");
    expect(await provider.diff(pool.id, urn("ComputePool"), res.outs, news)).toMatchObject({ changes: false });
  });

  it("leaves a pool suspended by choice suspended", async () => {
    const { fake, provider, create } = setup();
    const pool = await create("ComputePool", { ...POOL, initiallySuspended: true });
    const news = (await provider.check(urn("ComputePool"), pool.outs, { ...POOL, initiallySuspended: true, instanceFamily: "GPU_NV_M" })).inputs;
    await provider.update(pool.id, urn("ComputePool"), pool.outs, news);
    expect(fake.pools.get("GPU_POOL")).toMatchObject({ instanceFamily: "GPU_NV_M", phase: "SUSPENDED" });
    expect(fake.statements.filter((s) => /^ALTER .*(RESUME|SUSPEND)$/.test(s))).toEqual([]);
  });
});
