/**
 * Documented value ranges Snowflake enforces only when a statement runs, as pure functions: the
 * provider's `check` (provider/checks.ts) and the stack config validation call the same function, so
 * `npm run plan` and `pulumi preview` refuse a value before `up` would fail on it. Each returns
 * undefined when the value is fine, else what is wrong and what is allowed (never a secret: none of
 * these values is one).
 */
import type { ServiceSpecification } from "./resources";

const CREATE_FUNCTION_SPCS = "https://docs.snowflake.com/en/sql-reference/sql/create-function-spcs";
const BLOCK_STORAGE = "https://docs.snowflake.com/en/developer-guide/snowpark-container-services/block-storage-volume";
const WORKING_WITH_SERVICES = "https://docs.snowflake.com/en/developer-guide/snowpark-container-services/working-with-services";

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

/** BATCH_TIMEOUT_SECS: "greater than 0 and less than or equal to 604800" (7 days); default 3600 (create-function-spcs). */
export const BATCH_TIMEOUT_SECS_MAX = 604800;
export function batchTimeoutSecsProblem(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (!isInt(v) || v <= 0 || v > BATCH_TIMEOUT_SECS_MAX) return `BATCH_TIMEOUT_SECS must be an integer from 1 to ${BATCH_TIMEOUT_SECS_MAX} (7 days), got ${JSON.stringify(v)} (${CREATE_FUNCTION_SPCS})`;
  return undefined;
}

/** The most rows one request to a service may carry, when the service says so (the gateway's row queue). */
export interface BatchReceiver {
  readonly rows: number;
  /** What holds the limit and what happens above it, for the message. */
  readonly what: string;
}

/**
 * MAX_BATCH_ROWS: a positive number of rows per batch (create-function-spcs), and at most what the
 * receiving service takes per request when it has a limit: one rule for the provider and the config.
 */
export function maxBatchRowsProblem(v: unknown, receiver?: BatchReceiver): string | undefined {
  if (v === undefined) return undefined;
  if (!isInt(v) || v < 1) return `MAX_BATCH_ROWS must be a positive integer, got ${JSON.stringify(v)} (${CREATE_FUNCTION_SPCS})`;
  if (receiver && v > receiver.rows) return `MAX_BATCH_ROWS ${v} is more than ${receiver.what}`;
  return undefined;
}

/** MAX_BATCH_RETRIES: 0 or more (create-function-spcs; default 3 since bundle 2025_02, bcr-1938). */
export function maxBatchRetriesProblem(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (!isInt(v) || v < 0) return `MAX_BATCH_RETRIES must be an integer ≥ 0, got ${JSON.stringify(v)} (${CREATE_FUNCTION_SPCS})`;
  return undefined;
}

/**
 * The context functions CONTEXT_HEADERS accepts (create-function-spcs, CONTEXT_HEADERS; the same list as
 * CREATE EXTERNAL FUNCTION's). Transcribed from the parameter's description as quoted in the review
 * (shared/reference/spcs-review.md, C7); the stored copies of the page available here end before the
 * optional parameters, so this list is the one fact in this file not re-read from the page itself.
 */
export const CONTEXT_FUNCTIONS: readonly string[] = [
  "CURRENT_ACCOUNT",
  "CURRENT_CLIENT",
  "CURRENT_DATABASE",
  "CURRENT_DATE",
  "CURRENT_IP_ADDRESS",
  "CURRENT_REGION",
  "CURRENT_ROLE",
  "CURRENT_SCHEMA",
  "CURRENT_SCHEMAS",
  "CURRENT_SESSION",
  "CURRENT_STATEMENT",
  "CURRENT_TIME",
  "CURRENT_TIMESTAMP",
  "CURRENT_TRANSACTION",
  "CURRENT_USER",
  "CURRENT_VERSION",
  "CURRENT_WAREHOUSE",
  "LAST_QUERY_ID",
  "LAST_TRANSACTION",
  "LOCALTIME",
  "LOCALTIMESTAMP",
];
export function contextHeadersProblem(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return `CONTEXT_HEADERS must be a list of context function names, got ${JSON.stringify(v)}`;
  const bad = v.filter((h) => typeof h !== "string" || !CONTEXT_FUNCTIONS.includes(h.toUpperCase()));
  if (bad.length) return `CONTEXT_HEADERS accepts only ${CONTEXT_FUNCTIONS.join(", ")}; got ${bad.map((b) => JSON.stringify(b)).join(", ")} (${CREATE_FUNCTION_SPCS})`;
  return undefined;
}

/** Clouds whose block-volume limits differ. */
export type BlockCloud = "aws" | "azure" | "gcp";
/**
 * Block volume size: "an integer, specified using the Gi unit suffix … `1Gi` to `65536Gi` for AWS, `1Gi` to
 * `16384Gi` for Azure, `4Gi` to `16384Gi` for Google Cloud" (block-storage-volume, "Step 1", current page:
 * szeno/snowflake-docs@b5c216b56ad3b86564fb86ab70b8444ed7e7f08f; older copies said 16384Gi for all).
 * Unknown cloud: the widest range.
 */
export const BLOCK_SIZE_GIB: Record<BlockCloud | "any", [number, number]> = { aws: [1, 65536], azure: [1, 16384], gcp: [4, 16384], any: [1, 65536] };
export function blockVolumeSizeProblem(size: unknown, cloud?: BlockCloud): string | undefined {
  const m = typeof size === "string" ? /^([1-9][0-9]*)Gi$/.exec(size) : null;
  if (!m) return `a block volume's size must be a whole number with the Gi suffix (e.g. "100Gi"), got ${JSON.stringify(size)} (${BLOCK_STORAGE})`;
  const [min, max] = BLOCK_SIZE_GIB[cloud ?? "any"];
  const gib = Number(m[1]);
  if (gib < min || gib > max) return `a block volume's size must be ${min}Gi to ${max}Gi${cloud ? ` on ${cloud}` : ""}, got ${size} (${BLOCK_STORAGE})`;
  return undefined;
}

/** True when the spec has an endpoint with `public: true`. */
export function hasPublicEndpoint(spec: Pick<ServiceSpecification, "spec"> | undefined): boolean {
  return (spec?.spec?.endpoints ?? []).some((e) => e?.public === true);
}

/**
 * AUTO_SUSPEND_SECS of a service: 0 (never) or at least 300 (create-service), and not at all on a service
 * with a public endpoint: "Auto-suspension is not supported on services with public endpoints because
 * Snowflake currently only tracks service function traffic and not ingress traffic" (working-with-services,
 * "Suspending a service"). Such a service would be suspended while it serves ingress.
 */
export function serviceAutoSuspendProblem(secs: unknown, spec: Pick<ServiceSpecification, "spec"> | undefined): string | undefined {
  if (secs === undefined || secs === 0) return undefined;
  if (!isInt(secs) || secs < 300) return `a service's AUTO_SUSPEND_SECS must be 0 (never) or at least 300, got ${JSON.stringify(secs)}`;
  if (hasPublicEndpoint(spec)) {
    return `AUTO_SUSPEND_SECS ${secs} on a service with a public endpoint: Snowflake does not support auto-suspend there (only service function calls count as activity, not ingress), so it would suspend while serving; use 0 (${WORKING_WITH_SERVICES})`;
  }
  return undefined;
}

/** The default AUTO_SUSPEND_SECS llmstack gives a service: 1800 s, or 0 when it has a public endpoint (see above). */
export const DEFAULT_SERVICE_AUTO_SUSPEND_SECS = 1800;
export function defaultServiceAutoSuspendSecs(spec: Pick<ServiceSpecification, "spec"> | undefined): number {
  return hasPublicEndpoint(spec) ? 0 : DEFAULT_SERVICE_AUTO_SUSPEND_SECS;
}
