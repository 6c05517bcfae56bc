/**
 * HTTP client for the OpenAI-compatible model server (vLLM): keep-alive connections, bounded response
 * size, abortable requests, and failures classified as retryable or not.
 */
import http from "node:http";
import https from "node:https";
import type { CancelSignal } from "./cancel";

/** Options of {@link UpstreamClient}. */
export interface UpstreamClientOptions {
  /** Base URL without `/v1`, e.g. `http://localhost:8000`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>` when set. Never logged, never put in an error message. */
  apiKey?: string;
  /** Keep-alive sockets to keep: the gateway's concurrency plus room for health probes. */
  maxSockets: number;
  /** Responses larger than this are cut off and fail (not retryable). */
  maxResponseBytes: number;
}

/** A failed upstream call. */
export class UpstreamError extends Error {
  constructor(
    message: string,
    /** Worth retrying: connection failures, 408, 429 and 5xx (except 501/505). */
    readonly retryable: boolean,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    /** The server's Retry-After, in ms, when sent. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}

/** An upstream call that got no complete answer within its time limit (not retried: the limit is the row's deadline). */
export class UpstreamTimeout extends UpstreamError {
  constructor(readonly ms: number) {
    super(`no answer within ${Math.round(ms)} ms`, false);
    this.name = "UpstreamTimeout";
  }
}

/** Statuses retried: timeouts, rate limiting, and server errors that may pass (a restart, a full queue). */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** A raw response. */
export interface UpstreamResponse {
  status: number;
  body: Buffer;
  /** The `Retry-After` header in ms, when present and valid. */
  retryAfterMs?: number;
}

export class UpstreamClient {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  /** Parsed once: building requests from options skips a URL parse per row. */
  private readonly target: { protocol: string; hostname: string; port: string; basePath: string };
  private readonly authorization?: string;

  constructor(private readonly options: UpstreamClientOptions) {
    const url = new URL(options.baseUrl);
    this.transport = url.protocol === "https:" ? https : http;
    this.target = { protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ""), port: url.port, basePath: url.pathname.replace(/\/+$/, "") };
    // keepAlive: one TCP connection per concurrent row, reused across rows and batches; without it every row
    // pays a connect (and vLLM a new socket). LIFO keeps the busiest sockets warm and lets idle ones expire.
    const agentOptions: http.AgentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxFreeSockets: options.maxSockets,
      scheduling: "lifo",
    };
    this.agent = url.protocol === "https:" ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    if (options.apiKey) this.authorization = `Bearer ${options.apiKey}`;
  }

  /**
   * POSTs JSON and returns the parsed JSON response of a 2xx.
   * @param timeoutMs cancels the call with {@link UpstreamTimeout} if it has no complete answer by then
   * (a timer per call rather than an AbortController per call: rows are the gateway's hot path).
   * @throws UpstreamError for a non-2xx (with the server's error message), a connection failure, an oversized
   * or non-JSON response, a timeout; or the signal's abort error when `signal` aborts.
   */
  async postJson(path: string, payload: unknown, signal: CancelSignal, timeoutMs?: number): Promise<unknown> {
    // A string (not a Buffer): Node then sends headers and body in one write() instead of a writev().
    const body = JSON.stringify(payload);
    const res = await this.request("POST", path, signal, body, timeoutMs);
    if (res.status < 200 || res.status > 299) throw statusError(res);
    try {
      return JSON.parse(res.body.toString("utf8"));
    } catch {
      throw new UpstreamError(`upstream returned HTTP ${res.status} with a body that is not JSON`, false, res.status);
    }
  }

  /** GETs `path`; any status is returned, only connection failures throw. */
  get(path: string, signal: CancelSignal): Promise<UpstreamResponse> {
    return this.request("GET", path, signal);
  }

  /** Closes the kept-alive connections. */
  destroy(): void {
    this.agent.destroy();
  }

  private request(method: string, path: string, signal: CancelSignal, body?: string, timeoutMs?: number): Promise<UpstreamResponse> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { accept: "application/json" };
      if (body) {
        headers["content-type"] = "application/json";
        headers["content-length"] = Buffer.byteLength(body);
      }
      if (this.authorization) headers.authorization = this.authorization;
      if (signal.aborted) return reject(signal.reason);
      /** Set when the time limit destroyed the request: whatever error the destruction causes, this is the reason. */
      let timeout: UpstreamTimeout | undefined;
      const failure = (e: Error) => timeout ?? (signal.aborted ? e : connectionError(e));
      const { protocol, hostname, port, basePath } = this.target;
      const req = this.transport.request({ protocol, hostname, port, path: basePath + path, method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.options.maxResponseBytes) {
            req.destroy();
            reject(new UpstreamError(`upstream response is larger than ${this.options.maxResponseBytes} bytes`, false, res.statusCode));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks, size), retryAfterMs: parseRetryAfter(res.headers["retry-after"]) }),
        );
        res.on("error", (e) => reject(failure(e)));
        res.on("aborted", () => reject(timeout ?? (signal.aborted ? signal.reason : new UpstreamError("upstream closed the connection mid-response", true))));
      });
      req.on("error", (e) => reject(failure(e)));
      // Abort by destroying the request ourselves: cheaper per row than handing `signal` to http.request.
      const onAbort = () => req.destroy(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
      signal.addEventListener("abort", onAbort, { once: true });
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timeout = new UpstreamTimeout(timeoutMs);
              req.destroy(timeout);
            }, timeoutMs);
      req.on("close", () => {
        signal.removeEventListener("abort", onAbort);
        clearTimeout(timer);
      });
      req.end(body);
    });
  }
}

function connectionError(e: Error & { code?: string }): UpstreamError {
  return new UpstreamError(`upstream connection failed: ${e.code ?? e.message}`, true);
}

/** An UpstreamError for a non-2xx response, carrying the server's own error message when it sent one. */
function statusError(res: UpstreamResponse): UpstreamError {
  let detail = "";
  const text = res.body.toString("utf8", 0, Math.min(res.body.length, 4096));
  try {
    const json = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    const candidate = typeof json.error === "string" ? json.error : (json.error?.message ?? json.message ?? json.detail);
    detail = typeof candidate === "string" ? candidate : JSON.stringify(candidate ?? "");
  } catch {
    detail = text;
  }
  detail = detail.replace(/\s+/g, " ").trim().slice(0, 300);
  return new UpstreamError(`upstream answered HTTP ${res.status}${detail ? `: ${detail}` : ""}`, RETRYABLE_STATUSES.has(res.status), res.status, res.retryAfterMs);
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms; undefined when absent or invalid. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
