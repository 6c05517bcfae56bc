/**
 * The `llmstack` resource provider: CRUD for the SPCS objects @pulumi/snowflake 1.3.0 lacks,
 * run as SQL through a {@link SqlClient}.
 *
 * - check: Snowflake defaults made explicit, inputs validated (`checks.ts`);
 * - diff: `diff.ts` (the same rules the offline plan prints);
 * - create/update/delete: statements from `sql.ts`, with the waits Snowflake needs (`waits.ts`; a
 *   service is only useful once its containers are READY; an INSTANCE_FAMILY change suspends the
 *   pool: `poolFamily.ts`);
 * - read: SHOW/DESCRIBE of the live object, so `pulumi refresh` sees drift, including a service spec
 *   changed outside Pulumi (`specDrift.ts`); an object is only dropped from state once a SHOW confirms
 *   it is gone (`absence.ts`).
 */
import type * as pulumiProvider from "@pulumi/pulumi/provider";
import { PROVIDER_PACKAGE, type SpcsKind } from "./resources";
import { applyDefaults, validateInputs } from "./checks";
import { diffInputs, updateSteps } from "./diff";
import { isSecretValue, unwrapSecrets, wrapSecret } from "./configure";
import { renderSpecification, specDigest } from "./spec";
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
import { bool, clean, identList, num, str, up, type Props } from "./rows";
import { idOf, inputsOf, kindFromUrn, refFromId } from "./ids";
import { readLiveSpec } from "./specDrift";
import { Waiter } from "./waits";
import { NotVisibleError, isDoesNotExistOrNotAuthorized } from "./absence";
import { PoolFamilyError, changeInstanceFamily } from "./poolFamily";

export { kindFromUrn };

export interface SpcsProviderOptions {
  /** Builds the SQL client from the resolved settings (the real one: snowflake-sdk). */
  clientFactory: (settings: ConnectionSettings) => SqlClient;
  /** Environment for `SNOWFLAKE_*` fallbacks; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  version?: string;
  /** Delay between status polls (default: LLMSTACK_POLL_INTERVAL_MS, else 10 s). */
  pollIntervalMs?: number;
  /** How long a new or upgraded service may take to become READY (default 30 min). */
  serviceReadyTimeoutMs?: number;
  /** How long SUSPEND may take before SET INSTANCE_FAMILY (jobs run to completion first; default 30 min). */
  poolSuspendTimeoutMs?: number;
  /** How long to wait for public ingress URLs after READY (default 5 min). */
  ingressTimeoutMs?: number;
  /** How long dropped services may stay listed as DELETING before DROP COMPUTE POOL gives up (default 10 min). */
  serviceDeletingTimeoutMs?: number;
}

/** A create or update that changed the object but could not finish: Pulumi records the partial state. */
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hasBlockVolumes = (spec: Props | undefined) => (spec?.spec?.volumes ?? []).some((v: Props) => v?.source === "block");
/** Service statuses of a service on its way out (show-service-containers-in-service, service_status). */
const GOING = new Set(["DELETING", "DELETED"]);

export class SpcsProvider implements pulumiProvider.Provider {
  readonly version: string;
  private config: Record<string, string> = {};
  private client?: SqlClient;
  private readonly opts: Required<Omit<SpcsProviderOptions, "env" | "version">> & { env: Readonly<Record<string, string | undefined>> };
  private readonly waiter: Waiter;

  constructor(options: SpcsProviderOptions) {
    this.version = options.version ?? "0.1.0";
    const envSecs = (name: string) => {
      const v = Number((options.env ?? process.env)[name]);
      return Number.isFinite(v) && v > 0 ? v * 1000 : undefined;
    };
    const envMs = (name: string) => {
      const raw = (options.env ?? process.env)[name];
      const v = Number(raw);
      return raw !== undefined && raw !== "" && Number.isFinite(v) && v >= 0 ? v : undefined;
    };
    this.opts = {
      clientFactory: options.clientFactory,
      env: options.env ?? process.env,
      // LLMSTACK_POLL_INTERVAL_MS: shorter polls against the Snowflake emulator (tests/support/emulator).
      pollIntervalMs: options.pollIntervalMs ?? envMs("LLMSTACK_POLL_INTERVAL_MS") ?? 10_000,
      serviceReadyTimeoutMs: options.serviceReadyTimeoutMs ?? envSecs("LLMSTACK_SERVICE_READY_TIMEOUT_SECS") ?? 30 * 60_000,
      poolSuspendTimeoutMs: options.poolSuspendTimeoutMs ?? 30 * 60_000,
      ingressTimeoutMs: options.ingressTimeoutMs ?? 5 * 60_000,
      serviceDeletingTimeoutMs: options.serviceDeletingTimeoutMs ?? 10 * 60_000,
    };
    this.waiter = new Waiter((sql) => this.run(sql), this.opts);
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
        return { ...p, state: str(row, "state"), suspendedServices: [] };
      }
      case "ImageRepository": {
        await this.run(imageRepositorySql.create(p as any));
        const row = await this.findOne(imageRepositorySql.show(p as any), p.name, `image repository ${id}`);
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
          await this.waiter.serviceReady(p, p.minReadyInstances ?? p.minInstances);
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
          const message = `job service ${id} FAILED: ${await this.waiter.containerProblems(p)}`;
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
        const row = await this.findOne(imageRepositorySql.show(p as any), p.name, `image repository ${id}`);
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
        const row = await this.findOne(externalAccessIntegrationSql.show(p.name), p.name, `external access integration ${id}`);
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
        const row = await this.findOne(serviceSql.show(p as any), p.name, `service ${id}`);
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
        const desc = (await this.run(serviceSql.describe(p as any)))[0];
        live.dnsName = str(desc, "dns_name") ?? live.dnsName;
        // DESC shows the spec only to the owner role; without it there is nothing to compare.
        const remote = str(desc, "spec");
        if (remote !== undefined) {
          const reading = readLiveSpec(remote, p);
          if (reading.drift) Object.assign(live, { specText: reading.specText, specDigest: reading.specDigest, specification: reading.specification });
        }
        live.ingressUrls = (await this.waiter.ingressUrls(p, live.specification, 0)) ?? p.ingressUrls;
        return live;
      }
      case "JobService": {
        const rows = await this.run(jobServiceSql.describe(p as any)).catch(async (e) => {
          if (!isDoesNotExistOrNotAuthorized(e)) throw e;
          // Gone only if the schema's SHOW SERVICES (jobs included) confirms it.
          const row = await this.findOne(serviceSql.show(p as any), p.name, `job service ${id}`);
          if (row) throw new NotVisibleError(`job service ${id} is listed but cannot be described`, e);
          return [] as Row[];
        });
        // Job metadata is kept for a limited time (14 days per
        // https://docs.snowflake.com/en/sql-reference/sql/execute-job-service); a purged
        // job is not re-run by refresh + up: we keep it in state and say so.
        if (rows.length === 0) return { ...p, status: "PURGED" };
        return { ...p, status: str(rows[0], "status") };
      }
      case "ServiceFunction": {
        const rows = await this.run(serviceFunctionSql.show(p as any)).catch((e) => {
          throw isDoesNotExistOrNotAuthorized(e) ? new NotVisibleError(`service function ${id}`, e) : e;
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
        const rows = await this.run(serviceRoleGrantSql.showGrantsOf(p as any)).catch(async (e) => {
          if (!isDoesNotExistOrNotAuthorized(e)) throw e;
          // The grant is gone with its service, once SHOW SERVICES confirms the service is gone.
          if (await this.serviceExists(p.service, `service ${p.service} of grant ${id}`)) throw new NotVisibleError(`grants of service role ${p.service}!${p.serviceRole}`, e);
          return undefined;
        });
        const granted = rows?.some((r) => up(r.grantee_name) === p.toRole && (r.granted_to === undefined || up(r.granted_to) === "ROLE"));
        return granted ? { ...p } : undefined;
      }
    }
  }

  // --- update ------------------------------------------------------------------------------------

  async update(id: string, urn: string, rawOlds: Props, rawNews: Props): Promise<pulumiProvider.UpdateResult> {
    const kind = kindFromUrn(urn);
    const olds = unwrapSecrets(rawOlds) as Props;
    const news = unwrapSecrets(rawNews) as Props;
    const d = diffInputs(kind, olds, news);
    let outs: Props = { ...news };

    if (kind === "ComputePool") {
      // SET for the plain properties; the family (and any services left suspended) in poolFamily.ts.
      for (const step of updateSteps(kind, olds, news).filter((s) => !s.instanceFamily)) await this.run(step.sql);
      const familyChanges = d.changedKeys.includes("instanceFamily");
      if (familyChanges || d.changedKeys.includes("suspendedServices")) {
        try {
          Object.assign(outs, await changeInstanceFamily({ run: (s) => this.run(s), poolState: (n) => this.poolState(n), waiter: this.waiter }, olds, news, familyChanges));
        } catch (e) {
          if (!(e instanceof PoolFamilyError)) throw e;
          const partial = { ...e.partial, state: str(await this.findPool(news.name).catch(() => undefined), "state") };
          throw new ResourceInitError(e.message, id, this.rewrapSecrets(clean(partial), rawNews), [e.message]);
        }
      }
      outs.state = str(await this.findPool(news.name), "state");
      outs.suspendedServices ??= [];
      return { outs: this.rewrapSecrets(clean(outs), rawNews) };
    }

    // Before an upgrade: the digest it replaces, to see the upgrade happen (waits.ts).
    const upgrades = kind === "Service" && d.changedKeys.includes("specification");
    const fromDigest = upgrades ? str((await this.run(serviceSql.describe(news as any)))[0], "spec_digest") : undefined;
    for (const step of updateSteps(kind, olds, news)) await this.run(step.sql);

    switch (kind) {
      case "ImageRepository":
        outs.repositoryUrl = olds.repositoryUrl;
        break;
      case "Service": {
        const specText = renderSpecification(news.specification);
        outs = { ...outs, specText, specDigest: specDigest(specText) };
        // Wait after changes that restart or add instances, and after a create that never got READY
        // (its partial state has no createdOn).
        const restarts = d.changedKeys.some((k) => ["specification", "minInstances", "minReadyInstances", "externalAccessIntegrations"].includes(k));
        if (restarts || olds.createdOn === undefined) {
          try {
            await this.waiter.serviceReady(news, news.minReadyInstances ?? news.minInstances, upgrades ? { fromDigest } : undefined);
          } catch (e) {
            const message = (e as Error).message;
            // The new settings are applied; the next `up` only waits again (createdOn kept).
            throw new ResourceInitError(message, id, this.rewrapSecrets(clean({ ...outs, createdOn: olds.createdOn, dnsName: olds.dnsName }), rawNews), [message]);
          }
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

  async delete(id: string, urn: string, rawProps: Props): Promise<void> {
    const kind = kindFromUrn(urn);
    const p = unwrapSecrets(rawProps) as Props;
    /** Runs a DROP; "does not exist or not authorized" is success only when `gone()` confirms it. */
    const drop = async (statement: string, gone: () => Promise<boolean>) => {
      try {
        await this.run(statement);
      } catch (e) {
        if (!isDoesNotExistOrNotAuthorized(e)) throw e;
        if (!(await gone())) throw new NotVisibleError(`cannot drop ${kind} ${id}`, e);
      }
    };
    const absentIn = (showSql: string, name: string, what: string) => async () => !(await this.findOne(showSql, name, what));
    switch (kind) {
      case "ComputePool":
        return this.dropPool(p.name);
      case "ImageRepository":
        return drop(imageRepositorySql.drop(p as any), absentIn(imageRepositorySql.show(p as any), p.name, `image repository ${id}`));
      case "ExternalAccessIntegration":
        return drop(externalAccessIntegrationSql.drop(p.name), absentIn(externalAccessIntegrationSql.show(p.name), p.name, `integration ${id}`));
      case "Service":
      case "JobService":
        // FORCE also drops block storage volumes; without it such a service cannot be dropped
        // (https://docs.snowflake.com/en/sql-reference/sql/drop-service).
        return drop(serviceSql.drop(p as any, hasBlockVolumes(p.specification)), absentIn(serviceSql.show(p as any), p.name, `service ${id}`));
      case "ServiceFunction": {
        const fn = p;
        return drop(serviceFunctionSql.drop(fn as any), async () => (await this.readKind("ServiceFunction", id, fn)) === undefined);
      }
      case "ServiceRoleGrant":
        // The grant dies with its service: a confirmed-missing service means there is nothing to revoke.
        return drop(serviceRoleGrantSql.revoke(p as any), async () => !(await this.serviceExists(p.service, `service ${p.service}`)));
    }
  }

  /**
   * DROP COMPUTE POOL fails while services run in it (https://docs.snowflake.com/en/sql-reference/sql/drop-compute-pool).
   * Pulumi drops our services first, but a dropped service may still be listed as DELETING for a while
   * (DELETING/DELETED are service statuses; show-service-containers-in-service): those are waited out.
   * Anything else belongs to someone else: name it rather than STOP ALL it.
   */
  private async dropPool(name: string): Promise<void> {
    const deadline = Date.now() + this.opts.serviceDeletingTimeoutMs;
    for (;;) {
      const rows = (await this.run(serviceSql.showInPool(name)).catch((e) => {
        if (isDoesNotExistOrNotAuthorized(e)) return [] as Row[];
        throw e;
      })).filter((r) => bool(r, "is_job") !== true);
      const fqn = (r: Row) => [str(r, "database_name"), str(r, "schema_name"), str(r, "name")].filter(Boolean).join(".");
      const foreign = rows.filter((r) => !GOING.has(up(str(r, "status"))));
      if (foreign.length > 0) {
        throw new Error(
          `cannot drop compute pool ${name}: services still run in it: ${foreign.map(fqn).join(", ")}. ` +
            `Drop or move them first (ALTER COMPUTE POOL ${name} STOP ALL drops every service and job in it).`,
        );
      }
      if (rows.length === 0) break;
      if (Date.now() > deadline) {
        throw new Error(`cannot drop compute pool ${name}: services are still being deleted after ${Math.round(this.opts.serviceDeletingTimeoutMs / 1000)}s: ${rows.map(fqn).join(", ")}; run destroy again later`);
      }
      await sleep(this.opts.pollIntervalMs);
    }
    try {
      await this.run(computePoolSql.drop(name));
    } catch (e) {
      if (!isDoesNotExistOrNotAuthorized(e)) throw e;
      if (await this.findPool(name)) throw new NotVisibleError(`cannot drop compute pool ${name}`, e);
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  /**
   * `SHOW … LIKE` in the object's container; LIKE is a pattern (`_` is a wildcard), so only the exact
   * name counts. A listing without the object confirms it is gone; a SHOW that fails with 002003 (the
   * container gone or not visible) confirms nothing.
   */
  private async findOne(statement: string, name: string, what: string): Promise<Row | undefined> {
    const rows = await this.run(statement).catch((e) => {
      throw isDoesNotExistOrNotAuthorized(e) ? new NotVisibleError(what, e) : e;
    });
    return rows.find((r) => str(r, "name") === name);
  }

  private findPool(name: string): Promise<Row | undefined> {
    // SHOW COMPUTE POOLS is account-level: it fails only on privileges, never on absence.
    return this.findOne(computePoolSql.show(name), name, `compute pool ${name}`);
  }

  private async poolState(name: string): Promise<string> {
    return up(str(await this.findPool(name), "state"));
  }

  private async serviceExists(fqn: string, what: string): Promise<boolean> {
    const [database, schema, name] = splitQualifiedRef(fqn, "service");
    return (await this.findOne(serviceSql.show({ database, schema, name } as any), name, what)) !== undefined;
  }

  /** dnsName, createdOn and public ingress URLs of a service that exists. */
  private async serviceComputed(p: Props): Promise<Props> {
    const row = await this.findOne(serviceSql.show(p as any), p.name, `service ${p.database}.${p.schema}.${p.name}`);
    const desc = (await this.run(serviceSql.describe(p as any)))[0];
    return {
      dnsName: str(desc, "dns_name") ?? str(row, "dns_name"),
      createdOn: str(row, "created_on"),
      ingressUrls: await this.waiter.ingressUrls(p, p.specification, this.opts.ingressTimeoutMs),
    };
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
