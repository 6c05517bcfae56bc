/**
 * A compliant stack, resource by resource, in the shape tools/mockRun.ts records: each test case
 * copies it and mutates one thing (the pulumi-policy-aws "happy path args" pattern).
 */
import { stackConfigSchema, type StackConfig } from "../../config/schema";
import type { RecordedResource } from "../../tools/mockRun";
import { TYPES } from "../../policies/util";

const STACK = "urn:pulumi:prod::llmstack::pulumi:pulumi:Stack::llmstack-prod";

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:prod::llmstack::${type}::${name}`;
}

export interface Options {
  provider?: RecordedResource;
  protect?: boolean;
  parent?: string;
  dependencies?: string[];
}

export function res(type: string, name: string, inputs: Record<string, unknown>, o: Options = {}): RecordedResource {
  return {
    urn: urnOf(type, name),
    type,
    name,
    custom: true,
    parent: o.parent ?? STACK,
    inputs,
    dependencies: o.dependencies ?? [],
    propertyDependencies: {},
    protect: o.protect ?? false,
    retainOnDelete: false,
    deleteBeforeReplace: false,
    provider: o.provider ? `${o.provider.urn}::${o.provider.name}-id` : undefined,
  };
}

/** The stack config the fixture corresponds to (names line up with the resources below), as written. */
export const RAW_STACK_CONFIG = {
  environment: "prod",
  snowflake: {
    role: { name: "LLM_PLATFORM" },
    database: "LLM",
    schemas: ["MODELS"],
    egress: { HF: ["huggingface.co:443", "*.hf.co:443", "*.xethub.hf.co:443"] },
    oauthClients: { DATAIKU: { redirectUri: "https://dataiku.example.com/cb" } },
    computePools: { GPU_S: { instanceFamily: "GPU_NV_S" }, CPU_XS: { instanceFamily: "CPU_X64_XS" } },
  },
  models: [
    { name: "QWEN", source: { huggingFaceId: "Qwen/Qwen2.5-1.5B-Instruct" }, snowflake: { pool: "GPU_S" } },
    {
      name: "MINILM",
      source: { huggingFaceId: "sentence-transformers/all-MiniLM-L6-v2" },
      snowflake: { pool: "CPU_XS", endpoint: { public: true, allowedRoles: ["DATAIKU_USERS"] } },
    },
  ],
  cost: { budgetCreditsPerDay: 40 },
};

export const STACK_CONFIG: StackConfig = stackConfigSchema.parse(RAW_STACK_CONFIG);

/** The same config as the Pulumi CLI passes it to a program or policy pack (`llmstack:key` → string/JSON). */
export function pulumiConfigOf(raw: Record<string, unknown> = RAW_STACK_CONFIG): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [`llmstack:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
}

/** A model revision that cannot move (a commit sha), as a staging or prod stack pins it. */
export const PINNED_REVISION = "989aa7980e4cf806f80c7fef2b1adb7bc71aa306";

function modelSpec(id: string, opts: { embed?: boolean; public?: boolean; gpu?: boolean }) {
  return {
    spec: {
      containers: [
        {
          name: "model",
          image: "/llm/models/images/vllm-openai:v0.8.5",
          args: ["--model", id, "--revision", PINNED_REVISION, "--port", "8000", ...(opts.embed ? ["--task", "embed"] : [])],
          env: { HF_HOME: "/models", VLLM_NO_USAGE_STATS: "1", MAX_TOKENS: "512", HF_TOKEN_PATH: "/secrets/hf" },
          readinessProbe: { port: 8000, path: "/health" },
          resources: opts.gpu ? { requests: { "nvidia.com/gpu": 1 }, limits: { "nvidia.com/gpu": 1 } } : { requests: { cpu: 0.5, memory: "2Gi" } },
          secrets: [{ snowflakeSecret: { objectName: "LLM.MODELS.HF_TOKEN" }, envVarName: "HF_TOKEN", secretKeyRef: "secret_string" }],
        },
        { name: "gateway", image: "/llm/models/images/llmstack-gateway:0.1.0", env: { GATEWAY_PORT: "8001" } },
      ],
      endpoints: [
        { name: "api", port: 8000, public: opts.public ?? false, protocol: "HTTP" },
        { name: "sql", port: 8001, public: false, protocol: "HTTP" },
      ],
    },
  };
}

/** Every resource of the compliant stack, by a short key. */
export function happyStack() {
  const adminSf = res("pulumi:providers:snowflake", "admin-snowflake", { role: "ACCOUNTADMIN" });
  const platformSf = res("pulumi:providers:snowflake", "platform-snowflake", { role: "LLM_PLATFORM" });
  const adminSpcs = res("pulumi:providers:llmstack", "admin-spcs", { role: "ACCOUNTADMIN" });
  const platformSpcs = res("pulumi:providers:llmstack", "platform-spcs", { role: "LLM_PLATFORM" });
  const r = {
    adminSf,
    platformSf,
    adminSpcs,
    platformSpcs,
    database: res(TYPES.Database, "database", { name: "LLM" }, { protect: true }),
    rule: res(TYPES.NetworkRule, "egress-hf-rule", { database: "LLM", schema: "MODELS", name: "HF_EGRESS", mode: "EGRESS", type: "HOST_PORT", valueLists: ["huggingface.co:443", "*.hf.co:443", "*.xethub.hf.co:443"] }, { provider: platformSf }),
    ingressRule: res(TYPES.NetworkRule, "ingress-rule", { database: "LLM", schema: "MODELS", name: "OFFICE", mode: "INGRESS", type: "IPV4", valueLists: ["0.0.0.0/0"] }),
    oauth: res(
      TYPES.OauthIntegrationForCustomClients,
      "oauth-dataiku",
      {
        name: "LLM_DATAIKU",
        oauthClientType: "CONFIDENTIAL",
        oauthRedirectUri: "https://dataiku.example.com/cb",
        oauthIssueRefreshTokens: "true",
        oauthRefreshTokenValidity: 86400,
        blockedRolesLists: ["SYSADMIN"],
        preAuthorizedRolesLists: [],
      },
      { provider: adminSf },
    ),
    gpuPool: res(TYPES.ComputePool, "pool-gpu_s", { name: "LLM_GPU_S", instanceFamily: "GPU_NV_S", minNodes: 1, maxNodes: 1, autoResume: true, autoSuspendSecs: 600 }, { provider: adminSpcs, protect: true }),
    cpuPool: res(TYPES.ComputePool, "pool-cpu_xs", { name: "LLM_CPU_XS", instanceFamily: "CPU_X64_XS", minNodes: 1, maxNodes: 1, autoResume: true, autoSuspendSecs: 600 }, { provider: adminSpcs }),
    qwen: res(
      TYPES.Service,
      "model-qwen-service",
      { database: "LLM", schema: "MODELS", name: "QWEN_SERVICE", computePool: "LLM_GPU_S", specification: modelSpec("Qwen/Qwen2.5-1.5B-Instruct", { gpu: true }), externalAccessIntegrations: ["LLM_HF_EAI"], minInstances: 1, maxInstances: 1, autoSuspendSecs: 1800, autoResume: true },
      { provider: platformSpcs },
    ),
    minilm: res(
      TYPES.Service,
      "model-minilm-service",
      { database: "LLM", schema: "MODELS", name: "MINILM_SERVICE", computePool: "LLM_CPU_XS", specification: modelSpec("sentence-transformers/all-MiniLM-L6-v2", { embed: true, public: true }), externalAccessIntegrations: [], minInstances: 1, maxInstances: 1, autoSuspendSecs: 1800, autoResume: true },
      { provider: platformSpcs },
    ),
    minilmGrant: res(TYPES.ServiceRoleGrant, "minilm-endpoints-to-dataiku_users", { service: "LLM.MODELS.MINILM_SERVICE", serviceRole: "ALL_ENDPOINTS_USAGE", toRole: "DATAIKU_USERS" }, { provider: platformSpcs }),
    qwenFn: res(
      TYPES.ServiceFunction,
      "qwen-fn",
      { database: "LLM", schema: "MODELS", name: "QWEN_COMPLETE", args: [{ name: "PROMPT", type: "VARCHAR" }], returns: "VARCHAR", service: "LLM.MODELS.QWEN_SERVICE", endpoint: "sql", path: "/complete", comment: "llmstack service function" },
      { provider: platformSpcs },
    ),
    fnGrant: res(TYPES.GrantPrivilegesToAccountRole, "qwen-fn-to-analyst", { accountRoleName: "ANALYST", privileges: ["USAGE"], onSchemaObject: { objectType: "FUNCTION", objectName: '"LLM"."MODELS"."QWEN_COMPLETE"(VARCHAR)' } }, { provider: platformSf }),
    poolGrant: res(TYPES.GrantPrivilegesToAccountRole, "pool-gpu-grant", { accountRoleName: "LLM_PLATFORM", privileges: ["USAGE", "MONITOR", "OPERATE"], onAccountObject: { objectType: "COMPUTE POOL", objectName: "LLM_GPU_S" } }, { provider: adminSf }),
    bindGrant: res(TYPES.GrantPrivilegesToAccountRole, "bind-service-endpoint", { accountRoleName: "LLM_PLATFORM", privileges: ["BIND SERVICE ENDPOINT"], onAccount: true }, { provider: adminSf }),
    roleToSysadmin: res(TYPES.GrantAccountRole, "role-to-sysadmin", { roleName: "LLM_PLATFORM", parentRoleName: "SYSADMIN" }, { provider: adminSf }),
    deployment: res(TYPES.Deployment, "vllm", {
      metadata: { name: "vllm-qwen" },
      spec: {
        template: {
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 1000 },
            tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
            containers: [
              {
                name: "vllm",
                image: "vllm/vllm-openai:v0.8.5",
                args: ["--model", "Qwen/Qwen2.5-1.5B-Instruct", "--api-key", "$(API_KEY)"],
                env: [
                  { name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf", key: "token" } } },
                  { name: "API_KEY", valueFrom: { secretKeyRef: { name: "api", key: "key" } } },
                  { name: "MAX_TOKENS", value: "512" },
                ],
                resources: { requests: { "nvidia.com/gpu": "1", cpu: "2" }, limits: { "nvidia.com/gpu": "1" } },
                readinessProbe: { httpGet: { path: "/health", port: 8000 } },
                livenessProbe: { httpGet: { path: "/health", port: 8000 } },
              },
            ],
          },
        },
      },
    }),
    pvc: res(TYPES.PersistentVolumeClaim, "model-cache", { metadata: { name: "model-cache" }, spec: { storageClassName: "gp3", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } } } }),
    configMap: res(TYPES.ConfigMap, "settings", { metadata: { name: "settings" }, data: { MODEL: "qwen", "config.yaml": "max_tokens: 512\n" } }),
  };
  return r;
}

export type HappyStack = ReturnType<typeof happyStack>;

export function list(s: HappyStack): RecordedResource[] {
  return Object.values(s);
}

/** A copy of a resource with some inputs (or options) changed. */
export function withInputs(r: RecordedResource, inputs: Record<string, unknown>, o: Partial<RecordedResource> = {}): RecordedResource {
  return { ...r, ...o, inputs: { ...structuredClone(r.inputs), ...inputs } };
}

/** Deep-set a path in a resource's inputs (a copy). */
export function setPath(r: RecordedResource, path: (string | number)[], value: unknown): RecordedResource {
  const inputs = structuredClone(r.inputs) as Record<string, unknown>;
  let o: Record<string | number, unknown> = inputs;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
  return { ...r, inputs };
}
