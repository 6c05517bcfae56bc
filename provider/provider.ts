/**
 * The `llmstack` resource provider: CRUD for the SPCS objects @pulumi/snowflake 1.3.0 lacks,
 * run as SQL through a {@link SqlClient}.
 *
 * - check: Snowflake defaults made explicit, inputs validated (`checks.ts`);
 * - diff: `diff.ts` (the same rules the offline plan prints);
 * - create/update/delete: statements from `sql.ts`, with the waits Snowflake needs (`waits.ts`; a
 *   service is only useful once its containers are READY; an INSTANCE_FAMILY change suspends the
 *   pool: `poolFamily.ts`);
 * - read: SHOW/DESCRIBE of the live object (`read.ts`), so `pulumi refresh` sees drift, including a
 *   service spec changed outside Pulumi (`specDrift.ts`); an object leaves state only once a SHOW
 *   confirms it is gone (`lookup.ts`, `absence.ts`);
 * - delete: `drop.ts` (a compute pool waits out services still DELETING).
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
  imageRepositorySql,
  jobServiceSql,
  serviceFunctionSql,
  serviceRoleGrantSql,
  serviceSql,
} from "./sql";
import type { Row, SqlClient } from "./client";
import { resolveSettings, type ConnectionSettings } from "./auth";
import { clean, str, up, type Props } from "./rows";
import { idOf, inputsOf, kindFromUrn, refFromId } from "./ids";
import { Waiter } from "./waits";
import { PoolFamilyError, changeInstanceFamily } from "./poolFamily";
import { Lookup } from "./lookup";
import { readLive } from "./read";
import { dropObject } from "./drop";

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


export class SpcsProvider implements pulumiProvider.Provider {
  readonly version: string;
  private config: Record<string, string> = {};
  private client?: SqlClient;
  private readonly opts: Required<Omit<SpcsProviderOptions, "env" | "version">> & { env: Readonly<Record<string, string | undefined>> };
  private readonly waiter: Waiter;
  private readonly lookup: Lookup;

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
    this.lookup = new Lookup((sql) => this.run(sql));
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
        const row = await this.lookup.findPool(p.name);
        return { ...p, state: str(row, "state"), suspendedServices: [] };
      }
      case "ImageRepository": {
        await this.run(imageRepositorySql.create(p as any));
        const row = await this.lookup.findOne(imageRepositorySql.show(p as any), p.name, `image repository ${id}`);
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
    const live = await readLive(kind, id, props, this.lookup, this.waiter);
    if (!live) return {};
    const outs = this.rewrapSecrets(clean(live), rawProps ?? {});
    return { id, props: outs, inputs: inputsOf(kind, outs) };
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
          Object.assign(outs, await changeInstanceFamily({ run: (s) => this.run(s), poolState: (n) => this.lookup.poolState(n), waiter: this.waiter }, olds, news, familyChanges));
        } catch (e) {
          if (!(e instanceof PoolFamilyError)) throw e;
          const partial = { ...e.partial, state: str(await this.lookup.findPool(news.name).catch(() => undefined), "state") };
          throw new ResourceInitError(e.message, id, this.rewrapSecrets(clean(partial), rawNews), [e.message]);
        }
      }
      outs.state = str(await this.lookup.findPool(news.name), "state");
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
    return dropObject(kindFromUrn(urn), id, unwrapSecrets(rawProps) as Props, this.lookup, this.waiter, this.opts);
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** dnsName, createdOn and public ingress URLs of a service that exists. */
  private async serviceComputed(p: Props): Promise<Props> {
    const row = await this.lookup.findOne(serviceSql.show(p as any), p.name, `service ${p.database}.${p.schema}.${p.name}`);
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
