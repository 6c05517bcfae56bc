/**
 * FAKE SNOWFLAKE: compute pools. Each rule cites the page or test it reproduces.
 */
import type { Row } from "../../../provider/client";
import { alreadyExists, refused, syntaxError } from "./errors";
import { like, mustGet, ok, type Catalog, type Pool, type Statements } from "./catalog";
import type { Parser } from "./sqlParser";
import { suspendService } from "./lifecycle";

/**
 * "Quoted names for special characters or case-sensitive names are not supported"
 * (https://docs.snowflake.com/en/sql-reference/sql/create-compute-pool); the same holds where a pool
 * is named in CREATE SERVICE / EXECUTE JOB SERVICE / SHOW SERVICES IN COMPUTE POOL.
 */
export function poolName(p: Parser): string {
  const id = p.ident();
  if (id.quoted) throw syntaxError("quoted compute pool names are not supported");
  return id.name;
}

/**
 * IDLE / ACTIVE for a running pool: "IDLE: the pool has no services or jobs running"; ACTIVE when it
 * has (https://docs.snowflake.com/en/sql-reference/sql/show-compute-pools, `state`).
 */
export function poolState(cat: Catalog, pool: Pool): string {
  if (pool.phase !== "RUNNING") return pool.phase;
  const busy = [...cat.services.values()].some((s) => s.pool === pool.name && ["PENDING", "RUNNING"].includes(s.status));
  return busy ? "ACTIVE" : "IDLE";
}

/** Starts a suspended pool: STARTING first (see create). */
export function startPool(cat: Catalog, pool: Pool): void {
  pool.phase = "STARTING";
  pool.until = cat.tick + cat.o.poolStartingTicks;
}

function create(cat: Catalog, p: Parser): Row[] {
  const name = poolName(p);
  if (cat.pools.has(name)) throw alreadyExists(name);
  const props = p.props();
  // "MIN_NODES … must be greater than 0" (create-compute-pool).
  if (!((props.MIN_NODES as number) > 0)) throw refused("MIN_NODES must be greater than 0");
  const pool: Pool = {
    name,
    instanceFamily: String(props.INSTANCE_FAMILY),
    minNodes: props.MIN_NODES as number,
    maxNodes: props.MAX_NODES as number,
    // Defaults AUTO_RESUME TRUE, AUTO_SUSPEND_SECS 3600 (create-compute-pool; the Terraform acceptance
    // test sees 3600: snowflakedb/terraform-provider-snowflake pkg/sdk/testint/compute_pools_gen_integration_test.go
    // `HasAutoSuspendSecs(3600)`).
    autoResume: props.AUTO_RESUME !== false,
    autoSuspendSecs: (props.AUTO_SUSPEND_SECS as number) ?? 3600,
    comment: props.COMMENT as string | undefined,
    phase: "SUSPENDED",
    until: 0,
  };
  // A new pool is STARTING right after CREATE (same integration test: `HasState(sdk.ComputePoolStateStarting)`),
  // unless INITIALLY_SUSPENDED = TRUE.
  if (props.INITIALLY_SUSPENDED !== true) startPool(cat, pool);
  cat.pools.set(name, pool);
  return ok();
}

function alter(cat: Catalog, p: Parser): Row[] {
  const pool = mustGet(cat.pools, poolName(p), "Compute pool");
  if (p.maybeWord("SUSPEND")) {
    // "When you suspend a compute pool, Snowflake suspends all services in that compute pool"; jobs run
    // to completion (https://docs.snowflake.com/en/sql-reference/sql/alter-compute-pool, SUSPEND).
    if (pool.phase !== "SUSPENDED") {
      pool.phase = "STOPPING";
      pool.until = cat.tick + cat.o.poolStoppingTicks;
      for (const s of cat.services.values()) if (s.pool === pool.name && !s.isJob) suspendService(s);
    }
    return ok();
  }
  if (p.maybeWord("RESUME")) {
    // RESUME starts the pool. Nothing documents that it resumes the services the SUSPEND suspended
    // (alter-compute-pool; working-with-compute-pool "Operating"): they stay SUSPENDED until
    // ALTER SERVICE … RESUME or, with AUTO_RESUME, a call (review finding L1).
    if (pool.phase === "STOPPING") throw refused(`Compute pool ${pool.name} is stopping; retry when it is suspended`);
    if (pool.phase === "SUSPENDED") startPool(cat, pool);
    return ok();
  }
  if (p.maybeWord("UNSET")) {
    p.word("COMMENT");
    pool.comment = undefined;
    return ok();
  }
  p.word("SET");
  const props = p.props();
  // INSTANCE_FAMILY "can be altered only when a compute pool is fully suspended" (alter-compute-pool).
  if ("INSTANCE_FAMILY" in props && pool.phase !== "SUSPENDED") {
    throw refused(`Compute pool ${pool.name} must be in SUSPENDED state to change INSTANCE_FAMILY (current state: ${poolState(cat, pool)}).`);
  }
  if ("INSTANCE_FAMILY" in props) pool.instanceFamily = String(props.INSTANCE_FAMILY);
  if ("MIN_NODES" in props) pool.minNodes = props.MIN_NODES as number;
  if ("MAX_NODES" in props) pool.maxNodes = props.MAX_NODES as number;
  if (pool.maxNodes < pool.minNodes) throw refused("MAX_NODES must be greater than or equal to MIN_NODES");
  if ("AUTO_RESUME" in props) pool.autoResume = props.AUTO_RESUME as boolean;
  if ("AUTO_SUSPEND_SECS" in props) pool.autoSuspendSecs = props.AUTO_SUSPEND_SECS as number;
  if ("COMMENT" in props) pool.comment = props.COMMENT as string;
  return ok();
}

function drop(cat: Catalog, p: Parser): Row[] {
  const pool = mustGet(cat.pools, poolName(p), "Compute pool");
  // DROP COMPUTE POOL "fails if services run" and aborts jobs
  // (https://docs.snowflake.com/en/sql-reference/sql/drop-compute-pool). Services still DELETING count
  // as present: how long they are listed after DROP SERVICE is not documented (review finding L2).
  const left = [...cat.services.values()].filter((s) => s.pool === pool.name && !s.isJob).map((s) => s.fqn);
  left.push(...cat.deleting.filter((d) => d.svc.pool === pool.name && !d.svc.isJob).map((d) => d.svc.fqn));
  if (left.length) throw refused(`Cannot drop compute pool ${pool.name} because it has services running (${left.join(", ")}).`);
  for (const s of [...cat.services.values()]) if (s.pool === pool.name) cat.services.delete(s.fqn);
  cat.pools.delete(pool.name);
  return ok();
}

/** Columns of https://docs.snowflake.com/en/sql-reference/sql/show-compute-pools (the ones we read, and more). */
function show(cat: Catalog, p: Parser): Row[] {
  const pat = like(p.str());
  return [...cat.pools.values()]
    .filter((x) => pat.test(x.name))
    .map((x) => ({
      name: x.name,
      state: poolState(cat, x),
      min_nodes: x.minNodes,
      max_nodes: x.maxNodes,
      instance_family: x.instanceFamily,
      num_services: [...cat.services.values()].filter((s) => s.pool === x.name && !s.isJob).length,
      num_jobs: [...cat.services.values()].filter((s) => s.pool === x.name && s.isJob).length,
      auto_resume: x.autoResume,
      auto_suspend_secs: x.autoSuspendSecs,
      comment: x.comment ?? null,
    }));
}

/** Moves pools along their STARTING / STOPPING transitions. */
export function advancePools(cat: Catalog): void {
  for (const pool of cat.pools.values()) {
    if (pool.phase === "STARTING" && cat.tick >= pool.until) pool.phase = "RUNNING";
    if (pool.phase === "STOPPING" && cat.tick >= pool.until) pool.phase = "SUSPENDED";
  }
}

/**
 * The pool a service or job is submitted to. A suspended pool with AUTO_RESUME starts: "a compute pool
 * … resumes automatically when a service is submitted" (working-with-compute-pool, AUTO_RESUME).
 */
export function poolForSubmit(cat: Catalog, name: string): Pool {
  const pool = mustGet(cat.pools, name, "Compute pool");
  if (pool.phase === "SUSPENDED" || pool.phase === "STOPPING") {
    if (!pool.autoResume) throw refused(`Compute pool ${name} is suspended and AUTO_RESUME is FALSE.`);
    if (pool.phase === "SUSPENDED") startPool(cat, pool);
  }
  return pool;
}

export const poolStatements: Statements = [
  [["CREATE", "COMPUTE", "POOL"], create],
  [["ALTER", "COMPUTE", "POOL"], alter],
  [["DROP", "COMPUTE", "POOL"], drop],
  [["SHOW", "COMPUTE", "POOLS", "LIKE"], show],
];

