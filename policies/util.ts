/**
 * Small shared pieces of the policy pack: type tokens, policy definition, config with defaults,
 * tolerant readers for resource inputs, and where in the stack config a resource comes from.
 */
import type { PolicyConfigSchema, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { SPCS_TYPES } from "../provider/resources";
import type { PackContext, PolicyCategory } from "./context";
import { UnknownValueError } from "./sdk";

/** Type tokens the pack checks. `tests/policies` asserts the snowflake/kubernetes ones against the SDKs. */
export const TYPES = {
  ...SPCS_TYPES,
  NetworkRule: "snowflake:index/networkRule:NetworkRule",
  OauthIntegrationForCustomClients: "snowflake:index/oauthIntegrationForCustomClients:OauthIntegrationForCustomClients",
  GrantPrivilegesToAccountRole: "snowflake:index/grantPrivilegesToAccountRole:GrantPrivilegesToAccountRole",
  GrantAccountRole: "snowflake:index/grantAccountRole:GrantAccountRole",
  GrantOwnership: "snowflake:index/grantOwnership:GrantOwnership",
  Database: "snowflake:index/database:Database",
  Warehouse: "snowflake:index/warehouse:Warehouse",
  Stage: "snowflake:index/stage:Stage",
  SecretWithGenericString: "snowflake:index/secretWithGenericString:SecretWithGenericString",
  Deployment: "kubernetes:apps/v1:Deployment",
  StatefulSet: "kubernetes:apps/v1:StatefulSet",
  DaemonSet: "kubernetes:apps/v1:DaemonSet",
  ReplicaSet: "kubernetes:apps/v1:ReplicaSet",
  Job: "kubernetes:batch/v1:Job",
  CronJob: "kubernetes:batch/v1:CronJob",
  Pod: "kubernetes:core/v1:Pod",
  PersistentVolumeClaim: "kubernetes:core/v1:PersistentVolumeClaim",
  ConfigMap: "kubernetes:core/v1:ConfigMap",
} as const;

/** Roles Snowflake treats as privileged (blocked from OAuth by default; never a runtime role). */
export const PRIVILEGED_ROLES = ["ACCOUNTADMIN", "SECURITYADMIN", "ORGADMIN"] as const;

/** A policy of this pack: a CrossGuard policy whose first tag is its category. */
export type LlmstackPolicy = ResourceValidationPolicy | StackValidationPolicy;

export function categoryOf(p: LlmstackPolicy): PolicyCategory {
  return (p.tags?.[0] ?? "security") as PolicyCategory;
}

/** Tag a policy with its category (levels are set per environment by `createPolicies`). */
export function define<P extends LlmstackPolicy>(category: PolicyCategory, policy: P): P {
  return { ...policy, tags: [category, "llmstack"] };
}

/** A builder of policies that may use the pack context. */
export type PolicyFactory = (ctx: PackContext) => LlmstackPolicy[];

/** The policy's config: schema defaults, then what the pack config sets. */
export function settings<T>(schema: PolicyConfigSchema | undefined, given: object): T {
  const defaults: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema?.properties ?? {})) {
    if ((v as { default?: unknown }).default !== undefined) defaults[k] = (v as { default?: unknown }).default;
  }
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(given)) if (v !== undefined && k !== "enforcementLevel") out[k] = v;
  return out as T;
}

/** Read a value that may be unknown during preview (CrossGuard throws on access); undefined then. */
export function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (e instanceof UnknownValueError) return undefined;
    throw e;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function upper(v: unknown): string {
  return typeof v === "string" ? v.toUpperCase() : "";
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Snowflake's string booleans (`"true"`, `"false"`, `"default"`) and real booleans. */
export function flag(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
  return undefined;
}

/** `DB.SCHEMA.NAME` or `"DB"."SCHEMA"."NAME"` → `DB.SCHEMA.NAME`. */
export function normalizeName(name: unknown): string {
  return upper(name).replace(/"/g, "");
}

/** The name a policy message uses for a resource: its Snowflake/Kubernetes name, else the Pulumi name. */
export function displayName(props: Record<string, unknown>, fallback: string): string {
  // Either may be unknown in a preview (e.g. a pushed image's name): the fallback then.
  const meta = known(() => props.metadata);
  const metaName = isObject(meta) ? known(() => meta.name) : undefined;
  if (typeof metaName === "string") return metaName;
  const name = known(() => props.name);
  return typeof name === "string" ? name : fallback;
}

/** `Kind name` of a resource for a message: the type token's last part and its display name. */
export function kindAndName(args: { type: string; props: Record<string, unknown>; name: string }): string {
  return `${args.type.split(":").pop()} ${displayName(args.props, args.name)}`;
}

/** Fully qualified name of a schema object from its inputs. */
export function qualifiedName(props: Record<string, unknown>): string {
  return [props.database, props.schema, props.name].map(normalizeName).join(".");
}

export function resourcesOfType(resources: readonly PolicyResource[], type: string): PolicyResource[] {
  return resources.filter((r) => r.type === type);
}

// ---------------------------------------------------------------------------------------------
// Where a resource's settings live in the stack config, for "how to fix it".

/** Find the config key a Snowflake object name was derived from (`LLM_DEV_GPU_S` ← `GPU_S`). */
function keyFor(name: string, keys: readonly string[], suffix = ""): string | undefined {
  const n = name.toUpperCase();
  return [...keys]
    .sort((a, b) => b.length - a.length)
    .find((k) => {
      const K = k.toUpperCase() + suffix;
      return n === K || n.endsWith(`_${K}`);
    });
}

/** Config paths (`llmstack:snowflake.computePools.GPU_S`) for resources, best effort from the stack config. */
export class ConfigLocator {
  constructor(private readonly ctx: PackContext) {}

  pool(poolName: string): string {
    const key = keyFor(poolName, Object.keys(this.ctx.stack?.snowflake?.computePools ?? {}));
    return `llmstack:snowflake.computePools.${key ?? `<key of ${poolName}>`}`;
  }

  /** A model's `snowflake` block, or a generic service, by service name (`<MODEL>_SERVICE`, see config/schema.ts). */
  service(serviceName: string): string {
    const name = serviceName.split(".").pop()!.toUpperCase();
    const models = this.ctx.stack?.models ?? [];
    const i = models.findIndex((m) => `${m.name.toUpperCase()}_SERVICE` === name);
    if (i >= 0) return `llmstack:models[${i}].snowflake`;
    const svc = keyFor(name, Object.keys(this.ctx.stack?.snowflake?.services ?? {}));
    if (svc) return `llmstack:snowflake.services.${svc}`;
    return `llmstack:models[<model of ${name}>].snowflake`;
  }

  /** Where a service's endpoints are marked public: a model's `endpoint.public`, a generic service's `endpoints[].public`. */
  endpointPublic(serviceName: string): string {
    const at = this.service(serviceName);
    return at.startsWith("llmstack:snowflake.services.") ? `${at}.endpoints[].public` : `${at}.endpoint.public`;
  }

  /** Who may reach a service's endpoints: a model's `endpoint.allowedRoles`, a generic service's `endpointRoles`. */
  endpointRoles(serviceName: string): string {
    const at = this.service(serviceName);
    return at.startsWith("llmstack:snowflake.services.") ? `${at}.endpointRoles` : `${at}.endpoint.allowedRoles`;
  }

  egress(ruleName: string): string {
    const key = keyFor(ruleName, Object.keys(this.ctx.stack?.snowflake?.egress ?? {}), "_EGRESS") ?? keyFor(ruleName, Object.keys(this.ctx.stack?.snowflake?.egress ?? {}));
    return `llmstack:snowflake.egress.${key ?? `<list of ${ruleName}>`}`;
  }

  oauthClient(integrationName: string): string {
    const key = keyFor(integrationName, Object.keys(this.ctx.stack?.snowflake?.oauthClients ?? {}));
    return `llmstack:snowflake.oauthClients.${key ?? `<key of ${integrationName}>`}`;
  }

  /** The platform (runtime) role name from the stack config. */
  runtimeRole(): string | undefined {
    return this.ctx.stack?.snowflake?.role.name;
  }
}
