/**
 * CRUD through the Provider object against the in-memory FAKE Snowflake (tests/support/fakeSnowflake.ts),
 * which enforces the SPCS rules the provider must respect.
 */
import { createHash } from "crypto";
import { ResourceInitError } from "../../provider/provider";
import { renderSpecification } from "../../provider/spec";
import { fullSpec } from "../spec/fixtures/specs";
import { FakeSnowflake } from "../support/fakeSnowflake";
import { EAI, POOL, SERVICE, setup, spec, urn } from "./support";

describe("SpcsProvider against the fake Snowflake", () => {
  it("creates the whole SPCS stack, waits for READY containers and a real ingress URL, and deletes it", async () => {
    const { fake, provider, create } = setup();
    await create("ComputePool", POOL);
    await create("ExternalAccessIntegration", EAI);
    const repo = await create("ImageRepository", { database: "LLM", schema: "IMAGES", name: "REPO" });
    expect(repo.outs.repositoryUrl).toBe("myorg-myacct.registry.snowflakecomputing.com/llm/images/repo");

    const svc = await create("Service", SERVICE);
    expect(svc.id).toBe("LLM.SERVING.VLLM");
    expect(svc.outs.specDigest).toBe(createHash("sha256").update(svc.outs.specText).digest("hex"));
    expect(fake.services.get("LLM.SERVING.VLLM")?.specText).toBe(svc.outs.specText);
    // Polled until the containers were READY, and past the "provisioning" ingress message.
    expect(fake.services.get("LLM.SERVING.VLLM")?.containers.every((c) => c.status === "READY")).toBe(true);
    expect(fake.statements.filter((s) => s.startsWith("SHOW SERVICE CONTAINERS")).length).toBeGreaterThan(1);
    expect(svc.outs.ingressUrls.api).toMatch(/^api-[a-z0-9]+-myorg-myacct\.snowflakecomputing\.app$/);
    expect(svc.outs.dnsName).toContain("vllm");
    expect(svc.outs.createdOn).toMatch(/^2025-/);

    const fn = await create("ServiceFunction", {
      database: "LLM", schema: "SERVING", name: "COMPLETE", args: [{ name: "prompt", type: "VARCHAR" }], returns: "VARCHAR",
      service: "LLM.SERVING.VLLM", endpoint: "api", path: "/complete",
    });
    expect(fn.id).toBe("LLM.SERVING.COMPLETE(VARCHAR)");
    const grant = await create("ServiceRoleGrant", { service: "LLM.SERVING.VLLM", serviceRole: "ALL_ENDPOINTS_USAGE", toRole: "ANALYST", serviceCreatedOn: svc.outs.createdOn });
    expect(fake.grants.has("LLM.SERVING.VLLM!ALL_ENDPOINTS_USAGE>ANALYST")).toBe(true);

    // Reads of unchanged objects report no drift.
    for (const [kind, r] of [["ServiceFunction", fn], ["ServiceRoleGrant", grant], ["ImageRepository", repo]] as const) {
      const read = await provider.read(r.id, urn(kind), r.outs);
      expect([kind, (await provider.diff(r.id, urn(kind), read.props, r.inputs)).changes, read.props]).toEqual([kind, false, expect.anything()]);
    }

    // Dependents first, as the engine orders deletes.
    await provider.delete(grant.id, urn("ServiceRoleGrant"), grant.outs);
    await provider.delete(fn.id, urn("ServiceFunction"), fn.outs);
    await provider.delete(svc.id, urn("Service"), svc.outs);
    await provider.delete("GPU_POOL", urn("ComputePool"), { ...POOL });
    await provider.delete("HF_EGRESS", urn("ExternalAccessIntegration"), EAI);
    await provider.delete(repo.id, urn("ImageRepository"), repo.outs);
    expect([fake.pools.size, fake.services.size, fake.functions.size, fake.grants.size, fake.eais.size, fake.repos.size]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("refresh detects a spec changed outside Pulumi, but not Snowflake's reformatting or the image sha256 DESC SERVICE adds, and update restores it", async () => {
    const { fake, provider, create } = setup();
    await create("ComputePool", POOL);
    await create("ExternalAccessIntegration", EAI);
    const svc = await create("Service", SERVICE);

    // DESC SERVICE returns the spec re-serialized and with a sha256 per container: same meaning, so no drift.
    expect((await fake.execute('DESCRIBE SERVICE "LLM"."SERVING"."VLLM"'))[0].spec).toMatch(/sha256: "@sha256:[0-9a-f]{64}"/);
    const clean = await provider.read(svc.id, urn("Service"), svc.outs);
    expect(clean.props!.specText).toBe(svc.outs.specText);
    expect((await provider.diff(svc.id, urn("Service"), clean.props, svc.inputs)).changes).toBe(false);

    fake.driftSpec("LLM.SERVING.VLLM", "spec:\n  containers:\n    - name: vllm\n      image: /llm/serving/repo/vllm:evil\n  endpoints:\n    - name: api\n      port: 8000\n      public: true\n");
    const drifted = await provider.read(svc.id, urn("Service"), clean.props);
    expect(drifted.props!.specification.spec.containers[0].image).toBe("/llm/serving/repo/vllm:evil");
    expect(drifted.props!.specDigest).not.toBe(svc.outs.specDigest);
    expect(drifted.inputs!.specText).toBeUndefined();

    const diff = await provider.diff(svc.id, urn("Service"), drifted.props, svc.inputs);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const updated = await provider.update(svc.id, urn("Service"), drifted.props, svc.inputs);
    expect(fake.statements).toContainEqual(expect.stringMatching(/^ALTER SERVICE "LLM"."SERVING"."VLLM" FROM SPECIFICATION \$\$/));
    expect(fake.services.get("LLM.SERVING.VLLM")!.spec.spec.containers[0].image).toBe("/llm/serving/repo/vllm:1");
    expect((updated.outs as any).specDigest).toBe(svc.outs.specDigest);
  });

  it("compares the current reference's fields (probes, session token, stage/block volume settings, autoscaling, custom credentials): no drift when unchanged, drift when Snowflake's copy differs", async () => {
    const { fake, provider, create } = setup();
    await create("ComputePool", POOL);
    await create("ExternalAccessIntegration", EAI);
    const specification = fullSpec();
    const svc = await create("Service", { ...SERVICE, specification });
    // What was sent carries every new field, the octal permission quoted.
    for (const field of ["livenessProbe:", "periodSeconds: 10", "mountSessionToken: false", 'permission: "0600"', "stageConfig:", "snapshotDeleteAfter: 48h", "resourceManagement:", "enableCustomCredentials: false"]) {
      expect(svc.outs.specText).toContain(field);
    }
    const clean = await provider.read(svc.id, urn("Service"), svc.outs);
    expect(clean.props!.specText).toBe(svc.outs.specText);
    expect((await provider.diff(svc.id, urn("Service"), clean.props, svc.inputs)).changes).toBe(false);

    // Snowflake's copy differs only in a new field: that is drift, not something Snowflake added.
    const live = fullSpec() as any;
    live.spec.resourceManagement.autoScalingPolicies.suspend.allConditions[0].metricCondition.stabilizationPeriodSecs = 60;
    fake.driftSpec("LLM.SERVING.VLLM", renderSpecification(live));
    const drifted = await provider.read(svc.id, urn("Service"), clean.props);
    expect(drifted.props!.specification.spec.resourceManagement.autoScalingPolicies.suspend.allConditions[0].metricCondition.stabilizationPeriodSecs).toBe(60);
    expect((await provider.diff(svc.id, urn("Service"), drifted.props, svc.inputs)).changes).toBe(true);
  });

  it("changes a pool's instance family by SUSPEND, waiting for SUSPENDED, SET, RESUME", async () => {
    const { fake, provider, create } = setup(new FakeSnowflake({ poolStoppingTicks: 6 }));
    const pool = await create("ComputePool", POOL);
    await expect(fake.execute("ALTER COMPUTE POOL GPU_POOL SET INSTANCE_FAMILY = GPU_NV_M")).rejects.toThrow(/SUSPENDED/);

    fake.statements.length = 0;
    const news = (await provider.check(urn("ComputePool"), pool.outs, { ...POOL, instanceFamily: "GPU_NV_M" })).inputs;
    expect(await provider.diff(pool.id, urn("ComputePool"), pool.outs, news)).toMatchObject({ changes: true, replaces: [] });
    const res = await provider.update(pool.id, urn("ComputePool"), pool.outs, news);

    const s = fake.statements;
    const suspend = s.indexOf("ALTER COMPUTE POOL GPU_POOL SUSPEND");
    const set = s.indexOf("ALTER COMPUTE POOL GPU_POOL SET INSTANCE_FAMILY = GPU_NV_M");
    expect(suspend).toBeGreaterThanOrEqual(0);
    expect(s.slice(suspend + 1, set).filter((x) => x.startsWith("SHOW COMPUTE POOLS")).length).toBeGreaterThanOrEqual(3);
    expect(s.indexOf("ALTER COMPUTE POOL GPU_POOL RESUME")).toBeGreaterThan(set);
    // RESUME starts the pool again (STARTING: compute_pools_integration_test.go "alter: resume").
    expect(fake.pools.get("GPU_POOL")).toMatchObject({ instanceFamily: "GPU_NV_M", phase: "STARTING" });
    expect((res.outs as any).instanceFamily).toBe("GPU_NV_M");
  });

  it("refuses to drop a pool that still runs services, naming them", async () => {
    const { fake, provider, create } = setup();
    await create("ComputePool", POOL);
    await fake.execute(`CREATE SERVICE "OTHER"."TEAM"."NOTEBOOK" IN COMPUTE POOL GPU_POOL FROM SPECIFICATION $$spec: {containers: [{name: nb, image: /o/t/r/nb:1}]}$$`);
    await expect(provider.delete("GPU_POOL", urn("ComputePool"), POOL)).rejects.toThrow(/services still run in it: OTHER\.TEAM\.NOTEBOOK/);
    expect(fake.pools.has("GPU_POOL")).toBe(true);
  });

  it("drops a service with block volumes with FORCE", async () => {
    const { fake, provider, create } = setup();
    await create("ComputePool", POOL);
    const block = { ...SERVICE, externalAccessIntegrations: [], specification: spec("/llm/serving/repo/vllm:1", { volumes: [{ name: "cache", source: "block", size: "100Gi" }] }) };
    const svc = await create("Service", block);
    await expect(fake.execute('DROP SERVICE "LLM"."SERVING"."VLLM"')).rejects.toThrow(/FORCE/);
    await provider.delete(svc.id, urn("Service"), svc.outs);
    expect(fake.statements.at(-1)).toBe('DROP SERVICE "LLM"."SERVING"."VLLM" FORCE');
    expect(fake.services.size).toBe(0);
  });

  it("reports a failing container with Snowflake's message and keeps the created service in state", async () => {
    const { provider, create } = setup();
    await create("ComputePool", POOL);
    await create("ExternalAccessIntegration", EAI);
    const checked = await provider.check(urn("Service"), {}, { ...SERVICE, specification: spec("/llm/serving/repo/broken:1") });
    const err = await provider.create(urn("Service"), checked.inputs).catch((e) => e);
    expect(err).toBeInstanceOf(ResourceInitError);
    expect(err.message).toMatch(/container vllm \(instance 0\) FAILED: Back-off restarting failed container/);
    expect(err.id).toBe("LLM.SERVING.VLLM");
    expect(err.properties.specText).toContain("broken:1");
  });

  it("needs the pool, integrations and service to exist (Snowflake's errors surface)", async () => {
    const { provider } = setup();
    const svcInputs = (await provider.check(urn("Service"), {}, SERVICE)).inputs;
    await expect(provider.create(urn("Service"), svcInputs)).rejects.toThrow(/Compute pool 'GPU_POOL' does not exist/);
    const fnInputs = (await provider.check(urn("ServiceFunction"), {}, { database: "LLM", schema: "SERVING", name: "F", returns: "VARCHAR", service: "LLM.SERVING.VLLM", endpoint: "api", path: "/f" })).inputs;
    await expect(provider.create(urn("ServiceFunction"), fnInputs)).rejects.toThrow(/Service 'LLM.SERVING.VLLM' does not exist/);
  });

  it("alters a function's batch settings with CREATE OR ALTER and forgets objects dropped outside Pulumi", async () => {
    const { fake, provider, create } = setup();
    await create("ComputePool", POOL);
    await create("ExternalAccessIntegration", EAI);
    await create("Service", SERVICE);
    const base = { database: "LLM", schema: "SERVING", name: "COMPLETE", args: [{ name: "prompt", type: "VARCHAR" }], returns: "VARCHAR", service: "LLM.SERVING.VLLM", endpoint: "api", path: "/complete", maxBatchRows: 8 };
    const fn = await create("ServiceFunction", base);
    const news = (await provider.check(urn("ServiceFunction"), fn.outs, { ...base, maxBatchRows: 32 })).inputs;
    await provider.update(fn.id, urn("ServiceFunction"), fn.outs, news);
    expect(fake.statements.at(-1)).toMatch(/^CREATE OR ALTER FUNCTION .*MAX_BATCH_ROWS = 32/);
    expect(fake.functions.get("LLM.SERVING.COMPLETE(VARCHAR)")!.props.MAX_BATCH_ROWS).toBe(32);

    fake.functions.clear();
    expect(await provider.read(fn.id, urn("ServiceFunction"), fn.outs)).toEqual({});
  });

  it("runs a job service asynchronously and drops it on delete", async () => {
    const { fake, provider, create } = setup();
    await create("ComputePool", POOL);
    const job = await create("JobService", { database: "LLM", schema: "JOBS", name: "FETCH_WEIGHTS", computePool: "GPU_POOL", specification: { spec: { containers: [{ name: "fetch", image: "/llm/jobs/repo/fetch:1" }] } } });
    expect(fake.statements).toContainEqual(expect.stringMatching(/^EXECUTE JOB SERVICE IN COMPUTE POOL GPU_POOL .* ASYNC = TRUE$/s));
    expect(job.outs.status).toBe("PENDING");
    await provider.delete(job.id, urn("JobService"), job.outs);
    expect(fake.services.size).toBe(0);
  });

  it("fails check with the offending property, hostile names included", async () => {
    const { provider } = setup();
    const res = await provider.check(urn("Service"), {}, {
      ...SERVICE,
      name: 'VLLM"; DROP DATABASE PROD; --',
      minInstances: 2,
      maxInstances: 1,
      autoSuspendSecs: 60,
      specification: { spec: { containers: [{ name: "VLLM", image: "/llm/serving/repo/vllm:1" }] } },
    });
    const props = res.failures!.map((f) => f.property);
    expect(props).toEqual(expect.arrayContaining(["name", "maxInstances", "autoSuspendSecs", "specification.spec.containers[0].name"]));
    const pool = await provider.check(urn("ComputePool"), {}, { ...POOL, name: "gpu-pool", minNodes: 0 });
    expect(pool.failures!.map((f) => f.property).sort()).toEqual(["minNodes", "name"]);
  });
});
