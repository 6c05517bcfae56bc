/**
 * Pure SQL builders for the SPCS objects the `llmstack` provider manages.
 *
 * Nothing here talks to Snowflake. Every value that reaches SQL goes through one of the small
 * builders at the top of the file, which either validates it against a strict pattern or escapes
 * it; statements are assembled only from their results and fixed keywords. The provider, the tests
 * and the offline plan all call these same functions.
 *
 * Clause order follows each command's syntax block in Snowflake's SQL reference (order matters for
 * CREATE SERVICE): https://docs.snowflake.com/en/sql-reference/sql/<command>.
 */
import type {
  ComputePoolInputs,
  ExternalAccessIntegrationInputs,
  ImageRepositoryInputs,
  JobServiceInputs,
  ServiceFunctionInputs,
  ServiceInputs,
  ServiceRoleGrantInputs,
} from "./resources";

/** A value that cannot be put into SQL safely; `property` names the offending input. */
export class SqlBuildError extends Error {
  constructor(
    message: string,
    readonly property?: string,
  ) {
    super(message);
    this.name = "SqlBuildError";
  }
}

// ---------------------------------------------------------------------------------------------
// Value builders
// ---------------------------------------------------------------------------------------------

/** An unquoted Snowflake identifier as our config stores it (upper case). */
export const UNQUOTED_IDENTIFIER = /^[A-Z_][A-Z0-9_$]*$/;
const MAX_IDENTIFIER_LENGTH = 255;

/** Rejects what no identifier or literal may contain (NUL and other control characters). */
function refuseControlChars(value: string, what: string, property?: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new SqlBuildError(`${what} must not contain control characters`, property);
  }
}

/**
 * `"NAME"`: a double-quoted identifier, with `"` doubled. Names arrive validated and upper-cased
 * by the config, so quoting only pins the case; the escaping makes even a hostile name a single
 * identifier. https://docs.snowflake.com/en/sql-reference/identifiers-syntax
 */
export function quoteIdent(name: string, property?: string): string {
  if (typeof name !== "string" || name.length === 0) throw new SqlBuildError("identifier must be a non-empty string", property);
  if (name.length > MAX_IDENTIFIER_LENGTH) throw new SqlBuildError(`identifier longer than ${MAX_IDENTIFIER_LENGTH} characters`, property);
  refuseControlChars(name, "identifier", property);
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A bare identifier for commands that do not accept quoted names. Only `^[A-Z_][A-Z0-9_$]*$`
 * passes, so nothing needs escaping.
 */
export function bareIdent(name: string, property?: string): string {
  if (typeof name !== "string" || !UNQUOTED_IDENTIFIER.test(name) || name.length > MAX_IDENTIFIER_LENGTH) {
    throw new SqlBuildError(
      `${JSON.stringify(name)} is not an unquoted upper-case identifier (${UNQUOTED_IDENTIFIER.source})`,
      property,
    );
  }
  return name;
}

/**
 * A compute pool name, always bare: "Quoted names for special characters or case-sensitive names
 * are not supported." https://docs.snowflake.com/en/sql-reference/sql/create-compute-pool
 */
export function poolIdent(name: string, property = "name"): string {
  return bareIdent(name, property);
}

/**
 * `'text'`: a single-quoted string literal; `'` is doubled and `\` escaped (Snowflake treats
 * backslash as an escape character inside single-quoted strings).
 * https://docs.snowflake.com/en/sql-reference/data-types-text#escape-sequences-in-single-quoted-string-constants
 */
export function stringLiteral(value: string, property?: string): string {
  if (typeof value !== "string") throw new SqlBuildError("string literal must be a string", property);
  if (value.includes("\u0000")) throw new SqlBuildError("string literal must not contain NUL", property);
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/**
 * Text for `FROM SPECIFICATION`: `$$…$$` when that is unambiguous (no `$$` inside and no trailing
 * `$`, which would merge with the closing delimiter), otherwise an escaped single-quoted literal.
 * https://docs.snowflake.com/en/sql-reference/data-types-text#dollar-quoted-string-constants
 */
export function specLiteral(text: string, property = "specification"): string {
  if (typeof text !== "string" || text.length === 0) throw new SqlBuildError("specification text is empty", property);
  if (text.includes("\u0000")) throw new SqlBuildError("specification must not contain NUL", property);
  if (!text.includes("$$") && !text.endsWith("$")) return `$$${text}$$`;
  return stringLiteral(text, property);
}

/** `TRUE` / `FALSE`. */
export function boolLiteral(value: boolean, property?: string): string {
  if (typeof value !== "boolean") throw new SqlBuildError(`expected a boolean, got ${JSON.stringify(value)}`, property);
  return value ? "TRUE" : "FALSE";
}

/** A non-negative integer as SQL text. */
export function intLiteral(value: number, property?: string): string {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new SqlBuildError(`expected a non-negative integer, got ${JSON.stringify(value)}`, property);
  }
  return String(value);
}

/** `(a, b, c)` from already-built items; `()` when empty. */
export function listLiteral(items: readonly string[]): string {
  return `(${items.join(", ")})`;
}

/** `"DB"."SCHEMA"."NAME"`. */
export function qualifiedName(database: string, schema: string, name: string): string {
  return `${quoteIdent(database, "database")}.${quoteIdent(schema, "schema")}.${quoteIdent(name, "name")}`;
}

/**
 * A reference given as `DB.SCHEMA.NAME` (how our inputs name network rules, secrets, services).
 * Each part must be an unquoted upper-case identifier, so splitting on `.` is exact.
 */
export function splitQualifiedRef(ref: string, property: string): [string, string, string] {
  const parts = typeof ref === "string" ? ref.split(".") : [];
  if (parts.length !== 3 || parts.some((p) => !UNQUOTED_IDENTIFIER.test(p))) {
    throw new SqlBuildError(`${JSON.stringify(ref)} is not a fully qualified name DB.SCHEMA.NAME of unquoted upper-case identifiers`, property);
  }
  return parts as [string, string, string];
}

/** `DB.SCHEMA.NAME` → `"DB"."SCHEMA"."NAME"`. */
export function qualifiedRef(ref: string, property: string): string {
  const [db, schema, name] = splitQualifiedRef(ref, property);
  return qualifiedName(db, schema, name);
}

/** `DB.SCHEMA.NAME` → bare `DB.SCHEMA.NAME` (validated) for commands that refuse quoted names. */
export function bareQualifiedRef(ref: string, property: string): string {
  return splitQualifiedRef(ref, property).join(".");
}

/** Instance families are keywords like `CPU_X64_S` or `GPU_NV_M`. */
export function instanceFamilyKeyword(family: string): string {
  if (typeof family !== "string" || !/^[A-Z][A-Z0-9_]*$/.test(family)) {
    throw new SqlBuildError(`${JSON.stringify(family)} is not an instance family name`, "instanceFamily");
  }
  return family;
}

/**
 * A SQL data type for a function signature: `VARCHAR`, `NUMBER(38, 0)`, `TIMESTAMP_NTZ(9)`,
 * `DOUBLE PRECISION`, … Upper-cased and whitespace-normalized so signatures compare equal.
 */
export function dataType(type: string, property: string): string {
  const t = typeof type === "string" ? type.trim().toUpperCase().replace(/\s+/g, " ") : "";
  if (!/^[A-Z][A-Z0-9_]*( [A-Z][A-Z0-9_]*)?( ?\( ?\d+( ?, ?\d+)? ?\))?$/.test(t)) {
    throw new SqlBuildError(`${JSON.stringify(type)} is not a SQL data type`, property);
  }
  return t.replace(/ ?\( ?/g, "(").replace(/ ?, ?/g, ", ").replace(/ ?\)/g, ")");
}

/** A function argument name (emitted bare, so validated). */
export function argName(name: string, property: string): string {
  if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new SqlBuildError(`${JSON.stringify(name)} is not a valid argument name`, property);
  }
  return name;
}

/**
 * Endpoint names follow the spec rules (`[a-z0-9-]`, start alpha); they are case-sensitive and may
 * contain `-`, so they are emitted as quoted identifiers.
 * https://docs.snowflake.com/en/developer-guide/snowpark-container-services/specification-reference
 */
export function endpointIdent(name: string, property = "endpoint"): string {
  if (typeof name !== "string" || !/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) {
    throw new SqlBuildError(`${JSON.stringify(name)} is not an endpoint name ([a-z0-9-], starts with a letter, ≤63)`, property);
  }
  return quoteIdent(name, property);
}

/**
 * A service role name from the spec's `serviceRoles` (alphanumeric and `_`) or
 * `ALL_ENDPOINTS_USAGE`; emitted bare so it resolves like the spec's own name.
 */
export function serviceRoleIdent(name: string, property = "serviceRole"): string {
  if (typeof name !== "string" || !/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    throw new SqlBuildError(`${JSON.stringify(name)} is not a service role name`, property);
  }
  return name;
}

/** Context functions for CONTEXT_HEADERS are bare names ("Do not put quotes around the name"). */
function contextFunction(name: string, property: string): string {
  if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new SqlBuildError(`${JSON.stringify(name)} is not a context function name`, property);
  }
  return name.toUpperCase();
}

/** `SHOW … LIKE '<name>'`: LIKE is a pattern (`_` matches any character); callers filter exact names. */
function likeName(name: string, property = "name"): string {
  return stringLiteral(name, property);
}

// ---------------------------------------------------------------------------------------------
// Compute pool — https://docs.snowflake.com/en/sql-reference/sql/create-compute-pool,
// …/alter-compute-pool, …/drop-compute-pool, …/show-compute-pools, …/desc-compute-pool
// ---------------------------------------------------------------------------------------------

export const computePoolSql = {
  create(p: ComputePoolInputs): string {
    const parts = [
      `CREATE COMPUTE POOL ${poolIdent(p.name)}`,
      `MIN_NODES = ${intLiteral(p.minNodes, "minNodes")}`,
      `MAX_NODES = ${intLiteral(p.maxNodes, "maxNodes")}`,
      `INSTANCE_FAMILY = ${instanceFamilyKeyword(p.instanceFamily)}`,
      `AUTO_RESUME = ${boolLiteral(p.autoResume, "autoResume")}`,
    ];
    if (p.initiallySuspended !== undefined) parts.push(`INITIALLY_SUSPENDED = ${boolLiteral(p.initiallySuspended, "initiallySuspended")}`);
    parts.push(`AUTO_SUSPEND_SECS = ${intLiteral(p.autoSuspendSecs, "autoSuspendSecs")}`);
    if (p.comment !== undefined) parts.push(`COMMENT = ${stringLiteral(p.comment, "comment")}`);
    return parts.join(" ");
  },
  /** `SET` clauses are space-separated in the ALTER COMPUTE POOL syntax. */
  set(name: string, props: Partial<Pick<ComputePoolInputs, "minNodes" | "maxNodes" | "autoResume" | "autoSuspendSecs" | "instanceFamily" | "comment">>): string {
    const clauses: string[] = [];
    if (props.minNodes !== undefined) clauses.push(`MIN_NODES = ${intLiteral(props.minNodes, "minNodes")}`);
    if (props.maxNodes !== undefined) clauses.push(`MAX_NODES = ${intLiteral(props.maxNodes, "maxNodes")}`);
    if (props.autoResume !== undefined) clauses.push(`AUTO_RESUME = ${boolLiteral(props.autoResume, "autoResume")}`);
    if (props.autoSuspendSecs !== undefined) clauses.push(`AUTO_SUSPEND_SECS = ${intLiteral(props.autoSuspendSecs, "autoSuspendSecs")}`);
    if (props.instanceFamily !== undefined) clauses.push(`INSTANCE_FAMILY = ${instanceFamilyKeyword(props.instanceFamily)}`);
    if (props.comment !== undefined) clauses.push(`COMMENT = ${stringLiteral(props.comment, "comment")}`);
    if (clauses.length === 0) throw new SqlBuildError("ALTER COMPUTE POOL SET needs at least one property");
    return `ALTER COMPUTE POOL ${poolIdent(name)} SET ${clauses.join(" ")}`;
  },
  unsetComment: (name: string) => `ALTER COMPUTE POOL ${poolIdent(name)} UNSET COMMENT`,
  suspend: (name: string) => `ALTER COMPUTE POOL ${poolIdent(name)} SUSPEND`,
  resume: (name: string) => `ALTER COMPUTE POOL ${poolIdent(name)} RESUME`,
  drop: (name: string) => `DROP COMPUTE POOL ${poolIdent(name)}`,
  show: (name: string) => `SHOW COMPUTE POOLS LIKE ${likeName(poolIdent(name))}`,
  describe: (name: string) => `DESCRIBE COMPUTE POOL ${poolIdent(name)}`,
};

// ---------------------------------------------------------------------------------------------
// Image repository — …/create-image-repository, …/alter-image-repository, …/show-image-repositories
// ---------------------------------------------------------------------------------------------

export const imageRepositorySql = {
  create(r: ImageRepositoryInputs): string {
    const parts = [`CREATE IMAGE REPOSITORY ${qualifiedName(r.database, r.schema, r.name)}`];
    if (r.encryption !== undefined) {
      if (r.encryption !== "SNOWFLAKE_SSE" && r.encryption !== "SNOWFLAKE_FULL") {
        throw new SqlBuildError(`encryption must be SNOWFLAKE_SSE or SNOWFLAKE_FULL`, "encryption");
      }
      parts.push(`ENCRYPTION = (TYPE = ${stringLiteral(r.encryption)})`);
    }
    if (r.comment !== undefined) parts.push(`COMMENT = ${stringLiteral(r.comment, "comment")}`);
    return parts.join(" ");
  },
  /** Only COMMENT (and tags) are alterable; an empty comment clears it. */
  setComment: (r: Pick<ImageRepositoryInputs, "database" | "schema" | "name">, comment: string | undefined) =>
    `ALTER IMAGE REPOSITORY ${qualifiedName(r.database, r.schema, r.name)} SET COMMENT = ${stringLiteral(comment ?? "", "comment")}`,
  drop: (r: Pick<ImageRepositoryInputs, "database" | "schema" | "name">) =>
    `DROP IMAGE REPOSITORY ${qualifiedName(r.database, r.schema, r.name)}`,
  show: (r: Pick<ImageRepositoryInputs, "database" | "schema" | "name">) =>
    `SHOW IMAGE REPOSITORIES LIKE ${likeName(r.name)} IN SCHEMA ${quoteIdent(r.database, "database")}.${quoteIdent(r.schema, "schema")}`,
};

// ---------------------------------------------------------------------------------------------
// External access integration — …/create-external-access-integration,
// …/alter-external-access-integration, …/drop-integration, …/desc-integration
// ---------------------------------------------------------------------------------------------

function networkRules(rules: readonly string[]): string {
  if (!Array.isArray(rules) || rules.length === 0) {
    throw new SqlBuildError("at least one EGRESS network rule is required", "allowedNetworkRules");
  }
  return listLiteral(rules.map((r, i) => qualifiedRef(r, `allowedNetworkRules[${i}]`)));
}

function secretsList(secrets: readonly string[]): string {
  return listLiteral(secrets.map((s, i) => qualifiedRef(s, `allowedAuthenticationSecrets[${i}]`)));
}

export const externalAccessIntegrationSql = {
  create(e: ExternalAccessIntegrationInputs): string {
    const parts = [
      `CREATE EXTERNAL ACCESS INTEGRATION ${quoteIdent(e.name, "name")}`,
      `ALLOWED_NETWORK_RULES = ${networkRules(e.allowedNetworkRules)}`,
    ];
    if (e.allowedAuthenticationSecrets?.length) parts.push(`ALLOWED_AUTHENTICATION_SECRETS = ${secretsList(e.allowedAuthenticationSecrets)}`);
    parts.push(`ENABLED = ${boolLiteral(e.enabled, "enabled")}`);
    if (e.comment !== undefined) parts.push(`COMMENT = ${stringLiteral(e.comment, "comment")}`);
    return parts.join(" ");
  },
  set(name: string, props: Partial<Pick<ExternalAccessIntegrationInputs, "allowedNetworkRules" | "allowedAuthenticationSecrets" | "enabled" | "comment">>): string {
    const clauses: string[] = [];
    if (props.allowedNetworkRules !== undefined) clauses.push(`ALLOWED_NETWORK_RULES = ${networkRules(props.allowedNetworkRules)}`);
    if (props.allowedAuthenticationSecrets !== undefined) clauses.push(`ALLOWED_AUTHENTICATION_SECRETS = ${secretsList(props.allowedAuthenticationSecrets)}`);
    if (props.enabled !== undefined) clauses.push(`ENABLED = ${boolLiteral(props.enabled, "enabled")}`);
    if (props.comment !== undefined) clauses.push(`COMMENT = ${stringLiteral(props.comment, "comment")}`);
    if (clauses.length === 0) throw new SqlBuildError("ALTER EXTERNAL ACCESS INTEGRATION SET needs at least one property");
    return `ALTER EXTERNAL ACCESS INTEGRATION ${quoteIdent(name, "name")} SET ${clauses.join(" ")}`;
  },
  unset(name: string, props: readonly ("ALLOWED_AUTHENTICATION_SECRETS" | "COMMENT")[]): string {
    if (props.length === 0) throw new SqlBuildError("ALTER EXTERNAL ACCESS INTEGRATION UNSET needs at least one property");
    return `ALTER EXTERNAL ACCESS INTEGRATION ${quoteIdent(name, "name")} UNSET ${props.join(", ")}`;
  },
  drop: (name: string) => `DROP INTEGRATION ${quoteIdent(name, "name")}`,
  show: (name: string) => `SHOW INTEGRATIONS LIKE ${likeName(name)}`,
  describe: (name: string) => `DESCRIBE INTEGRATION ${quoteIdent(name, "name")}`,
};

// ---------------------------------------------------------------------------------------------
// Service — …/create-service, …/alter-service, …/drop-service, …/desc-service,
// …/show-endpoints, …/show-service-containers-in-service
// ---------------------------------------------------------------------------------------------

type ServiceRef = Pick<ServiceInputs, "database" | "schema" | "name">;

function eaiList(names: readonly string[]): string {
  return listLiteral(names.map((n, i) => quoteIdent(n, `externalAccessIntegrations[${i}]`)));
}

/** The service properties `ALTER SERVICE … SET` accepts, in its syntax order. */
export type ServiceSettable = Partial<
  Pick<ServiceInputs, "minInstances" | "maxInstances" | "autoSuspendSecs" | "minReadyInstances" | "queryWarehouse" | "autoResume" | "externalAccessIntegrations" | "comment">
>;
export type ServiceUnsettable = "MIN_READY_INSTANCES" | "QUERY_WAREHOUSE" | "EXTERNAL_ACCESS_INTEGRATIONS" | "COMMENT";

export const serviceSql = {
  /**
   * `CREATE SERVICE … IN COMPUTE POOL … FROM SPECIFICATION …` with the optional clauses in the
   * documented order. AUTO_SUSPEND_SECS (a preview feature) is sent only when non-zero.
   */
  create(s: ServiceInputs, specText: string): string {
    const parts = [
      `CREATE SERVICE ${qualifiedName(s.database, s.schema, s.name)}`,
      `IN COMPUTE POOL ${poolIdent(s.computePool, "computePool")}`,
      `FROM SPECIFICATION ${specLiteral(specText)}`,
    ];
    if (s.autoSuspendSecs) parts.push(`AUTO_SUSPEND_SECS = ${intLiteral(s.autoSuspendSecs, "autoSuspendSecs")}`);
    if (s.externalAccessIntegrations?.length) parts.push(`EXTERNAL_ACCESS_INTEGRATIONS = ${eaiList(s.externalAccessIntegrations)}`);
    parts.push(`AUTO_RESUME = ${boolLiteral(s.autoResume, "autoResume")}`);
    parts.push(`MIN_INSTANCES = ${intLiteral(s.minInstances, "minInstances")}`);
    if (s.minReadyInstances !== undefined) parts.push(`MIN_READY_INSTANCES = ${intLiteral(s.minReadyInstances, "minReadyInstances")}`);
    parts.push(`MAX_INSTANCES = ${intLiteral(s.maxInstances, "maxInstances")}`);
    if (s.queryWarehouse !== undefined) parts.push(`QUERY_WAREHOUSE = ${quoteIdent(s.queryWarehouse, "queryWarehouse")}`);
    if (s.comment !== undefined) parts.push(`COMMENT = ${stringLiteral(s.comment, "comment")}`);
    return parts.join(" ");
  },
  /** Upgrade: Snowflake restarts the service instances with the new spec (rolling). */
  alterSpec: (s: ServiceRef, specText: string) =>
    `ALTER SERVICE ${qualifiedName(s.database, s.schema, s.name)} FROM SPECIFICATION ${specLiteral(specText)}`,
  set(s: ServiceRef, props: ServiceSettable): string {
    const c: string[] = [];
    if (props.minInstances !== undefined) c.push(`MIN_INSTANCES = ${intLiteral(props.minInstances, "minInstances")}`);
    if (props.maxInstances !== undefined) c.push(`MAX_INSTANCES = ${intLiteral(props.maxInstances, "maxInstances")}`);
    if (props.autoSuspendSecs !== undefined) c.push(`AUTO_SUSPEND_SECS = ${intLiteral(props.autoSuspendSecs, "autoSuspendSecs")}`);
    if (props.minReadyInstances !== undefined) c.push(`MIN_READY_INSTANCES = ${intLiteral(props.minReadyInstances, "minReadyInstances")}`);
    if (props.queryWarehouse !== undefined) c.push(`QUERY_WAREHOUSE = ${quoteIdent(props.queryWarehouse, "queryWarehouse")}`);
    if (props.autoResume !== undefined) c.push(`AUTO_RESUME = ${boolLiteral(props.autoResume, "autoResume")}`);
    if (props.externalAccessIntegrations !== undefined) c.push(`EXTERNAL_ACCESS_INTEGRATIONS = ${eaiList(props.externalAccessIntegrations)}`);
    if (props.comment !== undefined) c.push(`COMMENT = ${stringLiteral(props.comment, "comment")}`);
    if (c.length === 0) throw new SqlBuildError("ALTER SERVICE SET needs at least one property");
    return `ALTER SERVICE ${qualifiedName(s.database, s.schema, s.name)} SET ${c.join(" ")}`;
  },
  unset(s: ServiceRef, props: readonly ServiceUnsettable[]): string {
    if (props.length === 0) throw new SqlBuildError("ALTER SERVICE UNSET needs at least one property");
    return `ALTER SERVICE ${qualifiedName(s.database, s.schema, s.name)} UNSET ${props.join(", ")}`;
  },
  /** Starts a suspended service's instances again (same spec and image version). */
  resume: (s: ServiceRef) => `ALTER SERVICE ${qualifiedName(s.database, s.schema, s.name)} RESUME`,
  /** FORCE also drops the service's block storage volumes; without it such a drop fails. */
  drop: (s: ServiceRef, force = false) => `DROP SERVICE ${qualifiedName(s.database, s.schema, s.name)}${force ? " FORCE" : ""}`,
  show: (s: ServiceRef) =>
    `SHOW SERVICES LIKE ${likeName(s.name)} IN SCHEMA ${quoteIdent(s.database, "database")}.${quoteIdent(s.schema, "schema")}`,
  /** All services in a compute pool (to name them when the pool cannot be dropped). */
  showInPool: (pool: string) => `SHOW SERVICES IN COMPUTE POOL ${poolIdent(pool, "computePool")}`,
  describe: (s: ServiceRef) => `DESCRIBE SERVICE ${qualifiedName(s.database, s.schema, s.name)}`,
  showEndpoints: (s: ServiceRef) => `SHOW ENDPOINTS IN SERVICE ${qualifiedName(s.database, s.schema, s.name)}`,
  /** "Quoted names for special characters or case-sensitive names are not supported" here: bare, validated. */
  showContainers: (s: ServiceRef) =>
    `SHOW SERVICE CONTAINERS IN SERVICE ${bareIdent(s.database, "database")}.${bareIdent(s.schema, "schema")}.${bareIdent(s.name, "name")}`,
};

// ---------------------------------------------------------------------------------------------
// Job service — …/execute-job-service (jobs cannot be altered; DROP SERVICE removes them)
// ---------------------------------------------------------------------------------------------

export const jobServiceSql = {
  execute(j: JobServiceInputs, specText: string): string {
    const parts = [
      `EXECUTE JOB SERVICE IN COMPUTE POOL ${poolIdent(j.computePool, "computePool")}`,
      `FROM SPECIFICATION ${specLiteral(specText)}`,
      `NAME = ${qualifiedName(j.database, j.schema, j.name)}`,
      `ASYNC = TRUE`,
    ];
    if (j.replicas !== undefined) parts.push(`REPLICAS = ${intLiteral(j.replicas, "replicas")}`);
    if (j.queryWarehouse !== undefined) parts.push(`QUERY_WAREHOUSE = ${quoteIdent(j.queryWarehouse, "queryWarehouse")}`);
    if (j.comment !== undefined) parts.push(`COMMENT = ${stringLiteral(j.comment, "comment")}`);
    if (j.externalAccessIntegrations?.length) parts.push(`EXTERNAL_ACCESS_INTEGRATIONS = ${eaiList(j.externalAccessIntegrations)}`);
    return parts.join(" ");
  },
  drop: serviceSql.drop,
  describe: serviceSql.describe,
  show: serviceSql.show,
};

// ---------------------------------------------------------------------------------------------
// Service function — …/create-function-spcs (incl. CREATE OR ALTER), …/alter-function-spcs,
// …/drop-function-spcs
// ---------------------------------------------------------------------------------------------

type FunctionRef = Pick<ServiceFunctionInputs, "database" | "schema" | "name" | "args">;

/** `VARCHAR, NUMBER(38, 0)`: the argument types that, with the name, identify a function. */
export function functionArgTypes(f: Pick<ServiceFunctionInputs, "args">): string {
  return (f.args ?? []).map((a, i) => dataType(a.type, `args[${i}].type`)).join(", ");
}

/** `"DB"."SCH"."F"(VARCHAR)`: how ALTER/DROP/DESCRIBE FUNCTION name an overload. */
export function functionSignature(f: FunctionRef): string {
  return `${qualifiedName(f.database, f.schema, f.name)}(${functionArgTypes(f)})`;
}

function functionBody(f: ServiceFunctionInputs, verb: "CREATE FUNCTION" | "CREATE OR ALTER FUNCTION"): string {
  const args = (f.args ?? []).map((a, i) => `${argName(a.name, `args[${i}].name`)} ${dataType(a.type, `args[${i}].type`)}`);
  if (typeof f.path !== "string" || !f.path.startsWith("/")) throw new SqlBuildError("path must start with '/'", "path");
  const parts = [
    `${verb} ${qualifiedName(f.database, f.schema, f.name)}(${args.join(", ")})`,
    `RETURNS ${dataType(f.returns, "returns")}`,
    `SERVICE = ${qualifiedRef(f.service, "service")}`,
    `ENDPOINT = ${endpointIdent(f.endpoint)}`,
  ];
  if (f.comment !== undefined) parts.push(`COMMENT = ${stringLiteral(f.comment, "comment")}`);
  if (f.contextHeaders?.length) parts.push(`CONTEXT_HEADERS = ${listLiteral(f.contextHeaders.map((h, i) => contextFunction(h, `contextHeaders[${i}]`)))}`);
  if (f.maxBatchRows !== undefined) parts.push(`MAX_BATCH_ROWS = ${intLiteral(f.maxBatchRows, "maxBatchRows")}`);
  if (f.maxBatchRetries !== undefined) parts.push(`MAX_BATCH_RETRIES = ${intLiteral(f.maxBatchRetries, "maxBatchRetries")}`);
  if (f.onBatchFailure !== undefined) {
    if (f.onBatchFailure !== "ABORT" && f.onBatchFailure !== "RETURN_NULL") throw new SqlBuildError("onBatchFailure must be ABORT or RETURN_NULL", "onBatchFailure");
    parts.push(`ON_BATCH_FAILURE = ${f.onBatchFailure}`);
  }
  if (f.batchTimeoutSecs !== undefined) parts.push(`BATCH_TIMEOUT_SECS = ${intLiteral(f.batchTimeoutSecs, "batchTimeoutSecs")}`);
  parts.push(`AS ${stringLiteral(f.path, "path")}`);
  return parts.join(" ");
}

export const serviceFunctionSql = {
  create: (f: ServiceFunctionInputs) => functionBody(f, "CREATE FUNCTION"),
  /**
   * Transforms the existing function into this definition. Supported alterations: CONTEXT_HEADERS,
   * SERVICE, ENDPOINT, MAX_BATCH_ROWS, MAX_BATCH_RETRIES, ON_BATCH_FAILURE, BATCH_TIMEOUT_SECS.
   */
  createOrAlter: (f: ServiceFunctionInputs) => functionBody(f, "CREATE OR ALTER FUNCTION"),
  setComment: (f: FunctionRef, comment: string) => `ALTER FUNCTION ${functionSignature(f)} SET COMMENT = ${stringLiteral(comment, "comment")}`,
  unsetComment: (f: FunctionRef) => `ALTER FUNCTION ${functionSignature(f)} UNSET COMMENT`,
  drop: (f: FunctionRef) => `DROP FUNCTION ${functionSignature(f)}`,
  show: (f: Pick<ServiceFunctionInputs, "database" | "schema" | "name">) =>
    `SHOW USER FUNCTIONS LIKE ${likeName(f.name)} IN SCHEMA ${quoteIdent(f.database, "database")}.${quoteIdent(f.schema, "schema")}`,
  describe: (f: FunctionRef) => `DESCRIBE FUNCTION ${functionSignature(f)}`,
};

// ---------------------------------------------------------------------------------------------
// Service role grant — …/grant-service-role, …/revoke-service-role, …/show-grants
// ---------------------------------------------------------------------------------------------

function serviceRoleRef(g: ServiceRoleGrantInputs): string {
  return `${qualifiedRef(g.service, "service")}!${serviceRoleIdent(g.serviceRole)}`;
}

export const serviceRoleGrantSql = {
  grant: (g: ServiceRoleGrantInputs) => `GRANT SERVICE ROLE ${serviceRoleRef(g)} TO ROLE ${quoteIdent(g.toRole, "toRole")}`,
  revoke: (g: ServiceRoleGrantInputs) => `REVOKE SERVICE ROLE ${serviceRoleRef(g)} FROM ROLE ${quoteIdent(g.toRole, "toRole")}`,
  showGrantsOf: (g: ServiceRoleGrantInputs) => `SHOW GRANTS OF SERVICE ROLE ${serviceRoleRef(g)}`,
};
