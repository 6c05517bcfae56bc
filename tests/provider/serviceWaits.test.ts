/** Waiting for services (review L3, U4) against the FAKE Snowflake's asynchronous upgrades and PENDING rows. */
import { ResourceInitError } from "../../provider/provider";
import { FakeSnowflake } from "../support/fakeSnowflake";
import { EAI, POOL, SERVICE, setup, spec, urn } from "./support";

describe("service waits", () => {
  it("an upgrade wait returns only after the upgrade started (is_upgrading / spec_digest) and finished", async () => {
    // ALTER … FROM SPECIFICATION runs asynchronously: for a while the old instances stay READY and is_upgrading FALSE.
    const { fake, provider, create } = setup(new FakeSnowflake({ upgradeStartTicks: 12 }));
    await create("ComputePool", POOL);
    await create("ExternalAccessIntegration", EAI);
    const svc = await create("Service", SERVICE);
    const news = (await provider.check(urn("Service"), svc.outs, { ...SERVICE, specification: spec("/llm/serving/repo/vllm:2") })).inputs;
    await provider.update(svc.id, urn("Service"), svc.outs, news);
    const live = fake.services.get("LLM.SERVING.VLLM")!;
    expect(live.pendingUpgrade).toBeUndefined();
    expect(live.spec.spec.containers[0].image).toBe("/llm/serving/repo/vllm:2");
    expect(live.isUpgrading).toBe(false);
    expect(live.containers.every((c) => c.status === "READY")).toBe(true);
  });

  it("a service that stays PENDING (no container details) times out saying why, keeping the service in state", async () => {
    const fake = new FakeSnowflake({ servicePendingTicks: 1e9 });
    const ctx = setup(fake, { serviceReadyTimeoutMs: 100 });
    await ctx.create("ComputePool", POOL);
    await ctx.create("ExternalAccessIntegration", EAI);
    const checked = await ctx.provider.check(urn("Service"), {}, SERVICE);
    const err = await ctx.provider.create(urn("Service"), checked.inputs).catch((e) => e);
    expect(err).toBeInstanceOf(ResourceInitError);
    expect(err.message).toMatch(/status PENDING: no container details reported yet; Snowflake shows no container details while a service is PENDING/);
  });
});
