/** SQL builders: quoting, escaping and statement shapes the provider and the plan rely on. */
import {
  SqlBuildError,
  computePoolSql,
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
