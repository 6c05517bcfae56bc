/**
 * Every policy through the functions CrossGuard calls (via policies/harness.ts): the happy stack
 * passes, and each mutation makes exactly the named policy (plus any listed in `also`) fire.
 */
import { modelFacts } from "../../policies/facts";
import { stackConfigSchema, type StackConfig } from "../../config/schema";
import { runPolicyPack, type PackConfig } from "../../policies/harness";
import { POLICY_NAMES } from "../../policies/policies";
import { TYPES } from "../../policies/util";
import { configPathExists, configPathsIn } from "../support/configPaths";
import { happyStack, list, PINNED_REVISION, RAW_STACK_CONFIG, res, setPath, STACK_CONFIG, withInputs, type HappyStack } from "./fixtures";

interface Case {
  readonly policy: string;
  readonly name: string;
  readonly mutate: (s: HappyStack) => void;
  /** Expected message; omitted for compliant cases. */
  readonly expect?: RegExp;
  /** Other policies the same mutation rightly triggers. */
  readonly also?: string[];
  readonly config?: PackConfig;
  /** Run without the stack config (what the pack sees when it cannot read it). */
  readonly noStackConfig?: boolean;
  readonly stackConfig?: StackConfig;
}

const HF = "hf_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7";

/** The fixture's config plus a generic service (seed 003's filter UI) with a private endpoint. */
const WITH_SERVICE: StackConfig = stackConfigSchema.parse({
  ...RAW_STACK_CONFIG,
  snowflake: { ...RAW_STACK_CONFIG.snowflake, services: { FILTER: { pool: "CPU_XS", containers: [{ name: "ui", image: "filter:1.0" }], endpoints: [{ name: "ui", port: 8080 }] } } },
});
const filterService = (s: HappyStack) => {
  (s as Record<string, unknown>).filter = res(
    TYPES.Service,
    "service-filter",
    {
      database: "LLM",
      schema: "MODELS",
      name: "FILTER",
      computePool: "LLM_CPU_XS",
      specification: { spec: { containers: [{ name: "ui", image: "/llm/models/images/filter:1.0" }], endpoints: [{ name: "ui", port: 8080, public: true, protocol: "HTTP" }] } },
      externalAccessIntegrations: [],
      minInstances: 1,
      maxInstances: 1,
      autoSuspendSecs: 1800,
      autoResume: true,
    },
    { provider: s.platformSpcs },
  );
};
const SK = "sk-" + "proj0123456789abcdefghijKLMN";

const bad: Case[] = [
  // --- egress
  { policy: "snowflake-egress-no-wildcards", name: "0.0.0.0:443 (seed 000)", mutate: (s) => (s.rule = withInputs(s.rule, { valueLists: ["0.0.0.0:443", "0.0.0.0:80"] })), expect: /HF_EGRESS.*'0\.0\.0\.0:443' \(0\.0\.0\.0 opens every host\).*llmstack:snowflake\.egress\.HF/ },
  { policy: "snowflake-egress-no-wildcards", name: "bare *", mutate: (s) => (s.rule = withInputs(s.rule, { valueLists: ["*"] })), expect: /'\*' \(\* opens every host\)/ },
  { policy: "snowflake-egress-no-wildcards", name: "*.domain wildcard", mutate: (s) => (s.rule = withInputs(s.rule, { valueLists: ["*.huggingface.co:443"] })), expect: /wildcard/ },
  { policy: "snowflake-egress-no-wildcards", name: "host:0 = all ports", mutate: (s) => (s.rule = withInputs(s.rule, { valueLists: ["huggingface.co:0"] })), expect: /port 0 opens every port/ },
  { policy: "snowflake-egress-no-wildcards", name: "IP literal", mutate: (s) => (s.rule = withInputs(s.rule, { valueLists: ["52.1.2.3:443"] })), expect: /IP address, not a named host/ },
  // --- OAuth
  { policy: "snowflake-oauth-blocked-roles", name: "admin roles absent when the account does not block them", config: { "snowflake-oauth-blocked-roles": { privilegedRolesBlockedByAccount: false } }, mutate: () => {}, expect: /LLM_DATAIKU does not block ACCOUNTADMIN, SECURITYADMIN, ORGADMIN.*llmstack:snowflake\.oauthClients\.DATAIKU\.blockedRoles/ },
  { policy: "snowflake-oauth-blocked-roles", name: "a configured role is not blocked", config: { "snowflake-oauth-blocked-roles": { requiredBlockedRoles: ["USERADMIN"] } }, mutate: () => {}, expect: /does not block USERADMIN/ },
  { policy: "snowflake-oauth-blocked-roles", name: "ACCOUNTADMIN pre-authorized", mutate: (s) => (s.oauth = withInputs(s.oauth, { preAuthorizedRolesLists: ["ACCOUNTADMIN"] })), expect: /pre-authorizes ACCOUNTADMIN/ },
  { policy: "snowflake-oauth-refresh-token-validity", name: "90 days", mutate: (s) => (s.oauth = withInputs(s.oauth, { oauthRefreshTokenValidity: 7776000 })), expect: /7776000 s, above the 86400 s.*refreshTokenValiditySecs/ },
  { policy: "snowflake-oauth-refresh-token-validity", name: "unset = Snowflake's 90 days", mutate: (s) => (s.oauth = withInputs(s.oauth, { oauthRefreshTokenValidity: undefined })), expect: /7776000 s \(Snowflake's default, not set\)/ },
  { policy: "snowflake-oauth-refresh-token-validity", name: "stricter configured maximum", config: { "snowflake-oauth-refresh-token-validity": { maxRefreshTokenValiditySecs: 3600 } }, mutate: () => {}, expect: /86400 s, above the 3600 s/ },
  { policy: "snowflake-oauth-https-redirect", name: "http redirect", mutate: (s) => (s.oauth = withInputs(s.oauth, { oauthRedirectUri: "http://dataiku.example.com/cb" })), expect: /not an https:\/\/ URL/ },
  { policy: "snowflake-oauth-https-redirect", name: "non-TLS redirects allowed", mutate: (s) => (s.oauth = withInputs(s.oauth, { oauthAllowNonTlsRedirectUri: "true" })), expect: /OAUTH_ALLOW_NON_TLS_REDIRECT_URI/ },
  // --- endpoints
  { policy: "spcs-endpoint-access", name: "public endpoint granted to PUBLIC", mutate: (s) => (s.minilmGrant = withInputs(s.minilmGrant, { toRole: "PUBLIC" })), expect: /granted to PUBLIC while endpoint\(s\) api are public/ },
  { policy: "spcs-endpoint-access", name: "public endpoint reachable by no named role", mutate: (s) => delete (s as Partial<HappyStack>).minilmGrant, expect: /grants its service role to no named role.*llmstack:models\[1\]\.snowflake\.endpoint\.allowedRoles/ },
  { policy: "spcs-endpoint-access", name: "public endpoint the config does not mark public", mutate: (s) => (s.qwen = setPath(s.qwen, ["specification", "spec", "endpoints", 0, "public"], true)), expect: /QWEN_SERVICE has public endpoint\(s\) api that the stack config does not mark public/ },
  { policy: "spcs-endpoint-access", name: "public endpoint outside the configured list (no stack config)", noStackConfig: true, config: { "spcs-endpoint-access": { publicServices: ["OTHER"] } }, mutate: () => {}, expect: /MINILM_SERVICE has public endpoint/ },
  {
    policy: "spcs-endpoint-access",
    name: "generic service: a public endpoint the config does not mark public, reachable by no named role",
    stackConfig: WITH_SERVICE,
    mutate: filterService,
    expect: /FILTER has public endpoint\(s\) ui that the stack config does not mark public.*set llmstack:snowflake\.services\.FILTER\.endpoints\[\]\.public: true/,
  },
  { policy: "spcs-endpoint-access", name: "generic service reachable by no named role", stackConfig: WITH_SERVICE, mutate: filterService, expect: /FILTER has public endpoint\(s\) ui but grants its service role to no named role\. Fix: set llmstack:snowflake\.services\.FILTER\.endpointRoles/ },
  { policy: "spcs-endpoint-access", name: "private endpoint granted to PUBLIC", mutate: (s) => (s.minilmGrant = withInputs(s.minilmGrant, { service: "LLM.MODELS.QWEN_SERVICE", toRole: "PUBLIC" })), expect: /QWEN_SERVICE is granted to PUBLIC/ },
  // --- plaintext secrets
  { policy: "no-plaintext-secrets", name: "hf_ token in a spec env", mutate: (s) => (s.qwen = setPath(s.qwen, ["specification", "spec", "containers", 0, "env", "HF_TOKEN"], HF)), expect: /QWEN_SERVICE.*spec\.containers\[0\]\.env\.HF_TOKEN.*Hugging Face/ },
  { policy: "no-plaintext-secrets", name: "literal under a credential name", mutate: (s) => (s.qwen = setPath(s.qwen, ["specification", "spec", "containers", 1, "env", "DB_PASSWORD"], "hunter2")), expect: /env\.DB_PASSWORD.*named like a credential/ },
  { policy: "no-plaintext-secrets", name: "Pulumi secret inlined into a spec env", mutate: (s) => (s.qwen = setPath(s.qwen, ["specification", "spec", "containers", 0, "env", "UPSTREAM_AUTH"], { secret: true })), expect: /env\.UPSTREAM_AUTH: a Pulumi secret inlined/ },
  { policy: "no-plaintext-secrets", name: "whole spec is a Pulumi secret", mutate: (s) => (s.qwen = withInputs(s.qwen, { specification: { secret: true } })), expect: /whole specification is a Pulumi secret/ },
  { policy: "no-plaintext-secrets", name: "API key flag in container args", mutate: (s) => (s.qwen = setPath(s.qwen, ["specification", "spec", "containers", 0, "args"], ["--model", "x/y", "--revision", PINNED_REVISION, "--api-key", "letmein"])), expect: /args\[4\]: flag --api-key with a literal value/ },
  { policy: "no-plaintext-secrets", name: "token in a function's inputs", mutate: (s) => (s.qwenFn = withInputs(s.qwenFn, { comment: `token ${HF}` })), expect: /ServiceFunction QWEN_COMPLETE.*comment/ },
  { policy: "no-plaintext-secrets", name: "Kubernetes env value", mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "containers", 0, "env", 0], { name: "HF_TOKEN", value: HF })), expect: /Deployment vllm-qwen.*env\[0\] \(HF_TOKEN\).*Kubernetes Secret/ },
  { policy: "no-plaintext-secrets", name: "Kubernetes --api-key literal", mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "containers", 0, "args", 3], SK)), expect: /args\[3\]: what looks like a OpenAI-style API key/ },
  { policy: "no-plaintext-secrets", name: "ConfigMap value", mutate: (s) => (s.configMap = setPath(s.configMap, ["data", "api-key"], "abc123")), expect: /ConfigMap settings.*data\.api-key/ },
  // --- least privilege
  { policy: "snowflake-no-public-grants", name: "function usage to PUBLIC", mutate: (s) => (s.fnGrant = withInputs(s.fnGrant, { accountRoleName: "PUBLIC" })), expect: /USAGE on FUNCTION .*QWEN_COMPLETE.* to PUBLIC/ },
  { policy: "snowflake-no-public-grants", name: "platform role granted to PUBLIC", mutate: (s) => (s.roleToSysadmin = withInputs(s.roleToSysadmin, { parentRoleName: "PUBLIC" })), expect: /grants role LLM_PLATFORM to PUBLIC/ },
  { policy: "snowflake-runtime-role-least-privilege", name: "ownership of a warehouse", mutate: (s) => ((s as Record<string, unknown>).own = res(TYPES.GrantOwnership, "own-wh", { accountRoleName: "LLM_PLATFORM", on: { objectType: "WAREHOUSE", objectName: "LLM_WH" } })), expect: /ownership of WAREHOUSE LLM_WH to runtime role LLM_PLATFORM/ },
  { policy: "snowflake-runtime-role-least-privilege", name: "ALL PRIVILEGES on the warehouse (seed 000)", mutate: (s) => ((s as Record<string, unknown>).all = res(TYPES.GrantPrivilegesToAccountRole, "all-wh", { accountRoleName: "LLM_PLATFORM", allPrivileges: true, onAccountObject: { objectType: "WAREHOUSE", objectName: "LLM_WH" } })), expect: /ALL PRIVILEGES on WAREHOUSE LLM_WH/ },
  { policy: "snowflake-runtime-role-least-privilege", name: "OWNERSHIP privilege on the database", mutate: (s) => (s.poolGrant = withInputs(s.poolGrant, { privileges: ["OWNERSHIP"], onAccountObject: { objectType: "DATABASE", objectName: "LLM" } })), expect: /OWNERSHIP on DATABASE LLM/ },
  { policy: "snowflake-runtime-role-least-privilege", name: "account-level CREATE INTEGRATION", mutate: (s) => (s.bindGrant = withInputs(s.bindGrant, { privileges: ["BIND SERVICE ENDPOINT", "CREATE INTEGRATION"] })), expect: /account-level CREATE INTEGRATION/ },
  { policy: "snowflake-runtime-role-least-privilege", name: "grant option", mutate: (s) => (s.poolGrant = withInputs(s.poolGrant, { withGrantOption: true })), expect: /WITH GRANT OPTION/ },
  { policy: "snowflake-runtime-role-least-privilege", name: "runtime role inherits ACCOUNTADMIN", mutate: (s) => ((s as Record<string, unknown>).inherit = res(TYPES.GrantAccountRole, "admin-to-platform", { roleName: "ACCOUNTADMIN", parentRoleName: "LLM_PLATFORM" })), expect: /runtime role LLM_PLATFORM inherit ACCOUNTADMIN/ },
  { policy: "snowflake-runtime-role-least-privilege", name: "no stack config: every non-admin grantee is checked", noStackConfig: true, mutate: (s) => (s.poolGrant = withInputs(s.poolGrant, { allPrivileges: true, privileges: undefined })), expect: /ALL PRIVILEGES on COMPUTE POOL LLM_GPU_S/ },
  { policy: "spcs-runtime-objects-not-admin-owned", name: "service created as ACCOUNTADMIN", mutate: (s) => (s.qwen = { ...s.qwen, provider: `${s.adminSpcs.urn}::x` }), expect: /Service QWEN_SERVICE is created with role ACCOUNTADMIN.*session token/ },
  { policy: "spcs-runtime-objects-not-admin-owned", name: "function created as a configured admin role", config: { "spcs-runtime-objects-not-admin-owned": { adminRoles: ["LLM_PLATFORM"] } }, mutate: (s) => { delete (s as Partial<HappyStack>).qwen; delete (s as Partial<HappyStack>).minilm; delete (s as Partial<HappyStack>).minilmGrant; }, expect: /ServiceFunction QWEN_COMPLETE is created with role LLM_PLATFORM/ },
  { policy: "images-pinned", name: ":latest in a spec", mutate: (s) => (s.qwen = setPath(s.qwen, ["specification", "spec", "containers", 0, "image"], "/llm/models/images/vllm-openai:latest")), expect: /container model image .*:latest uses the moving tag latest/ },
  { policy: "images-pinned", name: "untagged Kubernetes image", mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "containers", 0, "image"], "vllm/vllm-openai")), expect: /has no tag/ },
  { policy: "images-pinned", name: "digest required", config: { "images-pinned": { requireDigest: true } }, mutate: () => {}, expect: /has no @sha256 digest/ },
  // --- model sources
  { policy: "spcs-model-revision-pinned", name: "a branch", mutate: (s) => (s.qwen = setPath(s.qwen, ["specification", "spec", "containers", 0, "args", 3], "main")), expect: /QWEN_SERVICE: container model serves Qwen\/Qwen2\.5-1\.5B-Instruct at revision "main", which can move; set llmstack:models\[0\]\.source\.revision to the commit sha/ },
  { policy: "spcs-model-revision-pinned", name: "no --revision (vLLM's default branch)", mutate: (s) => (s.minilm = setPath(s.minilm, ["specification", "spec", "containers", 0, "args"], ["--model", "sentence-transformers/all-MiniLM-L6-v2", "--task", "embed"])), expect: /MINILM_SERVICE: container model serves sentence-transformers\/all-MiniLM-L6-v2 at no --revision \(vLLM's default branch, main\).*llmstack:models\[1\]\.source\.revision/ },
  { policy: "spcs-model-revision-pinned", name: "a model the stack config does not declare", mutate: (s) => (s.qwen = setPath(s.qwen, ["specification", "spec", "containers", 0, "args"], ["--model", "acme/other-model", "--revision", "main"])), expect: /serves acme\/other-model at revision "main", which can move; set the model's source\.revision to the commit sha/ },
  {
    policy: "spcs-model-revision-pinned",
    name: "a job service's vLLM at a branch",
    mutate: (s) => {
      (s as Record<string, unknown>).job = res(TYPES.JobService, "eval-job", {
        database: "LLM", schema: "MODELS", name: "EVAL_JOB", computePool: "LLM_CPU_XS",
        specification: { spec: { containers: [{ name: "eval", image: "/llm/models/images/vllm-openai:v0.8.5", command: ["vllm", "serve"], args: ["Qwen/Qwen2.5-1.5B-Instruct", "--revision", "main"] }] } },
      }, { provider: s.platformSpcs });
    },
    expect: /^JobService EVAL_JOB: container eval serves Qwen\/Qwen2\.5-1\.5B-Instruct at revision "main"/,
  },
  {
    policy: "model-remote-code-pinned",
    name: "remote code from a branch on SPCS",
    also: ["spcs-model-revision-pinned"],
    mutate: (s) => (s.qwen = setPath(s.qwen, ["specification", "spec", "containers", 0, "args"], ["--model", "Qwen/Qwen2.5-1.5B-Instruct", "--revision", "v1.0", "--trust-remote-code"])),
    expect: /QWEN_SERVICE: container model runs code from Qwen\/Qwen2\.5-1\.5B-Instruct \(--trust-remote-code\) at revision "v1\.0"\. .*Fix: set llmstack:models\[0\]\.source\.revision to a reviewed commit sha/,
  },
  {
    policy: "model-remote-code-pinned",
    name: "remote code on Kubernetes, the served revision a branch",
    mutate: (s) => {
      s.deployment = setPath(s.deployment, ["metadata", "annotations"], { "llmstack.io/served-model": "Qwen/Qwen2.5-1.5B-Instruct", "llmstack.io/revision": "main" });
      s.deployment = setPath(s.deployment, ["spec", "template", "spec", "containers", 0, "args"], ["/models/qwen", "--trust-remote-code"]);
    },
    expect: /Deployment vllm-qwen: container vllm runs code from Qwen\/Qwen2\.5-1\.5B-Instruct \(--trust-remote-code\) at revision "main"/,
  },
  {
    policy: "model-remote-code-pinned",
    name: "remote code on Kubernetes, no revision stated",
    mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "containers", 0, "args"], ["/models/qwen", "--trust-remote-code"])),
    expect: /container vllm runs code from its model \(--trust-remote-code\) at no revision it states \(no llmstack\.io\/revision annotation, no MODEL_REVISION\)/,
  },
  // --- cost
  { policy: "spcs-compute-pool-auto-suspend", name: "never suspends (seed 000)", mutate: (s) => (s.gpuPool = withInputs(s.gpuPool, { autoSuspendSecs: 0 })), expect: /LLM_GPU_S \(GPU_NV_S\) has AUTO_SUSPEND_SECS = 0.*llmstack:snowflake\.computePools\.GPU_S\.autoSuspendSecs/ },
  { policy: "spcs-compute-pool-auto-suspend", name: "not set", mutate: (s) => (s.cpuPool = withInputs(s.cpuPool, { autoSuspendSecs: undefined })), expect: /does not set AUTO_SUSPEND_SECS.*computePools\.CPU_XS/ },
  { policy: "spcs-compute-pool-auto-suspend", name: "above the bound", mutate: (s) => (s.cpuPool = withInputs(s.cpuPool, { autoSuspendSecs: 7200 })), expect: /waits 7200 s.*3600/ },
  { policy: "spcs-compute-pool-auto-suspend", name: "auto-resume off", mutate: (s) => (s.cpuPool = withInputs(s.cpuPool, { autoResume: false })), expect: /AUTO_RESUME = FALSE/ },
  { policy: "spcs-service-auto-suspend", name: "service never suspends", mutate: (s) => (s.qwen = withInputs(s.qwen, { autoSuspendSecs: 0 })), expect: /QWEN_SERVICE never suspends.*llmstack:models\[0\]\.snowflake\.autoSuspendSecs/ },
  { policy: "spcs-service-auto-suspend", name: "service auto-suspend not set", mutate: (s) => (s.qwen = withInputs(s.qwen, { autoSuspendSecs: undefined })), expect: /not set, Snowflake's default 0/ },
  { policy: "spcs-gpu-pool-caps", name: "MAX_NODES above the cap", also: ["stack-credit-budget"], mutate: (s) => (s.gpuPool = withInputs(s.gpuPool, { maxNodes: 6 })), expect: /LLM_GPU_S \(GPU_NV_S\) may grow to 6 nodes, above the cap of 4 \(3\.42 credits\/h/ },
  { policy: "spcs-gpu-pool-caps", name: "GPU credits/h above the cap", also: ["stack-credit-budget"], mutate: (s) => (s.gpuPool = withInputs(s.gpuPool, { instanceFamily: "GPU_NV_L" })), expect: /together cost 14\.12 credits\/h at MAX_NODES \(LLM_GPU_S GPU_NV_L×1 = 14\.12\), above the cap of 12/ },
  { policy: "spcs-chat-model-on-gpu", name: "7B chat model on a CPU pool", mutate: (s) => (s.qwen = setPath(withInputs(s.qwen, { computePool: "LLM_CPU_XS" }), ["specification", "spec", "containers", 0, "args", 1], "mistralai/Mistral-7B-Instruct-v0.1")), expect: /Mistral-7B-Instruct-v0\.1 \(7\.24B parameters\) on CPU pool LLM_CPU_XS/ },
  { policy: "spcs-chat-model-on-gpu", name: "a quantized variant counts as its base model", mutate: (s) => (s.qwen = setPath(withInputs(s.qwen, { computePool: "LLM_CPU_XS" }), ["specification", "spec", "containers", 0, "args", 1], "TheBloke/zephyr-7B-beta-AWQ")), expect: /zephyr-7B-beta-AWQ \(7\.24B/ },
  { policy: "spcs-embedding-model-on-cpu", name: "embedding model on a GPU pool", mutate: (s) => (s.minilm = withInputs(s.minilm, { computePool: "LLM_GPU_S" })), expect: /MINILM_SERVICE serves embedding model .* on GPU pool LLM_GPU_S \(GPU_NV_S, 0\.57 credits\/h per node\)/ },
  { policy: "stack-credit-budget", name: "over the configured budget", config: { "stack-credit-budget": { budgetCreditsPerDay: 10 } }, mutate: () => {}, expect: /15\.12 credits\/day.*LLM_GPU_S 13\.68, LLM_CPU_XS 1\.44; ≈ 45\.36 USD.*above the budget of 10/ },
  { policy: "prod-protect-stateful", name: "GPU pool not protected", mutate: (s) => (s.gpuPool = { ...s.gpuPool, protect: false }), expect: /GPU compute pool LLM_GPU_S \(GPU_NV_S\) is not protected.*computePools\.GPU_S\.retainOnDelete/ },
  { policy: "prod-protect-stateful", name: "database not protected", mutate: (s) => (s.database = { ...s.database, protect: false }), expect: /database LLM is not protected/ },
  // --- Kubernetes
  { policy: "k8s-gpu-resources", name: "GPU request without limit", mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "containers", 0, "resources", "limits"], undefined)), expect: /requests nvidia\.com\/gpu without a limit/ },
  { policy: "k8s-gpu-resources", name: "request differs from limit", mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "containers", 0, "resources", "limits", "nvidia.com/gpu"], "2")), expect: /requests 1 nvidia\.com\/gpu but limits 2/ },
  { policy: "k8s-gpu-resources", name: "no GPU toleration", mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "tolerations"], undefined)), expect: /does not tolerate a GPU taint/ },
  { policy: "k8s-probes", name: "no liveness probe", mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "containers", 0, "livenessProbe"], undefined)), expect: /container vllm has no livenessProbe/ },
  { policy: "k8s-non-root", name: "no security context", mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "securityContext"], undefined)), expect: /container vllm may run as root/ },
  { policy: "k8s-non-root", name: "privileged", mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "containers", 0, "securityContext"], { privileged: true })), expect: /container vllm is privileged/ },
  { policy: "k8s-pvc-explicit", name: "no storage class", mutate: (s) => (s.pvc = setPath(s.pvc, ["spec", "storageClassName"], undefined)), expect: /PersistentVolumeClaim model-cache: no storageClassName/ },
  { policy: "k8s-pvc-explicit", name: "StatefulSet claim without size", mutate: (s) => ((s as Record<string, unknown>).sts = res(TYPES.StatefulSet, "qdrant", { metadata: { name: "qdrant" }, spec: { template: { spec: { securityContext: { runAsNonRoot: true, runAsUser: 1000 }, containers: [{ name: "q", image: "qdrant/qdrant:v1.9.0", readinessProbe: {}, livenessProbe: {} }] } }, volumeClaimTemplates: [{ spec: { storageClassName: "gp3" } }] } })), expect: /volumeClaimTemplates\[0\]: no resources\.requests\.storage/ },
  { policy: "k8s-model-revision-pinned", name: "download at a branch", mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "initContainers"], [downloadInit("main")])), expect: /container download downloads Qwen\/Qwen2\.5-1\.5B-Instruct at revision "main", a branch or tag that can move; set the model's source\.revision to the commit sha/ },
  {
    policy: "k8s-model-revision-pinned",
    name: "download at a tag, the model on Kubernetes in the stack config",
    stackConfig: stackConfigSchema.parse({ ...RAW_STACK_CONFIG, models: [{ ...RAW_STACK_CONFIG.models[0], kubernetes: { gpu: "l4" } }, RAW_STACK_CONFIG.models[1]] }),
    mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "initContainers"], [downloadInit("v1.0")])),
    expect: /revision "v1\.0", a branch or tag that can move; set llmstack:models\[0\]\.source\.revision to the commit sha \(huggingface\.co\/Qwen\/Qwen2\.5-1\.5B-Instruct\/commits\)/,
  },
];

/** The model download as the platform renders it in a server pod (ReadWriteOnce cache). */
function downloadInit(revision: string) {
  return { name: "download", image: "vllm/vllm-openai:v0.8.5", command: ["python3", "-c", "…"], env: [{ name: "MODEL_REPO", value: "Qwen/Qwen2.5-1.5B-Instruct" }, { name: "MODEL_REVISION", value: revision }] };
}

const good: Case[] = [
  { policy: "snowflake-egress-no-wildcards", name: "a wildcard exempted on purpose", config: { "snowflake-egress-no-wildcards": { allowedEntries: ["*.huggingface.co:443"] } }, mutate: (s) => (s.rule = withInputs(s.rule, { valueLists: ["*.huggingface.co:443"] })) },
  { policy: "snowflake-oauth-blocked-roles", name: "admin roles listed explicitly", config: { "snowflake-oauth-blocked-roles": { privilegedRolesBlockedByAccount: false } }, mutate: (s) => (s.oauth = withInputs(s.oauth, { blockedRolesLists: ["ACCOUNTADMIN", "SECURITYADMIN", "ORGADMIN"] })) },
  { policy: "snowflake-oauth-refresh-token-validity", name: "no refresh tokens issued", mutate: (s) => (s.oauth = withInputs(s.oauth, { oauthIssueRefreshTokens: "false", oauthRefreshTokenValidity: undefined })) },
  {
    policy: "spcs-endpoint-access",
    name: "a model named in lower case, marked public",
    stackConfig: stackConfigSchema.parse({ ...RAW_STACK_CONFIG, models: [RAW_STACK_CONFIG.models[0], { ...RAW_STACK_CONFIG.models[1], name: "minilm" }] }),
    mutate: () => {},
  },
  {
    policy: "spcs-endpoint-access",
    name: "a generic service marked public on one of its two endpoints, granted to a named role",
    stackConfig: stackConfigSchema.parse({
      ...RAW_STACK_CONFIG,
      snowflake: { ...RAW_STACK_CONFIG.snowflake, services: { filter: { pool: "CPU_XS", containers: [{ name: "ui", image: "filter:1.0" }], endpoints: [{ name: "metrics", port: 9090 }, { name: "ui", port: 8080, public: true }] } } },
    }),
    mutate: (s) => {
      filterService(s);
      (s as Record<string, unknown>).filterGrant = res(TYPES.ServiceRoleGrant, "filter-to-analyst", { service: '"LLM"."MODELS"."FILTER"', serviceRole: "ALL_ENDPOINTS_USAGE", toRole: "ANALYST" });
    },
  },
  { policy: "spcs-endpoint-access", name: "private endpoint to PUBLIC when allowed", config: { "spcs-endpoint-access": { allowPublicGrantsOfPrivateEndpoints: true } }, mutate: (s) => ((s as Record<string, unknown>).pub = res(TYPES.ServiceRoleGrant, "qwen-to-public", { service: '"LLM"."MODELS"."QWEN_SERVICE"', serviceRole: "ALL_ENDPOINTS_USAGE", toRole: "PUBLIC" })) },
  { policy: "snowflake-no-public-grants", name: "function usage to PUBLIC when allowed", config: { "snowflake-no-public-grants": { allowPublicGrants: true } }, mutate: (s) => (s.fnGrant = withInputs(s.fnGrant, { accountRoleName: "PUBLIC" })) },
  { policy: "snowflake-runtime-role-least-privilege", name: "ownership allowed by config", config: { "snowflake-runtime-role-least-privilege": { allowedOwnership: ["WAREHOUSE:LLM_WH"] } }, mutate: (s) => ((s as Record<string, unknown>).own = res(TYPES.GrantOwnership, "own-wh", { accountRoleName: "LLM_PLATFORM", on: { objectType: "WAREHOUSE", objectName: "LLM_WH" } })) },
  { policy: "snowflake-runtime-role-least-privilege", name: "consumer roles are not the runtime role", mutate: (s) => (s.fnGrant = withInputs(s.fnGrant, { withGrantOption: true })) },
  { policy: "images-pinned", name: "digest-pinned image", config: { "images-pinned": { requireDigest: true } }, mutate: (s) => { const d = "@sha256:" + "a".repeat(64); for (const k of ["qwen", "minilm"] as const) { s[k] = setPath(s[k], ["specification", "spec", "containers", 0, "image"], `/llm/models/images/vllm-openai${d}`); s[k] = setPath(s[k], ["specification", "spec", "containers", 1, "image"], `/llm/models/images/gw${d}`); } s.deployment = setPath(s.deployment, ["spec", "template", "spec", "containers", 0, "image"], `vllm/vllm-openai${d}`); } },
  { policy: "spcs-service-auto-suspend", name: "always-on service listed", config: { "spcs-service-auto-suspend": { alwaysOnServices: ["QWEN_SERVICE"] } }, mutate: (s) => (s.qwen = withInputs(s.qwen, { autoSuspendSecs: 0 })) },
  { policy: "spcs-chat-model-on-gpu", name: "a small chat model on CPU", mutate: (s) => (s.qwen = withInputs(s.qwen, { computePool: "LLM_CPU_XS" })) },
  // Limits are inclusive: a value at the limit passes.
  { policy: "spcs-chat-model-on-gpu", name: "a chat model exactly at the size limit on CPU", mutate: (s) => (s.qwen = setPath(withInputs(s.qwen, { computePool: "LLM_CPU_XS" }), ["specification", "spec", "containers", 0, "env", "LLMSTACK_MODEL_PARAMETERS_B"], "3")) },
  { policy: "stack-credit-budget", name: "exactly at the budget", config: { "stack-credit-budget": { budgetCreditsPerDay: 15.12 } }, mutate: () => {} },
  { policy: "spcs-compute-pool-auto-suspend", name: "auto-suspend exactly at the bound", mutate: (s) => (s.cpuPool = withInputs(s.cpuPool, { autoSuspendSecs: 3600 })) },
  { policy: "spcs-service-auto-suspend", name: "service auto-suspend exactly at the bound", mutate: (s) => (s.qwen = withInputs(s.qwen, { autoSuspendSecs: 3600 })) },
  { policy: "spcs-gpu-pool-caps", name: "MAX_NODES exactly at the cap", config: { "stack-credit-budget": "disabled", "spcs-gpu-pool-caps": { maxNodesPerGpuPool: 2 } }, mutate: (s) => (s.gpuPool = withInputs(s.gpuPool, { maxNodes: 2 })) },
  { policy: "spcs-embedding-model-on-cpu", name: "embedding on GPU allowed", config: { "spcs-embedding-model-on-cpu": { allowedServices: ["MINILM_SERVICE"] } }, mutate: (s) => (s.minilm = withInputs(s.minilm, { computePool: "LLM_GPU_S" })) },
  { policy: "k8s-non-root", name: "image listed as needing root", config: { "k8s-non-root": { rootAllowedImages: ["vllm/"] } }, mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "securityContext"], undefined)) },
  { policy: "k8s-gpu-resources", name: "toleration with operator Exists and no key", mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "tolerations"], [{ operator: "Exists" }])) },
  { policy: "model-remote-code-pinned", name: "remote code at a commit sha (SPCS)", mutate: (s) => (s.qwen = setPath(s.qwen, ["specification", "spec", "containers", 0, "args", 6], "--trust-remote-code")) },
  {
    policy: "model-remote-code-pinned",
    name: "remote code at a commit sha (Kubernetes: the download's MODEL_REVISION)",
    mutate: (s) => {
      s.deployment = setPath(s.deployment, ["spec", "template", "spec", "initContainers"], [downloadInit(PINNED_REVISION)]);
      s.deployment = setPath(s.deployment, ["spec", "template", "spec", "containers", 0, "args"], ["/models/qwen", "--trust-remote-code"]);
    },
  },
  { policy: "k8s-model-revision-pinned", name: "download at a commit sha", mutate: (s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "initContainers"], [downloadInit("989aa7980e4cf806f80c7fef2b1adb7bc71aa306")])) },
];

async function run(c: Case) {
  const s = happyStack();
  c.mutate(s);
  return runPolicyPack(list(s), { environment: "prod", stackConfig: c.noStackConfig ? undefined : (c.stackConfig ?? STACK_CONFIG), config: c.config });
}

test("the happy stack passes every policy in prod (all enabled)", async () => {
  const out = await run({ policy: "", name: "", mutate: () => {} });
  expect(out.violations).toEqual([]);
  expect(out.notApplicable).toEqual([]);
});

test.each(bad.map((c) => [c.policy, c.name, c] as const))("%s fails: %s", async (_p, _n, c) => {
  const out = await run(c);
  expect([...new Set(out.violations.map((v) => v.policy))].sort()).toEqual([c.policy, ...(c.also ?? [])].sort());
  const mine = out.violations.filter((v) => v.policy === c.policy);
  expect(mine.map((v) => v.message)).toContainEqual(expect.stringMatching(c.expect!));
  // Every resource-level violation names its resource; messages say how to fix it.
  for (const v of mine) expect(v.message).toMatch(/Fix: /);
});

test("every config field a message points at exists in the stack config schema", async () => {
  const named = new Set<string>();
  for (const c of bad) for (const v of (await run(c)).violations) for (const p of configPathsIn(v.message)) named.add(p);
  // Guard against a vacuous pass: the messages do name fields of models, services, pools and egress lists.
  expect([...named].some((p) => p.startsWith("llmstack:snowflake.services."))).toBe(true);
  expect([...named].filter((p) => !configPathExists(p))).toEqual([]);
  expect(configPathExists("llmstack:snowflake.services.FILTER.endpoint.public")).toBe(false);
});

test.each(good.map((c) => [c.policy, c.name, c] as const))("%s passes: %s", async (_p, _n, c) => {
  const out = await run(c);
  expect(out.violations).toEqual([]);
});

test("every policy has at least one failing and one compliant case here", () => {
  const failing = new Set(bad.map((c) => c.policy));
  expect(POLICY_NAMES.filter((n) => !failing.has(n))).toEqual([]);
  // The happy stack is the compliant case of every policy; these are the extra compliant variants.
  expect(good.every((c) => POLICY_NAMES.includes(c.policy))).toBe(true);
});

test("the served model is read from either vLLM command line when a spec carries no hints", () => {
  const spec = (container: object) => ({ spec: { containers: [{ name: "m", image: "/a/b/c/vllm:1", ...container }] } });
  // `vllm serve <id>`, as the components render it (catalog/vllm.ts), with this release's pooling flags.
  expect(modelFacts(spec({ command: ["vllm", "serve"], args: ["sentence-transformers/all-MiniLM-L6-v2", "--runner", "pooling", "--convert", "embed"] }))).toEqual({
    id: "sentence-transformers/all-MiniLM-L6-v2",
    task: "embedding",
    parametersB: expect.any(Number),
  });
  // The older `api_server` form, as hand-written specs (the seeds) have it.
  expect(modelFacts(spec({ args: ["--model", "Qwen/Qwen2.5-1.5B-Instruct", "--port", "8000"] }))).toMatchObject({ id: "Qwen/Qwen2.5-1.5B-Instruct", task: "chat" });
  expect(modelFacts(spec({ args: ["--model", "x/unknown", "--task", "embed"] }))).toEqual({ id: "x/unknown", task: "embedding", parametersB: undefined });
  // A flag after `serve` is not a model, and a non-vLLM `serve` is not vLLM.
  expect(modelFacts(spec({ command: ["vllm", "serve"], args: ["--config", "c.yaml"] }))).toBeUndefined();
  expect(modelFacts(spec({ command: ["ollama", "serve"], args: ["llama3"] }))).toBeUndefined();
});

test("no-plaintext-secrets: each finding once, job services read too, objects without containers or data pass", async () => {
  const findings = async (mutate: (s: HappyStack) => void) => (await run({ policy: "", name: "", mutate })).violations.filter((v) => v.policy === "no-plaintext-secrets").map((v) => v.message);
  // A token both the spec scan and the env scan see is one finding; so is a credential flag both see.
  const [once] = await findings((s) => (s.qwen = setPath(s.qwen, ["specification", "spec", "containers", 0, "env", "HF_TOKEN"], HF)));
  expect(once.match(/env\.HF_TOKEN/g)).toHaveLength(1);
  const [inlined] = await findings((s) => (s.qwen = setPath(s.qwen, ["specification", "spec", "containers", 0, "env", "HF_TOKEN"], { secret: true })));
  expect(inlined.match(/env\.HF_TOKEN/g)).toHaveLength(1);
  const [flag] = await findings((s) => (s.qwen = setPath(s.qwen, ["specification", "spec", "containers", 0, "args"], ["--model", "x/y", "--revision", PINNED_REVISION, "--hf-token", HF])));
  expect(flag.match(/args\[5\]/g)).toHaveLength(1);
  // A job service's spec is stored as plainly as a service's.
  const job = await findings((s) => {
    (s as Record<string, unknown>).job = res(TYPES.JobService, "download-job", {
      database: "LLM", schema: "MODELS", name: "DOWNLOAD_JOB", computePool: "LLM_CPU_XS",
      specification: { spec: { containers: [{ name: "main", image: "/llm/models/images/tools:1.0", env: { HF_TOKEN: HF } }] } },
    }, { provider: s.platformSpcs });
  });
  expect(job).toEqual([expect.stringMatching(/^JobService DOWNLOAD_JOB carries credentials in plain text: spec\.containers\[0\]\.env\.HF_TOKEN/)]);
  // Nothing to read is nothing to report (and no crash): a ConfigMap with binary data only, a workload without a pod template.
  expect(
    await findings((s) => {
      s.configMap = withInputs(s.configMap, { data: undefined, binaryData: { blob: "AAAA" } });
      s.deployment = withInputs(s.deployment, { spec: undefined });
    }),
  ).toEqual([]);
});

test("images-pinned: job services read too; a container without an image is not judged", async () => {
  const findings = async (mutate: (s: HappyStack) => void) => (await run({ policy: "", name: "", mutate })).violations.filter((v) => v.policy === "images-pinned").map((v) => v.message);
  const job = await findings((s) => {
    (s as Record<string, unknown>).job = res(TYPES.JobService, "download-job", {
      database: "LLM", schema: "MODELS", name: "DOWNLOAD_JOB", computePool: "LLM_CPU_XS",
      specification: { spec: { containers: [{ name: "main", image: "/llm/models/images/tools:latest" }] } },
    }, { provider: s.platformSpcs });
  });
  expect(job).toEqual([expect.stringMatching(/^JobService DOWNLOAD_JOB: container main image \/llm\/models\/images\/tools:latest uses the moving tag latest/)]);
  expect(await findings((s) => (s.deployment = setPath(s.deployment, ["spec", "template", "spec", "containers", 0, "image"], undefined)))).toEqual([]);
});

test("k8s-non-root: container settings over the pod's; runAsNonRoot with user 0, or runAsNonRoot false with a user, may run as root", async () => {
  const verdict = async (podSc: object | undefined, containerSc: object | undefined) => {
    const out = await run({
      policy: "",
      name: "",
      mutate: (s) => {
        s.deployment = setPath(s.deployment, ["spec", "template", "spec", "securityContext"], podSc);
        s.deployment = setPath(s.deployment, ["spec", "template", "spec", "containers", 0, "securityContext"], containerSc);
      },
    });
    return out.violations.some((v) => v.policy === "k8s-non-root") ? "root" : "ok";
  };
  const cases: [object | undefined, object | undefined, string][] = [
    [{ runAsNonRoot: true, runAsUser: 1000 }, undefined, "ok"],
    [{ runAsNonRoot: true }, undefined, "ok"], // the image's non-zero user, enforced by the kubelet
    [{ runAsUser: 1000 }, undefined, "ok"],
    [{ runAsNonRoot: true, runAsUser: 0 }, undefined, "root"],
    [{ runAsNonRoot: false, runAsUser: 1000 }, undefined, "root"],
    [{ runAsNonRoot: true, runAsUser: 1000 }, { runAsUser: 0 }, "root"], // the container's user wins
    [{ runAsNonRoot: true, runAsUser: 1000 }, { runAsNonRoot: false }, "root"],
    [undefined, { runAsNonRoot: true, runAsUser: 1000 }, "ok"],
    [{ runAsUser: "1000" }, undefined, "root"], // not a number: not known to be non-root
  ];
  const got = [];
  for (const [pod, container] of cases) got.push(await verdict(pod, container));
  expect(got).toEqual(cases.map((c) => c[2]));
});
