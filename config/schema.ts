/**
 * The stack config: one zod schema for a whole environment. Each top-level field is one
 * `llmstack:<field>` key of `Pulumi.<stack>.yaml`. Cross-field rules live in `rules.ts`.
 */
import { z } from "zod";
import { INSTANCE_FAMILY_NAMES, instanceFamily, UNSIZED_INSTANCE_FAMILIES } from "../catalog/instanceFamilies";
import { VLLM_CPU_IMAGE, VLLM_IMAGE } from "../catalog/vllm";
import { architectureSchema } from "./architecture";
import { CPU_QUANTITY, MEMORY_QUANTITY, OBJECT_NAME, probe } from "../provider/spec/schema";
import { argName, dataType, endpointIdent, stringLiteral } from "../provider/sql";
import { mirrorableImageProblem, pinnedTagProblem } from "../validators/image";
import { gitRevision, hostPort, httpsUrl, identifier, identifierList, identifierRecord, positiveInt, rule, sqlRule, suspendSecs } from "./primitives";
import { kubernetesCostSchema, kubernetesSchema, modelKubernetesSchema } from "./kubernetes";

// ---------------------------------------------------------------------------------------------
// Snowflake account objects

const WAREHOUSE_SIZES = ["XSMALL", "SMALL", "MEDIUM", "LARGE", "XLARGE", "XXLARGE", "XXXLARGE", "X4LARGE", "X5LARGE", "X6LARGE"] as const;

const warehouseSchema = z.strictObject({
  name: identifier.default("LLM_WH").describe("`CREATE WAREHOUSE <name>`. @default \"LLM_WH\""),
  size: z
    .string()
    .transform((s) => s.toUpperCase().replace(/-/g, ""))
    .pipe(z.enum(WAREHOUSE_SIZES, { error: `must be one of ${WAREHOUSE_SIZES.join(", ")}` }))
    .default("XSMALL").describe("WAREHOUSE_SIZE; `X-SMALL` spellings are accepted. @default \"XSMALL\""),
  autoSuspendSecs: z.number().int().min(60, { error: "must be >= 60 (Snowflake's shortest effective auto-suspend)" }).default(60).describe("AUTO_SUSPEND seconds; Snowflake suspends no sooner than 60 s. @default 60"),
  autoResume: z.boolean().default(true).describe("AUTO_RESUME. @default true"),
  initiallySuspended: z.boolean().default(true).describe("INITIALLY_SUSPENDED: create without starting it. @default true"),
});

const roleSchema = z.strictObject({
  name: identifier.describe("The platform (runtime) role that owns the SPCS objects."),
  grantToUsers: identifierList.default([]).describe("`GRANT ROLE <name> TO USER …`. @default []"),
  grantToRoles: identifierList.default(["SYSADMIN"]).describe("`GRANT ROLE <name> TO ROLE …`; SYSADMIN keeps the usual role hierarchy. @default [\"SYSADMIN\"]"),
});

const computePoolSchema = z.strictObject({
  instanceFamily: z
    .string()
    .transform((s) => s.toUpperCase())
    .superRefine((s, ctx) => {
      if (instanceFamily(s) !== undefined) return;
      ctx.addIssue({
        code: "custom",
        message: UNSIZED_INSTANCE_FAMILIES.has(s)
          ? `${s} is an SPCS instance family whose vCPU, memory and GPU count the catalog has no source for (catalog/instanceFamilies.ts); pick one of ${INSTANCE_FAMILY_NAMES.join(", ")}, or add its size from SHOW COMPUTE POOL INSTANCE FAMILIES to the catalog`
          : `must be an SPCS instance family: ${INSTANCE_FAMILY_NAMES.join(", ")}`,
      });
    }).describe("INSTANCE_FAMILY."),
  minNodes: positiveInt.default(1).describe("MIN_NODES (Snowflake requires >= 1). @default 1"),
  maxNodes: positiveInt.optional().describe("MAX_NODES. @default minNodes"),
  autoResume: z.boolean().default(true).describe("AUTO_RESUME: a service or job starting in the pool resumes it. @default true"),
  autoSuspendSecs: suspendSecs.default(600).describe("AUTO_SUSPEND_SECS; 0 = never (Snowflake's own default is 3600). @default 600"),
  initiallySuspended: z.boolean().default(false).describe("INITIALLY_SUSPENDED (create-only). @default false"),
  retainOnDelete: z.boolean().optional().describe("Keep the pool if it is removed from config or the stack is destroyed (`retainOnDelete`). @default true in prod"),
});

const oauthClientSchema = z.strictObject({
  redirectUri: httpsUrl.describe("OAUTH_REDIRECT_URI (https only)."),
  clientType: z.enum(["CONFIDENTIAL", "PUBLIC"]).default("CONFIDENTIAL").describe("OAUTH_CLIENT_TYPE. @default \"CONFIDENTIAL\""),
  issueRefreshTokens: z.boolean().default(true).describe("OAUTH_ISSUE_REFRESH_TOKENS. @default true"),
  refreshTokenValiditySecs: z
    .number()
    .int()
    .min(3600, { error: "must be >= 3600 s (Snowflake's minimum for custom clients)" })
    .max(7776000, { error: "must be <= 7776000 s (90 days, Snowflake's maximum for custom clients)" })
    .default(86400).describe("OAUTH_REFRESH_TOKEN_VALIDITY in seconds; Snowflake allows 3600..7776000 for custom clients. @default 86400"),
  enforcePkce: z.boolean().optional().describe("OAUTH_ENFORCE_PKCE. @default true for PUBLIC clients, false otherwise"),
  blockedRoles: identifierList.default(["SYSADMIN"]).describe("BLOCKED_ROLES_LIST, in addition to ACCOUNTADMIN, ORGADMIN and SECURITYADMIN, which Snowflake blocks implicitly. @default [\"SYSADMIN\"]"),
  preAuthorizedRoles: identifierList.default([]).describe("PRE_AUTHORIZED_ROLES_LIST (confidential clients only). @default []"),
  enabled: z.boolean().default(true).describe("ENABLED. @default true"),
});

// Quantities as the SPCS spec takes them: the spec validator's own patterns (provider/spec/schema.ts).
const resourcesSchema = z.strictObject({
  cpu: z
    .union([z.number().positive(), z.string().regex(CPU_QUANTITY).refine((c) => !/^0+(?:\.0+)?m?$/.test(c))], {
      error: 'must be a positive number of vCPUs (0.5, 2) or millicores ("500m")',
    })
    .optional().describe("Container CPU request/limit: vCPUs (0.5, 2) or millicores (\"500m\"). @default none"),
  memory: z.string().regex(MEMORY_QUANTITY, { error: 'must be a whole number with a unit M, Mi, G or Gi (e.g. "8Gi", "1536Mi"), as SPCS specs take it' }).optional().describe("Container memory request/limit: a whole number with a unit M, Mi, G or Gi, e.g. \"8Gi\". @default none"),
});

/** A SQL data type as `CREATE FUNCTION` takes it: checked and normalized by the builder's own `dataType`. */
const sqlDataType = z
  .string()
  .superRefine(sqlRule((t: string) => dataType(t, "type")))
  .transform((t) => dataType(t, "type"));

const functionBatchSchema = {
  maxBatchRows: positiveInt.optional().describe("MAX_BATCH_ROWS; for a model's function at most the gateway's row queue (512). @default a model's function: the gateway's (`SERVICE_FUNCTION_DEFAULTS`, services/gateway/src/limits.ts); a service's: Snowflake's"),
  maxBatchRetries: z.number().int().min(0).optional().describe("MAX_BATCH_RETRIES (Snowflake retries the batch on 404/429/5xx). @default a model's function: the gateway's (`SERVICE_FUNCTION_DEFAULTS`, services/gateway/src/limits.ts); a service's: Snowflake's"),
  onBatchFailure: z.enum(["ABORT", "RETURN_NULL"]).optional().describe("ON_BATCH_FAILURE. @default a model's function: the gateway's (`SERVICE_FUNCTION_DEFAULTS`, services/gateway/src/limits.ts); a service's: Snowflake's"),
  batchTimeoutSecs: positiveInt.optional().describe("BATCH_TIMEOUT_SECS. @default a model's function: the gateway's (`SERVICE_FUNCTION_DEFAULTS`, services/gateway/src/limits.ts); a service's: Snowflake's"),
  grantUsageTo: identifierList.default([]).describe("Roles granted USAGE on the function; PUBLIC only with `snowflake.allowPublicGrants`. @default []"),
};

const secretRefSchema = z.strictObject({
  secret: identifier.describe("A Snowflake secret in the platform schema."),
  envVarName: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).describe("Environment variable it is exposed as."),
  key: z.enum(["secret_string", "username", "password"]).default("secret_string").describe("Which part of the secret. @default \"secret_string\""),
});

const objectName = z.string().regex(OBJECT_NAME, { error: "must be lower-case letters, digits and dashes, starting with a letter and ending with a letter or digit, at most 63 characters" });

const containerSchema = z.strictObject({
  name: objectName.describe("Container name (lower-case letters, digits, dashes; the spec's object-name rule)."),
  image: z.string().min(1).describe("`image:tag` in the platform image repository, or a full `/db/schema/repo/image:tag` path."),
  command: z.array(z.string()).optional().describe("Entrypoint override (the spec's `command`). @default the image's"),
  args: z.array(z.string()).optional().describe("Arguments (the spec's `args`). @default the image's"),
  env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}).describe("Plain environment; secrets go in `secrets`. @default {}"),
  readinessProbe: probe("readinessProbe")
    .optional()
    .describe("SPCS readinessProbe: HTTP GET to `port` and `path`, ready on 200; optional `periodSeconds` (Snowflake's default 5) and `failureThreshold` (default 3). @default none"),
  livenessProbe: probe("livenessProbe")
    .optional()
    .describe("SPCS livenessProbe: HTTP GET to `port` and `path`; after `failureThreshold` (default 3) failures in a row, every `periodSeconds` (default 10), the container restarts. @default none"),
  resources: z
    .strictObject({
      requests: resourcesSchema.optional().describe("What the container is guaranteed (`resources.requests`). @default none"),
      limits: resourcesSchema.optional().describe("What the container may use at most (`resources.limits`). @default none"),
      gpus: z.number().int().min(0).optional().describe("GPUs (`nvidia.com/gpu`, requested and limited alike). @default 0"),
    })
    .optional()
    .describe("Container resources. @default Snowflake's"),
  secrets: z.array(secretRefSchema).default([]).describe("Snowflake secrets exposed as environment variables. @default []"),
});

const endpointSchema = z.strictObject({
  name: objectName.superRefine(sqlRule((n: string) => endpointIdent(n))).describe("Endpoint name: the spec's object-name rule; the function builder quotes it (`endpointIdent`)."),
  port: z.number().int().min(1).max(65535).describe("Container port the endpoint exposes."),
  public: z.boolean().default(false).describe("Reachable from outside Snowflake at `https://<id>-<account>.snowflakecomputing.app`. @default false"),
  protocol: z.enum(["HTTP", "TCP"]).default("HTTP").describe("Endpoint protocol. @default \"HTTP\""),
});

const serviceFunctionSchema = z.strictObject({
  name: identifier.describe("Function name (`CREATE FUNCTION <name>` in the first schema)."),
  args: z.array(z.strictObject({ name: identifier.superRefine(sqlRule((n: string) => argName(n, "name"))).describe("Argument name."), type: sqlDataType.describe("SQL data type, e.g. VARCHAR, NUMBER(38,0).") })).default([]).describe("Arguments: name (letters, digits, _; the builder's `argName`) and SQL type (`dataType`). @default []"),
  returns: sqlDataType.default("VARCHAR").describe("RETURNS type. @default \"VARCHAR\""),
  endpoint: z.string().describe("Endpoint of the service it calls."),
  path: z.string().startsWith("/").superRefine(sqlRule((p: string) => stringLiteral(p, "path"))).describe("HTTP path on the endpoint (`AS '/path'`, a string literal)."),
  ...functionBatchSchema,
});

const genericServiceSchema = z.strictObject({
  pool: identifier.describe("Compute pool (a key of `computePools`)."),
  containers: z.array(containerSchema).min(1).describe("The service's containers (at least one)."),
  endpoints: z.array(endpointSchema).default([]).describe("Endpoints the service exposes. @default []"),
  minInstances: positiveInt.default(1).describe("MIN_INSTANCES. @default 1"),
  maxInstances: positiveInt.optional().describe("MAX_INSTANCES. @default minInstances"),
  autoSuspendSecs: suspendSecs.optional().describe("AUTO_SUSPEND_SECS of the service: 0 = never, else >= 300; not allowed with a public endpoint (Snowflake does not track ingress traffic: provider/limits.ts `serviceAutoSuspendProblem`). @default 1800, or 0 when an endpoint is public"),
  egress: identifierList.default([]).describe("Names of `egress` allow-lists the service may reach. @default []"),
  endpointRoles: identifierList.default([]).describe("Roles granted the service role ALL_ENDPOINTS_USAGE (who may reach its endpoints). @default []"),
  functions: z.array(serviceFunctionSchema).default([]).describe("Service functions that call an endpoint of the service. @default []"),
});

const jobSchema = z.strictObject({
  pool: identifier.describe("Compute pool (a key of `computePools`)."),
  containers: z.array(containerSchema).min(1).describe("The job's containers (at least one)."),
  replicas: positiveInt.default(1).describe("REPLICAS. @default 1"),
  egress: identifierList.default([]).describe("Names of `egress` allow-lists the job may reach. @default []"),
});

export const snowflakeSchema = z.strictObject({
  cloud: z.enum(["aws", "azure", "gcp"]).default("aws").describe("Cloud of the account: decides which instance families exist. @default \"aws\""),
  adminRole: identifier.default("ACCOUNTADMIN").describe("Role for what only an account administrator may create: integrations, compute pools, account grants. @default \"ACCOUNTADMIN\""),
  sysadminRole: identifier.default("SYSADMIN").describe("Role that creates the role, warehouse, database and schemas. @default \"SYSADMIN\""),
  role: roleSchema.describe("The platform role (`CREATE ROLE`) and who gets it."),
  warehouse: warehouseSchema.default(warehouseSchema.parse({})).describe("The warehouse that runs the service functions' queries. @default LLM_WH, XSMALL"),
  database: identifier.describe("Database for the platform's schema objects."),
  namePrefix: identifier.optional().describe("Prefix of account-level object names (compute pools, integrations), so several stacks can share one account: pool GPU_S becomes <prefix>_GPU_S. @default the database name"),
  schemas: identifierList.min(1).default(["LLM"]).describe("Schemas; the first holds the image repository, stage, services and functions. @default [\"LLM\"]"),
  stage: z.strictObject({ name: identifier.default("ARTIFACTS").describe("Stage name. @default \"ARTIFACTS\"") }).default({ name: "ARTIFACTS" }).describe("Stage for specs and artifacts (`DIRECTORY = (ENABLE = TRUE)`, server-side encrypted as SPCS requires). @default every field's default"),
  imageRepository: z
    .strictObject({
      name: identifier.default("IMAGES").describe("`CREATE IMAGE REPOSITORY <name>` in the first schema. @default \"IMAGES\""),
      encryption: z.enum(["SNOWFLAKE_SSE", "SNOWFLAKE_FULL"]).default("SNOWFLAKE_SSE").describe("ENCRYPTION (create-only). @default \"SNOWFLAKE_SSE\""),
    })
    .default({ name: "IMAGES", encryption: "SNOWFLAKE_SSE" }).describe("Image repository. @default every field's default"),
  egress: identifierRecord(z.array(hostPort).min(1)).default({}).describe("Named egress allow-lists of `host:port`; each becomes a network rule (MODE = EGRESS, TYPE = HOST_PORT). @default {}"),
  oauthClients: identifierRecord(oauthClientSchema.describe("One custom OAuth client, by name.")).default({}).describe("Custom OAuth clients (security integrations, OAUTH_CLIENT = CUSTOM). @default {}"),
  computePools: identifierRecord(computePoolSchema.describe("One compute pool, by name (`CREATE COMPUTE POOL`).")).default({}).describe("Compute pools by name. @default {}"),
  services: identifierRecord(genericServiceSchema.describe("One generic service, by name (`CREATE SERVICE`).")).default({}).describe("Generic services (any containers). @default {}"),
  jobs: identifierRecord(jobSchema.describe("One job service, by name (`EXECUTE JOB SERVICE`).")).default({}).describe("Job services, run once per spec change. @default {}"),
  allowPublicGrants: z.boolean().default(false).describe("Allow grants to the PUBLIC role (functions, service roles). Off: everything is granted to named roles. @default false"),
});

// ---------------------------------------------------------------------------------------------
// Models

const modelSnowflakeSchema = z.strictObject({
  pool: identifier.describe("Compute pool (a key of `snowflake.computePools`)."),
  gpus: z.number().int().min(0).optional().describe("GPUs per instance (`nvidia.com/gpu`, tensor parallel). @default 1 on a GPU pool, 0 on a CPU pool"),
  minInstances: positiveInt.default(1).describe("MIN_INSTANCES. @default 1"),
  maxInstances: positiveInt.optional().describe("MAX_INSTANCES. @default minInstances"),
  autoSuspendSecs: suspendSecs.optional().describe("AUTO_SUSPEND_SECS of the service: 0 = never, else >= 300 (idle services stop costing); not allowed with a public endpoint (provider/limits.ts `serviceAutoSuspendProblem`). @default 1800, or 0 when the endpoint is public"),
  snapshotWeightsOnDelete: z.boolean().default(false).describe("Keep a snapshot of the weight cache (block volume) when the service is dropped or replaced: Snowflake's default since bundle 2026_01, billed for 7 days (bcr-bundles/2026_01/bcr-2206). The weights are re-downloadable, so off unless asked. @default false"),
  egress: identifierList.optional().describe("Names of `snowflake.egress` lists the service may reach to download weights. @default every list"),
  endpoint: z
    .strictObject({
      public: z.boolean().default(false).describe("Reachable from outside Snowflake (needs BIND SERVICE ENDPOINT). @default false"),
      allowedRoles: identifierList.default([]).describe("Roles granted the service role (who may call the endpoint). @default []"),
    })
    .default({ public: false, allowedRoles: [] }).describe("The OpenAI-compatible endpoint (port 8000 of vLLM). @default private, no roles"),
  function: z
    .union([
      z.literal(false),
      z.strictObject({
        name: identifier.optional().describe("Function name (`CREATE FUNCTION <name>` in the first schema). @default <MODEL>_COMPLETE for chat, <MODEL>_EMBED for embedding"),
        input: z.enum(["prompt", "messages"]).default("prompt").describe("chat: `prompt` (one string) or `messages` (a JSON payload as in seed 002). @default \"prompt\""),
        ...functionBatchSchema,
      }),
    ])
    .default({ input: "prompt", grantUsageTo: [] }).describe("The SQL service function served by the gateway sidecar; `false` for none. @default a function with every field's default"),
  resources: z
    .strictObject({
      requests: resourcesSchema.optional().describe("What the vLLM container is guaranteed (`resources.requests`). @default the catalog's"),
      limits: resourcesSchema.optional().describe("What the vLLM container may use at most (`resources.limits`). @default the catalog's"),
    })
    .optional()
    .describe("Container resources beyond what the catalog derives. @default the catalog's"),
});

export const modelSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, { error: "must start with a letter and hold only letters, digits and _ (at most 40)" }).describe("Logical model name: becomes the service (`<NAME>_SERVICE`) and Kubernetes names."),
  task: z.enum(["chat", "embedding"]).optional().describe("chat | embedding. @default the catalog's task"),
  source: z
    .strictObject({
    huggingFaceId: z.string().regex(/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/, { error: "must be a Hugging Face id: <org>/<name>" }).describe("Hugging Face repository id, e.g. Qwen/Qwen2.5-1.5B-Instruct."),
    revision: gitRevision.default("main").describe("Commit or tag to download; pin a commit sha for prod. @default \"main\""),
    mirrorEndpoint: httpsUrl.optional().describe("HF_ENDPOINT mirror, e.g. https://hf-mirror.com (seed 002). @default the Hugging Face hub"),
    })
    .describe("Where the weights come from."),
  dtype: z.enum(["float32", "float16", "bfloat16"]).optional().describe("Serving dtype. @default the catalog's dtype (fp16 on GPUs without bf16)"),
  quantization: z.enum(["awq", "gptq", "fp8"]).optional().describe("Serve the catalog's pre-quantized variant of this kind (`--quantization`); FP8 needs compute capability >= 8.9 for W8A8, Marlin weight-only below. @default none"),
  maxContextLength: positiveInt.optional().describe("`--max-model-len`. @default min(model maximum, 8192)"),
  trustRemoteCode: z
    .boolean()
    .default(false)
    .describe("`--trust-remote-code`: let vLLM run Python code from the model's hub repository, which catalog models whose config.json maps its own classes (nomic-embed-text v1.5, Arctic Embed M v2.0) need and are refused without. Pin `source.revision` to a commit so the code cannot change under you: the policy model-remote-code-pinned refuses any other revision, in every environment. @default false"),
  architecture: architectureSchema.optional().describe("Size and shape, required for models that are not in the catalog: numbers {parametersB, layers, kvHeads, headDim, maxContextLength, decoder?, activeParametersB?, slidingWindow?, slidingWindowLayers?}, or {fromConfigJson: <path to the model's config.json>}. @default the catalog's"),
  snowflake: modelSnowflakeSchema.optional().describe("Serve on Snowpark Container Services. @default not on SPCS"),
  kubernetes: modelKubernetesSchema.optional().describe("Serve on Kubernetes. @default not on Kubernetes"),
});

// ---------------------------------------------------------------------------------------------
// Images and cost

export const imagesSchema = z.strictObject({
  vllm: z.string().superRefine(rule(mirrorableImageProblem)).default(VLLM_IMAGE).describe("vLLM OpenAI-compatible server image, pinned. @default `VLLM_IMAGE`, catalog/vllm.ts"),
  vllmCpu: z.string().superRefine(rule(mirrorableImageProblem)).default(VLLM_CPU_IMAGE).describe("vLLM CPU image for embedding models on CPU pools. @default `VLLM_CPU_IMAGE`, catalog/vllm.ts"),
  gatewayTag: z.string().superRefine(rule(pinnedTagProblem)).optional().describe("Gateway image tag (built from services/gateway). @default `GATEWAY_VERSION` (services/gateway/src/version.ts), bumped with every code change (a test enforces it)"),
  push: z.boolean().default(true).describe("Build/mirror images into the SPCS image repository from this program (`@pulumi/docker-build`; needs `llmstack:registryToken` and a Docker daemon). false: push them yourself under the same name:tag. @default true"),
  registryUser: identifier.optional().describe("User whose programmatic access token is `llmstack:registryToken`; required when `push` is on and a model runs on SPCS. @default none"),
});

export const costSchema = z.strictObject({
  creditPrice: z.number().positive().default(3).describe("Price of one credit in `currency`. @default 3"),
  currency: z.string().regex(/^[A-Z]{3}$/).default("USD").describe("ISO 4217 currency code the plan shows prices in. @default \"USD\""),
  budgetCreditsPerDay: z.number().positive().optional().describe("Budget in credits per day at full activity; the policy pack checks it. @default none"),
  kubernetes: kubernetesCostSchema.prefault({}).describe("Prices of the Kubernetes path's GPUs and vCPUs (docs/config-kubernetes.md). @default catalog stand-ins"),
});

/** The whole stack config (before cross-field rules). */
export const stackConfigSchema = z.strictObject({
  environment: z.enum(["dev", "staging", "prod"]).default("dev").describe("dev | staging | prod: policy defaults and protection follow it. @default when unset, the stack name's (prod/production/prd → prod, staging/stage/stg → staging; config/environment.ts), else dev"),
  snowflake: snowflakeSchema.optional().describe("The Snowflake (SPCS) platform: role, warehouse, database, pools, services. @default none (no SPCS objects)"),
  kubernetes: kubernetesSchema.optional().describe("The Kubernetes path: namespace, GPU presets, model cache, ingestion. @default none (no Kubernetes objects)"),
  models: z.array(modelSchema).default([]).describe("The models to serve, each on SPCS (`snowflake`), Kubernetes (`kubernetes`) or both. @default []"),
  images: imagesSchema.default(imagesSchema.parse({})).describe("Container images (pinned in catalog/). @default the catalog's pins"),
  cost: costSchema.default(costSchema.parse({})).describe("What the plan and the budget policy price credits and GPUs at."),
});

export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type StackConfig = z.output<typeof stackConfigSchema>;
export type SnowflakeConfig = z.output<typeof snowflakeSchema>;
export type ModelConfig = z.output<typeof modelSchema>;
export type ComputePoolConfig = z.output<typeof computePoolSchema>;
export type GenericServiceConfig = z.output<typeof genericServiceSchema>;
export type JobConfig = z.output<typeof jobSchema>;
export type ContainerConfig = z.output<typeof containerSchema>;
export type OAuthClientConfig = z.output<typeof oauthClientSchema>;
export type ServiceFunctionConfig = z.output<typeof serviceFunctionSchema>;
