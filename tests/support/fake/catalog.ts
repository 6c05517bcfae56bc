/**
 * FAKE SNOWFLAKE: the in-memory catalog and its clock.
 *
 * Time is a tick per executed statement: SPCS changes state asynchronously (a pool starts, a service
 * pulls images, an upgrade begins some time after ALTER), and the provider sees those changes only by
 * polling. Counting statements makes "some time later" deterministic: every state machine below
 * moves on when enough statements have run, whatever they were.
 */
import type { Row } from "../../../provider/client";
import type { Parser } from "./sqlParser";
import { notFound } from "./errors";

/** How long (in executed statements) each asynchronous change takes. */
export interface FakeSnowflakeOptions {
  /** A new or resumed pool stays STARTING. */
  poolStartingTicks?: number;
  /** A suspended pool stays STOPPING before SUSPENDED. */
  poolStoppingTicks?: number;
  /** A new or resumed service stays PENDING with no container rows filled in. */
  servicePendingTicks?: number;
  /** A container stays PENDING ("Pulling image") before READY (or FAILED). */
  containerPendingTicks?: number;
  /** ALTER SERVICE … FROM SPECIFICATION: ticks before the upgrade starts (is_upgrading turns TRUE). */
  upgradeStartTicks?: number;
  /** A dropped service stays listed as DELETING in its pool. */
  deletingTicks?: number;
  /** A job stays PENDING after EXECUTE JOB SERVICE … ASYNC. */
  jobPendingTicks?: number;
  /** A job's containers run this long before the job is DONE. */
  jobRunTicks?: number;
  /** SHOW ENDPOINTS answers "provisioning" this long after the service runs. */
  ingressPendingTicks?: number;
}

export const DEFAULT_OPTIONS: Required<FakeSnowflakeOptions> = {
  poolStartingTicks: 2,
  poolStoppingTicks: 2,
  servicePendingTicks: 2,
  containerPendingTicks: 2,
  upgradeStartTicks: 2,
  deletingTicks: 3,
  jobPendingTicks: 2,
  jobRunTicks: 4,
  ingressPendingTicks: 2,
};

export interface Pool {
  name: string;
  instanceFamily: string;
  minNodes: number;
  maxNodes: number;
  autoResume: boolean;
  autoSuspendSecs: number;
  comment?: string;
  /** Stored phase; SHOW derives IDLE/ACTIVE from RUNNING. */
  phase: "STARTING" | "RUNNING" | "STOPPING" | "SUSPENDED";
  /** Tick at which STARTING → RUNNING or STOPPING → SUSPENDED. */
  until: number;
}

export interface Container {
  instance: number;
  name: string;
  image: string;
  status: "PENDING" | "READY" | "FAILED" | "DONE";
  message?: string;
  /** Tick at which PENDING ends (jobs: READY ends). */
  until: number;
}

export interface Svc {
  fqn: string;
  database: string;
  schema: string;
  name: string;
  pool: string;
  /** The running version's spec (what DESC SERVICE shows). */
  specText: string;
  spec: any;
  isJob: boolean;
  status: string;
  /** PENDING: tick at which containers appear. */
  pendingUntil: number;
  minInstances: number;
  maxInstances: number;
  minReadyInstances?: number;
  autoResume: boolean;
  autoSuspendSecs: number;
  queryWarehouse?: string;
  comment?: string;
  eais: string[];
  createdOn: string;
  /** DNS hash part, stable per service object. */
  dnsHash: string;
  containers: Container[];
  /** An ALTER … FROM SPECIFICATION not yet started. */
  pendingUpgrade?: { specText: string; startAt: number };
  isUpgrading: boolean;
  /** Tick from which ingress URLs are provisioned. */
  ingressAt: number;
  ingressHost: string;
}

export interface Fn {
  fqn: string;
  argTypes: string[];
  returns: string;
  service: string;
  endpoint: string;
  path: string;
  props: Record<string, unknown>;
  comment?: string;
}

export interface Repo {
  fqn: string;
  encryption: string;
  comment?: string;
}

export interface Eai {
  name: string;
  rules: string[];
  secrets: string[];
  enabled: boolean;
  comment?: string;
}

/** Everything the fake account holds. */
export class Catalog {
  tick = 0;
  private createdClock = 0;
  readonly pools = new Map<string, Pool>();
  readonly repos = new Map<string, Repo>();
  readonly eais = new Map<string, Eai>();
  /** Services and jobs by `DB.SCHEMA.NAME`. */
  readonly services = new Map<string, Svc>();
  /** Dropped services still draining (listed as DELETING in their pool). */
  readonly deleting: { svc: Svc; until: number }[] = [];
  readonly functions = new Map<string, Fn>();
  /** `DB.SCHEMA.SVC!ROLE>GRANTEE`. */
  readonly grants = new Set<string>();

  constructor(readonly o: Required<FakeSnowflakeOptions>) {}

  /** A deterministic `created_on`, one second apart. */
  nextCreatedOn(): string {
    return new Date(Date.UTC(2025, 0, 1, 0, 0, ++this.createdClock)).toISOString();
  }
}

/** A statement handler: reads the rest of the statement from `p`. */
export type Handler = (cat: Catalog, p: Parser, sql: string) => Row[];
/** Leading keywords → handler. */
export type Statements = readonly (readonly [readonly string[], Handler])[];

export const ok = (): Row[] => [{ status: "Statement executed successfully." }];

/** SQL LIKE as SHOW uses it (case-insensitive): `_` one character, `%` any. */
export function like(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/_/g, ".").replace(/%/g, ".*")}$`, "i");
}

/** `DB.SCHEMA.NAME` (quoted or bare). */
export function parts(p: Parser): [string, string, string] {
  const q = p.qualified();
  if (q.parts.length !== 3) throw new Error(`fake: expected DB.SCHEMA.NAME, got ${q.parts.join(".")}`);
  return q.parts as [string, string, string];
}
export const fqnOf = (p: Parser) => parts(p).join(".");

export function mustGet<V>(map: Map<string, V>, key: string, what: string): V {
  const v = map.get(key);
  if (!v) throw notFound(what, key);
  return v;
}

/** `IN SCHEMA DB.SCHEMA` → `DB.SCHEMA`. */
export function inSchema(p: Parser): string {
  p.word("IN");
  p.word("SCHEMA");
  return p.qualified().parts.join(".");
}
