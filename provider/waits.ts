/**
 * Waiting for SPCS to get somewhere: a pool SUSPENDED, a service READY (after create, resume or an
 * upgrade), public ingress URLs provisioned. Everything here polls SHOW/DESC output; nothing changes
 * an object.
 */
import type { Row } from "./client";
import { bool, str, up, type Props } from "./rows";
import { serviceSql } from "./sql";

export interface WaitOptions {
  /** Delay between polls. */
  pollIntervalMs: number;
  /** How long a service may take to become READY. */
  serviceReadyTimeoutMs: number;
  /** How long SUSPEND may take before SET INSTANCE_FAMILY. */
  poolSuspendTimeoutMs: number;
  /** How long to wait for public ingress URLs after READY. */
  ingressTimeoutMs: number;
}

/** What an upgrade wait needs to know it has seen the upgrade happen. */
export interface UpgradeWatch {
  /** `spec_digest` before `ALTER SERVICE … FROM SPECIFICATION` (undefined when the column is absent). */
  fromDigest?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An ingress URL, not "Endpoints provisioning in progress…". */
const looksLikeHost = (s: string | undefined) => !!s && /^[A-Za-z0-9.-]+(:\d+)?(\/\S*)?$/.test(s) && s.includes(".");
export const publicEndpointNames = (spec: Props | undefined) =>
  new Set<string>((spec?.spec?.endpoints ?? []).filter((e: Props) => e?.public).map((e: Props) => String(e.name)));

export class Waiter {
  constructor(
    private readonly run: (sql: string) => Promise<Row[]>,
    private readonly o: WaitOptions,
  ) {}

  /** Polls `poolState` until SUSPENDED. */
  async poolSuspended(name: string, poolState: () => Promise<string>): Promise<void> {
    const deadline = Date.now() + this.o.poolSuspendTimeoutMs;
    for (;;) {
      const state = await poolState();
      if (state === "SUSPENDED") return;
      if (Date.now() > deadline) {
        throw new Error(`compute pool ${name} did not reach SUSPENDED within ${Math.round(this.o.poolSuspendTimeoutMs / 1000)}s (state ${state || "unknown"}); jobs in it may still be running`);
      }
      await sleep(this.o.pollIntervalMs);
    }
  }

  /**
   * Polls `DESC SERVICE` and `SHOW SERVICE CONTAINERS IN SERVICE` until no upgrade is in progress and
   * at least `minReady` instances have every container READY. Fails on a FAILED service, or a container
   * seen FAILED three polls in a row (Snowflake restarts crashed service containers), with Snowflake's
   * message.
   *
   * With `upgrade`, it first waits for the upgrade to be seen: ALTER SERVICE … FROM SPECIFICATION runs
   * asynchronously (https://docs.snowflake.com/en/developer-guide/native-apps/container-upgrade), and
   * until it starts the old instances are READY and `is_upgrading` is FALSE. Seen means `is_upgrading`
   * was TRUE once, or `spec_digest` differs from before the ALTER ("If the service user notices a
   * change in value, they can infer that the service was upgraded":
   * https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_06/bcr-1717-1723).
   *
   * While a service is PENDING, Snowflake leaves the instance and container columns NULL
   * (https://docs.snowflake.com/en/sql-reference/sql/show-service-containers-in-service), so such rows
   * count for nothing and the timeout message says so.
   */
  async serviceReady(p: Props, minReady: number, upgrade?: UpgradeWatch): Promise<void> {
    const ref = `${p.database}.${p.schema}.${p.name}`;
    const deadline = Date.now() + this.o.serviceReadyTimeoutMs;
    const failedStreak = new Map<string, number>();
    let sawUpgrade = upgrade === undefined;
    let last = "no container details reported yet";
    let status = "";
    for (;;) {
      const desc = (await this.run(serviceSql.describe(p as any)))[0];
      status = up(str(desc, "status"));
      if (status === "FAILED" || status === "INTERNAL_ERROR") {
        throw new Error(`service ${ref} is ${status}: ${await this.containerProblems(p)}`);
      }
      // A suspended service (by choice or auto-suspend) has no containers: nothing to wait for; it picks
      // up its spec when it resumes.
      if (status === "SUSPENDED" || status === "SUSPENDING") return;
      const upgrading = bool(desc, "is_upgrading") === true;
      if (upgrade && !sawUpgrade) {
        const digest = str(desc, "spec_digest");
        sawUpgrade = upgrading || (digest !== undefined && upgrade.fromDigest !== undefined && digest !== upgrade.fromDigest) || (digest === undefined && upgrade.fromDigest === undefined);
      }
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
      if (sawUpgrade && !upgrading && ready >= Math.max(1, minReady)) return;
      const described = rows.filter((r) => str(r, "instance_id") !== undefined);
      if (described.length) {
        last = described.map((r) => `${str(r, "container_name")}#${str(r, "instance_id")} ${str(r, "status")}${str(r, "message") ? ` (${str(r, "message")})` : ""}`).join("; ");
      }
      if (Date.now() > deadline) {
        const phase = !sawUpgrade ? " (the upgrade has not started)" : upgrading ? " (upgrade in progress)" : "";
        const pending = described.length === 0 && status === "PENDING" ? "; Snowflake shows no container details while a service is PENDING: check the pool's capacity and SYSTEM$GET_SERVICE_LOGS" : "";
        throw new Error(`service ${ref} not ready after ${Math.round(this.o.serviceReadyTimeoutMs / 1000)}s${phase}, status ${status || "unknown"}: ${last}${pending}`);
      }
      await sleep(this.o.pollIntervalMs);
    }
  }

  /** One line per container that is not READY, with Snowflake's status message. */
  async containerProblems(p: Props): Promise<string> {
    const rows = await this.run(serviceSql.showContainers(p as any)).catch(() => [] as Row[]);
    const bad = rows.filter((r) => str(r, "instance_id") !== undefined && up(r.status) !== "READY");
    return bad.map((r) => `container ${str(r, "container_name")} (instance ${str(r, "instance_id")}) ${str(r, "status")}: ${str(r, "message") ?? "no message"}`).join("; ") || "no container status available";
  }

  /**
   * endpoint → ingress URL for public endpoints (`SHOW ENDPOINTS IN SERVICE`). Snowflake fills the URL
   * some time after the service runs; until then the column holds a "provisioning" message.
   */
  async ingressUrls(p: Props, spec: Props | undefined, timeoutMs: number): Promise<Record<string, string> | undefined> {
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
      await sleep(this.o.pollIntervalMs);
    }
  }
}
