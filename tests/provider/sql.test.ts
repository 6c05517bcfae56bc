/** SQL builders: quoting, escaping and statement shapes the provider and the plan rely on. */
import {
  SqlBuildError,
  argName,
  bareIdent,
  bareQualifiedRef,
  boolLiteral,
  computePoolSql,
  endpointIdent,
  functionArgTypes,
  instanceFamilyKeyword,
  intLiteral,
  listLiteral,
  serviceRoleIdent,
  splitQualifiedRef,
  dataType,
  externalAccessIntegrationSql,
  functionSignature,
  imageRepositorySql,
  jobServiceSql,
  poolIdent,
  qualifiedRef,
  quoteIdent,
  serviceFunctionSql,
  serviceRoleGrantSql,
  serviceSql,
  specLiteral,
  stringLiteral,
} from "../../provider/sql";
import type { ServiceFunctionInputs, ServiceInputs } from "../../provider/resources";

const service: ServiceInputs = {
  database: "LLM",
  schema: "SERVING",
  name: "VLLM",
  computePool: "GPU_POOL",
  specification: { spec: { containers: [{ name: "vllm", image: "/llm/serving/repo/vllm:1" }] } },
  externalAccessIntegrations: ["HF_EGRESS"],
  minInstances: 1,
  maxInstances: 2,
  autoSuspendSecs: 0,
  autoResume: true,
  queryWarehouse: "WH",
  comment: "it's mine",
};

const fn: ServiceFunctionInputs = {
  database: "LLM",
  schema: "SERVING",
  name: "COMPLETE",
  args: [{ name: "prompt", type: "varchar" }, { name: "max_tokens", type: "number(38,0)" }],
  returns: "VARCHAR",
  service: "LLM.SERVING.VLLM",
  endpoint: "api",
  path: "/v1/complete",
  maxBatchRows: 8,
  onBatchFailure: "RETURN_NULL",
  contextHeaders: ["current_user"],
};

describe("value builders", () => {
  it("quotes identifiers and doubles embedded quotes, so a hostile name stays one identifier", () => {
    expect(quoteIdent("LLM")).toBe('"LLM"');
    expect(quoteIdent('X"; DROP DATABASE PROD; --')).toBe('"X""; DROP DATABASE PROD; --"');
    expect(() => quoteIdent("")).toThrow(SqlBuildError);
    expect(() => quoteIdent("A\nB")).toThrow(/control characters/);
  });

  it("emits compute pool names bare and refuses anything but an unquoted upper-case identifier", () => {
    expect(poolIdent("GPU_POOL_1")).toBe("GPU_POOL_1");
    for (const bad of ["gpu_pool", "GPU POOL", 'P"; DROP', "1POOL", "P-1", ""]) {
      expect(() => poolIdent(bad)).toThrow(SqlBuildError);
    }
  });

  it("escapes quotes and backslashes in string literals", () => {
    expect(stringLiteral("it's")).toBe("'it''s'");
    expect(stringLiteral("a\\' OR 1=1 --")).toBe("'a\\\\'' OR 1=1 --'");
  });

  it("dollar-quotes spec text only when no $$ (or trailing $) could end the literal early", () => {
    expect(specLiteral("spec:\n  containers: []\n")).toBe("$$spec:\n  containers: []\n$$");
    expect(specLiteral("env:\n  X: a$$b\n")).toBe("'env:\n  X: a$$b\n'");
    expect(specLiteral("cmd: echo $")).toBe("'cmd: echo $'");
    expect(specLiteral("x: 'q'")).toBe("$$x: 'q'$$");
  });

  it("accepts only DB.SCHEMA.NAME references of unquoted identifiers", () => {
    expect(qualifiedRef("NET.RULES.HF", "r")).toBe('"NET"."RULES"."HF"');
    expect(() => qualifiedRef("NET.RULES", "r")).toThrow(SqlBuildError);
    expect(() => qualifiedRef('NET.RULES."X"', "r")).toThrow(SqlBuildError);
    expect(() => qualifiedRef("NET.RULES.HF) ENABLED = FALSE --", "r")).toThrow(SqlBuildError);
  });

  it("normalizes data types and refuses anything else", () => {
    expect(dataType("number( 38 ,0 )", "t")).toBe("NUMBER(38, 0)");
    expect(dataType("double precision", "t")).toBe("DOUBLE PRECISION");
    expect(() => dataType("VARCHAR) RETURNS INT AS 'x' --", "t")).toThrow(SqlBuildError);
  });
});

describe("statements", () => {
  it("builds compute pool DDL with the pool name bare", () => {
    expect(
      computePoolSql.create({ name: "GPU_POOL", instanceFamily: "GPU_NV_S", minNodes: 1, maxNodes: 2, autoResume: true, autoSuspendSecs: 600, initiallySuspended: true, comment: "x" }),
    ).toBe("CREATE COMPUTE POOL GPU_POOL MIN_NODES = 1 MAX_NODES = 2 INSTANCE_FAMILY = GPU_NV_S AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE AUTO_SUSPEND_SECS = 600 COMMENT = 'x'");
    expect(computePoolSql.set("GPU_POOL", { maxNodes: 3, comment: "y" })).toBe("ALTER COMPUTE POOL GPU_POOL SET MAX_NODES = 3 COMMENT = 'y'");
    expect(computePoolSql.show("GPU_POOL")).toBe("SHOW COMPUTE POOLS LIKE 'GPU_POOL'");
    expect(() => computePoolSql.create({ name: "P", instanceFamily: "GPU; DROP", minNodes: 1, maxNodes: 1, autoResume: true, autoSuspendSecs: 0 })).toThrow(SqlBuildError);
  });

  it("builds CREATE SERVICE with clauses in the documented order and the spec dollar-quoted", () => {
    const sql = serviceSql.create(service, "spec: {}\n");
    expect(sql).toBe(
      'CREATE SERVICE "LLM"."SERVING"."VLLM" IN COMPUTE POOL GPU_POOL FROM SPECIFICATION $$spec: {}\n$$ ' +
        'EXTERNAL_ACCESS_INTEGRATIONS = ("HF_EGRESS") AUTO_RESUME = TRUE MIN_INSTANCES = 1 MAX_INSTANCES = 2 QUERY_WAREHOUSE = "WH" COMMENT = \'it\'\'s mine\'',
    );
    expect(serviceSql.drop(service, true)).toBe('DROP SERVICE "LLM"."SERVING"."VLLM" FORCE');
    expect(serviceSql.showContainers(service)).toBe("SHOW SERVICE CONTAINERS IN SERVICE LLM.SERVING.VLLM");
  });

  it("names job services and runs them asynchronously", () => {
    const sql = jobServiceSql.execute(
      { database: "LLM", schema: "JOBS", name: "FETCH", computePool: "CPU", specification: service.specification, externalAccessIntegrations: [], replicas: 2 },
      "spec: {}\n",
    );
    expect(sql).toBe('EXECUTE JOB SERVICE IN COMPUTE POOL CPU FROM SPECIFICATION $$spec: {}\n$$ NAME = "LLM"."JOBS"."FETCH" ASYNC = TRUE REPLICAS = 2');
  });

  it("builds service functions, their signature and CREATE OR ALTER", () => {
    expect(serviceFunctionSql.create(fn)).toBe(
      'CREATE FUNCTION "LLM"."SERVING"."COMPLETE"(prompt VARCHAR, max_tokens NUMBER(38, 0)) RETURNS VARCHAR ' +
        'SERVICE = "LLM"."SERVING"."VLLM" ENDPOINT = "api" CONTEXT_HEADERS = (CURRENT_USER) MAX_BATCH_ROWS = 8 ON_BATCH_FAILURE = RETURN_NULL AS \'/v1/complete\'',
    );
    expect(serviceFunctionSql.createOrAlter(fn).startsWith('CREATE OR ALTER FUNCTION "LLM"."SERVING"."COMPLETE"(')).toBe(true);
    expect(functionSignature(fn)).toBe('"LLM"."SERVING"."COMPLETE"(VARCHAR, NUMBER(38, 0))');
    expect(() => serviceFunctionSql.create({ ...fn, endpoint: "API" })).toThrow(SqlBuildError);
    expect(() => serviceFunctionSql.create({ ...fn, path: "v1" })).toThrow(/path/);
  });

  it("builds integration, repository and grant statements", () => {
    expect(
      externalAccessIntegrationSql.create({ name: "HF_EGRESS", allowedNetworkRules: ["NET.RULES.HF"], allowedAuthenticationSecrets: [], enabled: true }),
    ).toBe('CREATE EXTERNAL ACCESS INTEGRATION "HF_EGRESS" ALLOWED_NETWORK_RULES = ("NET"."RULES"."HF") ENABLED = TRUE');
    expect(() => externalAccessIntegrationSql.create({ name: "E", allowedNetworkRules: [], enabled: true })).toThrow(/network rule/);
    expect(imageRepositorySql.create({ database: "LLM", schema: "IMAGES", name: "REPO", encryption: "SNOWFLAKE_SSE" })).toBe(
      `CREATE IMAGE REPOSITORY "LLM"."IMAGES"."REPO" ENCRYPTION = (TYPE = 'SNOWFLAKE_SSE')`,
    );
    expect(serviceRoleGrantSql.grant({ service: "LLM.SERVING.VLLM", serviceRole: "ALL_ENDPOINTS_USAGE", toRole: "ANALYST" })).toBe(
      'GRANT SERVICE ROLE "LLM"."SERVING"."VLLM"!ALL_ENDPOINTS_USAGE TO ROLE "ANALYST"',
    );
  });
});

/** The error a builder throws: its message and the input property it names (mapped to a config path by config/renderable.ts). */
function refusal(build: () => unknown): { message: string; property?: string } {
  try {
    build();
  } catch (e) {
    if (!(e instanceof SqlBuildError)) throw e;
    return { message: e.message, property: e.property };
  }
  throw new Error("expected a SqlBuildError");
}

describe("value builders: the edges of what they accept", () => {
  it("identifiers: 255 characters, no control characters, strings only", () => {
    expect(quoteIdent("A".repeat(255))).toBe(`"${"A".repeat(255)}"`);
    expect(refusal(() => quoteIdent("A".repeat(256), "name"))).toEqual({ message: "identifier longer than 255 characters", property: "name" });
    expect(refusal(() => quoteIdent("A\u007fB", "schema"))).toEqual({ message: "identifier must not contain control characters", property: "schema" });
    expect(refusal(() => quoteIdent("A\u001fB"))).toMatchObject({ message: /control characters/ });
    expect(quoteIdent("A B\u0020C")).toBe('"A B C"');
    expect(refusal(() => quoteIdent(7 as unknown as string, "database"))).toEqual({ message: "identifier must be a non-empty string", property: "database" });
    expect(bareIdent("A_1$")).toBe("A_1$");
    expect(bareIdent("_A")).toBe("_A");
    expect(bareIdent("B".repeat(255))).toBe("B".repeat(255));
    for (const bad of ["B".repeat(256), "a", "A B", "$A", "A\nB", 5]) expect(refusal(() => bareIdent(bad as string, "p")).property).toBe("p");
  });

  it("literals: strings, booleans and non-negative safe integers only", () => {
    expect(refusal(() => stringLiteral(1 as unknown as string, "comment"))).toEqual({ message: "string literal must be a string", property: "comment" });
    expect(refusal(() => stringLiteral("a\u0000b", "comment"))).toEqual({ message: "string literal must not contain NUL", property: "comment" });
    expect(stringLiteral("line\nbreak")).toBe("'line\nbreak'");
    expect(stringLiteral("")).toBe("''");
    expect([boolLiteral(true), boolLiteral(false)]).toEqual(["TRUE", "FALSE"]);
    expect(refusal(() => boolLiteral("true" as unknown as boolean, "enabled"))).toEqual({ message: 'expected a boolean, got "true"', property: "enabled" });
    expect([intLiteral(0), intLiteral(604800), intLiteral(Number.MAX_SAFE_INTEGER)]).toEqual(["0", "604800", "9007199254740991"]);
    for (const bad of [-1, 1.5, Number.NaN, Infinity, 2 ** 53, "1"]) expect(refusal(() => intLiteral(bad as number, "maxNodes")).property).toBe("maxNodes");
    expect(listLiteral([])).toBe("()");
    expect(listLiteral(["A", "B"])).toBe("(A, B)");
  });

  it("spec text: never empty, never NUL, single-quoted when it ends in $", () => {
    expect(refusal(() => specLiteral(""))).toEqual({ message: "specification text is empty", property: "specification" });
    expect(refusal(() => specLiteral(undefined as unknown as string))).toMatchObject({ property: "specification" });
    expect(refusal(() => specLiteral("a\u0000b", "spec"))).toEqual({ message: "specification must not contain NUL", property: "spec" });
    expect(specLiteral("a: $x")).toBe("$$a: $x$$");
    expect(specLiteral("a: x$")).toBe("'a: x$'");
  });

  it("references: exactly three unquoted upper-case parts", () => {
    expect(splitQualifiedRef("A.B.C", "r")).toEqual(["A", "B", "C"]);
    expect(bareQualifiedRef("A.B.C", "r")).toBe("A.B.C");
    for (const bad of ["A.B.C.D", "A.B", "a.B.C", "A.B.c", "A..C", 3]) expect(refusal(() => splitQualifiedRef(bad as string, "service")).property).toBe("service");
    expect(refusal(() => bareQualifiedRef("A.b.C", "secret")).message).toBe('"A.b.C" is not a fully qualified name DB.SCHEMA.NAME of unquoted upper-case identifiers');
  });

  it("instance families, data types, argument, endpoint and service role names", () => {
    expect(instanceFamilyKeyword("CPU_X64_XS")).toBe("CPU_X64_XS");
    for (const bad of ["cpu_x64_xs", "_CPU", "CPU X", 1]) expect(refusal(() => instanceFamilyKeyword(bad as string)).property).toBe("instanceFamily");
    expect(dataType(" timestamp_ntz(9) ", "t")).toBe("TIMESTAMP_NTZ(9)");
    expect(dataType("VARCHAR ( 16777216 )", "t")).toBe("VARCHAR(16777216)");
    expect(dataType("NUMBER(38,0)", "t")).toBe("NUMBER(38, 0)");
    expect(dataType("number(38, 10)", "t")).toBe("NUMBER(38, 10)");
    expect(dataType("varchar (10)", "t")).toBe("VARCHAR(10)");
    expect(dataType("double \t  precision", "t")).toBe("DOUBLE PRECISION");
    for (const bad of ["", "1INT", "NUMBER(38, 0, 1)", "TIMESTAMP WITH TIME ZONE", "VARCHAR(X)", "INT;", 5]) expect(refusal(() => dataType(bad as string, "returns")).property).toBe("returns");
    expect(argName("_x1", "a")).toBe("_x1");
    expect(argName("Prompt", "a")).toBe("Prompt");
    for (const bad of ["1x", "a-b", "a b", "", 2]) expect(refusal(() => argName(bad as string, "args[0].name")).property).toBe("args[0].name");
    expect(endpointIdent("a")).toBe('"a"');
    expect(endpointIdent(`a${"b".repeat(61)}c`)).toBe(`"a${"b".repeat(61)}c"`);
    for (const bad of [`a${"b".repeat(62)}c`, "a-", "-a", "1a", "A", "a_b", 1]) expect(refusal(() => endpointIdent(bad as string)).property).toBe("endpoint");
    expect(serviceRoleIdent("ALL_ENDPOINTS_USAGE")).toBe("ALL_ENDPOINTS_USAGE");
    expect(serviceRoleIdent("r1_x")).toBe("r1_x");
    // Only strings: a one-element list would pass a pattern once coerced to text.
    const builders: [(v: string) => string, string][] = [[bareIdent, "AB"], [instanceFamilyKeyword, "AB"], [(v) => argName(v, "a"), "ab"], [endpointIdent, "ab"], [serviceRoleIdent, "ab"]];
    for (const [build, text] of builders) {
      expect(build(text)).toBe(build === endpointIdent ? `"${text}"` : text);
      expect(refusal(() => build([text] as unknown as string))).toBeDefined();
    }
    expect(refusal(() => serviceFunctionSql.create({ ...fn, contextHeaders: [["CURRENT_USER"] as unknown as string] })).property).toBe("contextHeaders[0]");
    for (const bad of ["_r", "1r", "r-1", "r r", 1]) expect(refusal(() => serviceRoleIdent(bad as string)).property).toBe("serviceRole");
  });
});

describe("statements: every builder, optional clauses on and off", () => {
  const pool = { name: "P", instanceFamily: "CPU_X64_XS", minNodes: 1, maxNodes: 1, autoResume: false, autoSuspendSecs: 0 };
  it("compute pool", () => {
    expect(computePoolSql.create(pool)).toBe("CREATE COMPUTE POOL P MIN_NODES = 1 MAX_NODES = 1 INSTANCE_FAMILY = CPU_X64_XS AUTO_RESUME = FALSE AUTO_SUSPEND_SECS = 0");
    expect(computePoolSql.create({ ...pool, initiallySuspended: false })).toContain(" INITIALLY_SUSPENDED = FALSE AUTO_SUSPEND_SECS");
    expect(computePoolSql.set("P", { minNodes: 0, autoResume: false, autoSuspendSecs: 0, instanceFamily: "GPU_NV_S" })).toBe(
      "ALTER COMPUTE POOL P SET MIN_NODES = 0 AUTO_RESUME = FALSE AUTO_SUSPEND_SECS = 0 INSTANCE_FAMILY = GPU_NV_S",
    );
    expect(refusal(() => computePoolSql.set("P", {})).message).toMatch(/at least one property/);
    expect(refusal(() => computePoolSql.set("P", { maxNodes: -1 })).property).toBe("maxNodes");
    expect([computePoolSql.unsetComment("P"), computePoolSql.suspend("P"), computePoolSql.resume("P"), computePoolSql.drop("P"), computePoolSql.describe("P")]).toEqual([
      "ALTER COMPUTE POOL P UNSET COMMENT",
      "ALTER COMPUTE POOL P SUSPEND",
      "ALTER COMPUTE POOL P RESUME",
      "DROP COMPUTE POOL P",
      "DESCRIBE COMPUTE POOL P",
    ]);
    expect(refusal(() => computePoolSql.drop("p")).property).toBe("name");
  });

  it("image repository", () => {
    const r = { database: "D", schema: "S", name: "R" };
    expect(imageRepositorySql.create(r)).toBe('CREATE IMAGE REPOSITORY "D"."S"."R"');
    expect(imageRepositorySql.create({ ...r, encryption: "SNOWFLAKE_FULL", comment: "c" })).toBe(`CREATE IMAGE REPOSITORY "D"."S"."R" ENCRYPTION = (TYPE = 'SNOWFLAKE_FULL') COMMENT = 'c'`);
    expect(refusal(() => imageRepositorySql.create({ ...r, encryption: "AES" as "SNOWFLAKE_SSE" })).property).toBe("encryption");
    expect(imageRepositorySql.setComment(r, undefined)).toBe(`ALTER IMAGE REPOSITORY "D"."S"."R" SET COMMENT = ''`);
    expect(imageRepositorySql.drop(r)).toBe('DROP IMAGE REPOSITORY "D"."S"."R"');
    expect(imageRepositorySql.show(r)).toBe(`SHOW IMAGE REPOSITORIES LIKE 'R' IN SCHEMA "D"."S"`);
  });

  it("external access integration", () => {
    const e = { name: "E", allowedNetworkRules: ["N.R.A", "N.R.B"], allowedAuthenticationSecrets: ["N.S.T"], enabled: false, comment: "c" };
    expect(externalAccessIntegrationSql.create(e)).toBe(
      `CREATE EXTERNAL ACCESS INTEGRATION "E" ALLOWED_NETWORK_RULES = ("N"."R"."A", "N"."R"."B") ALLOWED_AUTHENTICATION_SECRETS = ("N"."S"."T") ENABLED = FALSE COMMENT = 'c'`,
    );
    expect(refusal(() => externalAccessIntegrationSql.create({ ...e, allowedNetworkRules: undefined as unknown as string[] })).property).toBe("allowedNetworkRules");
    expect(refusal(() => externalAccessIntegrationSql.create({ ...e, allowedNetworkRules: ["N.R.A", "bad"] })).property).toBe("allowedNetworkRules[1]");
    expect(refusal(() => externalAccessIntegrationSql.create({ ...e, allowedAuthenticationSecrets: ["bad"] })).property).toBe("allowedAuthenticationSecrets[0]");
    expect(externalAccessIntegrationSql.set("E", { allowedAuthenticationSecrets: [], comment: "" })).toBe(`ALTER EXTERNAL ACCESS INTEGRATION "E" SET ALLOWED_AUTHENTICATION_SECRETS = () COMMENT = ''`);
    expect(externalAccessIntegrationSql.set("E", { allowedNetworkRules: ["N.R.C"], enabled: true })).toBe('ALTER EXTERNAL ACCESS INTEGRATION "E" SET ALLOWED_NETWORK_RULES = ("N"."R"."C") ENABLED = TRUE');
    expect(externalAccessIntegrationSql.create({ name: "E", allowedNetworkRules: ["N.R.A"], enabled: true })).toBe('CREATE EXTERNAL ACCESS INTEGRATION "E" ALLOWED_NETWORK_RULES = ("N"."R"."A") ENABLED = TRUE');
    expect(refusal(() => externalAccessIntegrationSql.set("E", {})).message).toMatch(/at least one property/);
    expect(refusal(() => externalAccessIntegrationSql.unset("E", [])).message).toMatch(/at least one property/);
    expect(externalAccessIntegrationSql.unset("E", ["COMMENT"])).toBe('ALTER EXTERNAL ACCESS INTEGRATION "E" UNSET COMMENT');
    expect([externalAccessIntegrationSql.drop("E"), externalAccessIntegrationSql.show("E"), externalAccessIntegrationSql.describe("E")]).toEqual([
      'DROP INTEGRATION "E"',
      "SHOW INTEGRATIONS LIKE 'E'",
      'DESCRIBE INTEGRATION "E"',
    ]);
  });

  it("service: optional clauses, every ALTER, and the listing statements", () => {
    const minimal: ServiceInputs = { ...service, externalAccessIntegrations: [], queryWarehouse: undefined, comment: undefined, autoSuspendSecs: 3600, minReadyInstances: 1 };
    expect(serviceSql.create(minimal, "s")).toBe(
      'CREATE SERVICE "LLM"."SERVING"."VLLM" IN COMPUTE POOL GPU_POOL FROM SPECIFICATION $$s$$ AUTO_SUSPEND_SECS = 3600 AUTO_RESUME = TRUE MIN_INSTANCES = 1 MIN_READY_INSTANCES = 1 MAX_INSTANCES = 2',
    );
    expect(serviceSql.create({ ...minimal, externalAccessIntegrations: undefined as unknown as string[] }, "s")).not.toContain("EXTERNAL_ACCESS_INTEGRATIONS");
    expect(refusal(() => serviceSql.create({ ...service, externalAccessIntegrations: ["A", ""] }, "s")).property).toBe("externalAccessIntegrations[1]");
    expect(
      serviceSql.set(service, { minInstances: 0, maxInstances: 3, autoSuspendSecs: 0, minReadyInstances: 0, queryWarehouse: "W", autoResume: false, externalAccessIntegrations: ["A"], comment: "" }),
    ).toBe('ALTER SERVICE "LLM"."SERVING"."VLLM" SET MIN_INSTANCES = 0 MAX_INSTANCES = 3 AUTO_SUSPEND_SECS = 0 MIN_READY_INSTANCES = 0 QUERY_WAREHOUSE = "W" AUTO_RESUME = FALSE EXTERNAL_ACCESS_INTEGRATIONS = ("A") COMMENT = \'\'');
    expect(refusal(() => serviceSql.set(service, {})).message).toMatch(/at least one property/);
    expect(refusal(() => serviceSql.unset(service, [])).message).toMatch(/at least one property/);
    expect(serviceSql.unset(service, ["QUERY_WAREHOUSE", "COMMENT"])).toBe('ALTER SERVICE "LLM"."SERVING"."VLLM" UNSET QUERY_WAREHOUSE, COMMENT');
    expect(serviceSql.alterSpec(service, "x: $")).toBe(`ALTER SERVICE "LLM"."SERVING"."VLLM" FROM SPECIFICATION 'x: $'`);
    expect([
      serviceSql.resume(service),
      serviceSql.drop(service),
      serviceSql.show(service),
      serviceSql.showInPool("GPU_POOL"),
      serviceSql.describe(service),
      serviceSql.showEndpoints(service),
    ]).toEqual([
      'ALTER SERVICE "LLM"."SERVING"."VLLM" RESUME',
      'DROP SERVICE "LLM"."SERVING"."VLLM"',
      `SHOW SERVICES LIKE 'VLLM' IN SCHEMA "LLM"."SERVING"`,
      "SHOW SERVICES IN COMPUTE POOL GPU_POOL",
      'DESCRIBE SERVICE "LLM"."SERVING"."VLLM"',
      'SHOW ENDPOINTS IN SERVICE "LLM"."SERVING"."VLLM"',
    ]);
    expect(refusal(() => serviceSql.showContainers({ ...service, schema: "serving" })).property).toBe("schema");
    expect(refusal(() => serviceSql.showInPool("gpu")).property).toBe("computePool");
  });

  it("job service with every optional clause", () => {
    const job = { database: "D", schema: "S", name: "J", computePool: "CPU", specification: service.specification, externalAccessIntegrations: ["E"], queryWarehouse: "W", comment: "c" };
    expect(jobServiceSql.execute(job, "s")).toBe(`EXECUTE JOB SERVICE IN COMPUTE POOL CPU FROM SPECIFICATION $$s$$ NAME = "D"."S"."J" ASYNC = TRUE QUERY_WAREHOUSE = "W" COMMENT = 'c' EXTERNAL_ACCESS_INTEGRATIONS = ("E")`);
    expect(jobServiceSql.drop(job, true)).toBe('DROP SERVICE "D"."S"."J" FORCE');
    expect(jobServiceSql.execute({ ...job, externalAccessIntegrations: undefined as unknown as string[], queryWarehouse: undefined, comment: undefined }, "s")).toBe(
      'EXECUTE JOB SERVICE IN COMPUTE POOL CPU FROM SPECIFICATION $$s$$ NAME = "D"."S"."J" ASYNC = TRUE',
    );
  });

  it("service function with every optional clause, each refusal naming its property, and the statements on an overload", () => {
    const full: ServiceFunctionInputs = { ...fn, args: [], contextHeaders: ["current_account", "CURRENT_ROLE"], maxBatchRetries: 0, onBatchFailure: "ABORT", batchTimeoutSecs: 60, comment: "c" };
    expect(serviceFunctionSql.create(full)).toBe(
      `CREATE FUNCTION "LLM"."SERVING"."COMPLETE"() RETURNS VARCHAR SERVICE = "LLM"."SERVING"."VLLM" ENDPOINT = "api" COMMENT = 'c' CONTEXT_HEADERS = (CURRENT_ACCOUNT, CURRENT_ROLE) ` +
        `MAX_BATCH_ROWS = 8 MAX_BATCH_RETRIES = 0 ON_BATCH_FAILURE = ABORT BATCH_TIMEOUT_SECS = 60 AS '/v1/complete'`,
    );
    expect(serviceFunctionSql.create({ ...full, contextHeaders: [], maxBatchRows: undefined, onBatchFailure: undefined })).not.toMatch(/CONTEXT_HEADERS|MAX_BATCH_ROWS|ON_BATCH_FAILURE/);
    expect(refusal(() => serviceFunctionSql.create({ ...fn, onBatchFailure: "RETRY" as "ABORT" }))).toEqual({ message: "onBatchFailure must be ABORT or RETURN_NULL", property: "onBatchFailure" });
    expect(refusal(() => serviceFunctionSql.create({ ...fn, contextHeaders: ["CURRENT_USER", "current user"] })).property).toBe("contextHeaders[1]");
    expect(refusal(() => serviceFunctionSql.create({ ...fn, args: [fn.args[0], { name: "n", type: "NOPE(" }] })).property).toBe("args[1].type");
    expect(refusal(() => serviceFunctionSql.create({ ...fn, args: [{ name: "1n", type: "INT" }] })).property).toBe("args[0].name");
    expect(refusal(() => serviceFunctionSql.create({ ...fn, path: undefined as unknown as string })).property).toBe("path");
    expect(refusal(() => serviceFunctionSql.create({ ...fn, service: "LLM.SERVING" })).property).toBe("service");
    expect(refusal(() => serviceFunctionSql.create({ ...fn, maxBatchRetries: -1 })).property).toBe("maxBatchRetries");
    expect(functionArgTypes({ args: undefined as unknown as [] })).toBe("");
    expect(serviceFunctionSql.create({ ...fn, args: undefined as unknown as [], contextHeaders: undefined, maxBatchRows: undefined, onBatchFailure: undefined })).toBe(
      `CREATE FUNCTION "LLM"."SERVING"."COMPLETE"() RETURNS VARCHAR SERVICE = "LLM"."SERVING"."VLLM" ENDPOINT = "api" AS '/v1/complete'`,
    );
    expect([serviceFunctionSql.setComment(fn, "x"), serviceFunctionSql.unsetComment(fn), serviceFunctionSql.drop(fn), serviceFunctionSql.show(fn), serviceFunctionSql.describe({ ...fn, args: [] })]).toEqual([
      `ALTER FUNCTION "LLM"."SERVING"."COMPLETE"(VARCHAR, NUMBER(38, 0)) SET COMMENT = 'x'`,
      'ALTER FUNCTION "LLM"."SERVING"."COMPLETE"(VARCHAR, NUMBER(38, 0)) UNSET COMMENT',
      'DROP FUNCTION "LLM"."SERVING"."COMPLETE"(VARCHAR, NUMBER(38, 0))',
      `SHOW USER FUNCTIONS LIKE 'COMPLETE' IN SCHEMA "LLM"."SERVING"`,
      'DESCRIBE FUNCTION "LLM"."SERVING"."COMPLETE"()',
    ]);
  });

  it("service role grants", () => {
    const g = { service: "D.S.SVC", serviceRole: "app_user", toRole: "R" };
    expect(serviceRoleGrantSql.revoke(g)).toBe('REVOKE SERVICE ROLE "D"."S"."SVC"!app_user FROM ROLE "R"');
    expect(serviceRoleGrantSql.showGrantsOf(g)).toBe('SHOW GRANTS OF SERVICE ROLE "D"."S"."SVC"!app_user');
    expect(refusal(() => serviceRoleGrantSql.grant({ ...g, serviceRole: "x!y" })).property).toBe("serviceRole");
    expect(refusal(() => serviceRoleGrantSql.grant({ ...g, toRole: "" })).property).toBe("toRole");
  });
});
