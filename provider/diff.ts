/**
 * Pure diff classification for the SPCS objects: which input changes Snowflake can apply in place,
 * which need downtime, which need a new object, and the SQL an in-place update runs.
 *
 * The provider's `diff`/`update` and the offline plan both call this module; the rules live only
 * here. Each rule cites the Snowflake reference page it comes from.
 */
import type { SpcsKind } from "./resources";
import { renderSpecification } from "./spec";
import {
  computePoolSql,
  dataType,
  externalAccessIntegrationSql,
  imageRepositorySql,
  serviceFunctionSql,
  serviceSql,
  type ServiceSettable,
  type ServiceUnsettable,
} from "./sql";

/** What applying the new inputs does to the existing object. */
export type DiffAction = "none" | "update" | "update-with-downtime" | "replace";

export interface InputDiff {
  /** Input keys whose value changes (alterable or not). */
  changedKeys: string[];
  /** The subset of changedKeys that forces a new object. */
  replaceKeys: string[];
  action: DiffAction;
  /** Why, per change, in words a reviewer can check against the docs. */
  reasons: string[];
  /** What users of the object will notice. */
  consequences: string[];
  /** The old object must be dropped before the new one is created (names are unique). */
  deleteBeforeReplace: boolean;
}

/** One step of an in-place update; `waitFor` tells the provider to poll before the next step. */
export interface UpdateStep {
  sql: string;
  waitFor?: "pool-suspended";
  /** Part of the SUSPEND → SET INSTANCE_FAMILY → RESUME sequence (the provider runs it in poolFamily.ts). */
  instanceFamily?: true;
}

/** The engine's placeholder for a value not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `v` is or contains a preview-time unknown. */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

type Props = Record<string, any>;

/** Structural equality; `undefined` and a missing key are the same. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return (a ?? undefined) === (b ?? undefined);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    return [...keys].every((k) => same((a as Props)[k], (b as Props)[k]));
  }
  return false;
}

/** Lists Snowflake treats as sets (integrations, rules, secrets, headers): order is not a change. */
function sameSet(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (Array.isArray(v) ? [...v].map(String).sort() : v === undefined || v === null ? [] : v);
  return same(norm(a), norm(b));
}

/** A key differs, counting a preview-time unknown on either side as a difference. */
function differs(olds: Props, news: Props, key: string, eq: (a: unknown, b: unknown) => boolean = same): boolean {
  if (containsUnknown(news[key]) || containsUnknown(olds[key])) return true;
  return !eq(olds[key], news[key]);
}

/** Spec text as last sent/read (`specText` output) vs. the text the new inputs render to. */
function specChanged(olds: Props, news: Props): boolean {
  if (containsUnknown(news.specification)) return true;
  const oldText = typeof olds.specText === "string" ? olds.specText : olds.specification ? renderSpecification(olds.specification) : undefined;
  return oldText !== renderSpecification(news.specification);
}

/** Function argument lists compare by name and normalized type. */
function sameArgs(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) =>
    Array.isArray(v) ? v.map((x: Props) => ({ name: String(x?.name), type: safeType(x?.type) })) : [];
  return same(norm(a), norm(b));
}
function safeType(t: unknown): string {
  try {
    return dataType(String(t), "type");
  } catch {
    return String(t);
  }
}

interface KeyRule {
  key: string;
  /** in place (update), with downtime, replace, or ignored after creation. */
  effect: "update" | "downtime" | "replace" | "ignore";
  reason: string;
  consequence?: string;
  eq?: (a: unknown, b: unknown) => boolean;
  /** Custom change test (spec text). */
  changed?: (olds: Props, news: Props) => boolean;
  /** An otherwise in-place change that needs a new object in this case: why, or undefined. */
  replaceIf?: (olds: Props, news: Props) => string | undefined;
}

const BLOCK_STORAGE = "https://docs.snowflake.com/en/developer-guide/snowpark-container-services/block-storage-volume";

/** The block volumes of a spec, by name, with what cannot change after creation. */
function blockVolumes(specification: unknown): Map<string, unknown> {
  const volumes = (specification as Props | undefined)?.spec?.volumes;
  const out = new Map<string, unknown>();
  if (!Array.isArray(volumes)) return out;
  for (const v of volumes) {
    if (v?.source !== "block") continue;
    const c = v.blockConfig ?? {};
    out.set(String(v.name), { size: v.size, iops: c.iops, throughput: c.throughput, encryption: c.encryption });
  }
  return out;
}

/**
 * block-storage-volume, "Guidelines and limitations", after the service is created: "You can't change
 * the `size`, `iops`, `throughput`, or `encryption` fields of block storage volumes" and "No new block
 * storage volumes can be added, and no existing block storage volumes can be removed." Such a spec
 * change cannot be an ALTER SERVICE … FROM SPECIFICATION: the service is created anew.
 */
function blockVolumesChanged(olds: Props, news: Props): string | undefined {
  if (containsUnknown(news.specification)) return undefined;
  const before = blockVolumes(olds.specification);
  const after = blockVolumes(news.specification);
  const names = new Set([...before.keys(), ...after.keys()]);
  const changed = [...names].filter((n) => !before.has(n) || !after.has(n) || !same(before.get(n), after.get(n)));
  if (changed.length === 0) return undefined;
  return `block volume ${changed.join(", ")} is added, removed, or changes size, iops, throughput or encryption, which Snowflake does not allow on an existing service: DROP SERVICE + CREATE SERVICE (${BLOCK_STORAGE})`;
}

/**
 * block-storage-volume: "You can't change the number of service instances using the ALTER SERVICE … SET …
 * command when a service is using block storage volumes."
 */
function instancesOfBlockService(olds: Props): string | undefined {
  if (blockVolumes(olds.specification).size === 0) return undefined;
  return `the service uses block storage volumes, whose instance count ALTER SERVICE … SET cannot change: DROP SERVICE + CREATE SERVICE (${BLOCK_STORAGE})`;
}

const CREATE_COMPUTE_POOL = "https://docs.snowflake.com/en/sql-reference/sql/create-compute-pool";
const ALTER_COMPUTE_POOL = "https://docs.snowflake.com/en/sql-reference/sql/alter-compute-pool";
const ALTER_IMAGE_REPOSITORY = "https://docs.snowflake.com/en/sql-reference/sql/alter-image-repository";
const ALTER_EAI = "https://docs.snowflake.com/en/sql-reference/sql/alter-external-access-integration";
const ALTER_SERVICE = "https://docs.snowflake.com/en/sql-reference/sql/alter-service";
const CREATE_FUNCTION_SPCS = "https://docs.snowflake.com/en/sql-reference/sql/create-function-spcs";
const ALTER_FUNCTION_SPCS = "https://docs.snowflake.com/en/sql-reference/sql/alter-function-spcs";
const EXECUTE_JOB_SERVICE = "https://docs.snowflake.com/en/sql-reference/sql/execute-job-service";

const RULES: Record<SpcsKind, KeyRule[]> = {
  // ALTER COMPUTE POOL … SET MIN_NODES | MAX_NODES | AUTO_RESUME | AUTO_SUSPEND_SECS | INSTANCE_FAMILY | COMMENT;
  // no RENAME. INSTANCE_FAMILY only while fully suspended (spcs-facts §1; ALTER_COMPUTE_POOL).
  ComputePool: [
    { key: "name", effect: "replace", reason: `compute pools cannot be renamed (${ALTER_COMPUTE_POOL})`, consequence: "all services and jobs in the pool are recreated in the new pool" },
    {
      key: "instanceFamily",
      effect: "downtime",
      reason: `INSTANCE_FAMILY changes only while the pool is suspended: SUSPEND → SET → RESUME takes its services down meanwhile (${ALTER_COMPUTE_POOL})`,
      consequence:
        "SUSPEND suspends every service in the pool (running jobs finish first); after SET INSTANCE_FAMILY the pool resumes and the provider resumes each service that was running (ALTER SERVICE … RESUME) and waits until it is READY: each is down from the SUSPEND until its containers are READY on the new nodes (models reload)",
    },
    {
      key: "suspendedServices",
      effect: "update",
      changed: (olds) => Array.isArray(olds.suspendedServices) && olds.suspendedServices.length > 0,
      reason: `an earlier INSTANCE_FAMILY change stopped before these services were READY again: the pool and the services are resumed (${ALTER_SERVICE})`,
      consequence: "the services an interrupted instance-family change suspended are resumed and waited for",
    },
    { key: "minNodes", effect: "update", reason: `MIN_NODES is set in place (${ALTER_COMPUTE_POOL})` },
    { key: "maxNodes", effect: "update", reason: `MAX_NODES is set in place; lowering it may reschedule service instances (${ALTER_COMPUTE_POOL})` },
    { key: "autoResume", effect: "update", reason: `AUTO_RESUME is set in place (${ALTER_COMPUTE_POOL})` },
    { key: "autoSuspendSecs", effect: "update", reason: `AUTO_SUSPEND_SECS is set in place (${ALTER_COMPUTE_POOL})` },
    { key: "comment", effect: "update", reason: `COMMENT is set in place (${ALTER_COMPUTE_POOL})` },
    { key: "initiallySuspended", effect: "ignore", reason: `INITIALLY_SUSPENDED applies only at creation; the change is ignored (${CREATE_COMPUTE_POOL})` },
  ],
  // ALTER IMAGE REPOSITORY only SET COMMENT / tags.
  ImageRepository: [
    { key: "database", effect: "replace", reason: `an image repository cannot move between schemas (${ALTER_IMAGE_REPOSITORY})`, consequence: "images in the old repository are lost and must be pushed again; repositoryUrl changes" },
    { key: "schema", effect: "replace", reason: `an image repository cannot move between schemas (${ALTER_IMAGE_REPOSITORY})`, consequence: "images in the old repository are lost and must be pushed again; repositoryUrl changes" },
    { key: "name", effect: "replace", reason: `an image repository cannot be renamed (${ALTER_IMAGE_REPOSITORY})`, consequence: "images in the old repository are lost and must be pushed again; repositoryUrl changes" },
    { key: "encryption", effect: "replace", reason: `ENCRYPTION is set only by CREATE IMAGE REPOSITORY (${ALTER_IMAGE_REPOSITORY})`, consequence: "images in the old repository are lost and must be pushed again" },
    { key: "comment", effect: "update", reason: `COMMENT is set in place (${ALTER_IMAGE_REPOSITORY})` },
  ],
  // ALTER EXTERNAL ACCESS INTEGRATION SET/UNSET ALLOWED_NETWORK_RULES, ALLOWED_AUTHENTICATION_SECRETS, ENABLED, COMMENT.
  ExternalAccessIntegration: [
    { key: "name", effect: "replace", reason: `an integration cannot be renamed (${ALTER_EAI})`, consequence: "services using the integration must be altered to the new name" },
    { key: "allowedNetworkRules", effect: "update", reason: `ALLOWED_NETWORK_RULES is set in place (${ALTER_EAI})`, eq: sameSet },
    { key: "allowedAuthenticationSecrets", effect: "update", reason: `ALLOWED_AUTHENTICATION_SECRETS is set/unset in place (${ALTER_EAI})`, eq: sameSet },
    { key: "enabled", effect: "update", reason: `ENABLED is set in place (${ALTER_EAI})`, consequence: "disabling cuts the egress of every service using it" },
    { key: "comment", effect: "update", reason: `COMMENT is set in place (${ALTER_EAI})` },
  ],
  // ALTER SERVICE: FROM SPECIFICATION (upgrade), SET/UNSET MIN/MAX/MIN_READY_INSTANCES, AUTO_SUSPEND_SECS,
  // QUERY_WAREHOUSE, AUTO_RESUME, EXTERNAL_ACCESS_INTEGRATIONS, COMMENT. No compute pool change, no rename.
  Service: [
    { key: "database", effect: "replace", reason: `a service cannot move between schemas (${ALTER_SERVICE})`, consequence: "service gets a new public ingress URL" },
    { key: "schema", effect: "replace", reason: `a service cannot move between schemas (${ALTER_SERVICE})`, consequence: "service gets a new public ingress URL" },
    { key: "name", effect: "replace", reason: `a service cannot be renamed (${ALTER_SERVICE})`, consequence: "service gets a new public ingress URL" },
    {
      key: "computePool",
      effect: "replace",
      reason: `ALTER SERVICE cannot move a service to another compute pool: DROP SERVICE + CREATE SERVICE (${ALTER_SERVICE})`,
      consequence: "service gets a new public ingress URL",
    },
    {
      key: "specification",
      effect: "update",
      changed: specChanged,
      reason: `ALTER SERVICE … FROM SPECIFICATION upgrades in place: a rolling restart of the service instances with the new spec (${ALTER_SERVICE})`,
      consequence: "instances restart one by one with the new spec (rolling); capacity is reduced meanwhile",
      replaceIf: blockVolumesChanged,
    },
    { key: "minInstances", effect: "update", reason: `MIN_INSTANCES is set in place (${ALTER_SERVICE})`, replaceIf: instancesOfBlockService },
    { key: "maxInstances", effect: "update", reason: `MAX_INSTANCES is set in place (${ALTER_SERVICE})`, replaceIf: instancesOfBlockService },
    { key: "minReadyInstances", effect: "update", reason: `MIN_READY_INSTANCES is set in place (${ALTER_SERVICE})` },
    { key: "autoSuspendSecs", effect: "update", reason: `AUTO_SUSPEND_SECS is set in place (${ALTER_SERVICE})` },
    { key: "autoResume", effect: "update", reason: `AUTO_RESUME is set in place (${ALTER_SERVICE})` },
    { key: "queryWarehouse", effect: "update", reason: `QUERY_WAREHOUSE is set in place but takes effect only after the service restarts (${ALTER_SERVICE})` },
    { key: "externalAccessIntegrations", effect: "update", reason: `EXTERNAL_ACCESS_INTEGRATIONS is set in place (${ALTER_SERVICE})`, eq: sameSet },
    { key: "comment", effect: "update", reason: `COMMENT is set in place (${ALTER_SERVICE})` },
  ],
  // CREATE OR ALTER FUNCTION alters CONTEXT_HEADERS, SERVICE, ENDPOINT, MAX_BATCH_ROWS, MAX_BATCH_RETRIES,
  // ON_BATCH_FAILURE, BATCH_TIMEOUT_SECS; ALTER FUNCTION also SET COMMENT. "To make any other changes to a
  // service function, you must drop the function … and then recreate it": name, arguments, return type, AS path.
  ServiceFunction: [
    { key: "database", effect: "replace", reason: `a function is identified by database.schema.name(arg types) (${ALTER_FUNCTION_SPCS})`, consequence: "grants on the function are lost with the old function" },
    { key: "schema", effect: "replace", reason: `a function is identified by database.schema.name(arg types) (${ALTER_FUNCTION_SPCS})`, consequence: "grants on the function are lost with the old function" },
    { key: "name", effect: "replace", reason: `a function is identified by database.schema.name(arg types) (${ALTER_FUNCTION_SPCS})`, consequence: "callers must use the new name; grants on the old function are lost" },
    { key: "args", effect: "replace", eq: sameArgs, reason: `argument types are part of the function's identity (${CREATE_FUNCTION_SPCS})`, consequence: "a new overload is created; callers of the old signature break" },
    { key: "returns", effect: "replace", eq: (a, b) => safeType(a) === safeType(b), reason: `the return type is not alterable (${ALTER_FUNCTION_SPCS})`, consequence: "the function is dropped and recreated; grants on it are lost" },
    { key: "path", effect: "replace", reason: `the AS '<path>' handler is not among the alterable properties (${ALTER_FUNCTION_SPCS})`, consequence: "the function is dropped and recreated; grants on it are lost" },
    { key: "service", effect: "update", reason: `SERVICE is altered by CREATE OR ALTER FUNCTION (${CREATE_FUNCTION_SPCS})` },
    { key: "endpoint", effect: "update", reason: `ENDPOINT is altered by CREATE OR ALTER FUNCTION (${CREATE_FUNCTION_SPCS})` },
    { key: "maxBatchRows", effect: "update", reason: `MAX_BATCH_ROWS is altered by CREATE OR ALTER FUNCTION (${CREATE_FUNCTION_SPCS})` },
    { key: "maxBatchRetries", effect: "update", reason: `MAX_BATCH_RETRIES is altered by CREATE OR ALTER FUNCTION (${CREATE_FUNCTION_SPCS})` },
    { key: "onBatchFailure", effect: "update", reason: `ON_BATCH_FAILURE is altered by CREATE OR ALTER FUNCTION (${CREATE_FUNCTION_SPCS})` },
    { key: "batchTimeoutSecs", effect: "update", reason: `BATCH_TIMEOUT_SECS is altered by CREATE OR ALTER FUNCTION (${CREATE_FUNCTION_SPCS})` },
    { key: "contextHeaders", effect: "update", eq: sameSet, reason: `CONTEXT_HEADERS is altered by CREATE OR ALTER FUNCTION (${CREATE_FUNCTION_SPCS})` },
    { key: "comment", effect: "update", reason: `COMMENT is set in place (${ALTER_FUNCTION_SPCS})` },
  ],
  // A job service cannot be altered; re-running it means DROP SERVICE + EXECUTE JOB SERVICE.
  JobService: ["database", "schema", "name", "computePool", "specification", "externalAccessIntegrations", "replicas", "queryWarehouse", "comment"].map(
    (key): KeyRule => ({
      key,
      effect: "replace",
      changed: key === "specification" ? specChanged : undefined,
      eq: key === "externalAccessIntegrations" ? sameSet : undefined,
      reason: `job services cannot be altered: the job is dropped and executed again (${EXECUTE_JOB_SERVICE})`,
      consequence: "the job runs again from the start",
    }),
  ),
  // A grant has no properties to alter: REVOKE + GRANT.
  ServiceRoleGrant: ["service", "serviceRole", "toRole", "serviceCreatedOn"].map(
    (key): KeyRule => ({
      key,
      effect: "replace",
      reason:
        key === "serviceCreatedOn"
          ? "the service was recreated, and its service roles (and their grants) were dropped with it: the grant is issued again"
          : "a grant is revoked and issued again (https://docs.snowflake.com/en/sql-reference/sql/grant-service-role)",
    }),
  ),
};

/** The input keys diffInputs looks at for a kind. */
export function diffedKeys(kind: SpcsKind): string[] {
  return RULES[kind].map((r) => r.key);
}

/**
 * Classifies the change from `olds` (previous outputs or inputs) to `news` (checked inputs).
 * Pure; safe to call from the offline plan.
 */
export function diffInputs(kind: SpcsKind, olds: Props, news: Props): InputDiff {
  const rules = RULES[kind];
  if (!rules) throw new Error(`unknown SPCS kind ${kind}`);
  const changedKeys: string[] = [];
  const replaceKeys: string[] = [];
  const reasons: string[] = [];
  const consequences = new Set<string>();
  let downtime = false;
  for (const rule of rules) {
    const changed = rule.changed ? rule.changed(olds, news) : differs(olds, news, rule.key, rule.eq);
    if (!changed) continue;
    if (rule.effect === "ignore") {
      reasons.push(`${rule.key}: ${rule.reason}`);
      continue;
    }
    changedKeys.push(rule.key);
    const replaceWhy = rule.effect === "update" ? rule.replaceIf?.(olds, news) : undefined;
    if (replaceWhy !== undefined) {
      reasons.push(`${rule.key}: ${replaceWhy}`);
      replaceKeys.push(rule.key);
      // "Block storage volumes are deleted if the service is dropped" (block-storage-volume).
      consequences.add("the old service's block volumes are deleted with it (a snapshot is kept only where blockConfig.snapshotOnDelete is true); caches start empty");
      continue;
    }
    reasons.push(`${rule.key}: ${rule.reason}`);
    if (rule.consequence) consequences.add(rule.consequence);
    if (rule.effect === "replace") replaceKeys.push(rule.key);
    if (rule.effect === "downtime") downtime = true;
  }
  if (kind === "Service" && replaceKeys.length > 0) {
    consequences.add("functions bound to the service stop working until the new service is RUNNING; service role grants are issued again");
  }
  const action: DiffAction = replaceKeys.length > 0 ? "replace" : downtime ? "update-with-downtime" : changedKeys.length > 0 ? "update" : "none";
  return {
    changedKeys,
    replaceKeys,
    action,
    reasons,
    consequences: action === "none" ? [] : [...consequences],
    // Every object here has an account- or schema-unique name (grants: a unique triple): the new one
    // cannot be created while the old one exists.
    deleteBeforeReplace: true,
  };
}

/** The ordered steps an in-place update runs. Throws if the change needs a replacement. */
export function updateSteps(kind: SpcsKind, olds: Props, news: Props): UpdateStep[] {
  const diff = diffInputs(kind, olds, news);
  if (diff.action === "replace") throw new Error(`${kind}: ${diff.replaceKeys.join(", ")} cannot change in place`);
  if (diff.action === "none") return [];
  const ch = new Set(diff.changedKeys);
  const steps: UpdateStep[] = [];
  switch (kind) {
    case "ComputePool": {
      const set: Props = {};
      for (const k of ["minNodes", "maxNodes", "autoResume", "autoSuspendSecs"]) if (ch.has(k)) set[k] = news[k];
      if (ch.has("comment") && news.comment !== undefined) set.comment = news.comment;
      if (Object.keys(set).length) steps.push({ sql: computePoolSql.set(news.name, set) });
      if (ch.has("comment") && news.comment === undefined) steps.push({ sql: computePoolSql.unsetComment(news.name) });
      if (ch.has("instanceFamily")) {
        steps.push({ sql: computePoolSql.suspend(news.name), waitFor: "pool-suspended", instanceFamily: true });
        steps.push({ sql: computePoolSql.set(news.name, { instanceFamily: news.instanceFamily }), instanceFamily: true });
        steps.push({ sql: computePoolSql.resume(news.name), instanceFamily: true });
      }
      break;
    }
    case "ImageRepository":
      if (ch.has("comment")) steps.push({ sql: imageRepositorySql.setComment(news as any, news.comment) });
      break;
    case "ExternalAccessIntegration": {
      const set: Props = {};
      const unset: ("ALLOWED_AUTHENTICATION_SECRETS" | "COMMENT")[] = [];
      if (ch.has("allowedNetworkRules")) set.allowedNetworkRules = news.allowedNetworkRules;
      if (ch.has("allowedAuthenticationSecrets")) {
        if (news.allowedAuthenticationSecrets?.length) set.allowedAuthenticationSecrets = news.allowedAuthenticationSecrets;
        else unset.push("ALLOWED_AUTHENTICATION_SECRETS");
      }
      if (ch.has("enabled")) set.enabled = news.enabled;
      if (ch.has("comment")) {
        if (news.comment !== undefined) set.comment = news.comment;
        else unset.push("COMMENT");
      }
      if (Object.keys(set).length) steps.push({ sql: externalAccessIntegrationSql.set(news.name, set) });
      if (unset.length) steps.push({ sql: externalAccessIntegrationSql.unset(news.name, unset) });
      break;
    }
    case "Service": {
      const set: ServiceSettable = {};
      const unset: ServiceUnsettable[] = [];
      for (const k of ["minInstances", "maxInstances", "autoSuspendSecs", "autoResume"] as const) if (ch.has(k)) (set as Props)[k] = news[k];
      const optional: [keyof ServiceSettable, ServiceUnsettable][] = [
        ["minReadyInstances", "MIN_READY_INSTANCES"],
        ["queryWarehouse", "QUERY_WAREHOUSE"],
        ["comment", "COMMENT"],
      ];
      for (const [k, sqlName] of optional) {
        if (!ch.has(k)) continue;
        if (news[k] !== undefined) (set as Props)[k] = news[k];
        else unset.push(sqlName);
      }
      if (ch.has("externalAccessIntegrations")) {
        if (news.externalAccessIntegrations?.length) set.externalAccessIntegrations = news.externalAccessIntegrations;
        else unset.push("EXTERNAL_ACCESS_INTEGRATIONS");
      }
      // Settings first: a new spec may need the new integrations or instance counts.
      if (Object.keys(set).length) steps.push({ sql: serviceSql.set(news as any, set) });
      if (unset.length) steps.push({ sql: serviceSql.unset(news as any, unset) });
      if (ch.has("specification")) steps.push({ sql: serviceSql.alterSpec(news as any, renderSpecification(news.specification)) });
      break;
    }
    case "ServiceFunction": {
      const alterable = ["service", "endpoint", "maxBatchRows", "maxBatchRetries", "onBatchFailure", "batchTimeoutSecs", "contextHeaders"];
      // COMMENT is not among CREATE OR ALTER's supported alterations, so that statement carries the
      // old comment and ALTER FUNCTION … SET/UNSET COMMENT changes it.
      if (alterable.some((k) => ch.has(k))) steps.push({ sql: serviceFunctionSql.createOrAlter({ ...news, comment: olds.comment } as any) });
      if (ch.has("comment")) {
        steps.push({ sql: news.comment !== undefined ? serviceFunctionSql.setComment(news as any, news.comment) : serviceFunctionSql.unsetComment(news as any) });
      }
      break;
    }
    case "JobService":
    case "ServiceRoleGrant":
      break;
  }
  return steps;
}

/** The SQL an in-place update runs, in order (e.g. pool family: SUSPEND, SET INSTANCE_FAMILY, RESUME). */
export function updateStatements(kind: SpcsKind, olds: Props, news: Props): string[] {
  return updateSteps(kind, olds, news).map((s) => s.sql);
}
