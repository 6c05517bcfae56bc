/** Diff classification: every rule the provider and the offline plan depend on. */
import { UNKNOWN, containsUnknown, diffInputs, diffedKeys, updateStatements, updateSteps } from "../../provider/diff";
import { renderSpecification } from "../../provider/spec";
import type { ComputePoolInputs, ServiceFunctionInputs, ServiceInputs, SpcsKind } from "../../provider/resources";

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

/**
 * Every property of every kind, changed alone, has the effect the Snowflake reference gives it:
 * ALTER COMPUTE POOL / IMAGE REPOSITORY / EXTERNAL ACCESS INTEGRATION / SERVICE and CREATE OR ALTER
 * FUNCTION list what is alterable (URLs in provider/diff.ts); the rest needs a new object. A job
 * service cannot be altered at all; a grant has nothing to alter.
 */
describe("what each property's change does", () => {
  const job = { database: "LLM", schema: "SERVING", name: "JOB", computePool: "GPU_POOL", specification: spec("/llm/serving/repo/job:1"), externalAccessIntegrations: ["A"], replicas: 1, queryWarehouse: "WH", comment: "c" };
  const bases: Record<SpcsKind, Record<string, any>> = {
    ComputePool: { ...pool, comment: "c", initiallySuspended: false },
    ImageRepository: { database: "LLM", schema: "IMAGES", name: "REPO", encryption: "SNOWFLAKE_SSE", comment: "c" },
    ExternalAccessIntegration: { name: "HF", allowedNetworkRules: ["N.R.A"], allowedAuthenticationSecrets: ["N.S.T"], enabled: true, comment: "c" },
    Service: { ...serviceState, minReadyInstances: 1, queryWarehouse: "WH", comment: "c" },
    ServiceFunction: { ...fn, maxBatchRetries: 1, onBatchFailure: "ABORT", batchTimeoutSecs: 60, contextHeaders: ["CURRENT_USER"], comment: "c" },
    JobService: { ...job, specText: renderSpecification(job.specification) },
    ServiceRoleGrant: { service: "LLM.SERVING.VLLM", serviceRole: "ALL_ENDPOINTS_USAGE", toRole: "R", serviceCreatedOn: "t1" },
  };
  const changed = (key: string, v: unknown): unknown => {
    if (key === "specification") return spec("/llm/serving/repo/other:9");
    if (key === "args") return [{ name: "prompt", type: "NUMBER" }];
    if (Array.isArray(v)) return [...v, "X.Y.Z"];
    if (typeof v === "number") return v + 1;
    if (typeof v === "boolean") return !v;
    return `${v}_2`;
  };
  const effects: Record<SpcsKind, Record<string, "update" | "update-with-downtime" | "replace" | "none">> = {
    ComputePool: { name: "replace", instanceFamily: "update-with-downtime", minNodes: "update", maxNodes: "update", autoResume: "update", autoSuspendSecs: "update", comment: "update", initiallySuspended: "none" },
    ImageRepository: { database: "replace", schema: "replace", name: "replace", encryption: "replace", comment: "update" },
    ExternalAccessIntegration: { name: "replace", allowedNetworkRules: "update", allowedAuthenticationSecrets: "update", enabled: "update", comment: "update" },
    Service: {
      database: "replace", schema: "replace", name: "replace", computePool: "replace", specification: "update", minInstances: "update", maxInstances: "update",
      minReadyInstances: "update", autoSuspendSecs: "update", autoResume: "update", queryWarehouse: "update", externalAccessIntegrations: "update", comment: "update",
    },
    ServiceFunction: {
      database: "replace", schema: "replace", name: "replace", args: "replace", returns: "replace", path: "replace", service: "update", endpoint: "update",
      maxBatchRows: "update", maxBatchRetries: "update", onBatchFailure: "update", batchTimeoutSecs: "update", contextHeaders: "update", comment: "update",
    },
    JobService: Object.fromEntries(["database", "schema", "name", "computePool", "specification", "externalAccessIntegrations", "replicas", "queryWarehouse", "comment"].map((k) => [k, "replace"])),
    ServiceRoleGrant: { service: "replace", serviceRole: "replace", toRole: "replace", serviceCreatedOn: "replace" },
  };
  const rows = Object.entries(effects).flatMap(([kind, keys]) => Object.entries(keys).map(([key, action]) => [kind as SpcsKind, key, action] as const));

  test.each(rows)("%s.%s changed alone: %s", (kind, key, action) => {
    const olds = bases[kind];
    const news = { ...olds, [key]: changed(key, olds[key]) };
    if (key === "specification") delete news.specText;
    const d = diffInputs(kind, olds, news);
    expect(d.action).toBe(action);
    expect(d.changedKeys).toEqual(action === "none" ? [] : [key]);
    expect(d.replaceKeys).toEqual(action === "replace" ? [key] : []);
    // Every change, even an ignored one, says why.
    expect(d.reasons).toEqual([expect.stringMatching(new RegExp(`^${key}: `))]);
    if (action === "none") expect(d.consequences).toEqual([]);
  });

  test("the keys diffed per kind are exactly those", () => {
    // Plus the pool's suspendedServices, an output only (tested below).
    for (const [kind, keys] of Object.entries(effects)) {
      expect(diffedKeys(kind as SpcsKind).sort()).toEqual([...Object.keys(keys), ...(kind === "ComputePool" ? ["suspendedServices"] : [])].sort());
    }
  });

  test("no change is action none with nothing changed, replaced, or consequential", () => {
    for (const [kind, olds] of Object.entries(bases)) {
      expect(diffInputs(kind as SpcsKind, olds, { ...olds })).toEqual({ changedKeys: [], replaceKeys: [], action: "none", reasons: [], consequences: [], deleteBeforeReplace: true });
      expect(updateSteps(kind as SpcsKind, olds, { ...olds })).toEqual([]);
    }
  });

  test("an unknown kind is refused by name", () => {
    expect(() => diffInputs("Warehouse" as SpcsKind, {}, {})).toThrow(/unknown SPCS kind Warehouse/);
  });

  test("consequences: a replaced service breaks its functions and grants; other changes say only their own", () => {
    const replaced = diffInputs("Service", bases.Service, { ...bases.Service, name: "VLLM2" }).consequences;
    expect(replaced).toEqual(["service gets a new public ingress URL", expect.stringMatching(/^functions bound to the service stop working/)]);
    // A change with no consequence of its own adds none.
    // (toStrictEqual: toEqual would pass [undefined].)
    expect(diffInputs("Service", bases.Service, { ...bases.Service, maxInstances: 5 }).consequences).toStrictEqual([]);
    expect(diffInputs("ComputePool", bases.ComputePool, { ...bases.ComputePool, maxNodes: 5 }).consequences).toStrictEqual([]);
    // Only a service's replacement rebinds functions: a replaced pool or function says its own consequence.
    expect(diffInputs("ComputePool", bases.ComputePool, { ...bases.ComputePool, name: "P2" }).consequences).toEqual([expect.stringMatching(/^all services and jobs in the pool are recreated/)]);
    expect(diffInputs("ServiceFunction", fn, { ...fn, path: "/v2" }).consequences).toEqual([expect.stringMatching(/^the function is dropped and recreated/)]);
    // An ignored change has no consequence.
    expect(diffInputs("ComputePool", bases.ComputePool, { ...bases.ComputePool, initiallySuspended: true }).reasons).toEqual([expect.stringMatching(/^initiallySuspended: INITIALLY_SUSPENDED applies only at creation/)]);
  });

  test("a grant says whether its service was recreated or the grant itself changed", () => {
    const g = bases.ServiceRoleGrant;
    expect(diffInputs("ServiceRoleGrant", g, { ...g, serviceCreatedOn: "t2" }).reasons).toEqual([expect.stringMatching(/^serviceCreatedOn: the service was recreated/)]);
    expect(diffInputs("ServiceRoleGrant", g, { ...g, toRole: "R2" }).reasons).toEqual([expect.stringMatching(/^toRole: a grant is revoked and issued again/)]);
  });
});

describe("equality: what counts as a change", () => {
  test("containsUnknown finds the preview placeholder at any depth, and nothing else", () => {
    expect(containsUnknown(UNKNOWN)).toBe(true);
    expect(containsUnknown(["a", UNKNOWN])).toBe(true);
    expect(containsUnknown({ spec: { containers: [{ image: UNKNOWN }] } })).toBe(true);
    expect(containsUnknown({ a: "x", b: UNKNOWN })).toBe(true);
    for (const v of [undefined, null, 0, "x", [], ["a", "b"], {}, { a: null, b: ["x", { c: 1 }] }]) expect(containsUnknown(v)).toBe(false);
  });

  test("a preview-time unknown on either side, at any depth, is a change", () => {
    expect(diffInputs("Service", serviceState, { ...service, externalAccessIntegrations: ["A", UNKNOWN] }).changedKeys).toEqual(["externalAccessIntegrations"]);
    expect(diffInputs("Service", { ...serviceState, queryWarehouse: UNKNOWN }, { ...service }).changedKeys).toEqual(["queryWarehouse"]);
    expect(diffInputs("Service", serviceState, { ...service, specification: spec(UNKNOWN) }).changedKeys).toEqual(["specification"]);
    expect(diffInputs("Service", serviceState, { ...service, specification: UNKNOWN }).changedKeys).toEqual(["specification"]);
    // Two unknowns are not known to be equal.
    expect(diffInputs("Service", { ...serviceState, computePool: UNKNOWN }, { ...service, computePool: UNKNOWN }).replaceKeys).toEqual(["computePool"]);
  });

  test("null (as read back) and absent are the same; null and a value are not", () => {
    expect(diffInputs("Service", { ...serviceState, comment: null, queryWarehouse: undefined }, { ...service, queryWarehouse: null }).action).toBe("none");
    expect(diffInputs("Service", { ...serviceState, comment: null }, { ...service, comment: "x" }).changedKeys).toEqual(["comment"]);
    expect(diffInputs("Service", { ...serviceState, comment: "x" }, { ...service, comment: null }).changedKeys).toEqual(["comment"]);
    expect(diffInputs("Service", serviceState, { ...service, minReadyInstances: 0 }).changedKeys).toEqual(["minReadyInstances"]);
  });

  test("set-like lists: order is no change; absent, null and empty are the same; a member more or less is a change", () => {
    const eai = { name: "HF", allowedNetworkRules: ["A", "B"], enabled: true };
    expect(diffInputs("ExternalAccessIntegration", eai, { ...eai, allowedNetworkRules: ["B", "A"] }).action).toBe("none");
    expect(diffInputs("ExternalAccessIntegration", { ...eai, allowedAuthenticationSecrets: null }, { ...eai, allowedAuthenticationSecrets: [] }).action).toBe("none");
    expect(diffInputs("ExternalAccessIntegration", eai, { ...eai, allowedAuthenticationSecrets: [] }).action).toBe("none");
    expect(diffInputs("ExternalAccessIntegration", eai, { ...eai, allowedNetworkRules: ["A"] }).changedKeys).toEqual(["allowedNetworkRules"]);
    expect(diffInputs("ExternalAccessIntegration", eai, { ...eai, allowedNetworkRules: ["A", "C"] }).changedKeys).toEqual(["allowedNetworkRules"]);
    expect(diffInputs("ExternalAccessIntegration", eai, { ...eai, allowedNetworkRules: undefined }).changedKeys).toEqual(["allowedNetworkRules"]);
    // A job's integrations are a set too.
    const job = { database: "D", schema: "S", name: "J", computePool: "P", specification: spec("/d/s/r/i:1"), externalAccessIntegrations: ["A", "B"] };
    expect(diffInputs("JobService", job, { ...job, externalAccessIntegrations: ["B", "A"] }).action).toBe("none");
  });

  test("ordered lists compare member by member", () => {
    // Function arguments are positional: a reorder is a new signature.
    const two = { ...fn, args: [{ name: "a", type: "VARCHAR" }, { name: "b", type: "NUMBER" }] };
    expect(diffInputs("ServiceFunction", two, { ...two, args: [two.args[1], two.args[0]] }).replaceKeys).toEqual(["args"]);
    expect(diffInputs("ServiceFunction", two, { ...two, args: [two.args[0], { name: "c", type: "NUMBER" }] }).replaceKeys).toEqual(["args"]);
    expect(diffInputs("ServiceFunction", two, { ...two, args: [two.args[0]] }).replaceKeys).toEqual(["args"]);
    expect(diffInputs("ServiceFunction", two, { ...two, args: [{ name: "a", type: "varchar" }, { name: "b", type: "number" }] }).action).toBe("none");
    // A function without arguments, stored without the key, is unchanged.
    const none = { ...fn, args: [] };
    expect(diffInputs("ServiceFunction", { ...none, args: undefined }, none).action).toBe("none");
    // A list stored as a scalar (hand-edited state) is a change, not a crash.
    for (const news of [["A"], ["A", "B"], []]) {
      expect(diffInputs("Service", { ...serviceState, externalAccessIntegrations: "A" }, { ...service, externalAccessIntegrations: news }).changedKeys).toEqual(["externalAccessIntegrations"]);
    }
  });

  test("types that are not SQL types still compare by their text", () => {
    expect(diffInputs("ServiceFunction", { ...fn, returns: "NOT A TYPE" }, { ...fn, returns: "NOT EVEN A TYPE" }).replaceKeys).toEqual(["returns"]);
    expect(diffInputs("ServiceFunction", { ...fn, returns: "NOT A TYPE" }, { ...fn, returns: "NOT A TYPE" }).action).toBe("none");
    expect(diffInputs("ServiceFunction", { ...fn, args: [null] }, { ...fn, args: [{ name: "prompt", type: "VARCHAR" }] }).replaceKeys).toEqual(["args"]);
  });

  test("a job whose refreshed spec text drifted is run again", () => {
    const job = { database: "D", schema: "S", name: "J", computePool: "P", specification: spec("/d/s/r/i:1") };
    const state = { ...job, specText: renderSpecification(spec("/d/s/r/i:hacked")) };
    expect(diffInputs("JobService", state, job)).toMatchObject({ action: "replace", replaceKeys: ["specification"] });
    expect(diffInputs("JobService", { ...job, specText: renderSpecification(job.specification) }, job).action).toBe("none");
  });

  test("services an interrupted instance-family change left suspended are resumed, once", () => {
    const d = diffInputs("ComputePool", { ...pool, suspendedServices: ["LLM.SERVING.VLLM"] }, pool);
    expect(d).toMatchObject({ action: "update", changedKeys: ["suspendedServices"], replaceKeys: [] });
    expect(d.consequences).toEqual([expect.stringMatching(/interrupted instance-family change/)]);
    expect(diffInputs("ComputePool", { ...pool, suspendedServices: [] }, pool).action).toBe("none");
    expect(diffInputs("ComputePool", { ...pool, suspendedServices: "LLM.SERVING.VLLM" }, pool).action).toBe("none");
  });
});

describe("the statements of an in-place update", () => {
  test("compute pool: comment set and unset; the family change is three flagged steps, the first waited on", () => {
    const olds = { ...pool, comment: "old" };
    expect(updateStatements("ComputePool", olds, { ...olds, comment: "new" })).toEqual(["ALTER COMPUTE POOL GPU_POOL SET COMMENT = 'new'"]);
    expect(updateStatements("ComputePool", olds, { ...olds, comment: undefined })).toEqual(["ALTER COMPUTE POOL GPU_POOL UNSET COMMENT"]);
    expect(updateStatements("ComputePool", olds, { ...olds, comment: undefined, autoResume: false })).toEqual([
      "ALTER COMPUTE POOL GPU_POOL SET AUTO_RESUME = FALSE",
      "ALTER COMPUTE POOL GPU_POOL UNSET COMMENT",
    ]);
    expect(updateSteps("ComputePool", pool, { ...pool, instanceFamily: "GPU_NV_M" })).toEqual([
      { sql: "ALTER COMPUTE POOL GPU_POOL SUSPEND", waitFor: "pool-suspended", instanceFamily: true },
      { sql: "ALTER COMPUTE POOL GPU_POOL SET INSTANCE_FAMILY = GPU_NV_M", instanceFamily: true },
      { sql: "ALTER COMPUTE POOL GPU_POOL RESUME", instanceFamily: true },
    ]);
    // Resuming what an interrupted change suspended is the provider's work (poolFamily.ts): no SQL here.
    expect(updateSteps("ComputePool", { ...pool, suspendedServices: ["X"] }, pool)).toEqual([]);
  });

  test("integration: each property set alone; secrets and comment unset when emptied", () => {
    const eai = { name: "HF", allowedNetworkRules: ["N.R.A"], allowedAuthenticationSecrets: ["N.S.T"], enabled: true, comment: "c" };
    expect(updateStatements("ExternalAccessIntegration", eai, { ...eai, enabled: false })).toEqual(['ALTER EXTERNAL ACCESS INTEGRATION "HF" SET ENABLED = FALSE']);
    expect(updateStatements("ExternalAccessIntegration", eai, { ...eai, comment: "d" })).toEqual([`ALTER EXTERNAL ACCESS INTEGRATION "HF" SET COMMENT = 'd'`]);
    expect(updateStatements("ExternalAccessIntegration", eai, { ...eai, comment: undefined })).toEqual(['ALTER EXTERNAL ACCESS INTEGRATION "HF" UNSET COMMENT']);
    expect(updateStatements("ExternalAccessIntegration", eai, { ...eai, allowedAuthenticationSecrets: ["N.S.U"] })).toEqual([
      'ALTER EXTERNAL ACCESS INTEGRATION "HF" SET ALLOWED_AUTHENTICATION_SECRETS = ("N"."S"."U")',
    ]);
    expect(updateStatements("ExternalAccessIntegration", eai, { ...eai, allowedAuthenticationSecrets: undefined, comment: undefined })).toEqual([
      'ALTER EXTERNAL ACCESS INTEGRATION "HF" UNSET ALLOWED_AUTHENTICATION_SECRETS, COMMENT',
    ]);
  });

  test("service: optional properties set when given, unset when removed; integrations emptied are unset", () => {
    const ref = 'ALTER SERVICE "LLM"."SERVING"."VLLM"';
    expect(updateStatements("Service", serviceState, { ...service, minReadyInstances: 1, queryWarehouse: "WH", comment: "c" })).toEqual([
      `${ref} SET MIN_READY_INSTANCES = 1 QUERY_WAREHOUSE = "WH" COMMENT = 'c'`,
    ]);
    expect(updateStatements("Service", { ...serviceState, minReadyInstances: 1 }, { ...service })).toEqual([`${ref} UNSET MIN_READY_INSTANCES`]);
    expect(updateStatements("Service", serviceState, { ...service, externalAccessIntegrations: ["C"] })).toEqual([`${ref} SET EXTERNAL_ACCESS_INTEGRATIONS = ("C")`]);
    expect(updateStatements("Service", serviceState, { ...service, externalAccessIntegrations: [] })).toEqual([`${ref} UNSET EXTERNAL_ACCESS_INTEGRATIONS`]);
    expect(updateStatements("Service", serviceState, { ...service, externalAccessIntegrations: undefined })).toEqual([`${ref} UNSET EXTERNAL_ACCESS_INTEGRATIONS`]);
    // Settings before the new spec: it may need them.
    const both = updateStatements("Service", serviceState, { ...service, maxInstances: 2, specification: spec("/llm/serving/repo/vllm:2") });
    expect(both).toEqual([`${ref} SET MAX_INSTANCES = 2`, expect.stringMatching(/^ALTER SERVICE "LLM"."SERVING"."VLLM" FROM SPECIFICATION \$\$/)]);
  });

  test("service function: a removed comment is unset with ALTER FUNCTION", () => {
    expect(updateStatements("ServiceFunction", { ...fn, comment: "c" }, { ...fn })).toEqual([`ALTER FUNCTION "LLM"."SERVING"."COMPLETE"(VARCHAR) UNSET COMMENT`]);
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
