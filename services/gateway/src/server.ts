/**
 * The gateway's HTTP server: Snowflake service-function batches in, OpenAI-compatible calls out.
 *
 * | route | answer |
 * |---|---|
 * | POST /complete, /chat, /embed | 200 + one value per row; 400 malformed batch; 413 body or batch too large; 429 row queue full; 503 shutting down |
 * | GET /health | 200 when the upstream model server is ready, else 503 |
 */
import http from "node:http";
import { BatchOutcome, countCalls, FUNCTIONS, FunctionSpec, runBatch } from "./batch";
import { GATEWAY_LIMITS, GATEWAY_ROUTES, GatewayLimits } from "./limits";
import { Logger, silentLogger } from "./logger";
import { BatchFormatError, formatBatch, parseBatch, SNOWFLAKE_HEADERS } from "./protocol";
import { HttpError, readBody } from "./requestBody";
import { RowQueue, RowQueueStats } from "./rowQueue";
import { UpstreamClient } from "./upstream";
import { UpstreamHealth } from "./health";
import { Cancellation } from "./cancel";

/** Options of {@link createGateway}; every limit defaults to {@link GATEWAY_LIMITS}. */
export interface GatewayOptions extends Partial<GatewayLimits> {
  /** OpenAI-compatible server without `/v1` (default `http://localhost:8000`). */
  upstreamBaseUrl?: string;
  /** Served model name, sent as `model`. */
  upstreamModel: string;
  /** Bearer token for the upstream, if it needs one. Never logged. */
  upstreamApiKey?: string;
  /** Embedding input limit in tokens, sent as vLLM's `truncate_prompt_tokens` (default: the server's own limit). */
  embedMaxInputTokens?: number;
  /** Paths to serve (default {@link GATEWAY_ROUTES}). */
  routes?: Partial<Record<keyof typeof GATEWAY_ROUTES, string>>;
  /** Logger (default: silent; main.ts passes a JSON logger). */
  logger?: Logger;
  /** Random source for retry jitter (tests make it deterministic). */
  random?: () => number;
  /** Called after each batch answered 200, with its timings (for metrics and the benchmark). */
  onBatch?: (timing: BatchTiming) => void;
}

/** Timings of one answered batch. */
export interface BatchTiming {
  fn: FunctionSpec["name"];
  rows: number;
  /** From the whole body received to the answer written, ms. */
  ms: number;
  /** Longest time one row spent in upstream calls, ms; `ms − upstreamMsMax` is the gateway's own share for a one-row batch. */
  upstreamMsMax: number;
}

/** A running gateway (not yet listening: call `server.listen`). */
export interface Gateway {
  server: http.Server;
  /**
   * Graceful shutdown: stop accepting connections, answer new requests on open connections with 503,
   * let in-flight batches finish (up to `shutdownTimeoutMs`, then answer them 503), then close every
   * connection. Resolves when all of that is done. Idempotent.
   */
  close(): Promise<void>;
  /** Row-queue counters and batches in flight. */
  stats(): RowQueueStats & { batches: number };
}

/** Reason a batch is aborted because the gateway is shutting down. */
class ShutdownAbort extends Error {
  constructor() {
    super("gateway shut down before the batch finished");
  }
}

/** Reason a batch is aborted because its client disconnected (e.g. Snowflake's BATCH_TIMEOUT_SECS passed). */
class ClientGone extends Error {
  constructor() {
    super("client closed the connection");
  }
}

/** Creates the gateway. See {@link GatewayOptions} for defaults. */
export function createGateway(options: GatewayOptions): Gateway {
  const limits: GatewayLimits = { ...GATEWAY_LIMITS };
  for (const key of Object.keys(GATEWAY_LIMITS) as Array<keyof GatewayLimits>) {
    const v = options[key];
    if (v !== undefined) limits[key] = v;
  }
  const log = options.logger ?? silentLogger;
  const routes = { ...GATEWAY_ROUTES, ...options.routes };
  const byPath = new Map<string, FunctionSpec>([
    [routes.complete, FUNCTIONS.complete],
    [routes.chat, FUNCTIONS.chat],
    [routes.embed, FUNCTIONS.embed],
  ]);
  const model = options.upstreamModel;
  const planOptions = options.embedMaxInputTokens !== undefined ? { embedMaxInputTokens: options.embedMaxInputTokens } : {};
  const client = new UpstreamClient({
    baseUrl: options.upstreamBaseUrl ?? "http://localhost:8000",
    apiKey: options.upstreamApiKey,
    maxSockets: limits.maxConcurrency + 4,
    maxResponseBytes: limits.maxUpstreamResponseBytes,
  });
  const health = new UpstreamHealth(client, { cacheMs: limits.healthCacheMs, timeoutMs: limits.healthTimeoutMs });
  const queue = new RowQueue(limits.maxConcurrency, limits.maxQueuedRows);
  const retry = { maxRetries: limits.maxRetries, baseDelayMs: limits.retryBaseDelayMs, maxDelayMs: limits.retryMaxDelayMs };
  /** Abort handles of batches running upstream. */
  const inflight = new Set<Cancellation>();
  /** Every request being handled (body reads included), so shutdown waits for all of them. */
  const active = new Set<Promise<void>>();
  /** Requests still sending their body. */
  const reading = new Set<http.IncomingMessage>();
  let draining = false;
  /** Readiness last reported by /health, to log changes only. */
  let lastReady: boolean | undefined;
  /** Numbers batches that came without Snowflake's batch id header (local tests, curl). */
  let localBatches = 0;
  let closing: Promise<void> | undefined;

  const send = (res: http.ServerResponse, status: number, body: string, extra: http.OutgoingHttpHeaders = {}) => {
    if (res.headersSent || res.destroyed) return;
    const headers: http.OutgoingHttpHeaders = { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...extra };
    if (draining) headers.connection = "close";
    res.writeHead(status, headers);
    res.end(body);
  };
  const sendError = (res: http.ServerResponse, status: number, message: string, extra?: http.OutgoingHttpHeaders) =>
    send(res, status, JSON.stringify({ error: message }), extra);

  async function handleHealth(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== "GET" && req.method !== "HEAD") return sendError(res, 405, `${req.method} not allowed on ${routes.health}; use GET`, { allow: "GET, HEAD" });
    if (draining) return sendError(res, 503, "gateway is shutting down");
    const status = await health.check();
    const body = JSON.stringify({ status: status.ready ? "ok" : "unavailable", upstream: status.detail, model, ...queue.stats() });
    // Log transitions only: the readiness probe calls every few seconds, for minutes while a model loads.
    if (status.ready !== lastReady) {
      lastReady = status.ready;
      if (status.ready) log.info("upstream ready", { detail: status.detail });
      else log.warn("upstream not ready", { detail: status.detail });
    }
    send(res, status.ready ? 200 : 503, req.method === "HEAD" ? "" : body);
  }

  async function handleBatch(fn: FunctionSpec, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const batchId = header(req, SNOWFLAKE_HEADERS.batchId) ?? `local-${++localBatches}`;
    const queryId = header(req, SNOWFLAKE_HEADERS.queryId);
    const ids = { fn: fn.name, batchId, queryId };
    if (req.method !== "POST") return sendError(res, 405, `${req.method} not allowed on ${req.url}; Snowflake POSTs batches`, { allow: "POST" });
    if (draining) return sendError(res, 503, "gateway is shutting down; retry");

    let rows;
    reading.add(req);
    try {
      rows = parseBatch((await readBody(req, limits.maxBodyBytes)).toString("utf8"));
    } catch (e) {
      const status = e instanceof HttpError ? e.status : e instanceof BatchFormatError ? 400 : 500;
      log.warn("batch rejected", { ...ids, status, reason: (e as Error).message });
      // The rest of an oversized body is discarded, and the connection closed after the answer.
      return sendError(res, status, (e as Error).message, status === 413 ? { connection: "close" } : {});
    } finally {
      reading.delete(req);
    }
    const received = performance.now();
    const plans = rows.map((r) => fn.plan(r.args, model, planOptions));
    const calls = countCalls(plans);
    if (calls > limits.maxQueuedRows) {
      const reason = `batch has ${calls} rows to send upstream, more than GATEWAY_MAX_QUEUED_ROWS=${limits.maxQueuedRows}; lower MAX_BATCH_ROWS of the function`;
      log.warn("batch rejected", { ...ids, status: 413, rows: rows.length, reason });
      return sendError(res, 413, reason);
    }
    if (!queue.tryAdmit(calls)) {
      // Load shedding: Snowflake retries 429 with backoff (MAX_BATCH_RETRIES); nothing of this batch was sent upstream.
      log.warn("batch shed: row queue full", { ...ids, status: 429, rows: calls, ...queue.stats() });
      return sendError(res, 429, `row queue full (${queue.stats().admitted}/${limits.maxQueuedRows} rows admitted); retry later`, { "retry-after": "1" });
    }

    const abort = new Cancellation();
    const onClose = () => {
      if (!res.writableFinished) abort.abort(new ClientGone());
    };
    res.on("close", onClose);
    let outcome: BatchOutcome | undefined;
    let failure: unknown;
    inflight.add(abort);
    try {
      outcome = await runBatch(fn, plans, { queue, client, model, retry, rowTimeoutMs: limits.rowTimeoutMs, signal: abort, random: options.random });
    } catch (e) {
      failure = e;
    } finally {
      inflight.delete(abort);
      res.off("close", onClose);
    }
    const ms = Math.round(performance.now() - started);
    if (outcome) {
      send(res, 200, formatBatch(rows, outcome.values));
      options.onBatch?.({ fn: fn.name, rows: rows.length, ms: performance.now() - received, upstreamMsMax: outcome.upstreamMsMax });
      const fields = { ...ids, status: 200, rows: rows.length, errors: outcome.errors.length, ...(fn.truncated ? { truncated: outcome.truncated } : {}), ms };
      if (outcome.errors.length === 0) log.info("batch", fields);
      else log.warn("batch with row errors", { ...fields, firstErrors: outcome.errors.slice(0, 5).map((e) => ({ row: rows[e.position].index, reason: e.reason })) });
    } else if (failure instanceof ClientGone) {
      log.warn("batch abandoned: client closed the connection", { ...ids, rows: rows.length, ms });
    } else if (failure instanceof ShutdownAbort) {
      log.warn("batch aborted by shutdown; answered 503 for Snowflake to retry", { ...ids, rows: rows.length, ms });
      sendError(res, 503, failure.message);
    } else {
      log.error("batch failed", { ...ids, rows: rows.length, ms, error: String((failure as Error)?.stack ?? failure) });
      sendError(res, 500, "internal gateway error");
    }
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0];
    const fn = byPath.get(path);
    const handling = fn ? handleBatch(fn, req, res) : path === routes.health ? handleHealth(req, res) : Promise.resolve(sendError(res, 404, `no route ${path}`));
    const tracked = handling
      .catch((e: unknown) => {
        log.error("request failed", { path, error: String((e as Error)?.stack ?? e) });
        sendError(res, 500, "internal gateway error");
      })
      .finally(() => active.delete(tracked));
    active.add(tracked);
  });
  // Longer than typical load-balancer idle timeouts, so the gateway is not the side that closes a reused socket.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  function close(): Promise<void> {
    if (closing) return closing;
    draining = true;
    closing = (async () => {
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let pastDeadline = false;
      const deadline = setTimeout(() => {
        pastDeadline = true;
        for (const abort of inflight) abort.abort(new ShutdownAbort()); // → 503, which Snowflake retries
        for (const req of reading) req.socket.destroy(); // clients too slow to even send their batch
      }, limits.shutdownTimeoutMs);
      while (active.size > 0) {
        await Promise.allSettled([...active]);
        if (pastDeadline) for (const abort of inflight) abort.abort(new ShutdownAbort());
      }
      clearTimeout(deadline);
      // Every answer sent while draining carried `Connection: close`; whatever is still open is idle now.
      server.closeIdleConnections();
      const lingering = setTimeout(() => server.closeAllConnections(), 1_000);
      await serverClosed;
      clearTimeout(lingering);
      client.destroy();
    })();
    return closing;
  }

  return { server, close, stats: () => ({ ...queue.stats(), batches: inflight.size }) };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
