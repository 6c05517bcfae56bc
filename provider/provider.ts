/**
 * The `llmstack` resource provider: CRUD for the SPCS objects @pulumi/snowflake 1.3.0 lacks,
 * run as SQL through a {@link SqlClient}.
 *
 * - check: Snowflake defaults made explicit, inputs validated (`checks.ts`);
 * - diff: `diff.ts` (the same rules the offline plan prints);
 * - create/update/delete: statements from `sql.ts`, with the waits Snowflake needs (a service is
 *   only useful once its containers are READY; INSTANCE_FAMILY changes only on a suspended pool);
 * - read: SHOW/DESCRIBE of the live object, so `pulumi refresh` sees drift, including a service
 *   spec changed outside Pulumi (`DESC SERVICE`'s `spec`, compared structurally with ours).
 */
import type * as pulumiProvider from "@pulumi/pulumi/provider";
import { PROVIDER_PACKAGE, spcsKindOf, type SpcsKind } from "./resources";
import { applyDefaults, validateInputs } from "./checks";
import { diffInputs, updateSteps } from "./diff";
import { isSecretValue, unwrapSecrets, wrapSecret } from "./configure";
import { normalizeSpecification, parseSpecification, renderSpecification, specDigest } from "./spec";
import {
  computePoolSql,
  externalAccessIntegrationSql,
  functionArgTypes,
  imageRepositorySql,
  jobServiceSql,
  serviceFunctionSql,
  serviceRoleGrantSql,
  serviceSql,
  splitQualifiedRef,
} from "./sql";
import type { Row, SqlClient } from "./client";
import { resolveSettings, type ConnectionSettings } from "./auth";

type Props = Record<string, any>;

export interface SpcsProviderOptions {
  /** Builds the SQL client from the resolved settings (the real one: snowflake-sdk). */
  clientFactory: (settings: ConnectionSettings) => SqlClient;
  /** Environment for `SNOWFLAKE_*` fallbacks; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  version?: string;
  /** Delay between status polls (default 10 s). */
  pollIntervalMs?: number;
  /** How long a new or upgraded service may take to become READY (default 30 min). */
  serviceReadyTimeoutMs?: number;
  /** How long SUSPEND may take before SET INSTANCE_FAMILY (jobs run to completion first; default 30 min). */
  poolSuspendTimeoutMs?: number;
  /** How long to wait for public ingress URLs after READY (default 5 min). */
  ingressTimeoutMs?: number;
}

/** A create that made the object but could not finish: Pulumi records it (partial state). */
export class ResourceInitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Props,
    readonly reasons: string[],
  ) {
    super(message);
    this.name = "ResourceInitError";
  }
}

/** `urn:pulumi:stack::project::Parent$llmstack:spcs:Service::name` → `Service`. */
export function kindFromUrn(urn: string): SpcsKind {
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  const kind = spcsKindOf(type);
  if (!kind) throw new Error(`llmstack provider: unknown resource type ${JSON.stringify(type)}`);
  return kind;
}

const isNotFound = (e: unknown) => /does not exist|not found/i.test(String((e as Error)?.message ?? e));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const up = (v: unknown) => (v === undefined || v === null ? "" : String(v).toUpperCase());

// --- row readers: SHOW/DESC columns come back lower-case; values as the driver types them -----
function str(row: Row | undefined, col: string): string | undefined {
  const v = row?.[col];
  if (v === undefined || v === null || v === "") return undefined;
  return v instanceof Date ? v.toISOString() : String(v);
}
function num(row: Row | undefined, col: string): number | undefined {
  const v = row?.[col];
  if (v === undefined || v === null || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}
function bool(row: Row | undefined, col: string): boolean | undefined {
  const v = row?.[col];
  if (typeof v === "boolean") return v;
  if (v === undefined || v === null) return undefined;
  const s = String(v).toLowerCase();
  return s === "true" || s === "y" ? true : s === "false" || s === "n" ? false : undefined;
}
/**
 * A list column (`["A","B"]`, `[A, B]` or `A,B`). Returns undefined unless every element is a
 * plain identifier or `DB.SCHEMA.NAME`, so an unexpected format never invents drift.
 */
function identList(row: Row | undefined, col: string): string[] | undefined {
  const v = row?.[col];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(String);
  const text = String(v).trim().replace(/^\[|\]$/g, "");
  if (text === "") return [];
  const items = text.split(",").map((s) => s.trim().replace(/^["']|["']$/g, ""));
  return items.every((i) => /^[A-Z0-9_$]+(\.[A-Z0-9_$]+){0,2}$/.test(i)) ? items : undefined;
}
/** Drops `undefined` (protobuf Structs cannot hold it). */
function clean<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clean) as T;
  if (v !== null && typeof v === "object") {
    const out: Props = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = clean(x);
    return out as T;
  }
  return v;
}
/** Structural equality with scalars compared as text (YAML `1` and `"1"` are the same to Snowflake). */
function looselyEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => looselyEqual(x, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => looselyEqual((a as Props)[k], (b as Props)[k]));
  }
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  return String(a) === String(b);
}

const hasBlockVolumes = (spec: Props | undefined) => (spec?.spec?.volumes ?? []).some((v: Props) => v?.source === "block");
const publicEndpointNames = (spec: Props | undefined) =>
  new Set<string>((spec?.spec?.endpoints ?? []).filter((e: Props) => e?.public).map((e: Props) => String(e.name)));
/** An ingress URL, not "Endpoints provisioning in progress…". */
const looksLikeHost = (s: string | undefined) => !!s && /^[A-Za-z0-9.-]+(:\d+)?(\/\S*)?$/.test(s) && s.includes(".");

/** Object names from an id, for `pulumi import` (props empty) and as a cross-check. */
function refFromId(kind: SpcsKind, id: string): Props {
  switch (kind) {
    case "ComputePool":
    case "ExternalAccessIntegration":
      return { name: id };
    case "ImageRepository":
    case "Service":
    case "JobService": {
      const [database, schema, name] = splitQualifiedRef(id, "id");
      return { database, schema, name };
    }
    case "ServiceFunction": {
      const m = /^([^(]+)\((.*)\)$/.exec(id);
      if (!m) throw new Error(`service function id must be DB.SCHEMA.NAME(TYPES), got ${id}`);
      const [database, schema, name] = splitQualifiedRef(m[1], "id");
      const types = m[2].trim() === "" ? [] : m[2].split(/,(?![^(]*\))/).map((t) => t.trim());
      return { database, schema, name, args: types.map((type, i) => ({ name: `arg${i}`, type })) };
    }
    case "ServiceRoleGrant": {
      const m = /^(.+)!([^ ]+) TO ROLE (.+)$/.exec(id);
      if (!m) throw new Error(`service role grant id must be DB.SCHEMA.SERVICE!ROLE TO ROLE GRANTEE, got ${id}`);
      return { service: m[1], serviceRole: m[2], toRole: m[3] };
    }
  }
}

function idOf(kind: SpcsKind, p: Props): string {
  switch (kind) {
    case "ComputePool":
    case "ExternalAccessIntegration":
      return p.name;
    case "ImageRepository":
    case "Service":
    case "JobService":
      return `${p.database}.${p.schema}.${p.name}`;
    case "ServiceFunction":
      return `${p.database}.${p.schema}.${p.name}(${functionArgTypes(p as any)})`;
    case "ServiceRoleGrant":
      return `${p.service}!${p.serviceRole} TO ROLE ${p.toRole}`;
  }
}

/** Inputs (what a program would pass) out of full outputs, for `read`'s `inputs`. */
const OUTPUT_ONLY: Partial<Record<SpcsKind, string[]>> = {
  ComputePool: ["state"],
  ImageRepository: ["repositoryUrl"],
  Service: ["specText", "specDigest", "dnsName", "ingressUrls", "createdOn"],
  ServiceFunction: ["signature"],
  JobService: ["specText", "specDigest", "status"],
};
function inputsOf(kind: SpcsKind, outs: Props): Props {
  const out = { ...outs };
  for (const k of OUTPUT_ONLY[kind] ?? []) delete out[k];
  return out;
}

export class SpcsProvider implements pulumiProvider.Provider {
  readonly version: string;
  private config: Record<string, string> = {};
  private client?: SqlClient;
  private readonly opts: Required<Omit<SpcsProviderOptions, "env" | "version">> & { env: Readonly<Record<string, string | undefined>> };

  constructor(options: SpcsProviderOptions) {
    this.version = options.version ?? "0.1.0";
    const envSecs = (name: string) => {
      const v = Number((options.env ?? process.env)[name]);
      return Number.isFinite(v) && v > 0 ? v * 1000 : undefined;
    };
    this.opts = {
      clientFactory: options.clientFactory,
      env: options.env ?? process.env,
      pollIntervalMs: options.pollIntervalMs ?? 10_000,
      serviceReadyTimeoutMs: options.serviceReadyTimeoutMs ?? envSecs("LLMSTACK_SERVICE_READY_TIMEOUT_SECS") ?? 30 * 60_000,
      poolSuspendTimeoutMs: options.poolSuspendTimeoutMs ?? 30 * 60_000,
      ingressTimeoutMs: options.ingressTimeoutMs ?? 5 * 60_000,
    };
  }

  /** Provider configuration from the engine (see `configure.ts`); replaces any earlier client. */
  configure(config: Record<string, string>): void {
    this.config = { ...config };
    const old = this.client;
    this.client = undefined;
    void old?.close().catch(() => undefined);
  }

  private sql(): SqlClient {
    if (!this.client) this.client = this.opts.clientFactory(resolveSettings(this.config, this.opts.env));
    return this.client;
  }

  private async run(statement: string): Promise<Row[]> {
    return this.sql().execute(statement);
  }

  // --- check / diff ------------------------------------------------------------------------------

  async check(urn: string, _olds: Props, news: Props): Promise<pulumiProvider.CheckResult> {
    const kind = kindFromUrn(urn);
    const inputs = applyDefaults(kind, news);
    const failures = validateInputs(kind, unwrapSecrets(inputs) as Props);
    return { inputs, failures };
  }

  async diff(_id: string, urn: string, olds: Props, news: Props): Promise<pulumiProvider.DiffResult> {
    const kind = kindFromUrn(urn);
    const d = diffInputs(kind, unwrapSecrets(olds) as Props, unwrapSecrets(news) as Props);
    return {
      changes: d.action !== "none",
      replaces: d.replaceKeys,
      deleteBeforeReplace: d.action === "replace" && d.deleteBeforeReplace,
    };
  }

  // --- create ------------------------------------------------------------------------------------

  async create(urn: string, rawInputs: Props): Promise<pulumiProvider.CreateResult> {
    const kind = kindFromUrn(urn);
    const inputs = unwrapSecrets(rawInputs) as Props;
    const id = idOf(kind, inputs);
    const outs = await this.createKind(kind, id, inputs, rawInputs);
    return { id, outs: this.rewrapSecrets(clean(outs), rawInputs) };
  }

  private async createKind(kind: SpcsKind, id: string, p: Props, rawInputs: Props): Promise<Props> {
    switch (kind) {
      case "ComputePool": {
        await this.run(computePoolSql.create(p as any));
        const row = await this.findPool(p.name);
        return { ...p, state: str(row, "state") };
      }
      case "ImageRepository": {
        await this.run(imageRepositorySql.create(p as any));
        const row = await this.findOne(imageRepositorySql.show(p as any), p.name);
        return { ...p, repositoryUrl: str(row, "repository_url") };
      }
      case "ExternalAccessIntegration":
        await this.run(externalAccessIntegrationSql.create(p as any));
        return { ...p };
      case "Service": {
        const specText = renderSpecification(p.specification);
        await this.run(serviceSql.create(p as any, specText));
        const outs: Props = { ...p, specText, specDigest: specDigest(specText) };
        try {
          await this.waitForService(p, p.minReadyInstances ?? p.minInstances);
        } catch (e) {
          // The service exists: hand Pulumi its state so the next `up` updates instead of re-creating.
          const message = (e as Error).message;
          throw new ResourceInitError(message, id, this.rewrapSecrets(clean(outs), rawInputs), [message]);
        }
        return { ...outs, ...(await this.serviceComputed(p)) };
      }
      case "JobService": {
        const specText = renderSpecification(p.specification);
        await this.run(jobServiceSql.execute(p as any, specText));
        const row = (await this.run(jobServiceSql.describe(p as any)))[0];
        const status = str(row, "status");
        const outs = { ...p, specText, specDigest: specDigest(specText), status };
        if (up(status) === "FAILED") {
          const message = `job service ${id} FAILED: ${await this.containerProblems(p)}`;
          throw new ResourceInitError(message, id, this.rewrapSecrets(clean(outs), rawInputs), [message]);
        }
        return outs;
      }
      case "ServiceFunction":
        await this.run(serviceFunctionSql.create(p as any));
        return { ...p, signature: id };
      case "ServiceRoleGrant":
        await this.run(serviceRoleGrantSql.grant(p as any));
        return { ...p };
    }
  }

  // --- read --------------------------------------------------------------------------------------

  async read(id: string, urn: string, rawProps?: Props): Promise<pulumiProvider.ReadResult> {
    const kind = kindFromUrn(urn);
    const props = { ...refFromId(kind, id), ...((unwrapSecrets(rawProps ?? {}) as Props) ?? {}) };
    const live = await this.readKind(kind, id, props);
    if (!live) return {};
    const outs = this.rewrapSecrets(clean(live), rawProps ?? {});
    return { id, props: outs, inputs: inputsOf(kind, outs) };
  }

  private async readKind(kind: SpcsKind, id: string, p: Props): Promise<Props | undefined> {
    switch (kind) {
      case "ComputePool": {
        const row = await this.findPool(p.name);
        if (!row) return undefined;
        return {
          ...p,
          instanceFamily: str(row, "instance_family") ?? p.instanceFamily,
          minNodes: num(row, "min_nodes") ?? p.minNodes,
          maxNodes: num(row, "max_nodes") ?? p.maxNodes,
          autoResume: bool(row, "auto_resume") ?? p.autoResume,
          autoSuspendSecs: num(row, "auto_suspend_secs") ?? p.autoSuspendSecs,
          comment: str(row, "comment"),
          state: str(row, "state"),
        };
      }
      case "ImageRepository": {
        const row = await this.findOne(imageRepositorySql.show(p as any), p.name);
        if (!row) return undefined;
        const enc = up(str(row, "encryption"));
        return {
          ...p,
          // Only when the program chose one: an unset input means "Snowflake's default", and reading
          // the default back must not plan a replacement (which would lose every image).
          encryption: p.encryption !== undefined && (enc === "SNOWFLAKE_SSE" || enc === "SNOWFLAKE_FULL") ? enc : p.encryption,
          comment: str(row, "comment"),
          repositoryUrl: str(row, "repository_url") ?? p.repositoryUrl,
        };
      }
      case "ExternalAccessIntegration": {
        const row = await this.findOne(externalAccessIntegrationSql.show(p.name), p.name);
        if (!row) return undefined;
        const desc = await this.run(externalAccessIntegrationSql.describe(p.name));
        const prop = (name: string) => desc.find((r) => up(r.property) === name);
        return {
          ...p,
          enabled: bool(row, "enabled") ?? p.enabled,
          comment: str(row, "comment"),
          allowedNetworkRules: identList(prop("ALLOWED_NETWORK_RULES"), "property_value") ?? p.allowedNetworkRules,
          allowedAuthenticationSecrets: identList(prop("ALLOWED_AUTHENTICATION_SECRETS"), "property_value") ?? p.allowedAuthenticationSecrets,
        };
      }
      case "Service": {
        const row = await this.findOne(serviceSql.show(p as any), p.name);
        if (!row) return undefined;
        const live: Props = {
          ...p,
          computePool: str(row, "compute_pool") ?? p.computePool,
          minInstances: num(row, "min_instances") ?? p.minInstances,
          maxInstances: num(row, "max_instances") ?? p.maxInstances,
          minReadyInstances: p.minReadyInstances === undefined ? undefined : (num(row, "min_ready_instances") ?? p.minReadyInstances),
          autoResume: bool(row, "auto_resume") ?? p.autoResume,
          autoSuspendSecs: num(row, "auto_suspend_secs") ?? p.autoSuspendSecs,
          queryWarehouse: str(row, "query_warehouse"),
          comment: str(row, "comment"),
          externalAccessIntegrations: identList(row, "external_access_integrations") ?? p.externalAccessIntegrations,
          createdOn: str(row, "created_on"),
          dnsName: str(row, "dns_name") ?? p.dnsName,
        };
        Object.assign(live, await this.readSpec(p));
        live.ingressUrls = (await this.ingressUrls(p, live.specification, 0)) ?? p.ingressUrls;
        return live;
      }
      case "JobService": {
        const rows = await this.run(jobServiceSql.describe(p as any)).catch((e) => {
          if (isNotFound(e)) return [] as Row[];
          throw e;
        });
        // Job metadata is kept for a limited time (14 days per
        // https://docs.snowflake.com/en/sql-reference/sql/execute-job-service); a purged
        // job is not re-run by refresh + up: we keep it in state and say so.
        if (rows.length === 0) return { ...p, status: "PURGED" };
        return { ...p, status: str(rows[0], "status") };
      }
      case "ServiceFunction": {
        const rows = await this.run(serviceFunctionSql.show(p as any)).catch((e) => {
          if (isNotFound(e)) return [] as Row[];
          throw e;
        });
        const want = functionArgTypes(p as any)
          .split(", ")
          .filter(Boolean)
          .map((t) => t.replace(/\(.*\)$/, ""));
        const row = rows.find((r) => {
          const m = /^(.+?)\((.*)\) RETURN /i.exec(String(r.arguments ?? ""));
          if (!m || up(m[1]) !== p.name) return false;
          const got = m[2].trim() === "" ? [] : m[2].split(/,(?![^(]*\))/).map((t) => up(t.trim()).replace(/\(.*\)$/, ""));
          return got.length === want.length && got.every((t, i) => t === want[i]);
        });
        if (!row) return undefined;
        return { ...p, comment: str(row, "description") === "user-defined function" ? p.comment : (str(row, "description") ?? p.comment), signature: id };
      }
      case "ServiceRoleGrant": {
        const rows = await this.run(serviceRoleGrantSql.showGrantsOf(p as any)).catch((e) => {
          if (isNotFound(e)) return undefined;
          throw e;
        });
        const granted = rows?.some((r) => up(r.grantee_name) === p.toRole && (r.granted_to === undefined || up(r.granted_to) === "ROLE"));
        return granted ? { ...p } : undefined;
      }
    }
  }

  /**
   * The live spec from `DESC SERVICE` (present only for the owner role). When it means the same as
   * ours, our text and digest stay; otherwise the live text, its digest and its parsed form replace
   * them, so the next diff plans `ALTER SERVICE … FROM SPECIFICATION`.
   */
  private async readSpec(p: Props): Promise<Props> {
    const desc = (await this.run(serviceSql.describe(p as any)))[0];
    const remote = str(desc, "spec");
    const out: Props = { dnsName: str(desc, "dns_name") };
    if (remote === undefined) return out;
    if (remote === p.specText) return out;
    let parsed: unknown;
    try {
      parsed = parseSpecification(remote);
    } catch {
      parsed = undefined;
    }
    if (p.specification !== undefined && parsed !== undefined && looselyEqual(normalizeSpecification(parsed), normalizeSpecification(p.specification))) {
      return out;
    }
    return { ...out, specText: remote, specDigest: specDigest(remote), specification: parsed ?? p.specification };
  }

  // --- update ------------------------------------------------------------------------------------

  async update(id: string, urn: string, rawOlds: Props, rawNews: Props): Promise<pulumiProvider.UpdateResult> {
    const kind = kindFromUrn(urn);
    const olds = unwrapSecrets(rawOlds) as Props;
    const news = unwrapSecrets(rawNews) as Props;
    let steps = updateSteps(kind, olds, news);

    if (kind === "ComputePool" && steps.some((s) => s.waitFor === "pool-suspended")) {
      // Already suspended (by choice or auto-suspend): change the family and leave it suspended.
      if (up(str(await this.findPool(news.name), "state")) === "SUSPENDED") {
        const skip = new Set([computePoolSql.suspend(news.name), computePoolSql.resume(news.name)]);
        steps = steps.filter((s) => !skip.has(s.sql));
      }
    }
    for (const step of steps) {
      await this.run(step.sql);
      if (step.waitFor === "pool-suspended") await this.waitForPoolSuspended(news.name);
    }

    let outs: Props = { ...news };
    switch (kind) {
      case "ComputePool":
        outs.state = str(await this.findPool(news.name), "state");
        break;
      case "ImageRepository":
        outs.repositoryUrl = olds.repositoryUrl;
        break;
      case "Service": {
        const specText = renderSpecification(news.specification);
        outs = { ...outs, specText, specDigest: specDigest(specText) };
        const d = diffInputs(kind, olds, news);
        // Wait after changes that restart or add instances, and after a create that never got READY
        // (its partial state has no createdOn).
        const restarts = d.changedKeys.some((k) => ["specification", "minInstances", "minReadyInstances", "externalAccessIntegrations"].includes(k));
        if (restarts || olds.createdOn === undefined) {
          await this.waitForService(news, news.minReadyInstances ?? news.minInstances);
        }
        outs = { ...outs, ...(await this.serviceComputed(news)) };
        break;
      }
      case "ServiceFunction":
        outs.signature = id;
        break;
      default:
        break;
    }
    return { outs: this.rewrapSecrets(clean(outs), rawNews) };
  }

  // --- delete ------------------------------------------------------------------------------------

  async delete(_id: string, urn: string, rawProps: Props): Promise<void> {
    const kind = kindFromUrn(urn);
    const p = unwrapSecrets(rawProps) as Props;
    const ignoreMissing = async (statement: string) => {
      try {
        await this.run(statement);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    };
    switch (kind) {
      case "ComputePool": {
        // DROP COMPUTE POOL fails while services run in it
        // (https://docs.snowflake.com/en/sql-reference/sql/drop-compute-pool). Pulumi deletes our own
        // services first; anything left belongs to someone else: name it rather than STOP ALL it.
        const left = (await this.run(serviceSql.showInPool(p.name)).catch(() => [] as Row[])).filter((r) => bool(r, "is_job") !== true);
        if (left.length > 0) {
          const names = left.map((r) => [str(r, "database_name"), str(r, "schema_name"), str(r, "name")].filter(Boolean).join("."));
          throw new Error(
            `cannot drop compute pool ${p.name}: services still run in it: ${names.join(", ")}. ` +
              `Drop or move them first (ALTER COMPUTE POOL ${p.name} STOP ALL drops every service and job in it).`,
          );
        }
        return ignoreMissing(computePoolSql.drop(p.name));
      }
      case "ImageRepository":
        return ignoreMissing(imageRepositorySql.drop(p as any));
      case "ExternalAccessIntegration":
        return ignoreMissing(externalAccessIntegrationSql.drop(p.name));
      case "Service":
      case "JobService":
        // FORCE also drops block storage volumes; without it such a service cannot be dropped
        // (https://docs.snowflake.com/en/sql-reference/sql/drop-service).
        return ignoreMissing(serviceSql.drop(p as any, hasBlockVolumes(p.specification)));
      case "ServiceFunction":
        return ignoreMissing(serviceFunctionSql.drop(p as any));
      case "ServiceRoleGrant":
        // The grant dies with its service; a missing service or role means there is nothing to revoke.
        return ignoreMissing(serviceRoleGrantSql.revoke(p as any));
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** `SHOW … LIKE` matches a pattern (`_` is a wildcard): keep only the exact name. */
  private async findOne(statement: string, name: string): Promise<Row | undefined> {
    const rows = await this.run(statement).catch((e) => {
      if (isNotFound(e)) return [] as Row[];
      throw e;
    });
    return rows.find((r) => str(r, "name") === name);
  }

  private findPool(name: string): Promise<Row | undefined> {
    return this.findOne(computePoolSql.show(name), name);
  }

  private async waitForPoolSuspended(name: string): Promise<void> {
    const deadline = Date.now() + this.opts.poolSuspendTimeoutMs;
    for (;;) {
      const state = up(str(await this.findPool(name), "state"));
      if (state === "SUSPENDED") return;
      if (Date.now() > deadline) {
        throw new Error(`compute pool ${name} did not reach SUSPENDED (state ${state || "unknown"}); jobs in it may still be running`);
      }
      await sleep(this.opts.pollIntervalMs);
    }
  }

  /**
   * Polls `DESC SERVICE` and `SHOW SERVICE CONTAINERS IN SERVICE` until no upgrade is in progress
   * and at least `minReady` instances have every container READY. Fails on a FAILED service, or a
   * container seen FAILED three polls in a row (Snowflake restarts crashed service containers),
   * with the container's status message.
   */
  private async waitForService(p: Props, minReady: number): Promise<void> {
    const ref = `${p.database}.${p.schema}.${p.name}`;
    const deadline = Date.now() + this.opts.serviceReadyTimeoutMs;
    const failedStreak = new Map<string, number>();
    let last = "no containers reported yet";
    for (;;) {
      const desc = (await this.run(serviceSql.describe(p as any)))[0];
      const status = up(str(desc, "status"));
      if (status === "FAILED" || status === "INTERNAL_ERROR") {
        throw new Error(`service ${ref} is ${status}: ${await this.containerProblems(p)}`);
      }
      // A suspended service has no containers; resuming it is not this update's job.
      if (status === "SUSPENDED" || status === "SUSPENDING") return;
      const upgrading = bool(desc, "is_upgrading") === true;
      const rows = await this.run(serviceSql.showContainers(p as any));
      for (const r of rows) {
        const key = `${str(r, "instance_id")}/${str(r, "container_name")}`;
        if (up(r.status) === "FAILED") {
          const n = (failedStreak.get(key) ?? 0) + 1;
          failedStreak.set(key, n);
          if (n >= 3) throw new Error(`service ${ref}: container ${str(r, "container_name")} (instance ${str(r, "instance_id")}) FAILED: ${str(r, "message") ?? "no message"}`);
        } else failedStreak.delete(key);
      }
      const byInstance = new Map<string, Row[]>();
      for (const r of rows) {
        const inst = str(r, "instance_id");
        if (inst !== undefined) byInstance.set(inst, [...(byInstance.get(inst) ?? []), r]);
      }
      const ready = [...byInstance.values()].filter((cs) => cs.every((c) => up(c.status) === "READY")).length;
      if (!upgrading && ready >= Math.max(1, minReady)) return;
      last = rows.map((r) => `${str(r, "container_name")}#${str(r, "instance_id")} ${str(r, "status")}${str(r, "message") ? ` (${str(r, "message")})` : ""}`).join("; ") || last;
      if (Date.now() > deadline) {
        throw new Error(`service ${ref} not ready after ${Math.round(this.opts.serviceReadyTimeoutMs / 1000)}s${upgrading ? " (upgrade in progress)" : ""}: ${last}`);
      }
      await sleep(this.opts.pollIntervalMs);
    }
  }

  /** One line per container that is not READY, with Snowflake's status message. */
  private async containerProblems(p: Props): Promise<string> {
    const rows = await this.run(serviceSql.showContainers(p as any)).catch(() => [] as Row[]);
    const bad = rows.filter((r) => up(r.status) !== "READY");
    return bad.map((r) => `container ${str(r, "container_name")} (instance ${str(r, "instance_id")}) ${str(r, "status")}: ${str(r, "message") ?? "no message"}`).join("; ") || "no container status available";
  }

  /** dnsName, createdOn and public ingress URLs of a service that exists. */
  private async serviceComputed(p: Props): Promise<Props> {
    const row = await this.findOne(serviceSql.show(p as any), p.name);
    const desc = (await this.run(serviceSql.describe(p as any)))[0];
    return {
      dnsName: str(desc, "dns_name") ?? str(row, "dns_name"),
      createdOn: str(row, "created_on"),
      ingressUrls: await this.ingressUrls(p, p.specification, this.opts.ingressTimeoutMs),
    };
  }

  /**
   * endpoint → ingress URL for public endpoints (`SHOW ENDPOINTS IN SERVICE`). Snowflake fills the
   * URL some time after the service runs; until then the column holds a "provisioning" message.
   */
  private async ingressUrls(p: Props, spec: Props | undefined, timeoutMs: number): Promise<Record<string, string> | undefined> {
    const wanted = publicEndpointNames(spec);
    if (wanted.size === 0) return undefined;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.run(serviceSql.showEndpoints(p as any));
      const urls: Record<string, string> = {};
      for (const r of rows) {
        const url = str(r, "ingress_url");
        if (bool(r, "is_public") && looksLikeHost(url)) urls[String(r.name)] = url!;
      }
      if ([...wanted].every((n) => urls[n]) || Date.now() >= deadline) return Object.keys(urls).length ? urls : undefined;
      await sleep(this.opts.pollIntervalMs);
    }
  }

  /** Outputs keep the secretness of the inputs they came from (we accept secrets on the wire). */
  private rewrapSecrets(outs: Props, rawInputs: Props): Props {
    const out = { ...outs };
    for (const [k, v] of Object.entries(rawInputs ?? {})) {
      if (isSecretValue(v) && k in out && !isSecretValue(out[k])) out[k] = wrapSecret(out[k]);
    }
    return out;
  }
}

export { PROVIDER_PACKAGE };
