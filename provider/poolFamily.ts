/**
 * Changing a compute pool's INSTANCE_FAMILY, which "can be altered only when a compute pool is fully
 * suspended" (https://docs.snowflake.com/en/sql-reference/sql/alter-compute-pool): SUSPEND, wait for
 * SUSPENDED, SET INSTANCE_FAMILY, RESUME. "When you suspend a compute pool, Snowflake suspends all
 * services in that compute pool"; nothing documents that RESUME resumes them (review L1), so the
 * services that were running are resumed one by one (`ALTER SERVICE … RESUME`, alter-service) and
 * waited for until READY.
 *
 * Every step can time out. The pool's `suspendedServices` output records the services this provider
 * suspended and has not yet seen READY again; a failed step hands Pulumi partial state with that list
 * (and the family still old when it was not changed yet), so the next `up` sees a change, runs this
 * again, and converges.
 */
import type { Row } from "./client";
import { bool, num, str, up, type Props } from "./rows";
import { computePoolSql, serviceSql, splitQualifiedRef } from "./sql";
import type { Waiter } from "./waits";

/** Statuses of a service the SUSPEND will stop and RESUME should bring back (show-services `status`). */
const RUNNING_STATUSES = new Set(["PENDING", "RUNNING"]);

export interface PoolFamilyContext {
  run(sql: string): Promise<Row[]>;
  /** SHOW COMPUTE POOLS `state`, upper-case ("" when not found). */
  poolState(name: string): Promise<string>;
  waiter: Waiter;
}

/** A step failed: the partial outputs to record, and why. */
export class PoolFamilyError extends Error {
  constructor(
    message: string,
    readonly partial: Props,
  ) {
    super(message);
    this.name = "PoolFamilyError";
  }
}

/** `DB.SCHEMA.NAME` of each non-job service in the pool that is running now. */
async function runningServices(ctx: PoolFamilyContext, pool: string): Promise<string[]> {
  const rows = await ctx.run(serviceSql.showInPool(pool));
  return rows
    .filter((r) => bool(r, "is_job") !== true && RUNNING_STATUSES.has(up(str(r, "status"))))
    .map((r) => [str(r, "database_name"), str(r, "schema_name"), str(r, "name")].join("."));
}

/**
 * Runs the family change (when `familyChanges`) and/or resumes `olds.suspendedServices`. Returns the
 * pool's outputs to add (`suspendedServices` emptied). Throws {@link PoolFamilyError} with partial
 * outputs.
 */
export async function changeInstanceFamily(ctx: PoolFamilyContext, olds: Props, news: Props, familyChanges: boolean): Promise<Props> {
  const name: string = news.name;
  const pending = new Set<string>(Array.isArray(olds.suspendedServices) ? olds.suspendedServices : []);
  const fail = (step: string, e: unknown, partial: Props): never => {
    throw new PoolFamilyError(`compute pool ${name}: ${step} failed: ${(e as Error).message ?? e}`, partial);
  };

  let resumePool = pending.size > 0;
  if (familyChanges) {
    const state = await ctx.poolState(name);
    if (state !== "SUSPENDED") {
      for (const s of await runningServices(ctx, name)) pending.add(s);
      resumePool = true;
      // Before the family changes: the old family stays in state, so a re-run plans this again.
      const before = { ...olds, suspendedServices: [...pending] };
      if (state !== "STOPPING") await ctx.run(computePoolSql.suspend(name)).catch((e) => fail("SUSPEND", e, before));
      await ctx.waiter.poolSuspended(name, () => ctx.poolState(name)).catch((e) => fail("waiting for SUSPENDED", e, before));
    }
    // A pool that was already suspended by choice and had nothing of ours to bring back stays suspended.
    await ctx.run(computePoolSql.set(name, { instanceFamily: news.instanceFamily })).catch((e) =>
      fail("SET INSTANCE_FAMILY", e, { ...olds, suspendedServices: [...pending] }),
    );
  }
  if (!resumePool) return { suspendedServices: [] };

  const after = () => ({ ...news, suspendedServices: [...pending] });
  if ((await ctx.poolState(name)) === "SUSPENDED") await ctx.run(computePoolSql.resume(name)).catch((e) => fail("RESUME", e, after()));
  for (const fqn of [...pending]) {
    const [database, schema, svcName] = splitQualifiedRef(fqn, "suspendedServices");
    const ref = { database, schema, name: svcName };
    const row = (await ctx.run(serviceSql.show(ref as any)).catch((e) => fail(`SHOW SERVICES for ${fqn}`, e, after()))).find((r) => str(r, "name") === svcName);
    if (!row) {
      // Confirmed gone (dropped meanwhile): nothing to resume.
      pending.delete(fqn);
      continue;
    }
    if (up(str(row, "status")) === "SUSPENDED") await ctx.run(serviceSql.resume(ref as any)).catch((e) => fail(`ALTER SERVICE ${fqn} RESUME`, e, after()));
    const minReady = num(row, "min_ready_instances") ?? num(row, "min_instances") ?? 1;
    await ctx.waiter.serviceReady(ref, minReady).catch((e) => fail(`waiting for ${fqn} to be READY`, e, after()));
    pending.delete(fqn);
  }
  return { suspendedServices: [] };
}
