/**
 * `delete` for the SPCS kinds. A DROP answered "does not exist or not authorized" counts as done only
 * when a SHOW confirms the object is gone (absence.ts).
 */
import type { Row } from "./client";
import type { SpcsKind } from "./resources";
import { bool, str, up, type Props } from "./rows";
import { computePoolSql, externalAccessIntegrationSql, imageRepositorySql, serviceFunctionSql, serviceRoleGrantSql, serviceSql } from "./sql";
import { NotVisibleError, isDoesNotExistOrNotAuthorized } from "./absence";
import type { Lookup } from "./lookup";
import { readLive } from "./read";
import { hasBlockVolume } from "./spec/volume";
import type { Waiter } from "./waits";

export interface DropOptions {
  pollIntervalMs: number;
  /** How long dropped services may stay listed as DELETING before DROP COMPUTE POOL gives up. */
  serviceDeletingTimeoutMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Service statuses of a service on its way out (show-service-containers-in-service, service_status). */
const GOING = new Set(["DELETING", "DELETED"]);

export async function dropObject(kind: SpcsKind, id: string, p: Props, lk: Lookup, waiter: Waiter, opts: DropOptions): Promise<void> {
  /** Runs a DROP; "does not exist or not authorized" is success only when `gone()` confirms it. */
  const drop = async (statement: string, gone: () => Promise<boolean>) => {
    try {
      await lk.run(statement);
    } catch (e) {
      if (!isDoesNotExistOrNotAuthorized(e)) throw e;
      if (!(await gone())) throw new NotVisibleError(`cannot drop ${kind} ${id}`, e);
    }
  };
  const absentIn = (showSql: string, name: string, what: string) => async () => !(await lk.findOne(showSql, name, what));
  switch (kind) {
    case "ComputePool":
      return dropPool(p.name, lk, opts);
    case "ImageRepository":
      return drop(imageRepositorySql.drop(p as any), absentIn(imageRepositorySql.show(p as any), p.name, `image repository ${id}`));
    case "ExternalAccessIntegration":
      return drop(externalAccessIntegrationSql.drop(p.name), absentIn(externalAccessIntegrationSql.show(p.name), p.name, `integration ${id}`));
    case "Service":
    case "JobService":
      // FORCE also drops block storage volumes; without it such a service cannot be dropped
      // (https://docs.snowflake.com/en/sql-reference/sql/drop-service).
      return drop(serviceSql.drop(p as any, hasBlockVolume(p.specification)), absentIn(serviceSql.show(p as any), p.name, `service ${id}`));
    case "ServiceFunction": {
      const fn = p;
      return drop(serviceFunctionSql.drop(fn as any), async () => (await readLive("ServiceFunction", id, fn, lk, waiter)) === undefined);
    }
    case "ServiceRoleGrant":
      // The grant dies with its service: a confirmed-missing service means there is nothing to revoke.
      return drop(serviceRoleGrantSql.revoke(p as any), async () => !(await lk.serviceExists(p.service, `service ${p.service}`)));
  }
}

/**
 * DROP COMPUTE POOL fails while services run in it (https://docs.snowflake.com/en/sql-reference/sql/drop-compute-pool).
 * Pulumi drops our services first, but a dropped service may still be listed as DELETING for a while
 * (DELETING/DELETED are service statuses; show-service-containers-in-service): those are waited out.
 * Anything else belongs to someone else: name it rather than STOP ALL it.
 */
async function dropPool(name: string, lk: Lookup, opts: DropOptions): Promise<void> {
  const deadline = Date.now() + opts.serviceDeletingTimeoutMs;
  for (;;) {
    const rows = (await lk.run(serviceSql.showInPool(name)).catch((e) => {
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
      throw new Error(`cannot drop compute pool ${name}: services are still being deleted after ${Math.round(opts.serviceDeletingTimeoutMs / 1000)}s: ${rows.map(fqn).join(", ")}; run destroy again later`);
    }
    await sleep(opts.pollIntervalMs);
  }
  try {
    await lk.run(computePoolSql.drop(name));
  } catch (e) {
    if (!isDoesNotExistOrNotAuthorized(e)) throw e;
    if (await lk.findPool(name)) throw new NotVisibleError(`cannot drop compute pool ${name}`, e);
  }
}
