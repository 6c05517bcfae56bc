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
  /** `CREATE WAREHOUSE <name>`. @default "LLM_WH" */
  name: identifier.default("LLM_WH"),
  /** WAREHOUSE_SIZE; `X-SMALL` spellings are accepted. @default "XSMALL" */
  size: z
    .string()
    .transform((s) => s.toUpperCase().replace(/-/g, ""))
    .pipe(z.enum(WAREHOUSE_SIZES, { error: `must be one of ${WAREHOUSE_SIZES.join(", ")}` }))
    .default("XSMALL"),
  /** AUTO_SUSPEND seconds; Snowflake suspends no sooner than 60 s. @default 60 */
  autoSuspendSecs: z.number().int().min(60, { error: "must be >= 60 (Snowflake's shortest effective auto-suspend)" }).default(60),
  /** AUTO_RESUME. @default true */
  autoResume: z.boolean().default(true),
  /** INITIALLY_SUSPENDED: create without starting it. @default true */
  initiallySuspended: z.boolean().default(true),
});

const roleSchema = z.strictObject({
  /** The platform (runtime) role that owns the SPCS objects. */
  name: identifier,
  /** `GRANT ROLE <name> TO USER …`. @default [] */
  grantToUsers: identifierList.default([]),
  /** `GRANT ROLE <name> TO ROLE …`; SYSADMIN keeps the usual role hierarchy. @default ["SYSADMIN"] */
  grantToRoles: identifierList.default(["SYSADMIN"]),
});

const computePoolSchema = z.strictObject({
  /** INSTANCE_FAMILY. */
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
    }),
  /** MIN_NODES (Snowflake requires >= 1). @default 1 */
  minNodes: positiveInt.default(1),
  /** MAX_NODES. @default minNodes */
  maxNodes: positiveInt.optional(),
  /** AUTO_RESUME: a service or job starting in the pool resumes it. @default true */
  autoResume: z.boolean().default(true),
  /** AUTO_SUSPEND_SECS; 0 = never (Snowflake's own default is 3600). @default 600 */
  autoSuspendSecs: suspendSecs.default(600),
  /** INITIALLY_SUSPENDED (create-only). @default false */
  initiallySuspended: z.boolean().default(false),
  /** Keep the pool if it is removed from config or the stack is destroyed (`retainOnDelete`). @default true in prod */
  retainOnDelete: z.boolean().optional(),
});

const oauthClientSchema = z.strictObject({
  /** OAUTH_REDIRECT_URI (https only). */
  redirectUri: httpsUrl,
  /** OAUTH_CLIENT_TYPE. @default "CONFIDENTIAL" */
  clientType: z.enum(["CONFIDENTIAL", "PUBLIC"]).default("CONFIDENTIAL"),
  /** OAUTH_ISSUE_REFRESH_TOKENS. @default true */
  issueRefreshTokens: z.boolean().default(true),
  /** OAUTH_REFRESH_TOKEN_VALIDITY in seconds; Snowflake allows 3600..7776000 for custom clients. @default 86400 */
  refreshTokenValiditySecs: z
    .number()
    .int()
    .min(3600, { error: "must be >= 3600 s (Snowflake's minimum for custom clients)" })
    .max(7776000, { error: "must be <= 7776000 s (90 days, Snowflake's maximum for custom clients)" })
    .default(86400),
  /** OAUTH_ENFORCE_PKCE. @default true for PUBLIC clients, false otherwise */
  enforcePkce: z.boolean().optional(),
  /**
   * BLOCKED_ROLES_LIST, in addition to ACCOUNTADMIN, ORGADMIN and SECURITYADMIN, which Snowflake blocks
   * implicitly. @default ["SYSADMIN"]
   */
  blockedRoles: identifierList.default(["SYSADMIN"]),
  /** PRE_AUTHORIZED_ROLES_LIST (confidential clients only). @default [] */
  preAuthorizedRoles: identifierList.default([]),
  /** ENABLED. @default true */
  enabled: z.boolean().default(true),
});

// Quantities as the SPCS spec takes them: the spec validator's own patterns (provider/spec/schema.ts).
const resourcesSchema = z.strictObject({
  /** Container CPU request/limit: vCPUs (0.5, 2) or millicores ("500m"). */
  cpu: z
    .union([z.number().positive(), z.string().regex(CPU_QUANTITY).refine((c) => !/^0+(?:\.0+)?m?$/.test(c))], {
      error: 'must be a positive number of vCPUs (0.5, 2) or millicores ("500m")',
    })
    .optional(),
  /** Container memory request/limit: a whole number with a unit M, Mi, G or Gi, e.g. "8Gi". */
  memory: z.string().regex(MEMORY_QUANTITY, { error: 'must be a whole number with a unit M, Mi, G or Gi (e.g. "8Gi", "1536Mi"), as SPCS specs take it' }).optional(),
});

/** A SQL data type as `CREATE FUNCTION` takes it: checked and normalized by the builder's own `dataType`. */
const sqlDataType = z
  .string()
  .superRefine(sqlRule((t: string) => dataType(t, "type")))
  .transform((t) => dataType(t, "type"));

const functionBatchSchema = {
  /** MAX_BATCH_ROWS; for a model's function at most the gateway's row queue (512). @default the gateway's limit */
  maxBatchRows: positiveInt.optional(),
  /** MAX_BATCH_RETRIES (Snowflake retries the batch on 404/429/5xx). @default the gateway's choice */
  maxBatchRetries: z.number().int().min(0).optional(),
  /** ON_BATCH_FAILURE. @default the gateway's choice */
  onBatchFailure: z.enum(["ABORT", "RETURN_NULL"]).optional(),
  /** BATCH_TIMEOUT_SECS. @default the gateway's choice */
  batchTimeoutSecs: positiveInt.optional(),
  /** Roles granted USAGE on the function; PUBLIC only with `snowflake.allowPublicGrants`. @default [] */
  grantUsageTo: identifierList.default([]),
};

const secretRefSchema = z.strictObject({
  /** A Snowflake secret in the platform schema. */
  secret: identifier,
  /** Environment variable it is exposed as. */
  envVarName: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  /** Which part of the secret. @default "secret_string" */
  key: z.enum(["secret_string", "username", "password"]).default("secret_string"),
});

const objectName = z.string().regex(OBJECT_NAME, { error: "must be lower-case letters, digits and dashes, starting with a letter and ending with a letter or digit, at most 63 characters" });

const containerSchema = z.strictObject({
  /** Container name (lower-case letters, digits, dashes; the spec's object-name rule). */
  name: objectName,
  /** `image:tag` in the platform image repository, or a full `/db/schema/repo/image:tag` path. */
  image: z.string().min(1),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  /** Plain environment; secrets go in `secrets`. @default {} */
  env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  /** SPCS readinessProbe: HTTP GET to port/path, 200 = ready; periodSeconds (default 5) and failureThreshold (default 3) optional. */
  readinessProbe: probe("readinessProbe").optional(),
  /** SPCS livenessProbe: HTTP GET to port/path, failing restarts the container; periodSeconds (default 10), failureThreshold (default 3). */
  livenessProbe: probe("livenessProbe").optional(),
  resources: z.strictObject({ requests: resourcesSchema.optional(), limits: resourcesSchema.optional(), gpus: z.number().int().min(0).optional() }).optional(),
  secrets: z.array(secretRefSchema).default([]),
});

const endpointSchema = z.strictObject({
  /** Endpoint name: the spec's object-name rule; the function builder quotes it (`endpointIdent`). */
  name: objectName.superRefine(sqlRule((n: string) => endpointIdent(n))),
  port: z.number().int().min(1).max(65535),
  /** Reachable from outside Snowflake at `https://<id>-<account>.snowflakecomputing.app`. @default false */
  public: z.boolean().default(false),
  /** @default "HTTP" */
  protocol: z.enum(["HTTP", "TCP"]).default("HTTP"),
});

const serviceFunctionSchema = z.strictObject({
  name: identifier,
  /** Arguments: name (letters, digits, _; the builder's `argName`) and SQL type (`dataType`). */
  args: z.array(z.strictObject({ name: identifier.superRefine(sqlRule((n: string) => argName(n, "name"))), type: sqlDataType })).default([]),
  /** RETURNS type. @default "VARCHAR" */
  returns: sqlDataType.default("VARCHAR"),
  /** Endpoint of the service it calls. */
  endpoint: z.string(),
  /** HTTP path on the endpoint (`AS '/path'`, a string literal). */
  path: z.string().startsWith("/").superRefine(sqlRule((p: string) => stringLiteral(p, "path"))),
  ...functionBatchSchema,
});

const genericServiceSchema = z.strictObject({
  /** Compute pool (a key of `computePools`). */
  pool: identifier,
  containers: z.array(containerSchema).min(1),
  endpoints: z.array(endpointSchema).default([]),
  /** MIN_INSTANCES. @default 1 */
  minInstances: positiveInt.default(1),
  /** MAX_INSTANCES. @default minInstances */
  maxInstances: positiveInt.optional(),
  /**
   * AUTO_SUSPEND_SECS of the service: 0 = never, else >= 300; not allowed with a public endpoint
   * (Snowflake does not track ingress traffic: provider/limits.ts `serviceAutoSuspendProblem`).
   * @default 1800, or 0 when an endpoint is public
   */
  autoSuspendSecs: suspendSecs.optional(),
  /** Names of `egress` allow-lists the service may reach. @default [] */
  egress: identifierList.default([]),
  /** Roles granted the service role ALL_ENDPOINTS_USAGE (who may reach its endpoints). @default [] */
  endpointRoles: identifierList.default([]),
  functions: z.array(serviceFunctionSchema).default([]),
});

const jobSchema = z.strictObject({
  pool: identifier,
  containers: z.array(containerSchema).min(1),
  /** REPLICAS. @default 1 */
  replicas: positiveInt.default(1),
  egress: identifierList.default([]),
});

export const snowflakeSchema = z.strictObject({
  /** Cloud of the account: decides which instance families exist. @default "aws" */
  cloud: z.enum(["aws", "azure", "gcp"]).default("aws"),
  /** Role for what only an account administrator may create: integrations, compute pools, account grants. @default "ACCOUNTADMIN" */
  adminRole: identifier.default("ACCOUNTADMIN"),
  /** Role that creates the role, warehouse, database and schemas. @default "SYSADMIN" */
  sysadminRole: identifier.default("SYSADMIN"),
  role: roleSchema,
  warehouse: warehouseSchema.default(warehouseSchema.parse({})),
  /** Database for the platform's schema objects. */
  database: identifier,
  /**
   * Prefix of account-level object names (compute pools, integrations), so several stacks can share
   * one account: pool GPU_S becomes <prefix>_GPU_S. @default the database name
   */
  namePrefix: identifier.optional(),
  /** Schemas; the first holds the image repository, stage, services and functions. @default ["LLM"] */
  schemas: identifierList.min(1).default(["LLM"]),
  /** Stage for specs and artifacts (`DIRECTORY = (ENABLE = TRUE)`, server-side encrypted as SPCS requires). */
  stage: z.strictObject({ name: identifier.default("ARTIFACTS") }).default({ name: "ARTIFACTS" }),
  /** Image repository. */
  imageRepository: z
    .strictObject({
      name: identifier.default("IMAGES"),
      /** ENCRYPTION (create-only). @default "SNOWFLAKE_SSE" */
      encryption: z.enum(["SNOWFLAKE_SSE", "SNOWFLAKE_FULL"]).default("SNOWFLAKE_SSE"),
    })
    .default({ name: "IMAGES", encryption: "SNOWFLAKE_SSE" }),
  /** Named egress allow-lists of `host:port`; each becomes a network rule (MODE = EGRESS, TYPE = HOST_PORT). @default {} */
  egress: identifierRecord(z.array(hostPort).min(1)).default({}),
  /** Custom OAuth clients (security integrations, OAUTH_CLIENT = CUSTOM). @default {} */
  oauthClients: identifierRecord(oauthClientSchema).default({}),
  /** Compute pools by name. @default {} */
  computePools: identifierRecord(computePoolSchema).default({}),
  /** Generic services (any containers). @default {} */
  services: identifierRecord(genericServiceSchema).default({}),
  /** Job services, run once per spec change. @default {} */
  jobs: identifierRecord(jobSchema).default({}),
  /** Allow grants to the PUBLIC role (functions, service roles). Off: everything is granted to named roles. @default false */
  allowPublicGrants: z.boolean().default(false),
});

// ---------------------------------------------------------------------------------------------
// Models

const modelSnowflakeSchema = z.strictObject({
  /** Compute pool (a key of `snowflake.computePools`). */
  pool: identifier,
  /** GPUs per instance (`nvidia.com/gpu`, tensor parallel). @default 1 on a GPU pool, 0 on a CPU pool */
  gpus: z.number().int().min(0).optional(),
  /** MIN_INSTANCES. @default 1 */
  minInstances: positiveInt.default(1),
  /** MAX_INSTANCES. @default minInstances */
  maxInstances: positiveInt.optional(),
  /**
   * AUTO_SUSPEND_SECS of the service: 0 = never, else >= 300 (idle services stop costing); not allowed
   * with a public endpoint (provider/limits.ts `serviceAutoSuspendProblem`). @default 1800, or 0 when the endpoint is public
   */
  autoSuspendSecs: suspendSecs.optional(),
  /**
   * Keep a snapshot of the weight cache (block volume) when the service is dropped or replaced:
   * Snowflake's default since bundle 2026_01, billed for 7 days (bcr-bundles/2026_01/bcr-2206). The
   * weights are re-downloadable, so off unless asked. @default false
   */
  snapshotWeightsOnDelete: z.boolean().default(false),
  /** Names of `snowflake.egress` lists the service may reach to download weights. @default every list */
  egress: identifierList.optional(),
  /** The OpenAI-compatible endpoint (port 8000 of vLLM). */
  endpoint: z
    .strictObject({
      /** Reachable from outside Snowflake (needs BIND SERVICE ENDPOINT). @default false */
      public: z.boolean().default(false),
      /** Roles granted the service role (who may call the endpoint). @default [] */
      allowedRoles: identifierList.default([]),
    })
    .default({ public: false, allowedRoles: [] }),
  /** The SQL service function served by the gateway sidecar; `false` for none. */
  function: z
    .union([
      z.literal(false),
      z.strictObject({
        /** @default <MODEL>_COMPLETE for chat, <MODEL>_EMBED for embedding */
        name: identifier.optional(),
        /** chat: `prompt` (one string) or `messages` (a JSON payload as in seed 002). @default "prompt" */
        input: z.enum(["prompt", "messages"]).default("prompt"),
        ...functionBatchSchema,
      }),
    ])
    .default({ input: "prompt", grantUsageTo: [] }),
  /** Container resources beyond what the catalog derives. */
  resources: z.strictObject({ requests: resourcesSchema.optional(), limits: resourcesSchema.optional() }).optional(),
});

export const modelSchema = z.strictObject({
  /** Logical model name: becomes the service (`<NAME>_SERVICE`) and Kubernetes names. */
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, { error: "must start with a letter and hold only letters, digits and _ (at most 40)" }),
  /** chat | embedding. @default the catalog's task */
  task: z.enum(["chat", "embedding"]).optional(),
  source: z.strictObject({
    /** Hugging Face repository id, e.g. Qwen/Qwen2.5-1.5B-Instruct. */
    huggingFaceId: z.string().regex(/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/, { error: "must be a Hugging Face id: <org>/<name>" }),
    /** Commit or tag to download; pin a commit sha for prod. @default "main" */
    revision: gitRevision.default("main"),
    /** HF_ENDPOINT mirror, e.g. https://hf-mirror.com (seed 002). @default the Hugging Face hub */
    mirrorEndpoint: httpsUrl.optional(),
  }),
  /** Serving dtype. @default the catalog's dtype (fp16 on GPUs without bf16) */
  dtype: z.enum(["float32", "float16", "bfloat16"]).optional(),
  /** Serve the catalog's pre-quantized variant of this kind (`--quantization`); FP8 needs compute capability >= 8.9 for W8A8, Marlin weight-only below. @default none */
  quantization: z.enum(["awq", "gptq", "fp8"]).optional(),
  /** `--max-model-len`. @default min(model maximum, 8192) */
  maxContextLength: positiveInt.optional(),
  /**
   * Size and shape, required for models that are not in the catalog: numbers {parametersB, layers, kvHeads,
   * headDim, maxContextLength, decoder?, activeParametersB?, slidingWindow?, slidingWindowLayers?}, or
   * {fromConfigJson: <path to the model's config.json>}. @default the catalog's
   */
  architecture: architectureSchema.optional(),
  /** Serve on Snowpark Container Services. */
  snowflake: modelSnowflakeSchema.optional(),
  /** Serve on Kubernetes. */
  kubernetes: modelKubernetesSchema.optional(),
});

// ---------------------------------------------------------------------------------------------
// Images and cost

export const imagesSchema = z.strictObject({
  /** vLLM OpenAI-compatible server image, pinned. @default `VLLM_IMAGE` (catalog/vllm.ts) */
  vllm: z.string().superRefine(rule(mirrorableImageProblem)).default(VLLM_IMAGE),
  /** vLLM CPU image for embedding models on CPU pools. @default `VLLM_CPU_IMAGE` (catalog/vllm.ts) */
  vllmCpu: z.string().superRefine(rule(mirrorableImageProblem)).default(VLLM_CPU_IMAGE),
  /** Gateway image tag (built from services/gateway). @default `GATEWAY_VERSION` (services/gateway/src/version.ts), bumped with every code change (a test enforces it) */
  gatewayTag: z.string().superRefine(rule(pinnedTagProblem)).optional(),
  /**
   * Build/mirror images into the SPCS image repository from this program (`@pulumi/docker-build`; needs
   * `llmstack:registryToken` and a Docker daemon). false: push them yourself under the same name:tag.
   * @default true
   */
  push: z.boolean().default(true),
  /** User whose programmatic access token is `llmstack:registryToken`. */
  registryUser: identifier.optional(),
});

export const costSchema = z.strictObject({
  /** Price of one credit in `currency`. @default 3 */
  creditPrice: z.number().positive().default(3),
  /** @default "USD" */
  currency: z.string().regex(/^[A-Z]{3}$/).default("USD"),
  /** Budget in credits per day at full activity; the policy pack checks it. @default none */
  budgetCreditsPerDay: z.number().positive().optional(),
  /** Prices of the Kubernetes path's GPUs and vCPUs (docs/config-kubernetes.md). @default catalog stand-ins */
  kubernetes: kubernetesCostSchema.prefault({}),
});

/** The whole stack config (before cross-field rules). */
export const stackConfigSchema = z.strictObject({
  /** dev | staging | prod: policy defaults and protection follow it. @default "dev" */
  environment: z.enum(["dev", "staging", "prod"]).default("dev"),
  snowflake: snowflakeSchema.optional(),
  kubernetes: kubernetesSchema.optional(),
  models: z.array(modelSchema).default([]),
  images: imagesSchema.default(imagesSchema.parse({})),
  cost: costSchema.default(costSchema.parse({})),
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
