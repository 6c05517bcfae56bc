/** Diff classification: every rule the provider and the offline plan depend on. */
import { UNKNOWN, diffInputs, updateStatements } from "../../provider/diff";
import { renderSpecification } from "../../provider/spec";
import type { ComputePoolInputs, ServiceFunctionInputs, ServiceInputs } from "../../provider/resources";

const pool: ComputePoolInputs = { name: "GPU_POOL", instanceFamily: "GPU_NV_S", minNodes: 1, maxNodes: 1, autoResume: true, autoSuspendSecs: 600 };

const spec = (image: string) => ({ spec: { containers: [{ name: "vllm", image }], endpoints: [{ name: "api", port: 8000, public: true }] } });
const service: ServiceInputs = {
  database: "LLM",
  schema: "SERVING",
  name: "VLLM",
  computePool: "GPU_POOL",
  specification: spec("/llm/serving/repo/vllm:1"),
  externalAccessIntegrations: ["A", "B"],
  minInstances: 1,
  maxInstances: 1,
  autoSuspendSecs: 0,
  autoResume: true,
};
/** What state holds after create: inputs plus the spec text sent. */
const serviceState = { ...service, specText: renderSpecification(service.specification) };

const fn: ServiceFunctionInputs = {
  database: "LLM",
  schema: "SERVING",
  name: "COMPLETE",
  args: [{ name: "prompt", type: "VARCHAR" }],
  returns: "VARCHAR",
  service: "LLM.SERVING.VLLM",
  endpoint: "api",
  path: "/complete",
  maxBatchRows: 8,
};

describe("compute pool", () => {
  it("changes MAX_NODES in place", () => {
    const d = diffInputs("ComputePool", pool, { ...pool, maxNodes: 3 });
    expect(d).toMatchObject({ action: "update", changedKeys: ["maxNodes"], replaceKeys: [] });
    expect(updateStatements("ComputePool", pool, { ...pool, maxNodes: 3 })).toEqual(["ALTER COMPUTE POOL GPU_POOL SET MAX_NODES = 3"]);
  });

  it("changes INSTANCE_FAMILY with downtime via SUSPEND → SET → RESUME, not by replacing the pool", () => {
    const news = { ...pool, instanceFamily: "GPU_NV_M", minNodes: 2 };
    const d = diffInputs("ComputePool", pool, news);
    expect(d.action).toBe("update-with-downtime");
    expect(d.replaceKeys).toEqual([]);
    expect(d.reasons.join("\n")).toMatch(/only while the pool is suspended/);
    expect(updateStatements("ComputePool", pool, news)).toEqual([
      "ALTER COMPUTE POOL GPU_POOL SET MIN_NODES = 2",
      "ALTER COMPUTE POOL GPU_POOL SUSPEND",
      "ALTER COMPUTE POOL GPU_POOL SET INSTANCE_FAMILY = GPU_NV_M",
      "ALTER COMPUTE POOL GPU_POOL RESUME",
    ]);
  });

  it("ignores INITIALLY_SUSPENDED after creation and replaces on rename", () => {
    expect(diffInputs("ComputePool", pool, { ...pool, initiallySuspended: true }).action).toBe("none");
    const d = diffInputs("ComputePool", pool, { ...pool, name: "OTHER" });
    expect(d).toMatchObject({ action: "replace", replaceKeys: ["name"], deleteBeforeReplace: true });
    expect(() => updateStatements("ComputePool", pool, { ...pool, name: "OTHER" })).toThrow(/cannot change in place/);
  });
});

describe("service", () => {
  it("replaces on a compute pool change and says the ingress URL changes", () => {
    const d = diffInputs("Service", serviceState, { ...service, computePool: "OTHER_POOL" });
    expect(d.action).toBe("replace");
    expect(d.replaceKeys).toEqual(["computePool"]);
    expect(d.consequences).toContain("service gets a new public ingress URL");
    expect(d.deleteBeforeReplace).toBe(true);
  });

  it("upgrades a spec change in place with ALTER SERVICE … FROM SPECIFICATION and calls it a rolling restart", () => {
    const news = { ...service, specification: spec("/llm/serving/repo/vllm:2") };
    const d = diffInputs("Service", serviceState, news);
    expect(d).toMatchObject({ action: "update", changedKeys: ["specification"] });
    expect(d.reasons.join("\n")).toMatch(/rolling restart/);
    const [sql] = updateStatements("Service", serviceState, news);
    expect(sql).toMatch(/^ALTER SERVICE "LLM"."SERVING"."VLLM" FROM SPECIFICATION \$\$/);
    expect(sql).toContain("vllm:2");
  });

  it("detects spec drift recorded by refresh (specText differs from what the inputs render)", () => {
    const drifted = { ...serviceState, specText: renderSpecification(spec("/llm/serving/repo/vllm:hacked")) };
    expect(diffInputs("Service", drifted, service).changedKeys).toEqual(["specification"]);
    expect(diffInputs("Service", serviceState, service).action).toBe("none");
  });

  it("sets and unsets scalar properties in place; integration order is not a change", () => {
    const olds = { ...serviceState, queryWarehouse: "WH", comment: "c" };
    const news = { ...service, externalAccessIntegrations: ["B", "A"], maxInstances: 3, queryWarehouse: undefined, comment: undefined };
    expect(updateStatements("Service", olds, news)).toEqual([
      'ALTER SERVICE "LLM"."SERVING"."VLLM" SET MAX_INSTANCES = 3',
      'ALTER SERVICE "LLM"."SERVING"."VLLM" UNSET QUERY_WAREHOUSE, COMMENT',
    ]);
  });

  it("treats a preview-time unknown in a replace key as a replacement", () => {
    expect(diffInputs("Service", serviceState, { ...service, computePool: UNKNOWN }).action).toBe("replace");
  });
});

describe("service function", () => {
  it("changes batch settings in place with CREATE OR ALTER FUNCTION", () => {
    const news = { ...fn, maxBatchRows: 16, batchTimeoutSecs: 120 };
    expect(diffInputs("ServiceFunction", fn, news)).toMatchObject({ action: "update", changedKeys: ["maxBatchRows", "batchTimeoutSecs"] });
    const [sql, ...rest] = updateStatements("ServiceFunction", fn, news);
    expect(rest).toEqual([]);
    expect(sql).toMatch(/^CREATE OR ALTER FUNCTION "LLM"."SERVING"."COMPLETE"\(prompt VARCHAR\) RETURNS VARCHAR .*MAX_BATCH_ROWS = 16 BATCH_TIMEOUT_SECS = 120 AS '\/complete'$/);
  });

  it("replaces on a signature, return type or path change but not on type spelling", () => {
    expect(diffInputs("ServiceFunction", fn, { ...fn, args: [...fn.args, { name: "n", type: "NUMBER" }] }).replaceKeys).toEqual(["args"]);
    expect(diffInputs("ServiceFunction", fn, { ...fn, returns: "VARIANT" }).replaceKeys).toEqual(["returns"]);
    expect(diffInputs("ServiceFunction", fn, { ...fn, path: "/v2" }).replaceKeys).toEqual(["path"]);
    expect(diffInputs("ServiceFunction", fn, { ...fn, args: [{ name: "prompt", type: "varchar" }] }).action).toBe("none");
  });

  it("changes the comment with ALTER FUNCTION … SET COMMENT, never through CREATE OR ALTER", () => {
    expect(updateStatements("ServiceFunction", fn, { ...fn, comment: "hi" })).toEqual([`ALTER FUNCTION "LLM"."SERVING"."COMPLETE"(VARCHAR) SET COMMENT = 'hi'`]);
    const [createOrAlter, setComment] = updateStatements("ServiceFunction", { ...fn, comment: "old" }, { ...fn, endpoint: "api2", comment: "new" });
    expect(createOrAlter).toMatch(/ENDPOINT = "api2" COMMENT = 'old'/);
    expect(setComment).toBe(`ALTER FUNCTION "LLM"."SERVING"."COMPLETE"(VARCHAR) SET COMMENT = 'new'`);
  });
});

describe("other kinds", () => {
  it("replaces an image repository on an encryption change and alters its comment in place", () => {
    const repo = { database: "LLM", schema: "IMAGES", name: "REPO" };
    expect(diffInputs("ImageRepository", repo, { ...repo, encryption: "SNOWFLAKE_FULL" })).toMatchObject({ action: "replace", replaceKeys: ["encryption"] });
    expect(updateStatements("ImageRepository", repo, { ...repo, comment: "c" })).toEqual([`ALTER IMAGE REPOSITORY "LLM"."IMAGES"."REPO" SET COMMENT = 'c'`]);
  });

  it("alters an integration's rules and secrets in place and replaces it on rename", () => {
    const eai = { name: "HF", allowedNetworkRules: ["N.R.A"], allowedAuthenticationSecrets: ["N.S.TOKEN"], enabled: true };
    expect(updateStatements("ExternalAccessIntegration", eai, { ...eai, allowedNetworkRules: ["N.R.A", "N.R.B"], allowedAuthenticationSecrets: [] })).toEqual([
      'ALTER EXTERNAL ACCESS INTEGRATION "HF" SET ALLOWED_NETWORK_RULES = ("N"."R"."A", "N"."R"."B")',
      'ALTER EXTERNAL ACCESS INTEGRATION "HF" UNSET ALLOWED_AUTHENTICATION_SECRETS',
    ]);
    expect(diffInputs("ExternalAccessIntegration", eai, { ...eai, name: "HF2" }).action).toBe("replace");
  });

  it("replaces a job service on any change and a grant when its service was recreated", () => {
    const job = { database: "D", schema: "S", name: "J", computePool: "P", specification: spec("/d/s/r/i:1"), externalAccessIntegrations: [] };
    expect(diffInputs("JobService", job, { ...job, replicas: 2 })).toMatchObject({ action: "replace", replaceKeys: ["replicas"] });
    const grant = { service: "D.S.SVC", serviceRole: "ALL_ENDPOINTS_USAGE", toRole: "R", serviceCreatedOn: "t1" };
    expect(diffInputs("ServiceRoleGrant", grant, { ...grant, serviceCreatedOn: "t2" })).toMatchObject({ action: "replace", deleteBeforeReplace: true });
  });
});

// block-storage-volume, "Guidelines and limitations": block volumes' size, iops, throughput and
// encryption, the set of block volumes, and the instance count of a service using them cannot change
// on an existing service.
describe("services with block volumes", () => {
  const withBlock = (size: string, extra: Record<string, unknown> = {}) => ({
    ...spec("/llm/serving/repo/vllm:1"),
    spec: { ...spec("/llm/serving/repo/vllm:1").spec, volumes: [{ name: "models", source: "block", size, blockConfig: { snapshotOnDelete: false, ...extra } }] },
  });
  const olds = { ...service, specification: withBlock("20Gi") };
  const oldState = { ...olds, specText: renderSpecification(olds.specification) };

  it.each([
    ["a bigger block volume", withBlock("40Gi")],
    ["new iops", withBlock("20Gi", { iops: 6000 })],
    ["new encryption", withBlock("20Gi", { encryption: "SNOWFLAKE_FULL" })],
    ["a removed block volume", spec("/llm/serving/repo/vllm:1")],
  ])("replaces the service for %s", (_what, specification) => {
    const d = diffInputs("Service", oldState, { ...olds, specification });
    expect(d).toMatchObject({ action: "replace", replaceKeys: ["specification"] });
    expect(d.reasons.join("\n")).toMatch(/block volume models is added, removed, or changes size, iops, throughput or encryption.*block-storage-volume/);
    expect(d.consequences.join("\n")).toMatch(/block volumes are deleted/);
  });

  it("adds a block volume to a service without one by replacing it", () => {
    expect(diffInputs("Service", serviceState, { ...service, specification: withBlock("20Gi") })).toMatchObject({ action: "replace", replaceKeys: ["specification"] });
  });

  it("still upgrades in place when only the image or snapshot settings change", () => {
    const news = { ...olds, specification: { ...withBlock("20Gi", { snapshotOnDelete: true, snapshotDeleteAfter: "24h" }), spec: { ...withBlock("20Gi", { snapshotOnDelete: true }).spec, containers: [{ name: "vllm", image: "/llm/serving/repo/vllm:2" }] } } };
    expect(diffInputs("Service", oldState, news)).toMatchObject({ action: "update", changedKeys: ["specification"], replaceKeys: [] });
  });

  it("replaces instead of ALTER SERVICE … SET MIN/MAX_INSTANCES", () => {
    const d = diffInputs("Service", oldState, { ...olds, minInstances: 2, maxInstances: 2 });
    expect(d).toMatchObject({ action: "replace", replaceKeys: ["minInstances", "maxInstances"] });
    // Without block volumes the same change is in place.
    expect(diffInputs("Service", serviceState, { ...service, minInstances: 2, maxInstances: 2 })).toMatchObject({ action: "update", replaceKeys: [] });
  });
});
