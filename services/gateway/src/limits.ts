/**
 * The gateway's limits, and the Snowflake service-function settings derived from them.
 *
 * One source of truth: the gateway's config takes its defaults from {@link GATEWAY_LIMITS}, and the Pulumi
 * service-function component takes MAX_BATCH_ROWS, MAX_BATCH_RETRIES, ON_BATCH_FAILURE and
 * BATCH_TIMEOUT_SECS from {@link SERVICE_FUNCTION_DEFAULTS}, so the two cannot drift apart.
 * This module is pure (no I/O) so the Pulumi program can import it.
 */

/** HTTP paths the gateway serves; service functions are created `AS '<path>'` with these. */
export const GATEWAY_ROUTES = {
  /** `POST`: `FN(prompt [, options | temperature [, max_tokens]])` → the assistant's reply (text). */
  complete: "/complete",
  /** `POST`: `FN(payload [, options | temperature [, max_tokens]])`; payload = `{"messages": [...]}` or a bare messages array → reply text. */
  chat: "/chat",
  /** `POST`: `FN(text)` → the embedding (array of numbers; cast to VECTOR in SQL). */
  embed: "/embed",
  /** `GET`: readiness probe; 200 only while the upstream model server is ready. */
  health: "/health",
} as const;

/** The port the gateway listens on in the container (seed 002 puts its proxy on 8001 beside vLLM on 8000). */
export const GATEWAY_DEFAULT_PORT = 8001;

/** Default limits of one gateway process. Each can be overridden by an env var (see config.ts). */
export const GATEWAY_LIMITS = {
  /**
   * Upstream requests in flight at once, shared by all batches (`GATEWAY_MAX_CONCURRENCY`). vLLM batches
   * concurrent requests continuously, so this should be about its `--max-num-seqs` for the model/GPU;
   * beyond it requests only queue inside vLLM instead of here, where we can bound and shed them.
   */
  maxConcurrency: 64,
  /**
   * Rows admitted at once: in flight upstream plus waiting for a slot (`GATEWAY_MAX_QUEUED_ROWS`). A batch
   * that does not fit gets HTTP 429, which Snowflake retries with backoff, instead of being buffered.
   * 8 × maxConcurrency: room for several batches that Snowflake sends in parallel.
   */
  maxQueuedRows: 512,
  /**
   * Deadline of one row once it holds an upstream slot, covering every attempt and backoff
   * (`GATEWAY_ROW_TIMEOUT_MS`). Making it cover the retries (rather than each attempt) bounds how long a row
   * can hold a slot, which is what the batch timeout below is computed from. 60 s ≈ 1,000+ tokens of output
   * on a small GPU under load.
   */
  rowTimeoutMs: 60_000,
  /** Retries after the first attempt for transient upstream failures: connection errors, 408, 429, 5xx (`GATEWAY_MAX_RETRIES`). */
  maxRetries: 2,
  /** First retry delay; doubles per retry, with jitter (`GATEWAY_RETRY_BASE_MS`). */
  retryBaseDelayMs: 200,
  /** Cap of one retry delay, also of an upstream `Retry-After` (`GATEWAY_RETRY_MAX_MS`). */
  retryMaxDelayMs: 5_000,
  /** Largest accepted request body, after decompression; larger → 413 (`GATEWAY_MAX_BODY_BYTES`). */
  maxBodyBytes: 16 * 1024 * 1024,
  /** Largest upstream response body read (an embedding of 4,096 floats is ~80 KB) (`GATEWAY_MAX_UPSTREAM_RESPONSE_BYTES`). */
  maxUpstreamResponseBytes: 8 * 1024 * 1024,
  /** How long a health probe result is reused, so a probe storm never reaches the model server (`GATEWAY_HEALTH_CACHE_MS`). */
  healthCacheMs: 1_000,
  /** Timeout of one upstream health probe (`GATEWAY_HEALTH_TIMEOUT_MS`). */
  healthTimeoutMs: 2_000,
  /**
   * On SIGTERM, how long in-flight batches may still run (`GATEWAY_SHUTDOWN_TIMEOUT_MS`); batches still
   * running then are answered 503, which Snowflake retries, instead of with per-row errors.
   */
  shutdownTimeoutMs: 30_000,
} as const;

/** Shape of the limits (numbers), for options that override them. */
export type GatewayLimits = { -readonly [K in keyof typeof GATEWAY_LIMITS]: number };

/** Slack added to the computed worst case of a batch: Snowflake's own backoff between retries of a shed batch, network, parsing. */
const BATCH_TIMEOUT_MARGIN_SECS = 120;

/**
 * Worst-case time, in seconds, for the gateway to answer an admitted batch at the given limits.
 *
 * Rows take upstream slots in FIFO order, across batches. A batch is admitted only if it fits within
 * `maxQueuedRows`, so at most `maxQueuedRows` rows (its own included) are ahead of or beside its last row;
 * they run `maxConcurrency` at a time and each holds its slot for at most `rowTimeoutMs` (retries
 * included, see {@link GATEWAY_LIMITS.rowTimeoutMs}). Hence at most ⌈maxQueuedRows / maxConcurrency⌉
 * "waves" of `rowTimeoutMs` each.
 */
export function worstCaseBatchSecs(limits: Pick<GatewayLimits, "maxConcurrency" | "maxQueuedRows" | "rowTimeoutMs">): number {
  const waves = Math.ceil(limits.maxQueuedRows / limits.maxConcurrency);
  return Math.ceil((waves * limits.rowTimeoutMs) / 1000);
}

/**
 * Defaults for `CREATE FUNCTION … SERVICE=… ENDPOINT=…` of the functions the gateway serves.
 */
export const SERVICE_FUNCTION_DEFAULTS = {
  /**
   * MAX_BATCH_ROWS. Seed 002 sets 1, i.e. one row per HTTP round trip, one at a time per sender. The gateway
   * fans a batch's rows out concurrently, so a batch should be able to fill every upstream slot on its own:
   * maxConcurrency rows. Bigger batches add no throughput (rows beyond the slots only wait) but lengthen each
   * batch's latency and what a failed batch loses; must stay ≤ maxQueuedRows or a batch could never be admitted.
   */
  maxBatchRows: GATEWAY_LIMITS.maxConcurrency,
  /**
   * MAX_BATCH_RETRIES. Snowflake retries a batch answered 404/429/500/502/503/504; the gateway answers 429
   * when its row queue is full and 503 while shutting down, both safe to retry: no row of a refused batch
   * was sent upstream. 3 is Snowflake's default (bundle 2025_02).
   */
  maxBatchRetries: 3,
  /**
   * ON_BATCH_FAILURE. ABORT, not RETURN_NULL: bad rows and upstream errors already come back as per-row
   * values ("ERROR: …"), so a whole batch fails only when the gateway is unreachable or overloaded past
   * Snowflake's retries. RETURN_NULL would then turn up to a batch of rows into NULLs that look like real
   * results and get written by INSERT … SELECT / CTAS without anyone noticing; failing the query says so.
   */
  onBatchFailure: "ABORT" as "ABORT" | "RETURN_NULL",
  /**
   * BATCH_TIMEOUT_SECS, covering Snowflake's retries too: the gateway's worst case for an admitted batch at
   * the default limits (⌈512 / 64⌉ = 8 waves × 60 s = 480 s), plus {@link BATCH_TIMEOUT_MARGIN_SECS} → 600 s.
   * If you raise GATEWAY_MAX_QUEUED_ROWS or GATEWAY_ROW_TIMEOUT_MS, recompute with {@link batchTimeoutSecsFor}.
   */
  batchTimeoutSecs: worstCaseBatchSecs(GATEWAY_LIMITS) + BATCH_TIMEOUT_MARGIN_SECS,
} as const;

/** BATCH_TIMEOUT_SECS that covers a batch at the given (possibly non-default) gateway limits. */
export function batchTimeoutSecsFor(limits: Pick<GatewayLimits, "maxConcurrency" | "maxQueuedRows" | "rowTimeoutMs">): number {
  return worstCaseBatchSecs(limits) + BATCH_TIMEOUT_MARGIN_SECS;
}
